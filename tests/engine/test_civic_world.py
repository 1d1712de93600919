"""The civic world runs in every scenario: hearings, the street office's projects and the programmes.

With no mechanism switched on, residents take part in hearings (few, mostly
the elderly), the street office decides and completes projects, and the
office's top-down programmes draw under half of their seats; their KPIs are
the engine's and in every summary. Under a staged roll-out the communities
the reform has not reached keep these processes exactly as in the status
quo, while the reform's rules apply in the reached ones.
"""

import numpy as np
import pytest

from conftest import run, small
from sim import registry
from sim.components.projects import COMMITTEE, DONE, STREET_OFFICE, Projects
from sim.enums import Group

# Small communities get a few proposals a month and money for about one project a month each (real communities
# of ~8,000 do at the defaults), so that a few months show completed projects.
PROJECTS = ["civic.budget_yuan_per_resident_year=300", "civic.proposals_per_10k_month=40"]
WORLD_KPIS = ("participation_rate", "participation_skew", "projects_completed", "project_need_match",
              "project_delay_days", "programme_attendance", "programme_served_share", "programme_user_satisfaction",
              "venue_utilisation")
# Participation's levers, the committee and needs-driven programming: rules of the round, the projects and the rooms.
REFORM = ["participation.enabled=true", "committee.enabled=true", "programming.enabled=true"]
PILOT = ["rollout.enabled=true", "rollout.pilots=1", "rollout.target_share=0"]  # one community reforms on day 0


@pytest.fixture(scope="module")
def status_quo():
    return run(small(days=150, residents=4000, sets=PROJECTS), validate=True)


def test_with_no_mechanism_on_the_civic_processes_run_and_report(status_quo):
    k = status_quo.results().kpis()
    assert k["participation_rate"] > 0
    assert k["projects_completed"] > 0
    assert k["programme_attendance"] > 0
    assert all(name in k and k[name] is not None for name in WORLD_KPIS)
    assert set(WORLD_KPIS) <= set(registry.kpis_of_interest(()))  # listed for every run, no mechanism needed
    b = status_quo.component(Projects).book
    assert np.all(b.body[b.state == DONE] == STREET_OFFICE)  # top down: the street office decided them all
    assert status_quo.acc[..., status_quo.layout["civic.street_office_yuan"]].sum() > 0
    # the status quo's own project budget is its cost, not a mechanism's
    costs = status_quo.results().cost_table()
    assert costs["status_quo"]["projects"] > 0
    assert not any(sum(items.values()) for payer, items in costs.items() if payer != "status_quo")


def test_the_status_quo_is_low_participation_skewed_to_the_elderly_and_half_empty_programmes(status_quo):
    r = status_quo.results()
    k, by_group = r.kpis(), r.kpis_by_group()
    assert 0.05 < k["participation_rate"] < 0.25  # low: offline hearings, no points, no observers
    assert by_group[Group.ELDERLY_FAMILY.label]["participation_rate"] > 2.5 * by_group[
        Group.WORKING_ADULT.label]["participation_rate"]
    assert k["participation_online_share"] == 0
    assert k["programme_attendance"] < 0.5  # plan: top-down programmes draw under 50%


def _by_community(model, prefix):
    """The counters of ``prefix`` (e.g. ``civic.``), summed over days and groups: (community, counter).

    Without the programme users' satisfaction, which the reform moves everywhere a little through the
    departments the communities share (fewer requests from the reached one), not through these processes."""
    cols = [i for name, i in model.layout.items() if name.startswith(prefix) and name != "programmes.user_sat_sum"]
    return model.acc[..., cols].sum(axis=(0, 2))


def test_under_a_rollout_unreached_communities_keep_the_status_quo_processes_and_reached_ones_the_reform():
    kw = {"days": 150, "residents": 4000}
    staged = run(small(sets=PROJECTS + REFORM + PILOT, **kw), validate=True)
    everywhere = run(small(sets=PROJECTS + REFORM, **kw))
    status_quo = run(small(sets=PROJECTS, **kw))
    pilot = np.flatnonzero(staged.reform_day == 0)
    rest = np.flatnonzero(staged.reform_day != 0)
    assert len(pilot) == 1 and len(rest) == 2
    for prefix in ("civic.", "programmes."):
        counts, sq, full = (_by_community(m, prefix) for m in (staged, status_quo, everywhere))
        # not reached: the status quo's hearings, projects and programmes, draw for draw
        assert np.array_equal(counts[rest], sq[rest]), prefix
        assert counts[rest].sum() > 0
        # reached: as if every community had reformed, and not the status quo
        assert np.array_equal(counts[pilot], full[pilot]), prefix
        assert not np.array_equal(counts[pilot], sq[pilot]), prefix
    layout = staged.layout
    online = staged.acc[..., layout["civic.online"]].sum(axis=(0, 2))
    assert online[pilot].sum() > 0 and online[rest].sum() == 0  # online votes only where the reform reached
    b = staged.component(Projects).book
    decided_by = {int(c): set(b.body[(b.community == c) & (b.body >= 0) & (b.micro < 0)]) for c in range(3)}
    assert decided_by[int(pilot[0])] == {COMMITTEE}
    assert all(decided_by[int(c)] == {STREET_OFFICE} for c in rest)
    surveyed = staged.acc[..., layout["programming.households_surveyed"]].sum(axis=(0, 2))
    assert surveyed[pilot].sum() > 0 and surveyed[rest].sum() == 0
