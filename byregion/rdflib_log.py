"""What rdflib logs that this project's own messages say better."""

from __future__ import annotations

import logging


def quiet_ill_typed_literals() -> None:
    """Keep rdflib from logging a traceback for every ill-typed literal it reads (``"1.jan 2015"^^xsd:date``): the
    shapes report each with its node and value (``sh:datatype``), and the traceback would bury that line. Called
    by the command line and by each validation worker (a process of its own)."""
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
