"""`govsim attribute`: a small package end to end (the table, the files, a second call that runs nothing),
and bad input as one line, exit code 2, nothing written."""

from __future__ import annotations

import pandas as pd
import pytest

from .test_cli import assert_user_error, call

SMALL = ["--residents", 2000, "--days", 30, "--seeds", 2, "--workers", 2, "--quiet"]


def test_a_package_of_two_attributed_then_resumed_with_nothing_to_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rc, out, err = call(["attribute", "hangzhou-eldercare", *SMALL])
    assert rc == 0, err
    assert "attribute hangzhou-eldercare: 2 mechanisms on, 2 paired seeds (1 to 2); 2,000 residents" in out
    assert "exact: every one of the 4 coalitions x 2 seeds = 8 runs" in out
    assert "the same settings as hangzhou-eldercare-baseline" in out
    assert "8 runs: 8 done now, 0 skipped" in out
    table = out[out.index("all residents:"):]
    for name in ("status quo", "package", "eldercare", "timebank", "total", "satisfaction", "cost_yuan",
                 "yuan per point"):
        assert name in table
    [folder] = [p for p in tmp_path.iterdir() if p.is_dir()]
    assert folder.name.startswith("attribute-hangzhou-eldercare-")  # a smaller look than the scenario's own
    for name in ("attribution.csv", "cost_effectiveness.csv", "attribution.png", "manifest.csv", "experiment.json"):
        assert (folder / name).is_file(), name
    assert len(list((folder / "runs").iterdir())) == 8
    rows = pd.read_csv(folder / "attribution.csv")
    assert set(rows.unit) == {"eldercare", "timebank", "total"}

    rc, again, err = call(["attribute", "hangzhou-eldercare", *SMALL, "--kpis", "close_days,satisfaction"])
    assert rc == 0, err
    assert "8 runs: 0 done now, 8 skipped (already done)" in again  # other KPIs: the same runs, read again
    assert set(pd.read_csv(folder / "attribution.csv").kpi) == {"close_days", "satisfaction", "cost_yuan"}


@pytest.mark.parametrize("args, needles", [
    (["chengdu-courtyards"], ("chengdu-courtyards.toml: a package of one mechanism (courtyards)",)),
    (["baseline"], ("baseline.toml: no mechanism switched on",)),
    (["shanghai-centre", "--kpis", "satisfaction,nope"], ("--kpis: 'nope' is not a KPI",)),
    (["shanghai-centre", "--block", "x"], ("--block: 'x' should be NAME=MECHANISM,MECHANISM...",)),
    (["shanghai-centre", "--block", "a=grid"], ("--block: 'grid' is not in the package of shanghai-centre",)),
    (["shanghai-centre", "--blocks", "missing.toml"], ("--blocks missing.toml: no such file",)),
    (["shanghai-centre", "--blocks", "package-blocks"],  # the bundled blocks, of another package
     ("package-blocks.toml: blocks.service delivery: 'first_contact' is not in the package of shanghai-centre",)),
    (["shanghai-centre", "--seeds", 0], ("--seeds: 0 is not allowed",)),
    (["shenzhen-partners", "--permutations", 3], ("--permutations: 3 is not allowed; allowed: an even number",)),
    (["shanghai-centre", "--workers", 0], ("--workers: must be at least 1",)),
    (["shanghai-centre", "--days", 0], ("--days",)),
    (["no-such-scenario"], ("no-such-scenario",)),
])
def test_bad_input_is_one_line_and_writes_nothing(tmp_path, monkeypatch, args, needles):
    monkeypatch.chdir(tmp_path)
    rc, out, err = call(["attribute", *args])
    assert_user_error(rc, err, *needles)
    assert list(tmp_path.iterdir()) == [] and out == ""


def test_an_output_folder_of_another_attribution_is_refused(tmp_path):
    from sim.experiments import attribute
    from sim.experiments.store import Store

    out = tmp_path / "att"
    other = attribute.prepare("hangzhou-eldercare", seeds=1, residents=2400, days=30).specs()[0]
    Store(out).save(other, {"status": "failed", "error": "stopped"})  # a run of the same id, another world
    before = sorted(p.name for p in out.rglob("*"))
    rc, _, err = call(["attribute", "hangzhou-eldercare", *SMALL, "--out", out])
    assert_user_error(rc, err, f"{out}: holds run {other.run_id} of a different experiment", "use another --out")
    assert sorted(p.name for p in out.rglob("*")) == before
