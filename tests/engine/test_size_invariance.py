"""Per-capita results do not jump with the simulated size: staff and rooms are fractional capacity.

One neighbourhood at 11,000 and 22,000 residents with one clerk per window per
10,000: 1.1 and 2.2 clerks a window. Rounded up to whole clerks (2 and 3) the
smaller centre would have a third more clerks per resident and the bigger one
would wait longer (it did: 4-7 minutes against 5-7, every seed). In proportion,
the bigger centre waits less, by pooling alone. Programme rooms are split between
kinds in proportion too. The full table at four sizes: ``benchmarks/size_invariance.py``.
"""

import numpy as np
import pytest

from conftest import run, small
from sim.components.counters import Counters
from sim.components.programmes import Programmes

CENTRE = "shanghai-centre-baseline"  # one old neighbourhood, clerks_per_window_per_10k = 1.0


def _run(residents, seed, sets=()):
    return run(small(CENTRE, days=30, residents=residents, seed=seed, sets=sets))


def test_staff_are_in_proportion_to_residents():
    for n, clerks in ((3000, 0.3), (11000, 1.1), (22000, 2.2)):
        counters = _run(n, 1).component(Counters)
        assert counters.staff_windows == pytest.approx([clerks])
    merged = _run(11000, 1, ["one_stop.enabled=true"]).component(Counters)
    assert merged.staff_merged == pytest.approx([0.625 * 8 * 1.1])  # desk_share of the 8 windows' clerks


def test_a_bigger_centre_with_the_same_staff_per_resident_does_not_wait_longer():
    for seed in (1, 2):
        waits = [_run(n, seed).results().kpis()["counter_wait_min"] for n in (11000, 22000)]
        assert waits[1] < waits[0], (seed, waits)
        assert np.all(np.isfinite(waits)) and waits[1] > 0


def test_programme_rooms_are_split_between_kinds_in_proportion_to_residents():
    # Rounded to whole rooms, 3,000 residents got 2 rooms (none for day care) and 6,000 got 5 (one for it).
    top_down = ["programming.enabled=true", "programming.needs_survey=false"]
    hours = []
    for n in (3000, 6000):
        prog = run(small("old-neighbourhood", days=1, residents=n, sets=top_down)).component(Programmes)
        hours.append(np.bincount(prog.fac_kind, weights=prog.fac_hours, minlength=5) / n)
    assert hours[0] == pytest.approx(hours[1]) and np.all(hours[0] > 0)


def test_a_project_reaches_the_same_number_of_adults_in_a_community_of_any_size():
    """A share of the community would let a bigger community's more projects each reach more residents, and
    satisfaction climbed with the simulated size (0.76 -> 0.82 from 0.5x to 4x of baseline)."""
    from sim.components.projects import Projects
    from sim.enums import Group

    reached = []
    for n in (6000, 24000):
        model = _run(n, 1)
        adults = int((model.pop.group != Group.CHILD).sum())
        reached.append(model.component(Projects)._reach(0, -1) * adults)
    assert reached[0] == pytest.approx(reached[1]) == pytest.approx(2000.0)
    tiny = _run(900, 1)
    assert tiny.component(Projects)._reach(0, -1) == 1.0  # at most everyone
