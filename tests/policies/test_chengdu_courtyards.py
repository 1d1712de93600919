"""The bundled Chengdu case reproduces the plan's figure: courtyard mediation 60% -> 98% after 3 years.

At a quarter of the street (6,000 residents) over the full three years: the baseline's mediation success
is 0.60 +- 0.05 over the run, and the reform's in its third year at least 0.93 (the model gives ~0.97;
the stated tolerance is 0.05 around the plan's 98%), rising year on year from the first.
"""

import pytest

from conftest import run, small
from sim.results import kpi_values

RESIDENTS, DAYS = 6000, 1095


@pytest.mark.parametrize("seed", [1, 2])
def test_chengdu_courtyards_take_mediation_from_60_to_about_98_percent_in_3_years(seed):
    before = run(small("chengdu-courtyards-baseline", days=DAYS, residents=RESIDENTS, seed=seed)).results()
    after = run(small("chengdu-courtyards", days=DAYS, residents=RESIDENTS, seed=seed)).results()
    assert before.kpis()["mediation_success"] == pytest.approx(0.60, abs=0.05)
    years = [kpi_values(after.acc[365 * y : 365 * (y + 1)])["mediation_success"] for y in range(3)]
    assert years[0] + 0.03 < min(years[1], years[2])  # the heads learn
    assert years[2] >= 0.93
    assert kpi_values(before.acc[730:])["mediation_success"] < 0.66  # without courtyards it stays put
    assert after.kpis()["satisfaction_mean"] > before.kpis()["satisfaction_mean"]
