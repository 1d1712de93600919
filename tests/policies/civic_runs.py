"""Shared settings for the deliberation mechanisms' tests (participation, committee, courtyards)."""

import numpy as np

from conftest import run, small
from sim.components.projects import DONE, REJECTED, WORKS, Projects

# Small communities get a few proposals a month and money for about one project a month each, so that
# projects compete for money within a test's months (real communities of ~8,000 do at the defaults).
PROJECTS = ["civic.budget_yuan_per_resident_year=300", "civic.proposals_per_10k_month=40"]
NO_LEVERS = ["participation.enabled=true", "participation.points_yuan_per_participation=0",
             "participation.online_voting=false", "participation.observers_per_1000_adults=0"]
SEEDS = (1, 2, 3)


def model(sets, seed=1, days=240, residents=4000, validate=False):
    return run(small(days=days, residents=residents, seed=seed, sets=PROJECTS + list(sets)), validate=validate)


def book_stats(m) -> dict:
    """Decision days and kinds of the run's projects, from the civic book."""
    b = m.component(Projects).book
    # proposals made in the run (from day 0): those of the warm-up waited under the status quo's cadence
    decided = ((b.state == WORKS) | (b.state == DONE) | (b.state == REJECTED)) & (b.proposed >= 0)
    built = (b.state == WORKS) | (b.state == DONE)
    return {"decision_days": float((b.decided - b.proposed)[decided & (b.micro < 0)].mean()),
            "kinds": np.bincount(b.kind[built], minlength=5)}
