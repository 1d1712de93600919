"""Digital inclusion: digital-help classes, large-print manuals, manual windows kept or closed.

Plan (docs/plan.md, mechanism 7): 70% of elderly in one Beijing community could
not use a smartphone; a 2 M yuan smart-care platform had under 30 daily
users. Keep manual windows, run digital-help classes (volunteers, students),
print large-print manuals.

Residents learn from their peers in every scenario (the engine's peer
learning, ``sim.components.learning``), and needs are counted as digitally
excluded in every scenario (``sim.components.exclusion``); this mechanism
changes them where it acts:

- large-print manuals (lever): on the community's reform day every elderly
  resident gets one; the elderly's self-learning rate p (their columns of the
  ``learning`` rule) becomes p * (1 + manual_self_learning_boost).
- classes (``periodic`` phase, on the last day of each 30-day month): seats =
  min(class_seats_per_month_per_10k, volunteer_hours_per_month_per_10k /
  volunteer_hours_per_seat) * residents / 10,000 per community (fractions
  carried to the next month); attendees are drawn among the elderly who cannot
  use an app (stream ``digital_inclusion.class``), and gain
  ``class_literacy_gain``; the peer counts of the learning component gain those
  now able (``sim.kernels.learning.classes``), so they teach their peers.
- manual windows (lever): closed, the walk-in channel is unavailable (the
  ``channels_open`` rule's ``WALKIN`` column), which the exclusion count sees.

Cost: class materials and volunteers' allowances per seat; manuals per copy.
Counters: ``class_seats``, ``class_able`` (attendees now able), by group.
Checks: class attendees never exceed seats offered.

Staged roll-out: everything happens in reformed communities only, from their
reform day: manuals are handed out (and raise the self-learning rate) from
the reform day, seats accrue from it (the classes keep the city's 30-day
calendar), closed manual windows close there, and the counters count there;
unreformed communities keep the status quo. Peers anywhere learn and teach as
in the status quo, drawing from the learning component's own stream, so
switching this mechanism on with no classes and no manuals changes nothing.
"""

import numpy as np

from sim import calendar
from sim.components.learning import Learning
from sim.enums import Channel, Group
from sim.kernels.aggregate import count_by_group
from sim.kernels.learning import classes
from sim.params import Param
from sim.policies.base import Policy, switch
from sim.indicators import Indicator

SECTION = "digital_inclusion"

_PLAN = "plan §digital inclusion (docs/plan.md mechanism 7)"
_ELDERLY = (Group.ELDERLY_ALONE, Group.ELDERLY_FAMILY)


class DigitalInclusion(Policy):
    """Classes, manuals and manual windows; see the module docstring."""

    SECTION = SECTION
    HEADLINE = ("elderly_app_able_share", "digitally_excluded_share")  # what it is judged by
    PARAMS = (
        switch(SECTION, "Whether digital literacy is taught (classes, manuals) and manual windows are a choice.",
               _PLAN),
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
              "large-print manual on the reform day (day 0 without a roll-out).", "lever"),
        Param(f"{SECTION}.manual_self_learning_boost", 0.5, 0.0, 10.0, "share of p",
              "assumption: a manual helps self-teaching a little (a small effect)",
              "Relative rise of the elderly's self-learning rate with a manual."),
        Param(f"{SECTION}.manual_yuan_per_copy", 10.0, 0.0, 1000.0, "yuan per copy",
              "assumption: printing a short large-print booklet", "Cost of one manual."),
        Param(f"{SECTION}.manual_windows", True, None, None, "switch",
              "plan §digital inclusion: keep manual windows",
              "Whether walk-in service windows stay open (false: digital only).", "lever"),
    )
    PHASES = ("before_day", "periodic")
    COSTS = ("training", "staff")  # ledger items (sim.ledger)
    RULES = ("channels_open", "learning")  # walk-in windows closed; the elderly's self-learning rate raised
    USES = (Learning,)  # classes add their learners to its peer counts
    COUNTERS = ("class_seats", "class_able")
    INDICATORS = (
        Indicator("class_attendance", (f"{SECTION}.class_seats",), None, "seats", "Class seats taken"),
        Indicator("class_able_share", (f"{SECTION}.class_able",), (f"{SECTION}.class_seats",), "share",
                  "Share of class attendees able to use an app afterwards"),
    )

    def __init__(self, model):
        super().__init__(model)
        pop, p = model.pop, self.p
        self.learning = model.component(Learning)
        if not p["manual_windows"]:
            self.rule("channels_open")[:, Channel.WALKIN] = 0.0
        if p["large_print_manuals"]:  # in force from each community's reform day, when the manuals arrive
            self.rule("learning")[:, list(_ELDERLY)] *= 1.0 + p["manual_self_learning_boost"]
        self.shape = model.acc.shape[1:3]
        residents = np.diff(pop.community_start).astype(np.float64)
        per_10k = min(p["class_seats_per_month_per_10k"],
                      p["volunteer_hours_per_month_per_10k"] / p["volunteer_hours_per_seat"])
        self.seats_month = per_10k * residents / 10_000.0
        self.carry = np.zeros_like(self.seats_month)
        self.seats_offered = 0.0
        elderly = np.isin(pop.group, _ELDERLY)
        self.elderly_n = count_by_group(pop.community, pop.group, elderly, *self.shape).sum(axis=1)
        self.counts = np.zeros((*self.shape, 2))

    def before_day(self) -> None:
        starting = self.starting()
        if self.p["large_print_manuals"] and starting.any():
            self.spend(np.where(starting, self.elderly_n * self.p["manual_yuan_per_copy"], 0.0), item="training")

    def periodic(self) -> None:
        m, pop = self.model, self.model.pop
        if not calendar.month_ends(m.day):
            return
        self.carry += np.where(self.live, self.seats_month, 0.0)
        seats = np.floor(self.carry + 1e-9).astype(np.int64)
        self.carry -= seats
        self.seats_offered += float(seats.sum())
        self.counts[:] = 0.0
        hh_able, _, grid_able, _, able = self.learning.peers
        classes(m.key("digital_inclusion.class"), pop.community_start, seats, pop.literacy, pop.group,
                self.p["class_literacy_gain"], self.counts, pop.household, pop.grid, hh_able, grid_able, able)
        acc = m.acc[m.day]
        acc[..., self.slot("class_seats")] += self.counts[..., 0]
        acc[..., self.slot("class_able")] += self.counts[..., 1]
        taken = self.counts[..., 0].sum(axis=1)
        self.spend(taken * self.p["class_materials_yuan_per_seat"], item="training")
        self.spend(taken * self.p["volunteer_hours_per_seat"] * self.p["volunteer_allowance_yuan_per_hour"],
                   item="staff")

    def check_invariants(self):
        m = self.model
        taken = m.acc[: m.day + 1, ..., self.slot("class_seats")].sum()
        if taken > self.seats_offered + 1e-9:
            return f"{taken} class seats taken, only {self.seats_offered} offered"
        return None
