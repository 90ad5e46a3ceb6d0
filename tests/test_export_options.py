"""What ``byregion export-static`` writes into the generated configurations is checked first: a host, a port, the
app's URL and the njs module's path that would end a directive and begin another (in nginx.conf or apache.conf)
are refused with what to give instead; and an export a web server is serving now is not replaced under it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from byregion.export.nginx import APP_READ_MARGIN, app_read_timeout
from byregion.export.static import ExportError, ExportOptions, serving
from byregion.settings import LONGEST, Settings

pytestmark = pytest.mark.fast


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0", "::1", "[::1]", "localhost", "data.byregion.no"])
def test_addresses_and_host_names_are_accepted(host: str) -> None:
    assert ExportOptions(host=host).host == host


@pytest.mark.parametrize(("options", "says"), [
    ({"port": 0}, "--port 0 is no TCP port"),
    ({"port": 70_000}, "--port 70000 is no TCP port"),
    ({"host": "127.0.0.1:80; include /etc/passwd"}, "--host"),
    ({"host": "127.0.0.1\nuser root"}, "--host"),
    ({"host": ""}, "--host"),
    ({"app_url": "http://127.0.0.1:8080; return 200 owned"}, "--app"),
    ({"app_url": "ftp://127.0.0.1"}, "--app"),
    ({"app_url": "http://127.0.0.1:8080/?x=1"}, "--app"),
    ({"app_url": "127.0.0.1:8080"}, "--app"),
    ({"njs_module": "/usr/lib/x.so;\nload_module /tmp/evil.so"}, "--njs-module"),
    ({"origin": "https://data.byregion.no; return 200 owned"}, "--origin"),
    ({"origin": "data.byregion.no"}, "--origin"),  # no scheme
    ({"origin": "https://data.byregion.no/doc"}, "--origin"),  # a path
    ({"origin": "https://user@data.byregion.no"}, "--origin"),
    ({"origin": "ftp://data.byregion.no"}, "--origin"),
    ({"origin": "https://data.byregion.no:abc"}, "--origin"),
    ({"origin": "https://data.byregion.no:99999"}, "--origin"),
    ({"origin": "https://a:1:2"}, "--origin"),
    ({"origin": "https://data.byregion.no:"}, "--origin"),
])
def test_a_value_that_would_break_out_of_its_directive_is_refused(options: dict[str, object], says: str) -> None:
    with pytest.raises(ExportError, match="give") as refused:
        ExportOptions(**options)  # type: ignore[arg-type]
    assert says in str(refused.value)


@pytest.mark.parametrize(("given", "kept"), [("https://data.byregion.no/", "https://data.byregion.no"),
                                              ("http://[::1]:8443", "http://[::1]:8443"),
                                              ("HTTPS://Data.Byregion.no:443", "https://data.byregion.no"),
                                              ("http://data.byregion.no:80", "http://data.byregion.no"),
                                              ("https://data.byregion.no:80", "https://data.byregion.no:80")])
def test_an_origin_is_kept_as_a_scheme_and_a_host(given: str, kept: str) -> None:
    """The origin the export writes, as the app writes it (``rules.origin_of``): the scheme's default port is not
    written (RFC 3986 §6.2.3), so ``--origin https://data.byregion.no:443`` gives the bytes and ETags of the
    app behind a proxy that says ``data.byregion.no``."""
    assert ExportOptions(origin=given).origin == kept


@pytest.mark.parametrize(("options", "refused"), [
    ({"app_url": "http://127.0.0.1:8080"}, True),  # both on 8080, the default of each
    ({"app_url": "http://localhost:8080/", "port": 8080}, True),
    ({"app_url": "http://[::1]:9000", "host": "0.0.0.0", "port": 9000}, True),
    ({"app_url": "http://LOCALHOST:8080", "host": "127.0.0.1"}, True),
    ({"app_url": "http://127.0.0.1:8080", "host": "::1"}, False),  # two sockets: IPv4 and IPv6 loopback
    ({"app_url": "http://127.0.0.1", "port": 80}, True),
    ({"app_url": "http://127.0.0.1:8080", "port": 8081}, False),
    ({"app_url": "http://10.0.0.5:8080", "host": "10.0.0.6"}, False),  # another machine's 8080
])
def test_an_app_on_the_address_nginx_listens_on_is_refused(options: dict[str, object], refused: bool) -> None:
    if not refused:
        ExportOptions(**options)  # type: ignore[arg-type]
        return
    with pytest.raises(ExportError, match="nginx would pass /sparql to itself; give nginx another --port"):
        ExportOptions(**options)  # type: ignore[arg-type]


def test_a_folder_is_served_while_its_pid_file_names_a_live_process(tmp_path: Path) -> None:
    assert serving(tmp_path) is None  # no pid file
    (tmp_path / "nginx.pid").write_text("not a number\n", encoding="ascii")
    assert serving(tmp_path) is None
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                           check=True)
    (tmp_path / "nginx.pid").write_text(ended.stdout, encoding="ascii")  # a process that has ended: stale
    assert serving(tmp_path) is None
    (tmp_path / "apache.pid").write_text(f"{os.getpid()}\n", encoding="ascii")
    assert serving(tmp_path) == f"apache (process {os.getpid()})"


@pytest.mark.parametrize("settings", [
    Settings(),
    Settings(sparql_timeout=LONGEST, sparql_queue_wait=LONGEST, sparql_start_timeout=LONGEST),
    Settings(sparql_timeout=0.5, sparql_queue_wait=0, sparql_start_timeout=1),
    Settings(health_timeout=LONGEST),
])
def test_the_export_waits_for_the_app_longer_than_the_app_may_take(settings: Settings) -> None:
    """How long the export's nginx and Apache wait for the app's answer: longer than a query may wait for its slot,
    for a starting query process and run, and than /health's probe may take (a slot, then the probe), at the most
    the settings allow as at the defaults (nginx's fixed 120 s had cut a query the app would have answered)."""
    waits = app_read_timeout(settings)
    assert waits >= settings.sparql_queue_wait + settings.sparql_start_timeout + settings.sparql_timeout \
        + APP_READ_MARGIN
    assert waits >= 2 * settings.health_timeout + settings.sparql_start_timeout + APP_READ_MARGIN
    assert isinstance(waits, int)
