"""Compiled kernels are cached under a hash of every kernel source, so none can run stale code."""

import numba

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
