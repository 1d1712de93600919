"""The engine's own levers move outcomes the way a planner expects (paired runs)."""

import numpy as np

from conftest import run, small
from sim.enums import Group


def kpis(sets=(), days=90, residents=6000, **kw):
    return run(small(days=days, residents=residents, sets=sets, **kw)).results()


def test_more_department_capacity_closes_requests_sooner():
    base = kpis().kpis()
    more = kpis(sets=[f"handlers.{d}.capacity_per_10k={v}" for d, v in
                      (("civil_affairs", 60), ("education", 80), ("social_security", 30))]).kpis()
    assert more["close_days"] < base["close_days"] - 0.2
    assert more["closed_within_3d"] > base["closed_within_3d"]


def test_more_misrouting_means_more_bounces_and_abandonment():
    base = kpis().kpis()
    worse = kpis(sets=["routing.misroute_hotline=0.7", "routing.misroute_app=0.5"]).kpis()
    assert worse["bounces_per_request"] > 2 * base["bounces_per_request"]
    assert worse["abandoned_share"] > base["abandoned_share"]
    assert worse["satisfaction_mean"] < base["satisfaction_mean"]


def test_elderly_literacy_moves_elderly_to_the_app():
    low = kpis(sets=["residents.digital_literacy_elderly=0.1"]).kpis_by_group()
    high = kpis(sets=["residents.digital_literacy_elderly=0.8"]).kpis_by_group()
    elderly = Group.ELDERLY_FAMILY.label
    assert high[elderly]["share_app"] > low[elderly]["share_app"] + 0.1
    adult = Group.WORKING_ADULT.label
    assert abs(high[adult]["share_app"] - low[adult]["share_app"]) < 0.03


def test_without_an_app_nobody_uses_one():
    k = kpis(sets=["channels.app_available=false"]).kpis()
    assert k["share_app"] == 0 and k["share_hotline"] > 0.3


def test_without_grid_workers_no_request_goes_through_them():
    k = kpis(sets=["grids.workers_per_grid=0"]).kpis()
    assert k["share_grid"] == 0


def test_overtime_shortens_a_backlog():
    sets = ["handlers.education.capacity_per_10k=30"]
    none = kpis(sets=sets + ["handlers.overtime_max=0"]).kpis()
    lots = kpis(sets=sets + ["handlers.overtime_max=1.0"]).kpis()
    assert lots["backlog"] < none["backlog"]
    assert lots["close_days"] < none["close_days"]


def test_results_by_group_add_up_to_the_whole():
    r = kpis(days=30)
    by = r.kpis_by_group()
    assert sum(v["requests"] for v in by.values()) == r.kpis()["requests"]
    assert np.isfinite(r.kpis()["satisfaction"])
