"""`govsim run --validate` says that the invariants were checked and held; without it, it claims nothing; a
failed invariant stops the run without that claim."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from sim.cli import main
from sim.components import record

RUN = ["run", "baseline", "--days", "3", "--residents", "200", "--quiet", "--overwrite"]


def _call(argv):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        rc = main([str(a) for a in argv])
    return rc, out.getvalue()


def test_validate_says_the_invariants_held(tmp_path):
    rc, out = _call(RUN + ["--validate", "--out", tmp_path / "v"])
    assert rc == 0
    assert re.search(r"^invariants checked every day \(\d+ days, warm-up included\): all held$", out, re.M)


def test_without_validate_nothing_is_claimed(tmp_path):
    rc, out = _call(RUN + ["--out", tmp_path / "n"])
    assert rc == 0 and "invariants" not in out


def test_a_failed_invariant_stops_the_run_before_the_claim(tmp_path, monkeypatch):
    def broken(m):
        raise record.InvariantError(f"day {m.day}: broken on purpose")

    monkeypatch.setattr(record, "check_invariants", broken)
    out = io.StringIO()
    with pytest.raises(record.InvariantError), contextlib.redirect_stdout(out):
        main([str(a) for a in RUN + ["--validate", "--out", tmp_path / "b"]])
    assert "all held" not in out.getvalue()
