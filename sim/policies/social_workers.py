"""People: professional social workers and training for community workers.

Plan (docs/plan.md, mechanism 16): at least 18 professional social workers per
10,000 urban residents; 1,000 community workers trained a year; in one street
office only 3 of 12 staff had social-work training.

The engine's committees and civil-affairs staff work at the status quo:
``baseline_per_10k`` social workers (MCA 2022: 6.6) and a trained share of
``trained_share_initial`` (the plan's 3 of 12). This mechanism

- staffs ``per_10k`` social workers; each one beyond the baseline adds
  ``requests_per_worker_day`` to the residents' committee's capacity;
- trains ``trained_per_10k_year`` community workers a year (of
  ``staff_per_10k``), so the trained share grows month by month;
- raises the chance that the committee and civil affairs resolve a request
  at a sitting (their columns of the ``resolve`` rule), in proportion to the
  trained share's gain:

      q = q0 + (resolve_prob_trained - q0) * (share - share0) / (1 - share0)

State: the trained share per community. Cost: salaries of the added social
workers and training per worker trained. Counters: the trained share (a
community-level snapshot).

Staged roll-out: only where the reform has reached. A community's social
workers join its committee from its reform day (capacity set the evening
before, for the next day's work), its training starts then, so its trained
share counts ``days`` from its own reform day; salaries, training and the
counters are those of reformed communities only.
"""

import numpy as np

from sim.enums import HandlerKind
from sim.institutions.handlers import Institutions
from sim.params import Param
from sim.policies.base import Policy, switch
from sim.indicators import Indicator

SECTION = "social_workers"


class SocialWorkers(Policy):
    """Social workers and training; see the module docstring."""

    SECTION = SECTION
    HEADLINE = ("social_workers_trained_share", "close_days")  # what it is judged by
    PARAMS = (
        switch(SECTION, "Whether communities staff professional social workers and train their workers.",
               "plan §people (docs/plan.md mechanism 16)"),
        Param(f"{SECTION}.per_10k", 18.0, 0.0, 100.0, "social workers per 10,000 residents",
              "plan §people: at least 18 professional social workers per 10,000 urban residents",
              "Professional social workers staffed.", "lever"),
        Param(f"{SECTION}.baseline_per_10k", 6.6, 0.0, 100.0, "social workers per 10,000 residents",
              "MCA (2022): ~6.6 certified social workers per 10,000 people",
              "Social workers before the reform (the status quo the engine's capacities assume).", "structure"),
        Param(f"{SECTION}.requests_per_worker_day", 1.5, 0.0, 20.0, "requests per working day",
              "assumption: casework leaves a social worker time for one or two community requests a day",
              "Committee requests an added social worker handles a working day."),
        Param(f"{SECTION}.staff_per_10k", 28.0, 1.0, 200.0, "community workers per 10,000 residents",
              "MCA (2020): ~1 community worker per 350 residents", "Community workers to be trained.",
              "structure"),
        Param(f"{SECTION}.trained_share_initial", 0.25, 0.0, 1.0, "share",
              "plan §people: in one street office only 3 of 12 staff had social-work training",
              "Share of community workers trained before the reform.", "structure"),
        Param(f"{SECTION}.trained_per_10k_year", 1.0, 0.0, 50.0, "workers per 10,000 residents per year",
              "plan §people: 1,000 community workers trained a year; assumption: a city of ~10 M residents",
              "Community workers trained a year.", "lever"),
        Param(f"{SECTION}.resolve_prob_trained", 0.9, 0.01, 1.0, "probability",
              "assumption: trained staff settle most disputes and care requests at the first sitting",
              "Chance a fully trained committee or civil-affairs office resolves a request at a sitting."),
        Param(f"{SECTION}.salary_yuan_year", 80000.0, 0.0, 1e6, "yuan per social worker-year",
              "assumption: a community social worker's yearly pay and overheads",
              "Cost of one added social worker for a year."),
        Param(f"{SECTION}.training_yuan", 3000.0, 0.0, 1e5, "yuan per worker trained",
              "assumption: a short certified course", "Cost of training one community worker."),
    )
    PHASES = ("before_day", "record")
    COSTS = ("staff", "training")  # ledger items (sim.ledger)
    RULES = ("resolve",)
    USES = (Institutions,)  # the committees' capacity
    COUNTERS = ("trained_x_residents", "residents")
    INDICATORS = (
        Indicator("social_workers_trained_share", (f"{SECTION}.trained_x_residents",), (f"{SECTION}.residents",),
                  "share", "Share of community workers with social-work training", snapshot=True,
                  by_group=False),
    )

    def __init__(self, model):
        super().__init__(model)
        self.residents = np.diff(model.pop.community_start).astype(np.float64)
        added = max(0.0, self.p["per_10k"] - self.p["baseline_per_10k"])
        self.added_workers = added * self.residents / 1e4
        self._staff(model.reform_day <= model.day)  # reformed when the run starts: they work with them from the start
        self.share0 = self.p["trained_share_initial"]
        self.share = np.full(len(self.residents), self.share0)
        self.q0 = self.rule("resolve")[:, [HandlerKind.COMMITTEE, HandlerKind.CIVIL_AFFAIRS]].copy()

    def _staff(self, joining: np.ndarray) -> None:
        """Add the social workers of the communities in ``joining`` to their committees' capacity."""
        t = self.model.handlers
        rows = (t.kind == HandlerKind.COMMITTEE) & joining[t.community]  # later policies may add handlers
        t.base_capacity[rows] += self.added_workers[t.community[rows]] * self.p["requests_per_worker_day"]

    def before_day(self) -> None:
        live = self.live
        rate = self.p["trained_per_10k_year"] / self.p["staff_per_10k"]
        self.share = np.minimum(1.0, self.share0 + rate * self.days_reformed() / 365.0)
        gain = (self.share - self.share0) / (1.0 - self.share0) if self.share0 < 1 else np.zeros_like(self.share)
        self.rule("resolve")[:, [HandlerKind.COMMITTEE, HandlerKind.CIVIL_AFFAIRS]] = (
            self.q0 + (self.p["resolve_prob_trained"] - self.q0) * gain[:, None])
        training = np.where(self.share < 1.0, self.p["trained_per_10k_year"] * self.residents / 1e4 / 365.0, 0.0)
        self.spend(np.where(live, self.added_workers * self.p["salary_yuan_year"] / 365.0, 0.0), item="staff")
        self.spend(np.where(live, training * self.p["training_yuan"], 0.0), item="training")

    def record(self) -> None:
        m = self.model
        acc = m.acc[m.day]
        acc[:, 0, self.slot("trained_x_residents")] = np.where(self.live, self.share * self.residents, 0.0)
        acc[:, 0, self.slot("residents")] = np.where(self.live, self.residents, 0.0)
        self._staff(self.starting(ahead=1))  # tomorrow's capacity is released before anyone acts
