"""One-stop service centre: the department windows merged into one centre with generalist staff.

Plan (docs/plan.md, mechanism 1): 8 department windows are merged into one
centre; a resident can do 7 errands in one visit; the mean wait falls from
40 to 15 minutes.

Effect (``sim.kernels.counter_queue``, the ``MERGED`` switch of the ``counters``
rule): instead of queueing at each department's window in turn, a visitor
joins one first-come-first-served queue served by ``staff`` generalists, the
window clerks redeployed: ``staff = desk_share * 8 * clerks`` per community,
where ``clerks`` is the clerks a department window had (the rest go to the back
office). Like the clerks, ``staff`` is fractional capacity (a fraction is a
part-time generalist, ``sim.components.counters``), so the desks are in
proportion to the residents. They do up to ``max_errands_per_visit`` errands in
one sitting; an errand takes ``generalist_factor`` times a specialist clerk's
time (a generalist switches between departments' systems). Errands beyond the
cap, or after a follow-on errand that needs documents again, wait for another
visit.

State: none beyond the ``counters`` rule and the merged staff per community (``Counters.staff_merged``).
Cost (the common ledger; the clerks' pay is the status quo and is not in it):
``staff_day_yuan`` per generalist per working day, what a generalist costs
beyond the clerk they were (cross-training, allowance), and the refit
``refit_yuan`` per community on its reform day (day 0 unless the reform is rolled out in stages).
Counters: none of its own; the KPIs it moves are the engine's
(``counter_wait_min``, ``errands_per_visit``, ``visits_per_errand``), so both
arms of a comparison have them.
"""

from sim.components.counters import Counters
from sim.kernels import counter_queue as kq
from sim.params import Param
from sim.policies.base import Policy, switch

SECTION = "one_stop"


class OneStop(Policy):
    """One merged service centre; see the module docstring."""

    SECTION = SECTION
    HEADLINE = ("counter_wait_min", "errands_per_visit")  # what it is judged by
    PARAMS = (
        switch(SECTION, "Whether the department windows are merged into one centre with generalist staff.",
               "plan §one-stop service centre (docs/plan.md mechanism 1)"),
        Param(f"{SECTION}.desk_share", 0.625, 0.05, 2.0, "share of the window clerks",
              "calibration: sized to plan §figures' wait of 15 minutes at the merged centre (40 -> 15 "
              "minutes), so that the plan's case waits ~15 minutes (docs/validation.md): the merger puts 5 "
              "of the 8 window clerks at the desks, 3 in the back office",
              "Generalists at the merged desks, as a share of the clerks the department windows had "
              "(a fraction is a part-time generalist).", "lever"),
        Param(f"{SECTION}.max_errands_per_visit", 7, 1, 8, "errands per visit",
              "plan §one-stop service centre: a resident can do 7 errands in one visit",
              "Most errands a generalist does for one visitor in one sitting.", "lever"),
        Param(f"{SECTION}.generalist_factor", 1.35, 0.5, 3.0, "times a specialist's time",
              "assumption: a generalist switches between departments' systems, about a third slower per errand",
              "Time a generalist takes for an errand, relative to the department's own clerk."),
        Param(f"{SECTION}.staff_day_yuan", 80.0, 0.0, 10000.0, "yuan per staff-day",
              "assumption: cross-training and a generalist's allowance, ~20% of a ~400 yuan working day",
              "Extra cost of one generalist-day over the department clerk they were."),
        Param(f"{SECTION}.refit_yuan", 300000.0, 0.0, 1e8, "yuan per community",
              "assumption: refitting a hall with shared desks, a queue-number system and joint back office",
              "One-off cost of turning a community's windows into one centre, on its reform day."),
    )
    PHASES = ("record",)
    COSTS = ("staff", "facilities")  # ledger items (sim.ledger)
    RULES = ("counters",)
    USES = (Counters,)

    def __init__(self, model):
        super().__init__(model)
        counters = model.component(Counters)
        rule = self.rule("counters")
        rule[:, kq.MERGED] = 1.0
        rule[:, kq.MAX_PER_VISIT] = self.p["max_errands_per_visit"]
        rule[:, kq.GENERALIST_FACTOR] = self.p["generalist_factor"]
        clerks = kq.N_WINDOWS * counters.staff_windows
        counters.staff_merged[:] = self.p["desk_share"] * clerks
        self.staff = counters.staff_merged.copy()

    def record(self) -> None:
        m = self.model
        self.spend(self.starting() * self.p["refit_yuan"], item="facilities")
        if m.is_working_day:
            self.spend(self.staff * self.live * self.p["staff_day_yuan"], item="staff")
