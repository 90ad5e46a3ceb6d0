"""The sizes of nginx's hash tables for the export's large maps (``map_hash_max_size``, ``map_hash_bucket_size``).
Pure: keys in, two numbers out.

nginx puts a ``map``'s exact keys in a hash table it builds at start (``ngx_hash_init``): it tries table sizes
up to ``map_hash_max_size`` (only the last thousand when the entries are more than a hundredth of it) and takes
the first in which no bucket holds more than ``map_hash_bucket_size`` bytes of keys. When none does, it warns
"could not build optimal map_hash, you should increase either map_hash_max_size … or map_hash_bucket_size" and
uses the largest size with longer buckets. The export's keys share long prefixes (``/doc/region/…/source/``),
and nginx's hash (``key * 31 + byte``) sends some of them to one bucket at every size: a 256-byte bucket was
too small from about 100k triples. Each map's keys are hashed here as nginx hashes them, and the bucket size is
the fullest bucket at the chosen table size, so that nginx finds that size and starts without a warning.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

#: ``sizeof(void *)`` on the 64-bit machines nginx runs on: element alignment and the bucket's end marker.
POINTER = 8
#: nginx rounds the bucket size up to its cache line; and its own default on these machines.
CACHE_LINE = 64
MIN_BUCKET = 256
#: The table size: at least this, and this many times the entries of the largest map (nginx's default is 512;
#: a sparse table keeps buckets short).
MIN_TABLE = 1024
TABLE_PER_ENTRY = 4
_MASK = (1 << 64) - 1


def nginx_key_hash(key: str) -> int:
    """``ngx_hash_key`` of a map key as nginx stores it: lowercased (ASCII only), then ``k = k * 31 + byte``
    in a 64-bit unsigned integer."""
    k = 0
    for byte in key.encode("utf-8").lower():  # bytes.lower, like ngx_tolower, changes A–Z alone
        k = (k * 31 + byte) & _MASK
    return k


def element_size(key: str) -> int:
    """``NGX_HASH_ELT_SIZE``: the value pointer, then the key's length (2 bytes) and the key, aligned."""
    length = len(key.encode("utf-8")) + 2
    return POINTER + (length + POINTER - 1) // POINTER * POINTER


class MapKeys:
    """The keys of one map, as much of them as sizing its table needs (their hashes and element sizes)."""

    def __init__(self) -> None:
        self.hashes = array("Q")
        self.sizes = array("H")

    def add(self, key: str) -> None:
        self.hashes.append(nginx_key_hash(key))
        self.sizes.append(min(element_size(key), 0xFFFF))

    def __len__(self) -> int:
        return len(self.hashes)

    def fullest_bucket(self, table: int) -> int:
        """The bytes of keys in the fullest bucket of a table of ``table`` buckets."""
        load = [0] * table
        for hash_, size in zip(self.hashes, self.sizes, strict=True):
            load[hash_ % table] += size
        return max(load, default=0)


def table_size(maps: Iterable[MapKeys]) -> int:
    """``map_hash_max_size``: :data:`TABLE_PER_ENTRY` times the entries of the largest map."""
    return max(MIN_TABLE, TABLE_PER_ENTRY * max((len(m) for m in maps), default=0))


def bucket_size(maps: Iterable[MapKeys], table: int) -> int:
    """``map_hash_bucket_size`` with which every map fits a table of ``table`` buckets (nginx tries that size
    last): the fullest bucket and its end marker, rounded up to the cache line, and never below nginx's own
    default."""
    fullest = max((m.fullest_bucket(table) for m in maps), default=0) + POINTER
    return max(MIN_BUCKET, (fullest + CACHE_LINE - 1) // CACHE_LINE * CACHE_LINE)
