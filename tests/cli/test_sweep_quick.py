"""`govsim sweep --days N --residents N`: a quick try of an experiment, in a default folder of its own so resuming
never mixes it with the full sweep; bad values are one line on stderr, nothing written."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.experiments import spec

from .test_cli import assert_user_error, call

SMALL = """\
name = "small"
scenario = "baseline"
residents = 1500
days = 20
kpis = ["close_days"]

[levers]
one_stop.enabled = [false, true]
"""


def test_a_quick_sweep_runs_small_and_short_in_its_own_folder(tmp_path, monkeypatch):
    (tmp_path / "small.toml").write_text(SMALL)
    monkeypatch.chdir(tmp_path)
    rc, stdout, stderr = call(["sweep", "small.toml", "--days", 3, "--residents", 200, "--workers", 1, "--quiet"])
    assert rc == 0, stderr
    assert "2 policies x 1 uncertainty points x 1 replicates, 3 days each" in stdout
    out = tmp_path / "sweeps" / "small-3days-200residents"
    assert len(list(out.glob("runs/*/kpis.parquet"))) == 2
    assert not (tmp_path / "sweeps" / "small").exists()
    days = pd.read_parquet(next(out.glob("runs/*/timeseries.parquet")))["day"].unique()
    assert sorted(days) == [0, 1, 2]


def test_the_quick_values_replace_the_files_in_the_base_scenario(tmp_path):
    (tmp_path / "small.toml").write_text(SMALL)
    full = spec.load(str(tmp_path / "small.toml"))
    quick = spec.load(str(tmp_path / "small.toml"), days=3, residents=200)
    assert (full.base_doc["days"], quick.base_doc["days"]) == (20, 3)
    assert sum(c["residents"] for c in full.base_doc["communities"]) == 1500
    assert sum(c["residents"] for c in quick.base_doc["communities"]) == 200


@pytest.mark.parametrize("options,needle", [
    (["--days", 0], "--days: 0 is not allowed; allowed: 1 to 3650 days"),
    (["--days", 4000], "--days: 4000 is not allowed"),
    (["--residents", 5], "--residents: 5 is not allowed; allowed: 20 to 50000000 residents"),
    (["--residents", 30], "--residents: 30 residents are too few for 3 communities"),
    (["--days", "x"], "--days: 'x' is not a whole number"),
    (["--residents", -3], "must not be negative"),
])
def test_bad_quick_values_are_one_line(tmp_path, monkeypatch, options, needle):
    (tmp_path / "small.toml").write_text(SMALL)
    monkeypatch.chdir(tmp_path)
    rc, _, stderr = call(["sweep", "small.toml", *options, "--quiet"])
    assert_user_error(rc, stderr, needle)
    assert not (tmp_path / "sweeps").exists()
