"""Budgets in experiment files: each policy's yearly cost from the ledger, flagged when over the budget."""

from __future__ import annotations

import re

import pytest

from sim.errors import UserError
from sim.experiments import budget, spec

from tests.cli.test_cli import assert_user_error, call

BUDGETED = """\
name = "budgeted"
scenario = "baseline"
residents = 2000
days = 30
replicates = 2
budget_yuan_year = {budget}
kpis = ["counter_wait_min", "cost_yuan_year"]

[design]
policies = "list"

[[policies]]
name = "today"
counters.clerks_per_window_per_10k = 1.0

[[policies]]
name = "more-clerks"
counters.clerks_per_window_per_10k = 3.0
"""


def _sweep(tmp_path, budget_yuan):
    path = tmp_path / "budgeted.toml"
    path.write_text(BUDGETED.format(budget=budget_yuan))
    out = tmp_path / "sweep"
    rc, stdout, stderr = call(["sweep", path, "--workers", 1, "--out", out, "--quiet"])
    assert rc == 0, stderr
    return out, stdout


def test_the_extra_clerks_cost_their_pay_and_a_policy_over_budget_is_flagged(tmp_path):
    out, stdout = _sweep(tmp_path, 2.1e6)
    from sim.experiments.store import Store

    t = budget.table(Store(out).kpis(), 2.1e6).set_index("policy")
    clerks = 8 * 2.0 * 2000 / 1e4  # two more a window per 10,000 residents, at 8 windows
    assert t.loc["more-clerks", "extra_yuan_year"] == pytest.approx(clerks * 100_000, rel=0.01)
    assert t.loc["today", "cost_yuan_year"] < 2.1e6 < t.loc["more-clerks", "cost_yuan_year"]
    assert re.search(r"today .* within budget", stdout)
    over = t.loc["more-clerks", "cost_yuan_year"] - 2.1e6
    assert re.search(rf"more-clerks .* OVER budget by {over:,.0f}", stdout)
    rc, stdout, stderr = call(["compare", out, "--by", "policy"])
    assert rc == 0, stderr
    assert "OVER budget by" in stdout  # the comparison says it too


def test_no_budget_no_verdict(tmp_path):
    t = budget.table(_frame(), None)
    assert budget.lines(t, None)[0].endswith("no budget stated)")
    assert "budget" not in " ".join(budget.lines(t, None)[1:])


def _frame():
    import pandas as pd

    return pd.DataFrame({"scope": "all", "policy_name": ["a", "a", "b", "b"], "point": 0, "replicate": [0, 1, 0, 1],
                         "cost_yuan_year": [10.0, 12.0, 15.0, 19.0]})


def test_the_extra_cost_is_paired_by_point_and_replicate():
    t = budget.table(_frame(), 16.0).set_index("policy")
    assert t.loc["b", "extra_yuan_year"] == pytest.approx(6.0)
    assert t.loc["b", "over_budget_yuan_year"] == pytest.approx(1.0) and t.loc["a", "over_budget_yuan_year"] == 0


@pytest.mark.parametrize("value", ["-1", "0", '"lots"'])
def test_a_bad_budget_is_one_line(tmp_path, value):
    path = tmp_path / "bad.toml"
    path.write_text(BUDGETED.replace("{budget}", value))
    with pytest.raises(UserError, match="budget_yuan_year"):
        spec.load(str(path))
    rc, _, stderr = call(["sweep", path, "--out", tmp_path / "o"])
    assert_user_error(rc, stderr, "budget_yuan_year")
    assert not (tmp_path / "o").exists()
