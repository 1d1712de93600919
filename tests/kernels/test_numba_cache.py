"""Compiled kernels are cached under a hash of every kernel source, so none can run stale code."""

import numba
import pytest

from sim import numba_cache


def test_the_cache_folder_is_named_by_the_kernel_sources(tmp_path, monkeypatch):
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text("x = 1\n")
    b.write_text("y = 2\n")
    monkeypatch.setattr(numba_cache, "kernel_sources", lambda: [a, b])
    before = numba_cache.source_hash()
    b.write_text("y = 3\n")  # an edit in a module a kernel only inlines from
    assert numba_cache.source_hash() != before


def test_every_module_with_numba_code_is_hashed():
    from pathlib import Path

    sim_dir = Path(numba_cache.__file__).parent
    with_numba = {p for p in sim_dir.rglob("*.py") if "from numba" in p.read_text() or "import numba" in p.read_text()}
    with_numba.discard(Path(numba_cache.__file__))
    with_numba = {p for p in with_numba if "@njit" in p.read_text()}
    assert with_numba <= set(numba_cache.kernel_sources())


def test_numba_uses_the_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(numba.config, "CACHE_DIR", numba.config.CACHE_DIR)
    folder = numba_cache.configure()
    assert folder.parent == tmp_path / "govsim-numba" and numba.config.CACHE_DIR == str(folder)


_RUN_AND_REPORT = """
import json
from sim.kernels import counter_queue, courtyard_mediation, handling
from sim.model import GovernanceModel
from sim.scenario import load

GovernanceModel(load("baseline", residents=300, days=2, sets=["courtyards.enabled=true"])).run()
kernels = {"work": handling.work, "abandon": handling.abandon, "create": handling.create,
           "counter_day": counter_queue.counter_day, "hear": courtyard_mediation.hear}
print(json.dumps({name: [sum(k.stats.cache_hits.values()), sum(k.stats.cache_misses.values())]
                  for name, k in kernels.items()}))
"""


@pytest.mark.slow
def test_kernels_taking_array_structs_load_from_the_cache(tmp_path):
    """The request kernels take ``sim.kernels.arrays`` structs (named tuples): a second process loads them
    from the cache its first run wrote, compiling nothing."""
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path)}
    runs = [json.loads(subprocess.run([sys.executable, "-c", _RUN_AND_REPORT], env=env, check=True,
                                      capture_output=True, text=True).stdout.splitlines()[-1]) for _ in range(2)]
    first, second = runs
    assert all(misses > 0 for _, misses in first.values()), first  # compiled, and written to the cache
    assert all(hits > 0 and misses == 0 for hits, misses in second.values()), second
