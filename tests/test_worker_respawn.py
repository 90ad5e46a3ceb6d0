"""A web worker that dies (killed for memory, a crash in native code) is started again: the server answers
documents and queries after it as before, where granian would otherwise stop every worker when one exits."""

from __future__ import annotations

import os
import signal
import time

import pytest
import requests

from byregion.settings import Settings
from tests.conftest import serving
from tests.support.query_processes import children_of

pytestmark = pytest.mark.slow


@pytest.mark.usefixtures("site_build")
def test_a_worker_killed_is_started_again(site_settings: Settings) -> None:
    with serving(site_settings, "--workers", "1") as running:
        (worker,) = children_of(running.process.pid)
        assert requests.get(f"{running.url}/health", timeout=10).status_code == 200
        os.kill(worker, signal.SIGKILL)
        deadline, answered = time.monotonic() + 30, None
        while time.monotonic() < deadline:
            try:
                answered = requests.get(f"{running.url}/doc/region/notodden.ttl", timeout=5)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        assert answered is not None and answered.status_code == 200, "no worker answered after the kill"
        assert running.process.poll() is None
        (replacement,) = children_of(running.process.pid)
        assert replacement != worker
        query = requests.get(f"{running.url}/sparql", params={"query": "ASK { ?s ?p ?o }"},
                             headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert query.status_code == 200 and query.json()["boolean"] is True
