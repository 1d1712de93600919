"""Resource pool: idle venues of schools, hospitals and firms opened off-hours; idle facilities repurposed.

Plan (docs/plan.md, mechanism 13): idle venues of schools, hospitals and firms
are opened to the community off-hours in exchange for services; facilities
idle over 30% are repurposed.

Rules:

1. Venues join the programmes (``sim.components.programmes``) when the model is built:
   per community ``schools_per_10k``, ``hospitals_per_10k`` and
   ``firms_per_10k`` venues per 10,000 residents (a fractional number is a
   venue shared with neighbouring communities), offering
   ``school_hours_per_month``, ``hospital_hours_per_month`` and
   ``firm_hours_per_month`` of venue time each, held as one facility per
   owner type and community. Each hosts what it is built for: a school's classrooms the 4:30
   class, a hospital's rooms health checks, a firm's canteen elderly meals.
2. Utilisation is tracked per facility each month (``sim.components.programmes``:
   ``used hours / hours``); a facility (the community's own rooms included)
   idle more than ``idle_threshold`` in ``review_months`` months in a row is
   repurposed, at the next month's end before the programmes run
   (``institutions`` phase), to the kind whose unserved seekers last month it
   would seat most of (``Programmes.most_wanted``); its idle count restarts.
   It stays as it is where that would not seat more residents than it
   displaces: ``gain = min(unserved[new], seats[new]) - max(0, used - spare)``,
   with ``spare`` the seats left empty last month in the other facilities of
   its current kind in the community. Facilities are reviewed in turn, and
   ``unserved`` counts down the seekers those repurposed before it in the month
   will seat (and up those they displace), so several idle rooms do not all
   turn to the same waiting list.

Staged roll-out: the venues are held in every community's facilities from
the start but offer seats only where the reform has reached
(``Programmes.fac_open``); only those communities' facilities are repurposed
(idle months are counted everywhere, by the world's programmes), and hours,
agreements and counters are charged and counted there only.

State: the programmes (``sim.components.programmes``), ``venues`` (the facility indexes it added) and
``agreements`` (venues per community).
Costs (each month's end): ``yuan_per_venue_hour`` for every pooled
venue-hour (the services the community gives in exchange: cleaning,
security, insurance), ``agreement_yuan_per_venue_year / 12`` per venue, and
``repurpose_yuan`` per facility repurposed.
Counters (community level, group 0): ``venue_hours`` pooled, ``repurposed``.
KPIs: ``pool_venue_hours``, ``facilities_repurposed``; what it changes shows
in the world's ``venue_utilisation`` and ``programme_served_share``
(``sim.components.programmes``).
"""

import numpy as np

from sim import calendar
from sim.kernels import programmes as kprog
from sim.params import declarer
from sim.components.programmes import FIRM, HOSPITAL, SCHOOL, Programmes
from sim.policies.base import Policy, switch
from sim.indicators import Indicator

SECTION = "resource_pool"

_S = f"{SECTION}."


_p = declarer(SECTION)


PARAMS = (
    switch(SECTION, "Whether idle venues of schools, hospitals and firms are pooled and idle facilities repurposed.",
           "plan §resource pool (docs/plan.md mechanism 13)"),
    _p("schools_per_10k", 1.0, 0.0, 100.0, "venues per 10,000 residents",
       "assumption: about one school per community of ~8,000-10,000 (MCA: ~8,000 residents a community)",
       "Schools per 10,000 residents that open classrooms off-hours.", "lever"),
    _p("hospitals_per_10k", 0.5, 0.0, 100.0, "venues per 10,000 residents",
       "assumption: a community health centre serves about two communities",
       "Hospitals or health centres per 10,000 residents that open rooms off-hours.", "lever"),
    _p("firms_per_10k", 1.0, 0.0, 100.0, "venues per 10,000 residents",
       "assumption: one firm with a canteen or hall near each community",
       "Firms per 10,000 residents that open their canteen or hall off-hours.", "lever"),
    _p("school_hours_per_month", 300.0, 0.0, 5000.0, "venue-hours per school per month",
       "assumption: six classrooms for 2 hours after school on 22 school days, plus a hall at weekends",
       "Off-hours venue time a pooled school offers a month."),
    _p("hospital_hours_per_month", 60.0, 0.0, 5000.0, "venue-hours per hospital per month",
       "assumption: a consulting room for 2 hours on 30 evenings or weekend mornings",
       "Off-hours venue time a pooled hospital or health centre offers a month."),
    _p("firm_hours_per_month", 120.0, 0.0, 5000.0, "venue-hours per firm per month",
       "assumption: a staff canteen or hall for 4 hours on 30 days",
       "Off-hours venue time a pooled firm offers a month."),
    _p("yuan_per_venue_hour", 30.0, 0.0, 10000.0, "yuan per venue-hour",
       "assumption: the community's services in exchange (cleaning, security, insurance) valued at ~30 yuan "
       "an hour, half a market rent", "Cost of a pooled venue-hour."),
    _p("agreement_yuan_per_venue_year", 5000.0, 0.0, 1e7, "yuan per venue per year",
       "assumption: drafting and managing a sharing agreement", "Yearly cost of one venue agreement."),
    _p("idle_threshold", 0.3, 0.0, 1.0, "share of venue time",
       "plan §resource pool: facilities idle over 30% are repurposed",
       "Idle share above which a facility counts as idle for a month (1: never).", "lever"),
    _p("review_months", 3, 1, 36, "months",
       "assumption: a quarter's utilisation review before a facility is repurposed",
       "Months in a row a facility must be idle before it is repurposed.", "lever"),
    _p("repurpose_yuan", 10000.0, 0.0, 1e7, "yuan per facility",
       "assumption: refitting a room (furniture, kitchen or equipment) for another programme",
       "Cost of repurposing one facility."),
)

INDICATORS = (
    Indicator("pool_venue_hours", (_S + "venue_hours",), None, "venue-hours",
              "Venue-hours of schools, hospitals and firms opened to the community", by_group=False),
    Indicator("facilities_repurposed", (_S + "repurposed",), None, "facilities",
              "Facilities repurposed after being idle", by_group=False),
)


class ResourcePool(Policy):
    """Resource pool; see the module docstring."""

    SECTION = SECTION
    HEADLINE = ("venue_utilisation", "facilities_repurposed")  # what it is judged by
    PARAMS = PARAMS
    PHASES = ("institutions", "programmes")
    COSTS = ("facilities", "programmes")  # ledger items (sim.ledger)
    COUNTERS = ("venue_hours", "repurposed")
    INDICATORS = INDICATORS
    USES = (Programmes,)

    def __init__(self, model):
        super().__init__(model)
        p, prog = self.p, model.component(Programmes)
        self.prog = prog
        per_10k = prog.residents / 1e4
        self.agreements = np.zeros(prog.n_comm)
        venues = []
        for owner, name, kind in ((SCHOOL, "school", kprog.AFTER_SCHOOL), (HOSPITAL, "hospital", kprog.HEALTH_CHECK),
                                  (FIRM, "firm", kprog.MEALS)):
            n = p[f"{name}s_per_10k"] * per_10k
            hours = n * p[f"{name}_hours_per_month"]
            has = np.flatnonzero(hours > 0)
            venues.append(prog.add_facilities(has, hours[has], owner, kind))
            self.agreements += n
        self.venues = np.concatenate(venues)
        self.repurposed = 0

    def institutions(self) -> None:
        m, prog = self.model, self.prog
        if not calendar.month_ends(m.day):
            return
        due = (prog.fac_idle_months >= self.p["review_months"]) & self.live[prog.fac_comm]
        waiting = prog.last_unserved.copy()  # less those a facility repurposed this month will seat
        for f in np.flatnonzero(due):  # a few facilities a month
            c = int(prog.fac_comm[f])
            kind = prog.most_wanted(c, prog.fac_hours[f], unserved=waiting)
            if kind < 0 or kind == prog.fac_kind[f] or self._gain(f, kind, waiting) <= 0:
                continue  # nobody waits for what it could host instead: it stays as it is
            waiting[c, kind] -= min(waiting[c, kind], np.floor(prog.fac_hours[f] / prog.hours_per_seat[kind]))
            waiting[c, prog.fac_kind[f]] += self._displaced(f)
            prog.fac_kind[f] = kind
            prog.fac_idle_months[f] = 0
            m.acc[m.day, c, 0, self.slot("repurposed")] += 1.0
            self.spend(self.p["repurpose_yuan"], community=c, item="facilities")
            self.repurposed += 1

    def _gain(self, f: int, kind: int, waiting: np.ndarray) -> float:
        """Residents seated if facility ``f`` hosted ``kind``: the ``waiting`` it would seat, less its users
        that its kind's other facilities in the community could not take in."""
        prog = self.prog
        seated = min(waiting[prog.fac_comm[f], kind], np.floor(prog.fac_hours[f] / prog.hours_per_seat[kind]))
        return seated - self._displaced(f)

    def _displaced(self, f: int) -> float:
        """Users of facility ``f`` that its kind's other facilities in the community could not take in."""
        prog = self.prog
        c, old = prog.fac_comm[f], prog.fac_kind[f]
        spare = prog.last_seats[c, old] - prog.last_attended[c, old] - (prog.fac_seats()[f] - prog.fac_used[f])
        return max(0.0, prog.fac_used[f] - spare)

    def programmes(self) -> None:
        """After the month's programmes: the pooled venues' hours and agreements are paid."""
        m, prog = self.model, self.prog
        if not calendar.month_ends(m.day):
            return
        live = self.live
        hours = np.bincount(prog.fac_comm[self.venues], weights=prog.fac_hours[self.venues], minlength=prog.n_comm)
        hours = np.where(live, hours, 0.0)
        m.acc[m.day, :, 0, self.slot("venue_hours")] += hours
        agreements = np.where(live, self.agreements, 0.0) * self.p["agreement_yuan_per_venue_year"] / 12
        self.spend(hours * self.p["yuan_per_venue_hour"] + agreements, item="programmes")

    def check_invariants(self):
        if np.any(self.prog.fac_hours[self.venues] < 0):
            return "a pooled venue has negative hours"
        return None
