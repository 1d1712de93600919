"""The plan-check: its bundled file names only parameters and KPIs that exist and agrees with the parameters'
declared sources; a small check writes the table with its columns and kinds, the same bytes on 1 or 2
workers; a bad file is one line naming the file and the key."""

from __future__ import annotations

import re
import tomllib

import pytest

from sim import files, registry
from sim.errors import UserError
from sim.experiments import plan_check, plan_figures

BUNDLED = files.bundled("experiments")["plan-check"]

TINY = """\
name = "tiny"

[[figures]]
id = "wait"
figure = "average wait at the separate windows"
plan = "40 min"
where = "mechanism 1 (§1.2)"
kind = "output"
value = 40.0
tolerance = 5.0
unit = "min"
scenario = "baseline"
kpi = "counter_wait_min"
assumptions = ["counters.*.service_minutes"]

[[figures]]
id = "solve"
figure = "handling a request takes"
plan = "about 3 days"
where = "Figures the plan states (§4.1)"
kind = "calibration"
params = ["handlers.*.capacity_per_10k"]
value = 3.0
unit = "days"
scenario = "baseline"
set = { one_stop = { enabled = true } }
kpi = "close_days"
assumptions = ["handlers.resolve_prob_department", "needs.*.*"]

[[figures]]
id = "items"
figure = "items of business in one trip"
plan = "7"
where = "mechanism 1"
kind = "input"
params = ["one_stop.max_errands_per_visit"]
value = 7.0

[[figures]]
id = "metres"
figure = "windows apart"
plan = "less than 10 metres"
where = "mechanism 2"
kind = "not modelled"
why = "the centre has no floor plan"
"""
QUICK = {"seeds": 2, "days": 8, "residents": 1500}


# ------------------------------------------------------------------ the bundled file


def test_the_bundled_file_names_only_parameters_and_kpis_that_exist():
    doc = tomllib.loads(BUNDLED.read_text())
    params, kpis = registry.params(), registry.kpi_names()
    for fig in doc["figures"]:
        for pattern in fig.get("params", []) + fig.get("assumptions", []):
            assert plan_figures.expand_params(pattern, fig["id"], "test"), (fig["id"], pattern)
            assert "*" in pattern or pattern in params, (fig["id"], pattern)
        if "kpi" in fig:
            assert fig["kpi"] in kpis, (fig["id"], fig["kpi"])
    check = plan_figures.load("plan-check")  # and every value, scenario and override is valid
    assert len(check.figures) == len(doc["figures"]) >= 60
    kinds = {f.kind for f in check.figures}
    assert kinds == {"input", "calibration", "output", "not modelled"}
    for f in check.figures:
        if f.kind in ("calibration", "output"):
            assert f.measured and 1 <= len(f.assumptions) <= 2, f.id
        cited = re.findall(r"mechanisms? (\d+)", f.where)
        assert all(1 <= int(n) <= 18 for n in cited), f.where  # docs/plan.md numbers 18 mechanisms


def test_a_typo_in_the_bundled_file_is_caught(tmp_path):
    text = BUNDLED.read_text()
    for typo, needle in (("one_stop.desk_share", "one_stop.desk_shar"),
                         ('kpi = "counter_wait_min"', 'kpi = "counter_wait_mins"')):
        bad = tmp_path / "typo.toml"
        bad.write_text(text.replace(typo, needle, 1))
        with pytest.raises(UserError, match=re.escape(str(bad))):
            plan_figures.load(str(bad))


def test_calibrated_parameters_and_calibration_figures_name_each_other():
    """A parameter whose source says it was sized to a plan figure is that figure's calibration, and back."""
    check = plan_figures.load("plan-check")
    named = {p for f in check.figures if f.kind == "calibration" for p in f.params}
    declared = registry.params()
    for name in named:
        assert declared[name].source.startswith("calibration: sized to"), (name, declared[name].source)
        assert "docs/validation.md" in declared[name].source, name
    sized = {n for n, p in declared.items() if p.source.startswith("calibration:")}
    assert sized <= named, sorted(sized - named)


def test_the_default_uses_at_least_five_seeds():
    assert plan_check.DEFAULT_SEEDS >= 5


# ------------------------------------------------------------------ a small check


@pytest.fixture(scope="module")
def small_checks(tmp_path_factory):
    """The tiny file checked twice: on 1 worker and on 2, each into its own store."""
    root = tmp_path_factory.mktemp("plan")
    path = root / "tiny.toml"
    path.write_text(TINY)
    out = {}
    for workers in (1, 2):
        table = root / f"validation-{workers}.md"
        outcome = plan_check.plan_check(str(path), table, workers=workers, store_dir=root / f"store-{workers}",
                                        progress=False, **QUICK)
        assert outcome.text is not None, outcome.summary.lines()
        out[workers] = (table, outcome)
    return path, out


def test_a_small_check_writes_the_table_with_its_columns_and_kinds(small_checks):
    path, out = small_checks
    table, outcome = out[1]
    text = table.read_text()
    assert outcome.summary.failed == 0
    # 2 measured figures: the figure and each assumption at -30% and +30% (1 + 2 + 4 variants) x 2 seeds
    assert outcome.summary.total == (3 + 5) * 2
    header = next(line for line in text.splitlines() if line.startswith("| # |"))
    for column in ("the plan's figure", "where in docs/plan.md", "the model", "verdict", "kind", "measured in",
                   "fragility"):
        assert column in header
    rows = {int(line.split("|")[1]): line for line in text.splitlines() if re.match(r"\| \d+ \|", line)}
    assert len(rows) == 4
    assert "| output |" in rows[1] and "`counter_wait_min`" in rows[1] and "`counters.*.service_minutes`" in rows[1]
    assert "calibration: `handlers.*.capacity_per_10k`" in rows[2]
    assert "`baseline --set one_stop.enabled=true` (1,500 of its 27,000 residents, 8 days)" in rows[2]
    assert "input: `one_stop.max_errands_per_visit`" in rows[3] and "7 (set)" in rows[3] and "| n/a |" in rows[3]
    assert "not modelled" in rows[4] and "no floor plan" in rows[4]
    for i in (1, 2):
        assert re.search(r"\| (matches|off by)", rows[i]), rows[i]
        assert re.search(r"\d \[\S+, \S+\]", rows[i]), rows[i]  # a mean and its interval
    assert "govsim plan-check " + str(path) + " --seeds 2 --days 8 --residents 1500" in text
    assert not re.search(r"20\d\d-\d\d-\d\d|\d+\.\d s\b", text)  # no date, no timing


def test_the_table_is_the_same_bytes_on_one_or_two_workers_and_again(small_checks, tmp_path):
    path, out = small_checks
    assert out[1][0].read_bytes() == out[2][0].read_bytes()
    again = tmp_path / "again.md"
    outcome = plan_check.plan_check(str(path), again, workers=2, store_dir=out[1][0].parent / "store-1",
                                    progress=False, **QUICK)
    assert outcome.summary.skipped == outcome.summary.total  # resumed: nothing ran again
    assert again.read_bytes() == out[1][0].read_bytes()


def test_fragility_moves_each_assumption_by_thirty_percent_within_its_bounds():
    check = plan_figures.load("plan-check")
    fig = next(f for f in check.figures if f.id == "solve-days-now")
    variants = plan_check.variants(fig)
    assert [(v.assumption, v.sign) for v in variants] == [
        (None, 0), ("handlers.resolve_prob_department", -1), ("handlers.resolve_prob_department", 1),
        ("needs.*.*", -1), ("needs.*.*", 1)]
    assert variants[1].params == {"handlers.resolve_prob_department": pytest.approx(0.7 * 0.8)}
    assert variants[2].params == {"handlers.resolve_prob_department": 1.0} and variants[2].clipped  # 0.8 x 1.3
    rate = fig.arm.params["needs.repair.elderly_alone"]
    assert variants[3].params["needs.repair.elderly_alone"] == pytest.approx(0.7 * rate)
    assert len(variants[3].params) == 30 and not variants[3].clipped  # every rate, none of the other needs.*


# ------------------------------------------------------------------ bad files


def _figure(**changes) -> str:
    """TINY's first figure with keys changed (None removes one)."""
    head, fig = TINY.split("[[figures]]")[0], TINY.split("[[figures]]")[1]
    lines = [line for line in fig.strip().splitlines() if line.split(" = ")[0] not in changes]
    lines += [f"{k} = {v}" for k, v in changes.items() if v is not None]
    return head + "[[figures]]\n" + "\n".join(lines) + "\n"


BAD = [
    (TINY.replace('name = "tiny"', 'name = "tiny"\ncolour = 1'), "unknown key 'colour'; allowed at the top level"),
    (_figure(colour='"red"'), "unknown key 'figures[0 'wait'].colour'"),
    (_figure(kpi='"counter_wait"'), "figures[0 'wait'].kpi: 'counter_wait' is not a KPI; did you mean"),
    (_figure(assumptions='["counters.peak_shar"]'), "figures[0 'wait'].assumptions[0]: unknown parameter "
                                                    "'counters.peak_shar'"),
    (_figure(assumptions='["nowhere.*"]'), "figures[0 'wait'].assumptions[0]: 'nowhere.*' matches no parameter"),
    (_figure(assumptions="[]"), "figures[0 'wait'].assumptions: name the one or two assumptions"),
    (_figure(assumptions='["one_stop.enabled"]'), "one_stop.enabled is a switch"),
    (_figure(kind='"calibration"'), "figures[0 'wait'].params: name the parameter sized to the figure"),
    (_figure(kind='"sized"'), "figures[0 'wait'].kind = 'sized'"),
    (_figure(value=None), "figures[0 'wait'].value: missing"),
    (_figure(scope='"stage:pilot"'), "figures[0 'wait'].scope = 'stage:pilot' is not allowed"),
    (_figure(scenario='"nowhere"'), "figures[0 'wait'].scenario = 'nowhere' not found"),
    (_figure(set="{ one_stop = { desk_share = 7.0 } }"), "figures[0 'wait'].set.one_stop.desk_share = 7.0 is "
                                                          "not allowed"),
    (_figure(residents="5"), "figures[0 'wait'].residents = 5"),
    (TINY.replace('id = "solve"', 'id = "wait"'), "figure ids must be unique; repeated: wait"),
    (TINY.replace("value = 3.0", "value = "), "broken TOML"),
]


@pytest.mark.parametrize("text,needle", BAD, ids=[b[1][:30] for b in BAD])
def test_a_bad_file_is_one_line_naming_the_file_and_the_key(tmp_path, text, needle):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(UserError) as e:
        plan_figures.load(str(path))
    message = str(e.value)
    assert "\n" not in message and message.startswith(str(path)), message
    assert needle in message, message
