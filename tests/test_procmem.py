"""The memory sampler of the build's benchmarks (``tests/support/procmem.py``): the peak of a process tree's
summed PSS, read from ``smaps_rollup`` only where a new peak could be."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests.support.procmem import TreeSampler, tree_memory_mb

pytestmark = pytest.mark.slow  # starts processes and samples them for seconds

# A parent that forks a child; the child holds 120 MB of its own for a while, frees it and waits.
TREE = """
import os, sys, time
if os.fork() == 0:
    block = bytearray(120 * 1024 * 1024)
    block[::4096] = b"x" * len(block[::4096])
    print("holding", flush=True)
    time.sleep(1.5)
    del block
    print("freed", flush=True)
    time.sleep(2.5)
    os._exit(0)
os.wait()
"""


def test_the_peak_is_the_whole_trees_and_pss_is_read_only_where_it_could_rise() -> None:
    process = subprocess.Popen([sys.executable, "-c", TREE], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    sampler = TreeSampler(process.pid, interval=0.05, pss_every=60.0)
    started = time.monotonic()
    sampler.start()
    try:
        assert process.stdout.readline().strip() == "holding"
        assert process.stdout.readline().strip() == "freed"
        freed = time.monotonic() - started
        process.wait(timeout=30)
    finally:
        sampler.stop()
        process.kill()
    assert sampler.peak_pss_mb > 120, "the child's block counts in the tree's summed PSS"
    assert sampler.peak_rss_mb >= sampler.peak_pss_mb
    assert max(s.processes for s in sampler.samples) == 2
    # Once the block is freed the summed RSS stays under the peak PSS, so no later sample reads PSS again.
    after = [s for s in sampler.samples if s.seconds > freed + 0.5]
    assert len(after) > 10
    assert all(s.rss_mb < sampler.peak_pss_mb and s.pss_mb is None for s in after)
    assert 0 < sampler.pss_readings < len(sampler.samples) - len(after) + 1


def test_a_sample_reads_pss_when_asked_every_time() -> None:
    """``pss_every=0`` reads it at every sample, as the sampler did before (and ``tree_memory_mb`` does)."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(1)"])
    sampler = TreeSampler(process.pid, interval=0.05, pss_every=0).start()
    try:
        process.wait(timeout=30)
    finally:
        sampler.stop()
    assert sampler.samples and sampler.pss_readings == len(sampler.samples)
    rss, pss = tree_memory_mb(os.getpid())
    assert rss >= pss > 0
