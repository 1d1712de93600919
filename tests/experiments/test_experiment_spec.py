"""Experiment files: the bundled ones load; bad files are one-line errors naming the file and key;
the design expands to the same runs every time, with replicate seeds shared across policies."""

from __future__ import annotations

import pytest
from exp_helpers import tiny

from sim.errors import UserError
from sim.experiments import design, spec
from sim.experiments.runner import scenario_of


@pytest.mark.parametrize("name", ["incentives", "allocation", "discovery"])
def test_bundled_experiments_load_and_expand(name):
    exp = spec.load(name)
    runs = design.expand(exp)
    assert len(runs) == len(design.policies(exp)) * len(design.points(exp)) * exp.replicates
    assert len({r.run_id for r in runs}) == len(runs)
    scenario_of(runs[-1])  # every value the design makes is a valid scenario


def test_expansion_is_deterministic_and_pairs_share_seeds(tmp_path):
    path = tiny(tmp_path, replicates=3, extra='\n[design]\nuncertainties = "grid"\n')
    a, b = design.expand(spec.load(str(path))), design.expand(spec.load(str(path)))
    assert a == b
    assert len(a) == 2 * 2 * 3
    # every policy at an uncertainty point and replicate runs on the same seed (common random numbers);
    # other points and replicates on independent seeds
    for r in range(3):
        for u in range(2):
            assert len({x.seed for x in a if (x.replicate, x.point) == (r, u)}) == 1
    assert len({x.seed for x in a}) == 3 * 2
    # more replicates keep the earlier seeds, so finished runs stay valid
    more = design.expand(spec.load(str(tiny(tmp_path, "more.toml", replicates=5))))
    assert {x.run_id: x.fingerprint for x in a} == {x.run_id: x.fingerprint for x in more if x.replicate < 3}


def test_latin_hypercube_is_seeded_and_stratified(tmp_path):
    text = tiny(tmp_path).read_text().replace(
        "residents.digital_literacy_elderly = [0.2, 0.4]",
        "residents.digital_literacy_elderly = { lo = 0.1, hi = 0.5 }\nresidents.trust_initial = { lo = 0.4, hi = 0.8 }",
    ) + '\n[design]\nuncertainties = "lhs"\nsamples = 10\n'
    path = tmp_path / "lhs.toml"
    path.write_text(text)
    pts = design.points(spec.load(str(path)))
    assert pts == design.points(spec.load(str(path)))
    lit = sorted(p["residents.digital_literacy_elderly"] for p in pts)
    # one point in each tenth of the range
    assert [int((x - 0.1) / 0.04) for x in lit] == list(range(10))
    other = tmp_path / "lhs2.toml"
    other.write_text(text.replace("seed = 1", "seed = 2"))
    assert design.points(spec.load(str(other))) != pts


BAD = [
    ("colour = 1\n", "unknown key 'colour'"),
    ("[levers]\ncounters.clerks_per_window_per_10k = [1.0, 99.0]\n",
     "levers.counters.clerks_per_window_per_10k[1] = 99.0"),
    ("[levers]\ncounters.no_such_thing = [1.0]\n", "unknown parameter 'counters.no_such_thing'"),
    ("[levers]\nresidents.trust_initial = [0.5]\n", "declared as an uncertainty"),
    ("[uncertainties]\ngrid.enabled = [true]\n", "declared as a lever"),
    ("[uncertainties]\nresidents.trust_initial = { lo = 0.2, hi = 0.9 }\n", "a range needs `levels = N`"),
    ("[uncertainties]\nresidents.trust_initial = { lo = 0.9, hi = 0.2, levels = 2 }\n", "lo (0.9) must be below"),
    ("[uncertainties]\nresidents.trust_initial = 0.5\n", "a value fixed for every run belongs in [set]"),
    ("[levers]\ngrid.enabled = [true, 1]\n", "levers.grid.enabled[1] = 1 is not allowed; allowed: true or false"),
    ("[set]\nrouting.abandon_daily = 2.0\n", "set.routing.abandon_daily = 2.0 is not allowed"),
    ("[design]\nkind = \"grid\"\n", "unknown key 'design.kind'; allowed in [design]"),
    ("[design]\nuncertainties = \"sobol\"\n", "design.uncertainties = 'sobol'"),
    ("[design]\nuncertainties = \"lhs\"\n", "needs design.samples"),
    ("[[policies]]\nname = \"a\"\n", 'needs design.policies = "list"'),
]


@pytest.mark.parametrize("extra,needle", BAD, ids=[b[1][:30] for b in BAD])
def test_bad_experiment_is_one_line_naming_the_file(tmp_path, extra, needle):
    text = tiny(tmp_path).read_text()
    if extra.startswith("[levers]"):
        text = text.replace("[levers]\none_stop.enabled = [false, true]\n", "")
    if extra.startswith("[uncertainties]"):
        text = text.replace("[uncertainties]\nresidents.digital_literacy_elderly = [0.2, 0.4]\n", "")
    if extra.startswith("colour"):
        text = extra + text
        extra = ""
    path = tmp_path / "bad.toml"
    path.write_text(text + extra)
    with pytest.raises(UserError) as e:
        spec.load(str(path))
    msg = str(e.value)
    assert "\n" not in msg
    assert msg.startswith(str(path)), msg
    assert needle in msg, msg


def test_broken_toml_unknown_kpi_and_missing_file(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("name = \n")
    with pytest.raises(UserError, match="broken TOML"):
        spec.load(str(broken))
    text = tiny(tmp_path).read_text().replace('"counter_wait_min"', '"counter_wait"')
    (tmp_path / "kpi.toml").write_text(text)
    with pytest.raises(UserError, match="is not a KPI; did you mean counter_wait_min"):
        spec.load(str(tmp_path / "kpi.toml"))
    with pytest.raises(UserError, match="no bundled experiment of that name; bundled: allocation, "
                       "calibrate-pilot, discovery, incentives, optimize-budget, package-blocks, "
                       "plan-check, sensitivity"):
        spec.load("no-such-experiment")
    (tmp_path / "scen.toml").write_text(tiny(tmp_path).read_text().replace('"baseline"', '"nowhere"'))
    with pytest.raises(UserError, match="scenario = 'nowhere' not found"):
        spec.load(str(tmp_path / "scen.toml"))


def test_list_design_fills_unset_levers_from_the_scenario(tmp_path):
    path = tmp_path / "list.toml"
    path.write_text('scenario = "baseline"\nresidents = 1500\ndays = 5\n[design]\npolicies = "list"\n'
                    '[[policies]]\nname = "a"\ngrids.workers_per_grid = 2\n'
                    '[[policies]]\nname = "b"\ncounters.clerks_per_window_per_10k = 2.0\n')
    exp = spec.load(str(path))
    pols = design.policies(exp)
    assert pols == [("a", {"grids.workers_per_grid": 2, "counters.clerks_per_window_per_10k": 1.0}),
                    ("b", {"grids.workers_per_grid": 1, "counters.clerks_per_window_per_10k": 2.0})]
    path.write_text(path.read_text().replace('name = "b"', 'name = "a"'))
    with pytest.raises(UserError, match="policy names must be unique; repeated: a"):
        spec.load(str(path))
