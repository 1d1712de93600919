"""The bundled Shenzhen case moves the plan's figures the stated way (direction; size within stated bounds).

Plan (DOMAIN.md figures): Shenzhen partners, 23 firms, 5 M yuan leveraged, satisfaction 92% (from 76%);
programme participation under 50% without a needs survey. At a fifth of the street (16,000 residents) and half
a year, the reform against its baseline (same seeds) must raise satisfaction by at least 1.5 points in every
seed (the model gives about +2.5 to +4.5 points, a fraction of the plan's +16: see the scenario's notes), fill
over 80% of its programme seats, and leverage the plan's money pro rata.
"""

import pytest

from conftest import run, small

RESIDENTS, DAYS = 16_000, 180


@pytest.mark.parametrize("seed", [1, 2])
def test_the_shenzhen_reform_moves_satisfaction_participation_and_money_the_plans_way(seed):
    on = run(small("shenzhen-partners", days=DAYS, residents=RESIDENTS, seed=seed), validate=True).results().kpis()
    off = run(small("shenzhen-partners-baseline", days=DAYS, residents=RESIDENTS, seed=seed)).results().kpis()
    assert on["satisfaction_mean"] - off["satisfaction_mean"] > 0.015
    assert on["satisfaction"] - off["satisfaction"] > 0.015
    assert on["programme_attendance"] > 0.8
    assert on["partners_leveraged_yuan"] == pytest.approx(5e6 * RESIDENTS / 80_000 * 6 / 12)
    assert on["requests"] < off["requests"] and on["close_days"] < off["close_days"]  # seats meet care needs
    assert off["cost_yuan"] == 0 < on["cost_yuan"]
