"""The full cost ledger: the status quo pays its staff and services, mechanisms pay what they add, and it balances."""

import numpy as np
import pytest

from conftest import run, small, spent
from sim import ledger
from sim.components.counters import Counters
from sim.policies.base import Policy

DAYS, RESIDENTS = 30, 3000


def test_the_ledger_balances_and_the_status_quo_costs_money():
    model = run(small(days=DAYS, residents=RESIDENTS, sets=["one_stop.enabled=true", "grid.enabled=true"]))
    r = model.results()
    total = r.kpis()["cost_yuan"]
    assert sum(r.costs_by_item().values()) == pytest.approx(total)
    assert sum(r.costs_by_mechanism().values()) == pytest.approx(total)
    assert sum(k["cost_yuan"] for k in r.kpis_by_community().values()) == pytest.approx(total)
    table = r.cost_table()
    assert table["status_quo"]["staff"] > 0 and table["status_quo"]["projects"] > 0
    assert table["one_stop"]["facilities"] > 0 and table["grid"]["staff"] > 0
    assert r.kpis()["cost_per_resident_year"] == pytest.approx(total / RESIDENTS * 365 / DAYS)


def test_adding_clerks_costs_their_pay_and_nothing_else():
    base = run(small(days=DAYS, residents=RESIDENTS))
    more = run(small(days=DAYS, residents=RESIDENTS, sets=["counters.clerks_per_window_per_10k=2"]))
    clerks = 8 * (more.component(Counters).staff_windows.sum() - base.component(Counters).staff_windows.sum())
    assert clerks == pytest.approx(8 * RESIDENTS / 1e4)  # one more clerk a window per 10,000 residents
    staff = [m.results().cost_table()["status_quo"]["staff"] for m in (base, more)]
    assert staff[1] - staff[0] == pytest.approx(clerks * base.params["costs.clerk_yuan_year"] * DAYS / 365)


@pytest.mark.parametrize("lever", ["handlers.health.capacity_per_10k=24.8", "grids.workers_per_grid=2",
                                   "handlers.committee.capacity_per_10k=32"])
def test_more_staff_anywhere_costs_money(lever):
    base = spent(run(small(days=DAYS, residents=RESIDENTS)), "status_quo").sum()
    more = spent(run(small(days=DAYS, residents=RESIDENTS, sets=[lever])), "status_quo").sum()
    assert more > base


def test_a_mechanism_pays_only_into_the_items_it_declares():
    model = run(small(days=DAYS, residents=RESIDENTS, sets=["eldercare.enabled=true"]))
    eldercare = next(p for p in model.mechanisms if p.SECTION == "eldercare")
    for col, paid in zip(model.ledger_items, model.ledger.sum(axis=(0, 1))):
        payer, item = ledger.payer(col), ledger.item(col)
        if payer == "eldercare":
            assert item in eldercare.COSTS
        assert payer in ("status_quo", "eldercare") or paid == 0
    policy = model.component(eldercare)
    with pytest.raises(LookupError, match="not among its COSTS"):
        Policy.spend(policy, 1.0, item="incentives")


def test_every_cost_item_is_declared_once_in_the_vocabulary():
    from sim import registry

    columns = registry.ledger_items()
    assert len(columns) == len(set(columns))
    assert {ledger.item(c) for c in columns} <= set(ledger.ITEMS)
    with pytest.raises(ValueError, match="the items are"):
        ledger.column("one_stop", "champagne")


def test_remedying_exposed_residents_is_the_status_quos_cost():
    model = run(small(days=365, residents=RESIDENTS, seed=1))
    k = model.results().kpis()
    assert k["privacy_remediation_yuan"] > 0
    assert model.results().cost_table()["status_quo"]["remediation"] == pytest.approx(k["privacy_remediation_yuan"])
    assert np.all(spent(model, "status_quo") > 0)  # every community pays its staff every day
