"""`govsim optimize` end to end: a small search prints its Pareto set, its recommendation checked on fresh seeds
and its robustness, writes its files and continues where it stopped; bad files are one line on stderr, exit
code 2, nothing written."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from .test_cli import assert_user_error, call

SMALL = """\
name = "small"
scenario = "baseline"
residents = 1000
days = 30
seeds = 1
samples = 2
trials = 3
trials_at_once = 3
check_seeds = 2
{budget}
target = {{ kpi = "satisfaction", aggregate = "worst_group", min = 0.7 }}

[set]
social_workers.enabled = true
social_workers.per_10k = 6.6

[levers]
social_workers.per_10k = {{ lo = 0.0, hi = 30.0 }}
counters.clerks_per_window_per_10k = {{ lo = 0.5, hi = 3.0 }}

[uncertainties]
residents.digital_literacy_elderly = {{ lo = 0.2, hi = 0.45 }}

[[objectives]]
kpi = "satisfaction"
direction = "maximize"
aggregate = "worst_group"

[[objectives]]
kpi = "extra_cost"
direction = "minimize"
"""
EXTRA = "extra_budget_yuan_year = 2000000"


def _file(tmp_path, text=None, budget=EXTRA):
    path = tmp_path / "small.toml"
    path.write_text(text if text is not None else SMALL.format(budget=budget))
    return path


def _runs(out):
    return {p.parent.name: p.read_bytes() for p in out.glob("runs/*/run.json")}


def test_optimize_reports_and_continues_where_it_stopped(tmp_path):
    path, out = _file(tmp_path), tmp_path / "out"
    rc, stdout, stderr = call(["optimize", path, "--out", out, "--workers", 2, "--quiet"])
    assert rc == 0, stderr
    assert "3 trials in the study: 3 run now, 0 already done, 0 failed" in stdout
    assert "budget: at most 2,000,000 yuan a year over the status quo" in stdout
    assert "recommended (best satisfaction (worst group) on the Pareto set): trial" in stdout
    assert "checked on fresh seeds (2 per sample, not the search's) against the status quo" in stdout
    assert re.search(r"by resident group .*\n.*new_citizen", stdout)  # paired intervals by group
    assert "robustness over 2 uncertainty samples: regret on satisfaction (worst group)" in stdout
    assert "target satisfaction (worst group) >= 0.7: missed in" in stdout
    for name in ("pareto.csv", "pareto.png", "trials.csv", "recommended.csv", "recommended-scenario.toml",
                 "robustness.csv", "search.json", "study.db"):
        assert (out / name).is_file(), name
    assert not list(out.glob("runs/*/timeseries.parquet"))  # a search keeps its runs' KPIs only
    rc, stdout, stderr = call(["run", out / "recommended-scenario.toml", "--days", 5, "--out", tmp_path / "r",
                               "--quiet"])
    assert rc == 0, stderr

    before = _runs(out)
    rc, stdout, stderr = call(["optimize", path, "--out", out, "--trials", 4, "--workers", 1, "--quiet"])
    assert rc == 0, stderr
    assert "4 trials in the study: 1 run now, 3 already done, 0 failed" in stdout
    after = _runs(out)
    done_now = int(re.search(r"runs: (\d+) done now", stdout).group(1))
    assert len(after) - len(before) == done_now  # nothing run twice
    assert all(after[k] == v for k, v in before.items())  # nothing finished before was redone
    new = pd.read_csv(out / "trials.csv").set_index("trial").loc[3, "key"]
    assert sum(k.startswith(new) for k in after) >= 2  # the new trial's 2 samples x 1 seed


@pytest.mark.parametrize("change, needle", [
    (("counters.clerks_per_window_per_10k = {", "residents.digital_literacy_adults = {"),
     "levers.residents.digital_literacy_adults: declared as an uncertainty; put it under [uncertainties]"),
    (('[[objectives]]\nkpi = "satisfaction"', '[[objectives]]\nkpi = "happiness"'),
     "objectives[0].kpi: 'happiness' is not a KPI"),
    (("hi = 0.45", "hi = 0.2"), "uncertainties.residents.digital_literacy_elderly: lo (0.2) must be below hi (0.2)"),
    (('kpi = "extra_cost"', 'kpi = "cost_yuan"\naggregate = "worst_group"'),
     "objectives[1].aggregate = 'worst_group': cost_yuan is not split by resident group"),
    (("samples = 2", "samples = 2\ncolour = 1"), "unknown key 'colour'; allowed at the top level"),
    ((EXTRA, EXTRA + "\nbudget_yuan_year = 1e7"), "give budget_yuan_year (the total) or extra_budget_yuan_year"),
    (("min = 0.7", "max = 0.7, min = 0.6"), "target: give min (at least) or max (at most)"),
])
def test_a_bad_optimize_file_is_one_line_and_writes_nothing(tmp_path, change, needle):
    text = SMALL.format(budget=EXTRA)
    assert change[0] in text
    path, out = _file(tmp_path, text.replace(change[0], change[1], 1)), tmp_path / "out"
    rc, _, err = call(["optimize", path, "--out", out])
    assert_user_error(rc, err, f"{path}: {needle}")
    assert not out.exists()


def test_a_budget_below_the_status_quos_own_cost_is_one_line_and_writes_nothing(tmp_path):
    path, out = _file(tmp_path, budget="budget_yuan_year = 1"), tmp_path / "out"
    rc, _, err = call(["optimize", path, "--out", out, "--workers", 1, "--quiet"])
    assert_user_error(rc, err, f"{path}: budget_yuan_year = 1 is below the status quo's own cost of")
    assert not out.exists()
