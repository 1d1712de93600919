"""Sensitivity: a parameter that does nothing for a KPI gets indices of about zero, one that drives it large;
the design runs as a resumable sweep."""

from __future__ import annotations

import numpy as np
import pytest
from cal_helpers import sensitivity_file

from sim.calibration import sensitivity, spec
from sim.errors import UserError

DRIVER, INERT = "channels.const_none", "platform.app_utility_gain"  # the platform is off: its gain does nothing


@pytest.fixture(scope="module")
def morris(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sens")
    study = spec.load(str(sensitivity_file(folder)), "sensitivity")
    out = folder / "morris"
    summary, table = sensitivity.run(study, "morris", 4, out, workers=2, progress=False)
    return study, out, summary, table


def _row(table, kpi, parameter):
    return table[(table.kpi == kpi) & (table.parameter == parameter)].iloc[0]


def test_morris_inert_parameter_is_zero_and_driver_is_large(morris):
    _, out, summary, table = morris
    assert summary.done == 4 * 3 and summary.failed == 0
    inert, driver = _row(table, "unmet_need_share", INERT), _row(table, "unmet_need_share", DRIVER)
    assert abs(inert.mu_star) < 1e-12 and abs(inert.sigma) < 1e-12  # same seeds everywhere: exactly no effect
    assert driver.mu_star > 0.05  # unmet share moves by > 5 points over 2/3 of the range
    assert driver.mu_star - driver.mu_star_conf > 0 and driver.mu > 0  # more utility of silence, more unmet need
    for name in ("indices.csv", "sensitivity.png", "sample.csv", "manifest.csv"):
        assert (out / name).is_file(), name


def test_morris_resumes_without_rerunning(morris):
    study, out, _, table = morris
    summary, again = sensitivity.run(study, "morris", 4, out, workers=1, progress=False)
    assert summary.skipped == 12 and summary.done == 0
    assert np.allclose(again.mu_star, table.mu_star)


def test_sobol_inert_parameter_is_zero_and_driver_explains_the_variance(tmp_path):
    study = spec.load(str(sensitivity_file(tmp_path, days=20)), "sensitivity")
    summary, table = sensitivity.run(study, "sobol", 16, tmp_path / "sobol", workers=2, progress=False)
    assert summary.done == 16 * 4
    inert, driver = _row(table, "unmet_need_share", INERT), _row(table, "unmet_need_share", DRIVER)
    assert abs(inert.S1) < 1e-9 and abs(inert.ST) < 1e-9
    assert driver.ST > 0.8 and driver.S1 > 0.6
    assert {"S1_conf", "ST_conf"} <= set(table.columns)


def test_sobol_needs_a_power_of_two(tmp_path):
    study = spec.load(str(sensitivity_file(tmp_path)), "sensitivity")
    with pytest.raises(UserError, match="--samples: 12 is not allowed for sobol; allowed: a power of 2"):
        sensitivity.design(study, "sobol", 12)
