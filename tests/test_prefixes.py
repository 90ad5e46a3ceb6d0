"""The plain prefix table (read by the SPARQL query processes, which do not load rdflib) and the rdflib
namespaces the rest of the code uses name the same IRIs."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import namespace as rdflib_namespaces

from byregion import namespaces, prefixes

pytestmark = pytest.mark.fast

#: Prefixes whose namespace object has another name in byregion.namespaces or rdflib.namespace.
OBJECT_NAMES = {"dct": "DCTERMS", "eutheme": "EU_THEME"}


@pytest.mark.parametrize("prefix", sorted(prefixes.PREFIXES))
def test_each_prefix_is_the_namespace_of_the_same_name(prefix: str) -> None:
    name = OBJECT_NAMES.get(prefix, prefix.upper())
    obj = getattr(namespaces, name, None) or getattr(rdflib_namespaces, name)
    assert str(obj) == prefixes.PREFIXES[prefix]
    assert namespaces.PREFIXES is prefixes.PREFIXES and namespaces.BASE == prefixes.BASE


def test_a_query_process_loads_no_rdflib() -> None:
    code = ("import sys, byregion.sparql.pool, byregion.sparql.forkserver, byregion.sparql.execute; "
            "print('rdflib' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"
