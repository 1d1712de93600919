"""Calibration: from data the model made at a known value, the fit finds it within its stated uncertainty;
a second call continues the stored study instead of starting again; other data in the same folder is refused."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from cal_helpers import calibration_file, pilot_data

from sim import scenario as sc
from sim.calibration import calibrate, spec
from sim.errors import UserError

TRUE = 2.7  # channels.const_none; the default is 2.2: a higher value leaves more needs unraised


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cal")
    path = calibration_file(folder)
    data = pilot_data(path, folder / "pilot.csv", {"channels.const_none": TRUE})
    study = spec.load(str(path), "calibration")
    out = folder / "out"
    first = calibrate.calibrate(study, data, out, trials=12, workers=2, progress=False)
    trials_first = pd.read_csv(out / "trials.csv")
    second = calibrate.calibrate(study, data, out, trials=16, workers=2, progress=False)
    return study, data, out, first, trials_first, second


def test_recovers_the_known_value_within_its_uncertainty(calibrated):
    _, _, out, first, _, second = calibrated
    best = json.loads((out / "best.json").read_text())
    r = best["uncertainty"]["ranges"]["channels.const_none"]
    assert r["lo"] <= TRUE <= r["hi"], r
    assert r["hi"] - r["lo"] < 0.4 * (4.0 - 1.0), r  # reasonably narrow: well inside the searched range
    assert abs(best["parameters"]["channels.const_none"] - TRUE) < 0.3
    assert best["uncertainty"]["loss_sd_mc"] > 0 and best["uncertainty"]["trials_in_set"] >= 2
    assert "likelihood ratio" in best["uncertainty"]["rule"]
    unc = pd.read_csv(out / "uncertainty.csv")
    assert unc.parameter.tolist() == ["channels.const_none"]
    assert {"best", "set_lo", "set_hi"} <= set(unc.columns)


def test_outputs_are_written_and_the_best_scenario_runs(calibrated):
    _, data, out, *_ = calibrated
    for name in ("best.json", "best-scenario.toml", "trials.csv", "uncertainty.csv", "fit.csv", "fit.png",
                 "study.db"):
        assert (out / name).is_file(), name
    best = json.loads((out / "best.json").read_text())
    scenario = sc.load(str(out / "best-scenario.toml"))
    assert scenario.params["channels.const_none"] == pytest.approx(best["parameters"]["channels.const_none"])
    fit = pd.read_csv(out / "fit.csv")
    assert len(fit) == len(pd.read_csv(data, comment="#")) and fit.sim_mean.notna().all()


def test_a_second_call_continues_the_study(calibrated):
    _, _, out, first, trials_first, second = calibrated
    assert (first.done, first.skipped, first.trials) == (12, 0, 12)
    assert (second.done, second.skipped, second.trials) == (4, 12, 16)
    trials = pd.read_csv(out / "trials.csv")
    assert sorted(trials.trial) == list(range(16))
    # the first 12 trials were kept as they were, not redone
    again = trials.set_index("trial").loc[trials_first.trial]
    assert (again["loss"].to_numpy() == trials_first["loss"].to_numpy()).all()


def test_enough_trials_runs_nothing(calibrated):
    study, data, out, *_ = calibrated
    outcome = calibrate.calibrate(study, data, out, trials=10, workers=1, progress=False)
    assert (outcome.done, outcome.skipped, outcome.trials) == (0, 16, 16)


def test_other_data_in_the_same_folder_is_refused(calibrated, tmp_path):
    study, data, out, *_ = calibrated
    other = tmp_path / "other.csv"
    other.write_text(data.read_text().replace("unmet_need_share,0.", "unmet_need_share,0.0", 1))
    with pytest.raises(UserError, match="holds a calibration of other data or other settings"):
        calibrate.calibrate(study, other, out, trials=20, workers=1, progress=False)


def test_same_inputs_give_the_same_trials_on_any_number_of_workers(calibrated, tmp_path):
    study, data, *_ = calibrated
    one = calibrate.calibrate(study, data, tmp_path / "one", trials=4, workers=1, progress=False)
    two = calibrate.calibrate(study, data, tmp_path / "two", trials=4, workers=2, progress=False)
    assert one.done == two.done == 4
    a, b = pd.read_csv(tmp_path / "one" / "trials.csv"), pd.read_csv(tmp_path / "two" / "trials.csv")
    pd.testing.assert_frame_equal(a, b)


def test_a_trial_left_running_by_a_stopped_calibration_is_tried_again(calibrated, tmp_path):
    from sim.calibration import pilot
    from sim.calibration.monthly import months

    study, data, *_ = calibrated
    out = tmp_path / "stopped"
    table = pilot.read(data, study.communities, months(study.days))
    ost = calibrate.open_study(study, table, out)
    left = ost.ask(calibrate._distributions(study))  # asked, never told: the process was killed mid-trial
    outcome = calibrate.calibrate(study, data, out, trials=2, workers=1, progress=False)
    assert outcome.retried == 1 and outcome.trials == 2
    trials = pd.read_csv(out / "trials.csv")
    assert left.number not in set(trials.trial)  # the stopped trial is marked failed ...
    assert left.params["channels.const_none"] in set(trials["channels.const_none"])  # ... and its values rerun
