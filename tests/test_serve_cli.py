"""``byregion serve`` refuses what it cannot do before it starts anything, saying what to do instead: a port another
server listens on (granian shares a port with ``SO_REUSEPORT``, so two servers would silently split its
connections), a port or host that is none, and a build that is not whole."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from byregion import REPO_ROOT
from byregion.build import PublishedBuild, open_current
from byregion.cli.serve import source_of
from byregion.settings import Settings
from tests.conftest import BYREGION, serving, settings_env, wait_until_up
from tests.support.servers import free_port, stop

pytestmark = pytest.mark.fast


@pytest.fixture
def listening() -> Iterator[int]:
    """A port that a server listens on as granian does (``SO_REUSEPORT``)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as other:
        other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield other.getsockname()[1]


def serve(tmp_path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    env = {"BYREGION_BUILD_DIR": str(tmp_path / "build"), "PATH": "/usr/bin:/bin"}
    return subprocess.run([*BYREGION, "serve", *options], env=env, cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=60)


def test_a_port_another_server_listens_on_is_refused(listening: int, tmp_path: Path) -> None:
    refused = serve(tmp_path, "--port", str(listening))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert f"cannot listen on 127.0.0.1:{listening}" in refused.stderr and "give another --port" in refused.stderr
    assert not (tmp_path / "build").exists()  # refused before building anything


def test_a_host_this_machine_does_not_have_is_said_so_not_blamed_on_another_server(tmp_path: Path) -> None:
    """192.0.2.1 (TEST-NET-1, RFC 5737) is no address of this machine: the bind's own error is told with what to do
    about it, where every bind error had been said to be another server on the port."""
    refused = serve(tmp_path, "--host", "192.0.2.1", "--port", str(free_port()))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "Cannot assign requested address (it is no address of this machine); give one it has, such as " \
           "127.0.0.1" in refused.stderr
    assert "another server" not in refused.stderr and "another --port" not in refused.stderr


def test_a_port_below_1024_is_said_to_need_privileges(tmp_path: Path) -> None:
    """As a user without the privilege (nobody, where the tests run as root, who may listen on any port)."""
    as_user = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.geteuid() == 0 else []
    refused = subprocess.run([*as_user, *BYREGION, "serve", "--port", "81"], env={"PATH": "/usr/bin:/bin"},
                             cwd=REPO_ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr, refused.stderr
    assert "127.0.0.1:81: Permission denied (a port below 1024 needs privileges this user does not have); give a " \
           "port from 1024 up" in refused.stderr


@pytest.mark.parametrize(("options", "says"), [
    (("--port", "0"), "byregion: --port 0 is not valid: it must be at least 1 and at most 65535"),
    (("--port", "65536"), "byregion: --port 65536 is not valid: it must be at least 1 and at most 65535"),
    (("--port=65536",), "byregion: --port 65536 is not valid"),
    (("--workers", "0"), "byregion: --workers 0 is not valid: it must be at least 1"),  # the option, not a variable
    (("--workers", "300"), "byregion: --workers 300 is not valid: it must be at least 1 and at most 128"),
    (("--port", "8_899"), "argument --port: '8_899' is not valid: it must be a whole number"),  # int() takes it
    (("--host", "no such host.invalid"), "is no address of this machine"),
])
def test_a_port_or_host_that_is_none_is_refused(options: tuple[str, ...], says: str, tmp_path: Path) -> None:
    refused = serve(tmp_path, *options)
    assert refused.returncode in (1, 2) and says in refused.stderr and "Traceback" not in refused.stderr


def test_a_host_or_port_given_by_a_variable_is_refused_naming_the_variable(listening: int, tmp_path: Path) -> None:
    """An operator who set BYREGION_HOST in a unit file was told that --host, an option never given, was wrong."""
    env = {"BYREGION_BUILD_DIR": str(tmp_path / "build"), "PATH": "/usr/bin:/bin", "BYREGION_HOST": "nowhere.invalid"}
    refused = subprocess.run([*BYREGION, "serve"], env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert refused.returncode == 1 and "BYREGION_HOST 'nowhere.invalid' is no address of this machine" in refused.stderr
    env = {**env, "BYREGION_HOST": "127.0.0.1", "BYREGION_PORT": str(listening)}
    refused = subprocess.run([*BYREGION, "serve"], env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert refused.returncode == 1 and "give another BYREGION_PORT" in refused.stderr and "--port" not in refused.stderr
    refused = subprocess.run([*BYREGION, "serve", "--port", str(listening)], env=env, cwd=REPO_ROOT,
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode == 1 and "give another --port" in refused.stderr



@pytest.mark.parametrize(("given", "environ", "named"), [
    (None, {}, "--port"), (None, {"BYREGION_PORT": "8081"}, "BYREGION_PORT"),
    (8081, {"BYREGION_PORT": "8082"}, "--port"),
    (None, {"BYREGION_PORT": ""}, "--port"),  # an empty variable sets nothing (Settings.from_env): the default does
])
def test_a_refusal_names_where_the_value_came_from(given: int | None, environ: dict[str, str], named: str) -> None:
    assert source_of("port", given, environ) == named


@pytest.mark.usefixtures("site_build")
def test_the_backlog_is_the_setting(site_settings: Settings) -> None:
    """BYREGION_BACKLOG is the listening socket's backlog (it was 2048 written in the code, which docs/server.md
    counts connections by); ``ss`` shows a listening socket's backlog as its Send-Q."""
    port = free_port()
    process = subprocess.Popen([*BYREGION, "serve", "--port", str(port)], cwd=REPO_ROOT,
                               env={**settings_env(site_settings), "BYREGION_BACKLOG": "300"},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"http://127.0.0.1:{port}", process)
        listening = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True, check=True)
        assert [line.split()[2] for line in listening.stdout.splitlines()] == ["300"], listening.stdout
    finally:
        stop(process)


def test_a_damaged_build_is_named_with_what_to_run(tmp_path: Path) -> None:
    """The commands said are pasted as they are: the build command names the build folder (``byregion build --force``
    alone had built in the folder of wherever it was run), and the newest whole build is named with the line that
    makes it current again."""
    build_dir = tmp_path / "build"
    whole = build_dir / "20260101T000000Z"
    whole.mkdir(parents=True)
    (whole / "dataset.nq").write_text("\n", encoding="utf-8")
    (whole / "manifest.json").write_text(json.dumps({
        "version": whole.name, "created": "2026-01-01T00:00:00Z", "base_uri": "https://data.byregion.no",
        "files": {"dataset.nq": {"bytes": 1, "sha256": "0" * 64}}}), encoding="utf-8")
    folder = build_dir / "20260102T000000Z"
    folder.mkdir()
    (folder / "manifest.json").write_text('{"version": "cut', encoding="utf-8")
    (build_dir / "current").symlink_to(folder.name)
    refused = serve(tmp_path, "--port", str(free_port()))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert f"cannot serve: the build in {folder} is damaged: manifest.json is not JSON" in refused.stderr
    assert refused.stderr.rstrip().endswith(
        f"; run `byregion build --force --build-dir {build_dir}` to make a whole one, or go back to the newest whole "
        f"build, {whole.name} (cd {build_dir} && ln -sfn {whole.name} current.tmp && mv -T current.tmp current)")
    back = refused.stderr.rstrip()[refused.stderr.rindex("(cd ") + 1:-1]
    subprocess.run(["bash", "-c", back], check=True, cwd=REPO_ROOT, timeout=10)
    assert (build_dir / "current").resolve() == whole and open_current(build_dir).path == whole
    shutil.rmtree(whole)  # no whole build: only the build command, with the folder
    refused = serve(tmp_path, "--port", str(free_port()))
    assert refused.returncode == 1
    assert refused.stderr.rstrip().endswith(f"which is no folder; run `byregion build --force --build-dir {build_dir}` "
                                            "to make a whole one"), refused.stderr


def test_a_current_that_is_a_folder_is_refused_saying_how_to_link_it(tmp_path: Path) -> None:
    """`current` copied as a folder (`cp -rL`) is no link a build can switch: refused, as `build` refuses it."""
    (tmp_path / "build" / "current").mkdir(parents=True)
    (tmp_path / "build" / "current" / "manifest.json").write_text("{}", encoding="utf-8")
    refused = serve(tmp_path, "--port", str(free_port()))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    # no whole build to link it to: the line makes one, in the folder it names
    assert (f"cannot serve: {tmp_path / 'build' / 'current'} is a folder, not a link: move it aside and make a build "
            f"(cd {tmp_path / 'build'} && mv current current.folder && byregion build --build-dir "
            f"{tmp_path / 'build'})") in refused.stderr


def test_a_build_folder_that_does_not_exist_is_refused_not_built_into(tmp_path: Path) -> None:
    missing = tmp_path / "bulid"  # a typo
    with socket.socket() as probe:  # a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    for options, env, named in ((("--build-dir", str(missing)), {}, "--build-dir"),
                                ((), {"BYREGION_BUILD_DIR": str(missing)}, "BYREGION_BUILD_DIR")):
        refused = subprocess.run([*BYREGION, "serve", "--port", str(port), *options], cwd=tmp_path,
                                 capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin", **env})
        assert refused.returncode == 1 and "Traceback" not in refused.stderr, refused.stderr
        assert f"there is no folder {missing} ({named})" in refused.stderr
        assert f"byregion build --build-dir {missing}" in refused.stderr and not missing.exists()


@pytest.mark.parametrize(("options", "env", "says"), [
    (("--work", "0"), {}, "byregion: --workers 0 is not valid"),  # an option argparse took abbreviated
    (("--workers", "2"), {"BYREGION_WORKERS": "abc"}, "byregion: BYREGION_WORKERS='abc' is not valid"),
])
def test_a_value_is_blamed_on_where_it_came_from(tmp_path: Path, options: tuple[str, ...], env: dict[str, str],
                                                 says: str) -> None:
    """A bad variable is named as the variable even when an option for it is on the command line too."""
    done = subprocess.run([*BYREGION, "serve", *options], env={"PATH": "/usr/bin:/bin", **env,
                          "BYREGION_BUILD_DIR": str(tmp_path / "build")}, cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and says in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_an_option_overrides_a_variable_it_would_refuse() -> None:
    assert Settings.from_env({"BYREGION_PORT": "70000"}, port=8099).port == 8099


@pytest.mark.usefixtures("site_build")
def test_the_start_is_told_without_a_warning_about_its_threads(site_settings: Settings) -> None:
    """The server says where it listens and how many workers it runs, and not granian's warning that its threads
    outnumber the CPUs: one waits for each query slot and queue place, by design (docs/sparql.md)."""
    with serving(site_settings) as running:
        pass
    output = running.process.stdout.read().decode() if running.process.stdout else ""
    assert f"byregion serve: {running.url}/ (" in output and "worker" in output
    # the start's lines: on a loaded machine a worker stopped a moment after its start was once killed after the
    # shutdown timeout, with a warning of its own (the stop's, not the start's)
    start = output.partition("Shutting down granian")[0]
    assert "Configuration allows spawning" not in start and "WARNING" not in start, output


def test_a_build_folder_where_a_lease_cannot_be_made_is_refused_in_one_line(site_build: PublishedBuild,
                                                                           tmp_path: Path) -> None:
    """A server records the build it serves in the build folder (``.leases/``), so that pruning keeps it; where it
    cannot though the folder takes files (full, or a file in the leases' place, as here), it says so before it
    starts, where each worker had died with a traceback."""
    build_dir = tmp_path / "build"
    shutil.copytree(site_build.path, build_dir / site_build.path.name)
    (build_dir / "current").symlink_to(site_build.path.name)
    (build_dir / ".leases").write_text("not a folder")
    refused = serve(tmp_path, "--port", str(free_port()))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr, refused.stderr
    assert "byregion serve: cannot record in the build folder which build this server serves: File exists" \
        in refused.stderr


#: A command run with the folder its first argument names mounted read-only (a user and mount namespace of its own,
#: as a read-only volume or image holds a build folder).
READ_ONLY = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'


def test_a_read_only_build_folder_is_served_with_one_warning(site_build: PublishedBuild, site_settings: Settings,
                                                             tmp_path: Path) -> None:
    """A build folder the server cannot write (a read-only volume) is served: it cannot hold the server's lease, so
    one line warns that a build written there from elsewhere cannot see that this server uses its build; refused
    before, it had made read-only volumes and images unusable. The start names an IPv6 address in brackets."""
    if subprocess.run(["unshare", "-rm", "true"], capture_output=True, check=False).returncode != 0:
        pytest.skip("no user namespaces here to mount a folder read-only in")
    build_dir = tmp_path / "build"
    shutil.copytree(site_build.path, build_dir / site_build.path.name)
    (build_dir / "current").symlink_to(site_build.path.name)
    port = free_port()
    process = subprocess.Popen(
        ["unshare", "-rm", "sh", "-c", READ_ONLY, "sh", str(build_dir), *BYREGION, "serve", "--host", "::1",
         "--port", str(port)],
        env={**settings_env(site_settings), "BYREGION_BUILD_DIR": str(build_dir)}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, cwd=REPO_ROOT)
    try:
        wait_until_up(f"http://[::1]:{port}", process)
        health = requests.get(f"http://[::1]:{port}/health", timeout=10)
        assert health.status_code == 200 and health.json()["build"]["problems"] == []
    finally:
        stop(process)
    output = process.stdout.read().decode() if process.stdout else ""
    warnings = [line for line in output.splitlines() if "warning" in line.lower() or "error" in line.lower()]
    assert warnings == [
        f"byregion serve: warning: the build folder cannot be written (Read-only file system ({build_dir}/.leases)), "
        "so this server cannot record there which build it serves: a `byregion build` writing to this folder from "
        "elsewhere cannot see that this server uses its build, and may prune it; keep enough builds "
        "(BYREGION_KEEP_BUILDS) there"], output
    assert f"byregion serve: http://[::1]:{port}/ (1 worker" in output
    assert not (build_dir / ".leases").exists()


@pytest.mark.usefixtures("site_build")
def test_the_workers_end_with_the_server_even_after_kill_9(site_settings: Settings) -> None:
    """After a `kill -9` of `byregion serve`, its worker had gone on answering on the port (a child of init), its
    build's lease held, and a new server could not listen there: the kernel now ends it with its parent
    (byregion.lifetime), and its query processes with it."""
    import os
    import signal
    import time

    import requests

    with serving(site_settings, "--workers", "1") as running:
        main = running.process.pid
        children = [int(p) for p in Path(f"/proc/{main}/task/{main}/children").read_text().split()]
        assert children, "granian runs its worker in a process of its own"
        os.kill(main, signal.SIGKILL)
        running.process.wait(timeout=10)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in children):
            time.sleep(0.1)
        outlived = [pid for pid in children if Path(f"/proc/{pid}").exists()]
        for pid in outlived:  # nothing left running behind the test, whatever it finds
            os.kill(pid, signal.SIGTERM)
        assert not outlived, "a worker outlived its server"
        with pytest.raises(requests.ConnectionError):
            requests.get(running.url + "/health", timeout=2)
