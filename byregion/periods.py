"""Inclusive periods of validity, as the data states them (``schema:validFrom`` / ``schema:validThrough``, a table's
``valid_from`` / ``valid_to``, a boundary period): the one test of whether a day lies in one, which the reference
data, the boundaries, the look-ups, the programme, reconciliation, the pages and the synthetic pages all ask."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

#: A day as a date, or as ISO text (``2020-01-01``), which compares as the day it names.
Day = TypeVar("Day", dt.date, str)


def covers(start: Day | None, end: Day | None, day: Day) -> bool:
    """Whether ``day`` lies in ``start``–``end``, both inclusive; an open end (None, or ``""`` as text) reaches as
    far as it goes. Where an open start means something narrower (reconciliation's records begin in 2014), the
    caller says so."""
    return (not start or start <= day) and (not end or day <= end)
