"""Digital inclusion: literacy spreads through classes and from peers; manual windows kept or closed.

Plan (docs/plan.md, mechanism 7): 70% of elderly in one Beijing community could
not use a smartphone; a 2 M yuan smart-care platform had under 30 daily
users. Keep manual windows, run digital-help classes (volunteers, students),
print large-print manuals.

Responsibilities and formulas (``sim.kernels.learning``):

- peer learning (``residents`` phase, daily): an adult who cannot use an app
  (literacy <= 0.5) learns with probability 1 - exp(-(p + q * s) / 365),
  s = household_weight * s_household + (1 - household_weight) * s_grid, the
  shares of app-able adults among the other adults of the household and of
  the grid (the Bass form; p = ``peer_p_per_year``, q = ``peer_q_per_year``);
  a learner's literacy becomes ``learned_literacy``. The engine has no
  learning of its own, so peer learning runs only while this mechanism is on:
  to measure the classes alone, compare with ``class_seats_per_month_per_10k = 0``.
- large-print manuals (lever): on day 0 (the community's reform day) every elderly resident gets one; the
  elderly's self-learning rate p becomes p * (1 + manual_self_learning_boost).
- classes (``periodic`` phase, on the last day of each 30-day month): seats =
  min(class_seats_per_month_per_10k, volunteer_hours_per_month_per_10k /
  volunteer_hours_per_seat) * residents / 10,000 per community (fractions
  carried to the next month); attendees are drawn among the elderly who cannot
  use an app, and gain ``class_literacy_gain``.
- manual windows (lever): closed, the walk-in channel is unavailable in
  every community (the ``channels_open`` rule's ``WALKIN`` column).

Who is excluded (``intake`` phase): a need is *digitally excluded* when its
resident can use neither the app (literacy <= 0.5, or no app offered in the
community) nor a manual window (windows closed by this lever, or the
resident semi-disabled or disabled), leaving only the hotline and the grid
worker. Weekend closures do not count: the windows reopen on Monday.

Cost: class materials and volunteers' allowances per seat; manuals per copy.
Counters: ``learned_peer``, ``class_seats``, ``class_able`` (attendees now
able), ``excluded`` and ``excluded_unmet`` (needs), and snapshots ``app_able`` /
``adults`` and ``elderly_able`` / ``elderly``, all by group.
Checks: class attendees never exceed seats offered; the peer counts the
kernels (learning and classes) keep equal a recount (anything else that
changes literacy must recount with ``sim.kernels.learning.peer_counts``).

Staged roll-out: everything happens in reformed communities only, from their
reform day: residents learn from peers there (peers anywhere in their grid
teach), manuals are handed out on the reform day, seats accrue from it (the
classes keep the city's 30-day calendar), closed manual windows close there,
and the counters count there; unreformed communities keep the status quo.
"""

import numpy as np

from sim import calendar
from sim.components.intake import Intake
from sim.enums import Channel, Group, HealthTier
from sim.kernels import slots
from sim.kernels.aggregate import count_by_group
from sim.kernels.inclusion import count_excluded
from sim.kernels.learning import ABLE, classes, learn, new_counts
from sim.params import Param
from sim.policies.base import Policy, switch
from sim.indicators import Indicator

SECTION = "digital_inclusion"
_PLAN = "plan §digital inclusion (docs/plan.md mechanism 7)"
_ELDERLY = (Group.ELDERLY_ALONE, Group.ELDERLY_FAMILY)


class DigitalInclusion(Policy):
    """Peer learning, classes, manuals and manual windows; see the module docstring."""

    SECTION = SECTION
    PARAMS = (
        switch(SECTION, "Whether digital literacy is taught and spreads, and manual windows are a choice.", _PLAN),
        Param(f"{SECTION}.peer_p_per_year", 0.01, 0.0, 5.0, "per year",
              "assumption: few elderly teach themselves; with q, ~5-7% of elderly non-users learn a year, "
              "in line with 60+ internet use rising a few points a year (CNNIC)",
              "Bass innovation rate: learning without app-able peers."),
        Param(f"{SECTION}.peer_q_per_year", 0.10, 0.0, 5.0, "per year at peer share 1",
              "assumption: learning mostly comes from family and neighbours (Bass imitation); sized with p",
              "Bass imitation rate: learning from app-able peers."),
        Param(f"{SECTION}.household_weight", 0.5, 0.0, 1.0, "weight",
              "assumption: family members teach as much as the whole grid's neighbours together",
              "Weight of the household's peers (vs the grid's) in the peer share."),
        Param(f"{SECTION}.learned_literacy", 0.6, 0.51, 1.0, "0-1 scale",
              "assumption: someone who has just learned is barely able (threshold 0.5)",
              "Literacy of a resident who has learned from peers."),
        Param(f"{SECTION}.class_seats_per_month_per_10k", 20.0, 0.0, 2000.0,
              "seats per month per 10,000 residents",
              "plan §digital inclusion: digital-help classes; assumption: two classes of ten a month "
              "per 10,000 residents", "Class seats offered a month.", "lever"),
        Param(f"{SECTION}.volunteer_hours_per_month_per_10k", 30.0, 0.0, 100000.0,
              "volunteer-hours per month per 10,000 residents",
              "MCA (2019): 8.6% of people registered volunteers; Ningbo (2022): ~4 hours a year each, "
              "~290 hours a month per 10,000 residents; assumption: a tenth goes to digital help",
              "Volunteer and student hours available for classes.", "lever"),
        Param(f"{SECTION}.volunteer_hours_per_seat", 1.2, 0.01, 100.0, "volunteer-hours per seat",
              "assumption: a course of three 2-hour sessions, two volunteers or students, ten attendees",
              "Volunteer time one class seat takes."),
        Param(f"{SECTION}.class_literacy_gain", 0.3, 0.0, 1.0, "0-1 scale",
              "assumption: about half of the elderly who attend can use the app afterwards",
              "Literacy an attendee gains."),
        Param(f"{SECTION}.class_materials_yuan_per_seat", 30.0, 0.0, 10000.0, "yuan per seat",
              "assumption: printed handouts and practice materials",
              "Materials for one class seat."),
        Param(f"{SECTION}.volunteer_allowance_yuan_per_hour", 20.0, 0.0, 1000.0, "yuan per volunteer-hour",
              "assumption: transport and meal allowance for volunteers and students",
              "Allowance paid per volunteer-hour of teaching."),
        Param(f"{SECTION}.large_print_manuals", False, None, None, "switch",
              "plan §digital inclusion: large-print manuals", "Whether every elderly resident gets a "
              "large-print manual on day 0.", "lever"),
        Param(f"{SECTION}.manual_self_learning_boost", 0.5, 0.0, 10.0, "share of p",
              "assumption: a manual helps self-teaching a little (a small effect)",
              "Relative rise of the elderly's self-learning rate with a manual."),
        Param(f"{SECTION}.manual_yuan_per_copy", 10.0, 0.0, 1000.0, "yuan per copy",
              "assumption: printing a short large-print booklet", "Cost of one manual."),
        Param(f"{SECTION}.manual_windows", True, None, None, "switch",
              "plan §digital inclusion: keep manual windows",
              "Whether walk-in service windows stay open (false: digital only).", "lever"),
    )
    PHASES = ("before_day", "residents", "intake", "periodic", "record")
    RULES = ("channels_open",)  # closes the walk-in channel where manual windows go
    USES = (Intake,)  # the channels offered; today's requests
    COUNTERS = ("learned_peer", "class_seats", "class_able", "excluded", "excluded_unmet",
                "app_able", "adults", "elderly_able", "elderly")
    INDICATORS = (
        Indicator("elderly_app_able_share", (f"{SECTION}.elderly_able",), (f"{SECTION}.elderly",), "share",
                  "Share of elderly residents able to use an app (literacy > 0.5), last day", snapshot=True),
        Indicator("app_able_share", (f"{SECTION}.app_able",), (f"{SECTION}.adults",), "share",
                  "Share of adult residents able to use an app, last day", snapshot=True),
        Indicator("digitally_excluded_share", (f"{SECTION}.excluded",), (slots.NEEDS,), "share",
                  "Share of needs whose resident could use neither the app nor a manual window"),
        Indicator("excluded_unmet_share", (f"{SECTION}.excluded_unmet",), (f"{SECTION}.excluded",), "share",
                  "Share of digitally excluded needs that reached no channel"),
        Indicator("class_attendance", (f"{SECTION}.class_seats",), None, "seats", "Class seats taken"),
        Indicator("class_able_share", (f"{SECTION}.class_able",), (f"{SECTION}.class_seats",), "share",
                  "Share of class attendees able to use an app afterwards"),
        Indicator("peer_learned", (f"{SECTION}.learned_peer",), None, "residents",
                  "Residents who learned to use an app from peers or on their own"),
    )

    def __init__(self, model):
        super().__init__(model)
        pop, p = model.pop, self.p
        self._intake = model.component(Intake)
        if not p["manual_windows"]:
            self.rule("channels_open")[:, Channel.WALKIN] = 0.0
        self.shape = model.acc.shape[1:3]
        self.peers = new_counts(pop.literacy, pop.group, pop.household, pop.grid, pop.community, self.shape[0])
        self.learned = np.zeros(pop.n, dtype=np.bool_)
        self.reached = np.zeros(pop.n, dtype=np.bool_)
        self.learners = np.zeros(self.shape)
        boost = 1.0 + (p["manual_self_learning_boost"] if p["large_print_manuals"] else 0.0)
        self.p_day = np.full(len(Group), p["peer_p_per_year"] / 365.0)
        self.p_day[list(_ELDERLY)] *= boost
        self.q_day = p["peer_q_per_year"] / 365.0
        residents = np.diff(pop.community_start).astype(np.float64)
        per_10k = min(p["class_seats_per_month_per_10k"],
                      p["volunteer_hours_per_month_per_10k"] / p["volunteer_hours_per_seat"])
        self.seats_month = per_10k * residents / 10_000.0
        self.carry = np.zeros_like(self.seats_month)
        self.seats_offered = 0.0
        adult = pop.group != Group.CHILD
        self.elderly = np.isin(pop.group, _ELDERLY)
        self.adults_n = count_by_group(pop.community, pop.group, adult, *self.shape)
        self.elderly_n = count_by_group(pop.community, pop.group, self.elderly, *self.shape)
        self.counts = np.zeros((*self.shape, 2))

    def before_day(self) -> None:
        starting = self.starting()
        if self.p["large_print_manuals"] and starting.any():
            copies = self.elderly_n.sum(axis=1)
            self.spend(np.where(starting, copies * self.p["manual_yuan_per_copy"], 0.0))

    def residents(self) -> None:
        m, pop = self.model, self.model.pop
        if not self.live.any():
            return
        learn(m.key("digital_inclusion.peer"), pop.literacy, pop.group, pop.household, pop.grid, pop.community,
              self.live, self.peers, self.p_day, self.q_day, self.p["household_weight"], self.p["learned_literacy"],
              self.learned, self.learners)
        m.acc[m.day][..., self.slot("learned_peer")] += self.learners

    def intake(self) -> None:
        m, pop, q = self.model, self.model.pop, self.model.requests
        self.counts[:] = 0.0
        new = q.resident[self._intake.today]  # today's requests: the needs that reached a channel
        avail = self._intake.available()
        count_excluded(m.today_who, new, pop.community, pop.group, pop.health, pop.literacy, ABLE,
                       int(HealthTier.SEMI_DISABLED), avail[:, Channel.APP], avail[:, Channel.WALKIN],
                       self.reached, self.counts)
        self.counts[~self.live] = 0.0  # the status quo's exclusion is not this mechanism's to count
        acc = m.acc[m.day]
        acc[..., self.slot("excluded")] += self.counts[..., 0]
        acc[..., self.slot("excluded_unmet")] += self.counts[..., 1]

    def periodic(self) -> None:
        m, pop = self.model, self.model.pop
        if not calendar.month_ends(m.day):
            return
        self.carry += np.where(self.live, self.seats_month, 0.0)
        seats = np.floor(self.carry + 1e-9).astype(np.int64)
        self.carry -= seats
        self.seats_offered += float(seats.sum())
        self.counts[:] = 0.0
        hh_able, _, grid_able, _, able = self.peers
        classes(m.key("digital_inclusion.class"), pop.community_start, seats, pop.literacy, pop.group,
                self.p["class_literacy_gain"], self.counts, pop.household, pop.grid, hh_able, grid_able, able)
        acc = m.acc[m.day]
        acc[..., self.slot("class_seats")] += self.counts[..., 0]
        acc[..., self.slot("class_able")] += self.counts[..., 1]
        taken = self.counts[..., 0].sum(axis=1)
        self.spend(taken * (self.p["class_materials_yuan_per_seat"]
                            + self.p["volunteer_hours_per_seat"] * self.p["volunteer_allowance_yuan_per_hour"]))

    def record(self) -> None:
        m = self.model
        acc = m.acc[m.day]
        live = self.live[:, None]
        able = self.peers[-1]  # app-able residents per (community, group), kept by the learning kernels
        acc[..., self.slot("app_able")] = np.where(live, able, 0.0)
        acc[..., self.slot("adults")] = np.where(live, self.adults_n, 0.0)
        elderly = list(_ELDERLY)
        acc[:, elderly, self.slot("elderly_able")] = np.where(live, able[:, elderly], 0.0)
        acc[..., self.slot("elderly")] = np.where(live, self.elderly_n, 0.0)

    def check_invariants(self):
        m = self.model
        taken = m.acc[: m.day + 1, ..., self.slot("class_seats")].sum()
        if taken > self.seats_offered + 1e-9:
            return f"{taken} class seats taken, only {self.seats_offered} offered"
        pop = m.pop
        fresh = new_counts(pop.literacy, pop.group, pop.household, pop.grid, pop.community, self.shape[0])
        if not all(np.array_equal(kept, new) for kept, new in zip(self.peers, fresh)):
            return "peer counts differ from a recount (literacy changed outside this mechanism's kernels)"
        excluded = m.acc[: m.day + 1, ..., self.slot("excluded")].sum()
        if m.acc[: m.day + 1, ..., self.slot("excluded_unmet")].sum() > excluded:
            return "more excluded needs unmet than excluded"
        return None
