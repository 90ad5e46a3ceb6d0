"""The export's nginx hash tables fit its maps' keys (byregion/export/nginx_hash.py), so nginx starts without
"could not build optimal map_hash" (seen from 100k triples with a fixed 256-byte bucket)."""

from __future__ import annotations

import itertools
import shutil
import subprocess
from pathlib import Path

import pytest

from byregion.export import nginx_hash
from tests.support.nginx import nginx_missing

pytestmark = pytest.mark.fast

#: Two keys of one length whose nginx hashes are equal: 98·31 + 33 = 97·31 + 64 ("b!" and "a@").
SAME = ("b!", "a@")


def colliding(prefix: str, blocks: int, pair: tuple[str, str] = SAME) -> list[str]:
    """2**blocks keys of one hash: each block is either of ``pair``, and equal blocks at one place add
    equally to the hash."""
    return [prefix + "".join(choice) for choice in itertools.product(pair, repeat=blocks)]


def keys_of(keys: list[str]) -> nginx_hash.MapKeys:
    found = nginx_hash.MapKeys()
    for key in keys:
        found.add(key)
    return found


def test_keys_are_hashed_as_nginx_hashes_them_lowercased() -> None:
    assert nginx_hash.nginx_key_hash("b!") == nginx_hash.nginx_key_hash("a@") == 98 * 31 + 33
    assert nginx_hash.nginx_key_hash("/Doc/X") == nginx_hash.nginx_key_hash("/doc/x")
    assert nginx_hash.nginx_key_hash("/doc/æ") != nginx_hash.nginx_key_hash("/doc/Æ")  # ASCII only, as nginx
    assert len({nginx_hash.nginx_key_hash(k) for k in colliding("/doc/x/", 5)}) == 1


def test_element_size_is_the_pointer_and_the_aligned_length_and_key() -> None:
    assert nginx_hash.element_size("") == 16  # 8 + align(0 + 2, 8)
    assert nginx_hash.element_size("abcdef") == 16  # 8 + align(8, 8)
    assert nginx_hash.element_size("abcdefg") == 24


def test_the_bucket_holds_the_fullest_bucket_and_never_less_than_nginxs_default() -> None:
    small = keys_of(["/doc/a", "/doc/b"])
    table = nginx_hash.table_size([small])
    assert table == nginx_hash.MIN_TABLE and nginx_hash.bucket_size([small], table) == nginx_hash.MIN_BUCKET
    same = colliding("/doc/region/x/", 5)  # 32 keys in one bucket at every size
    keys = keys_of(same + [f"/doc/municipality/m{i}" for i in range(3000)])
    table = nginx_hash.table_size([keys])
    assert table == 4 * len(keys)
    fullest = sum(nginx_hash.element_size(k) for k in same)
    assert keys.fullest_bucket(table) >= fullest
    bucket = nginx_hash.bucket_size([keys, small], table)
    assert bucket >= fullest + nginx_hash.POINTER and bucket % nginx_hash.CACHE_LINE == 0


def nginx_test(folder: Path, keys: list[str], table: int, bucket: int) -> str:
    """``nginx -t`` of a configuration with one map of ``keys``; its output."""
    (folder / "logs").mkdir(exist_ok=True)
    (folder / "keys.map").write_text("".join(f'"{k}" "1";\n' for k in keys), encoding="utf-8")
    (folder / "nginx.conf").write_text(f"""pid nginx.pid; error_log logs/error.log warn;
events {{ worker_connections 16; }}
http {{
    access_log off; client_body_temp_path tmp; proxy_temp_path tmp; fastcgi_temp_path tmp; uwsgi_temp_path tmp;
    scgi_temp_path tmp;
    map_hash_max_size {table}; map_hash_bucket_size {bucket};
    map $uri $found {{ default ""; include keys.map; }}
    server {{ listen 127.0.0.1:9; return 200 $found; }}
}}
""", encoding="utf-8")
    done = subprocess.run(["nginx", "-t", "-p", str(folder), "-c", "nginx.conf"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stderr


@pytest.mark.slow  # runs nginx
# "B!" and "a@" collide only once lowercased: nginx hashes the lowercased key, as nginx_key_hash does.
@pytest.mark.parametrize("pair", [SAME, ("B!", "a@")], ids=["lowercase", "uppercase"])
def test_nginx_builds_its_table_without_a_warning_with_these_sizes(tmp_path: Path, pair: tuple[str, str]) -> None:
    if shutil.which("nginx") is None:
        pytest.fail(nginx_missing() or "nginx is missing")
    keys = colliding("/doc/region/x/", 5, pair) + [f"/doc/municipality/m{i}" for i in range(3000)]
    table = nginx_hash.table_size([keys_of(keys)])
    warning = "could not build optimal map_hash"
    assert warning in nginx_test(tmp_path, keys, table, 256)  # the fixed size the export had: the check can fail
    assert warning not in nginx_test(tmp_path, keys, table, nginx_hash.bucket_size([keys_of(keys)], table))
