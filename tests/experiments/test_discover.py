"""Scenario discovery: PRIM finds a box planted in generated data, reads categories, picks the box it is
asked for; a sweep's runs become its cases (a switch as a category, an undefined KPI or a constant
uncertainty left out and said); a target is read as KPI OP VALUE or refused in one line."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from sim.errors import UserError
from sim.experiments.design import RunSpec
from sim.experiments.discover import Target, discover, in_words, limit_lines, parse_target, sweep_cases
from sim.experiments.store import Store


def planted(n: int = 300, noise: float = 0.03, seed: int = 7):
    """Three uncertainties uniform on [0, 1]; a run misses iff x1 > 0.7 and x2 < 0.4, each label flipped with
    probability ``noise``."""
    rng = np.random.default_rng(seed)
    x = pd.DataFrame({f"x{i}": rng.uniform(size=n) for i in (1, 2, 3)})
    miss = (x.x1 > 0.7) & (x.x2 < 0.4)
    return x, (miss ^ (rng.uniform(size=n) < noise)).astype(int).to_numpy(), miss.to_numpy()


def significant(limits: pd.DataFrame) -> set:
    """The limits PRIM's quasi-p-values call significant, as (uncertainty, side)."""
    return {(r.uncertainty, side) for r in limits.itertuples() for side, qp in (("lower", r.qp_lower),
                                                                              ("upper", r.qp_upper)) if qp < 0.05}


def test_prim_finds_the_planted_box():
    x, y, truth = planted()
    d = discover(x, y)
    box, limits = d.box(), d.limits[d.chosen].set_index("uncertainty")
    assert significant(d.limits[d.chosen]) == {("x1", "lower"), ("x2", "upper")}
    assert limits.loc["x1", "lower"] == pytest.approx(0.7, abs=0.05)
    assert limits.loc["x2", "upper"] == pytest.approx(0.4, abs=0.05)
    # the planted box holds the misses that are not noise; the box found holds most of them, and little else
    assert box.coverage >= 0.8 * truth.sum() / y.sum()
    assert box.density >= 0.9
    assert d.why == "the last box with density >= 0.8" and d.chosen == len(d.trajectory) - 1
    first = d.trajectory.iloc[0]  # the whole space: every miss, the overall miss rate
    assert (first.coverage, first.mass, first.restricted_dims) == (1.0, 1.0, 0)
    assert first.density == pytest.approx(y.mean())
    assert "holds" in in_words(box) and f"{round(100 * box.density)}% of the runs in it miss" in in_words(box)


def test_a_category_is_restricted_to_its_levels():
    rng = np.random.default_rng(3)
    n = 240
    x = pd.DataFrame({"x1": rng.uniform(size=n), "kind": pd.Categorical(rng.choice(["a", "b", "c"], size=n))})
    y = ((x.kind == "b") & (x.x1 > 0.5)).astype(int).to_numpy()
    d = discover(x, y)
    limits = d.limits[d.chosen].set_index("uncertainty")
    assert limits.loc["kind", "levels"] == "b" and limits.loc["kind", "all_levels"] == "a; b; c"
    assert limits.loc["x1", "lower"] == pytest.approx(0.5, abs=0.05)
    assert d.box().density == 1.0
    assert any("kind: one of b (of a; b; c" in line for line in limit_lines(d.limits[d.chosen]))


def test_the_box_asked_for_or_the_densest_when_none_is_dense_enough():
    x, y, _ = planted()
    d = discover(x, y, box=2)
    assert d.chosen == 2 and d.why == "chosen with --box"
    top = d.trajectory.density.max()
    assert top < 0.99  # the noise leaves a non-miss in every box of this data
    strict = discover(x, y, threshold=0.99)
    assert strict.why == "no box reaches density 0.99; this is the densest"
    assert strict.chosen == int(strict.trajectory.density.to_numpy().argmax())
    loose = discover(x, y, threshold=0.3)  # the last box dense enough is still the last: density rises as PRIM peels
    assert loose.chosen == len(loose.trajectory) - 1
    with pytest.raises(UserError, match=r"--box: 999 is not a box on the trajectory; its boxes are 0 to \d+"):
        discover(x, y, box=999)


@pytest.mark.parametrize("text, kpi, op, value", [
    ("satisfaction>=0.85", "satisfaction", ">=", 0.85), (" close_days < 3 ", "close_days", "<", 3.0),
    ("counter_wait_min<=30", "counter_wait_min", "<=", 30.0), ("unmet_need_share>1e-2", "unmet_need_share", ">", 0.01),
])
def test_a_target_is_a_kpi_an_operator_and_a_value(text, kpi, op, value):
    t = parse_target(text)
    assert t == Target(kpi, op, value)
    assert t.met([value - 1, value, value + 1]).tolist() == {">=": [False, True, True], "<=": [True, True, False],
                                                             ">": [False, False, True], "<": [True, False, False]}[op]


@pytest.mark.parametrize("text, needle", [
    ("satisfaction=0.85", "'satisfaction=0.85' is not a target; write KPI OP VALUE"),
    ("satisfaction=>0.85", "is not a target"), ("satisfaction>=", "is not a target"),
    ("satisfaction>=high", "is not a target"), ("satisfaction>=nan", "is not a target"),
    (">=0.85", "is not a target"), ("satisfaction >= 0.8 or more", "is not a target"),
    ("satisfactoin>=0.85", "is not a KPI; did you mean satisfaction"),
])
def test_a_bad_target_is_one_line_naming_the_option(text, needle):
    with pytest.raises(UserError, match="^--target: ") as e:
        parse_target(text)
    assert needle in str(e.value) and "\n" not in str(e.value)


def stored_sweep(root, runs: list[tuple[dict, float]], uncertainties: dict):
    """A sweep's results folder of one policy, written through the store: each run's uncertainty values and
    satisfaction."""
    store = Store(root)
    specs = [RunSpec(f"p000-u{i:03d}-r000", {}, params, i, 0, "as set", i, 0, f"fp{i}")
             for i, (params, _) in enumerate(runs)]
    store.prepare({"levers": {}, "uncertainties": uncertainties, "run_ids": [s.run_id for s in specs]})
    for spec, (_, satisfaction) in zip(specs, runs):
        buf = io.BytesIO()
        pd.DataFrame([{"scope": "all", "name": "all", "satisfaction": satisfaction}]).to_parquet(buf)
        store.save(spec, {"status": "ok", "kpis": buf.getvalue(), "timeseries": buf.getvalue()})
    return root


def test_a_sweeps_runs_become_cases(tmp_path):
    runs = [({"a.rate": 0.1 * i, "b.switch": i % 2 == 0, "c.fixed": 3}, 0.9 - 0.05 * i) for i in range(8)]
    runs.append(({"a.rate": 0.9, "b.switch": True, "c.fixed": 3}, float("nan")))
    root = stored_sweep(tmp_path / "s", runs, {"a.rate": {"lo": 0, "hi": 1}, "b.switch": [False, True],
                                                "c.fixed": [3]})
    cases = sweep_cases(root, parse_target("satisfaction>=0.8"))
    assert list(cases.x.columns) == ["a.rate", "b.switch"] and cases.constant == ["c.fixed"]
    assert isinstance(cases.x["b.switch"].dtype, pd.CategoricalDtype)  # a switch is a category for PRIM
    assert cases.x["b.switch"].tolist() == ["true", "false"] * 4
    assert cases.y.tolist() == [0, 0, 0, 1, 1, 1, 1, 1]  # misses: satisfaction below 0.8
    assert (cases.undefined, cases.expected, cases.policy, cases.policies) == (1, 9, "as set", 1)
