"""A build leaves the cyclic garbage collector of the processes it runs in as their owners would want it.

A build collects garbage between its steps (``byregion.memory.release``) to give a large build's memory back. In
the process that merges and validates, forked from the command, what it inherited is the command's, not its own
garbage: its collections walk only what it makes. A render in parallel freezes the heap its workers share, and
afterwards leaves objects frozen that the caller had frozen (tests/test_render.py shows that)."""

from __future__ import annotations

import gc

import pytest

from byregion.build.writer import Merged, _isolated

pytestmark = pytest.mark.fast


def _count_tracked() -> Merged:
    """In the merge's process: how many objects its collector walks, at its start."""
    return Merged(content_sha256="", quads=len(gc.get_objects()))


def test_the_merge_process_collects_only_what_it_makes() -> None:
    # Tracked objects of the command's, unfrozen here: lists, which the collector never stops tracking (a dict of
    # atomic values it untracks once a collection has passed over it, which made this count depend on when one ran).
    inherited = [[n] for n in range(50_000)]
    tracked_here = len(gc.get_objects())
    tracked_there = _isolated(_count_tracked).quads
    assert tracked_here > 50_000 and tracked_there < 1_000, (tracked_here, tracked_there)
    del inherited
