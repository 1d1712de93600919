"""`govsim attribute`'s logic: the package and its blocks, what the status quo is, the sampled attribution
on a game with a known answer, and a real package attributed after an interruption: the resumed runs are
neither lost nor repeated, the values add up to the total effect, and a mechanism that does nothing at the
scenario's settings gets exactly 0."""

from __future__ import annotations

import io
import json
import math

import numpy as np
import pandas as pd
import pytest
from exp_helpers import STOP_AT, interrupted_at_the_fourth

from sim.errors import UserError
from sim.experiments import attribute, attribute_table, shapley
from sim.experiments.attribute_blocks import units_of
from sim.experiments.runner import run_one
from sim.experiments.store import Store

PACKAGE = ("first_contact", "grid", "platform", "one_stop", "participation")


def _names(units):
    return [(u.name, u.members) for u in units]


def test_units_are_the_mechanisms_or_named_blocks_with_the_rest_each_on_its_own(tmp_path):
    units, unlisted = units_of(PACKAGE)
    assert _names(units) == [(m, (m,)) for m in PACKAGE] and unlisted == ()
    blocks = tmp_path / "blocks.toml"
    blocks.write_text('[blocks]\n"co-governance" = ["participation"]\n')
    units, unlisted = units_of(PACKAGE, ["service delivery = one_stop, first_contact,platform"], blocks)
    assert _names(units) == [("co-governance", ("participation",)),
                             ("service delivery", ("first_contact", "platform", "one_stop")),  # package order
                             ("grid", ("grid",))]
    assert unlisted == ("grid",)


@pytest.mark.parametrize("block, message", [
    ("service delivery", "--block: 'service delivery' should be NAME=MECHANISM,MECHANISM..."),
    ("=one_stop", "--block: '=one_stop' should be NAME=MECHANISM"),
    ("a=one_stp", "--block: 'one_stp' is not a mechanism; did you mean one_stop?"),
    ("a=courtyards", "--block: 'courtyards' is not in the package of trio (it is not switched on there); its "
                     "mechanisms: first_contact, grid"),
    ("a=one_stop,one_stop", "--block: block 'a' names one_stop twice"),
    ("total=one_stop", "--block: 'total' names the package's whole effect"),
    ("grid=one_stop", "--block: block 'grid' has the name of a mechanism outside it"),
])
def test_a_bad_block_is_one_line_naming_the_option(block, message):
    with pytest.raises(UserError) as e:
        units_of(PACKAGE, [block], scenario="trio")
    assert str(e.value).startswith(message)


def test_blocks_that_overlap_repeat_or_leave_one_unit_are_refused():
    with pytest.raises(UserError, match="one_stop is in two blocks \\('a' and 'b'\\); each mechanism goes in one"):
        units_of(PACKAGE, ["a=one_stop,grid", "b=platform,one_stop"])
    with pytest.raises(UserError, match="block 'a' is named twice"):
        units_of(PACKAGE, ["a=one_stop", "a=grid"])
    with pytest.raises(UserError, match="the blocks leave a single unit \\('all'\\)"):
        units_of(PACKAGE, ["all=" + ",".join(PACKAGE)])


@pytest.mark.parametrize("text, message", [
    ('[blocks]\n"a" = ["grid"]\n[other]\nx = 1\n', "unknown key 'other'; allowed: blocks"),
    ('blocks = 3\n', "blocks: a table of named blocks"),
    ('[blocks]\n"a" = "grid"\n', "blocks.a: block 'a' lists its mechanisms, at least one"),
    ('[blocks]\n"a" = ["nope"]\n', "blocks.a: 'nope' is not a mechanism"),
    ('[blocks\n', "broken TOML"),
])
def test_a_bad_blocks_file_is_one_line_naming_the_file_and_key(tmp_path, text, message):
    path = tmp_path / "blocks.toml"
    path.write_text(text)
    with pytest.raises(UserError) as e:
        units_of(PACKAGE, blocks_file=path)
    assert str(e.value).startswith(str(path)) and message in str(e.value)


def test_a_package_of_one_no_package_an_unknown_kpi_or_odd_permutations_is_refused():
    with pytest.raises(UserError, match="chengdu-courtyards.toml: a package of one mechanism \\(courtyards\\): "
                                        "attribution .* needs at least 2"):
        attribute.prepare("chengdu-courtyards")
    with pytest.raises(UserError, match="baseline.toml: no mechanism switched on"):
        attribute.prepare("baseline")
    with pytest.raises(UserError, match="--kpis: 'satisfactoin' is not a KPI; did you mean satisfaction"):
        attribute.prepare("shanghai-centre", kpis=["satisfactoin"])
    for n in (7, 2):  # pairs, and two of them at least to tell the sampling error
        with pytest.raises(UserError, match=f"--permutations: {n} is not allowed; allowed: an even number from 4"):
            attribute.prepare("shenzhen-partners", permutations=n)
    assert attribute.prepare("shanghai-centre", permutations=7).exact  # few units: exact, the option unused


def test_the_status_quo_is_said_against_the_bundled_baseline():
    plan = attribute.prepare("shenzhen-partners", residents=4000, days=30)
    assert attribute.status_quo_note("shenzhen-partners", plan, 4000, 30) == (
        "status quo: shenzhen-partners with every mechanism off: the same settings as shenzhen-partners-baseline")
    plan = attribute.prepare("city-rollout", residents=6000, days=30)
    assert attribute.status_quo_note("city-rollout", plan, 6000, 30) == (
        "status quo: city-rollout with every mechanism off; it differs from city-rollout-baseline in "
        "rollout.enabled (true here, false there)")


SHENZHEN_BLOCKS = (
    "service delivery=first_contact,whistle,platform,one_stop,data_sharing,data_protection,digital_inclusion",
    "care=grid,social_workers,eldercare,timebank,mediation", "programmes=programming,resource_pool,partners",
    "co-governance=participation,committee")


def test_the_empty_coalition_runs_as_the_bundled_baseline():
    """What the README says: the status quo of shenzhen-partners is its baseline; city-rollout's keeps the
    roll-out switched on, which with no mechanism changes no KPI."""
    from sim import scenario as sc
    from sim.experiments.paired import _spec

    for name in ("shenzhen-partners", "city-rollout"):
        plan = attribute.prepare(name, seeds=1, residents=3000, days=20)
        [empty] = [s for s in plan.specs() if s.policy_name == "status quo"]
        base = sc.to_document(sc.load(f"{name}-baseline", residents=3000, days=20))
        mine, theirs = run_one(empty), run_one(_spec("baseline", base, 1))
        assert mine["status"] == theirs["status"] == "ok"
        a, b = (pd.read_parquet(io.BytesIO(r["kpis"])) for r in (mine, theirs))
        pd.testing.assert_frame_equal(a, b, check_exact=True)


def test_blocks_share_the_runs_of_the_same_coalitions_and_sampled_plans_run_each_coalition_once():
    by_mechanism = attribute.prepare("shenzhen-partners", seeds=2, permutations=4)
    assert not by_mechanism.exact and by_mechanism.k == 18
    specs = by_mechanism.specs()
    assert len(specs) == len({s.run_id for s in specs}) == 2 * len(by_mechanism.coalitions())
    by_block = attribute.prepare("shenzhen-partners", seeds=2, blocks=list(SHENZHEN_BLOCKS))
    assert by_block.exact and by_block.k == 5 and by_block.unlisted == ("property",)
    ends = {s.run_id for s in by_block.specs() if s.policy_name in ("status quo", "package")}
    assert len(ends) == 4 and ends <= {s.run_id for s in specs}
    assert {s.fingerprint for s in by_block.specs() if s.run_id in ends} <= {s.fingerprint for s in specs}


def _synthetic(plan, null: int) -> attribute.Values:
    """Values of a game with interactions where mechanism ``null`` does nothing, at each seed."""
    rng = np.random.default_rng(5)
    a = rng.normal(size=plan.k)
    vals = np.full((len(plan.coalitions()), plan.seeds, 2, 2), np.nan)
    for r, t in enumerate(plan.coalitions()):
        on = np.array([t >> i & 1 for i in range(plan.k)], dtype=float)
        on[null] = 0.0
        for s in range(plan.seeds):
            vals[r, s, :, 0] = on @ a + 0.5 * on[0] * on[1] - 0.3 * on[2] * on[3] * on[4] + 0.1 * s
    return attribute.Values(vals, ("satisfaction", "cost_yuan"), ("all", "elderly_alone"))


def test_a_sampled_attribution_adds_up_gives_a_null_mechanism_zero_and_states_its_sampling_error():
    plan = attribute.prepare("shenzhen-partners", seeds=3, permutations=8, kpis=["satisfaction"])
    table = attribute_table.rows(plan, _synthetic(plan, null=5))
    assert set(table.group) == {"all"} and set(table.kpi) == {"satisfaction", "cost_yuan"}  # no group has values
    for _, part in table.groupby("kpi"):
        units, total = part[part.unit != "total"], part[part.unit == "total"].iloc[0]
        assert units.value.sum() == pytest.approx(total.value, abs=1e-12)
        null = units[units.unit == plan.units[5].name].iloc[0]
        assert (null.value, null.lo, null.hi, null.sampling_se) == (0.0, 0.0, 0.0, 0.0)
        assert (units.drop(index=null.name).sampling_se > 0).any()
        assert (units.hi - units.lo >= 2 * 1.959 * units.sampling_se - 1e-12).all()  # the interval includes it
        assert total.seeds == 3 and total.share == 1.0 and (part.permutations == 8).all()


def test_yuan_per_point_is_na_where_the_gain_is_not_sure(tmp_path):
    """An additive game: each mechanism costs 1,000 yuan; first_contact gains 2 points at every seed, grid
    1 point on average but -3 at half the seeds, one_stop loses 1 point."""
    scenario = tmp_path / "trio.toml"
    scenario.write_text(TRIO)
    plan = attribute.prepare(str(scenario), seeds=4, days=73)
    gains = {"first_contact": [0.02] * 4, "grid": [0.05, -0.03, 0.05, -0.03], "one_stop": [-0.01] * 4}
    vals = np.zeros((len(plan.coalitions()), 4, 2, 1))
    for r, t in enumerate(plan.coalitions()):
        on = [m for i, m in enumerate(plan.mechanisms) if t >> i & 1]
        vals[r, :, 0, 0] = 0.7 + sum(np.array(gains[m]) for m in on)
        vals[r, :, 1, 0] = 5000.0 + 1000.0 * len(on)
    vals = attribute.Values(vals, ("satisfaction", "cost_yuan"), ("all",))
    costs = attribute_table.cost_effectiveness(plan, vals, attribute_table.rows(plan, vals)).set_index("unit")
    sure = costs.loc["first_contact"]
    assert (sure.yuan_per_point, sure.yuan_per_point_lo, sure.yuan_per_point_hi) == pytest.approx((500.0,) * 3)
    assert sure.note == "" and sure.extra_cost_yuan_per_year == pytest.approx(5000.0)
    assert costs.loc["grid", "satisfaction_points"] == pytest.approx(1.0)
    assert math.isnan(costs.loc["grid", "yuan_per_point"])
    assert costs.loc["grid", "note"] == "n/a: its interval includes 0"
    assert math.isnan(costs.loc["one_stop", "yuan_per_point"]) and costs.loc["one_stop", "note"] == "n/a: no gain"
    assert costs.loc["total", "extra_cost_yuan"] == pytest.approx(3000.0)


TRIO = """\
name = "trio"
days = 30
seed = 1

[first_contact]   # switched on, but tracking no request and costing nothing: it does nothing
enabled = true
tracking = 0.0
cost_per_request_yuan = 0.0

[one_stop]
enabled = true

[grid]
enabled = true

[[communities]]
name = "Old town"
type = "old_neighbourhood"
residents = 1200

[[communities]]
name = "Estate"
type = "commercial_estate"
residents = 1200
"""


def test_an_interrupted_attribution_resumes_and_a_mechanism_that_does_nothing_gets_zero(tmp_path):
    scenario = tmp_path / "trio.toml"
    scenario.write_text(TRIO)
    plan = attribute.prepare(str(scenario), seeds=2)
    assert plan.mechanisms == ("first_contact", "grid", "one_stop") and plan.exact
    out = tmp_path / "out"
    first = attribute.run(plan, out, workers=1, progress=False, fn=interrupted_at_the_fourth)
    assert first.stopped == "interrupted" and attribute.finish(plan, out) is None
    done = {r["run_id"]: (out / "runs" / r["run_id"] / "run.json").read_bytes()
            for r in Store(out).records() if r["status"] == "ok"}
    assert 0 < len(done) < 16 and STOP_AT not in done

    second = attribute.run(plan, out, workers=2, progress=False)
    assert (second.skipped, second.done, second.failed, second.not_run) == (len(done), 16 - len(done), 0, 0)
    assert {k: (out / "runs" / k / "run.json").read_bytes() for k in done} == done  # none repeated
    assert sorted(p.name for p in (out / "runs").iterdir()) == sorted(s.run_id for s in plan.specs())  # none lost
    text = attribute.finish(plan, out)
    assert "exact Shapley values: they add up to the total" in text

    table = pd.read_csv(out / "attribution.csv")
    assert set(table.group) == set(attribute.groups()) and set(table.kpi) == set(plan.kpis)
    assert set(table[table.kpi == "cost_yuan"].group) == {"all"}
    for (kpi, group), part in table.groupby(["kpi", "group"]):
        units, total = part[part.unit != "total"].set_index("unit"), part[part.unit == "total"].iloc[0]
        assert units.value.sum() == pytest.approx(total.value, abs=1e-9 * max(1.0, abs(total.value))), (kpi, group)
        assert total.value == pytest.approx(total.package - total.status_quo, abs=1e-9 * max(1.0, abs(total.value)))
        assert units.loc["first_contact", "value"] == 0.0, (kpi, group)
    overall = table[(table.group == "all") & (table.unit != "total")].set_index(["kpi", "unit"])
    assert overall.loc[("cost_yuan", "grid"), "value"] > 0 and overall.loc[("cost_yuan", "one_stop"), "value"] > 0
    costs = pd.read_csv(out / "cost_effectiveness.csv").set_index("unit")
    assert costs.loc["first_contact", "extra_cost_yuan"] == 0.0
    assert costs.loc["first_contact", "note"] == "n/a: no gain"
    assert (out / "attribution.png").stat().st_size > 10_000
    assert json.loads((out / "experiment.json").read_text())["mechanisms"] == list(plan.mechanisms)

    again = attribute.run(plan, out, workers=2, progress=False)
    assert (again.skipped, again.done) == (16, 0)
    before = (out / "attribution.csv").read_bytes()
    assert attribute.finish(plan, out) == text and (out / "attribution.csv").read_bytes() == before
    assert shapley.MAX_EXACT == 8
