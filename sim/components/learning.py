"""Peer learning: residents who cannot use an app learn from their household and grid, in every community.

Responsibilities: declare the peer-learning parameters (section ``learning``)
and the ``learning`` rule (``RULES``; ``sim.components.rules``): the yearly
self-learning ("innovation") rate ``p`` of each resident group, a column per
``sim.enums.Group``, a row per community, ``learning.peer_p_per_year`` for
every group in the status quo; a mechanism raises it where it acts (the large-
print manuals of ``sim.policies.digital_inclusion`` raise the elderly's).

In the ``residents`` phase, daily, from day 0, in every scenario
(``sim.kernels.learning.learn``, over the adults who could not use an app
when the list ``who`` was last made): an adult who cannot use an app
(literacy <= 0.5) learns with probability 1 - exp(-(p[c, g] + q * s) / 365),
s = household_weight * s_household + (1 - household_weight) * s_grid, the
shares of app-able adults among the other adults of the household and of
the grid (the Bass form; q = ``peer_q_per_year``); a learner's literacy
becomes ``learned_literacy``. One draw per resident a day from the stream
``learning.peer`` (keyed by index), whatever mechanisms are on.

The peer counts (per household, per grid, and app-able residents per
community and group, ``peers``) are kept by the kernels, read by whatever
else raises literacy (digital-help classes add their learners through
``sim.kernels.learning.classes``).

Counters (by community and group): ``learned_peer``, and the day's snapshots
``app_able`` / ``adults`` and ``elderly_able`` / ``elderly``, giving the KPIs
``peer_learned``, ``app_able_share`` and ``elderly_app_able_share``.
Checks: the kept peer counts equal a recount (anything else that changes
literacy must keep them through the kernels of ``sim.kernels.learning``).
"""

import numpy as np

from sim.enums import Group
from sim.indicators import Indicator
from sim.kernels.aggregate import count_by_group
from sim.kernels.learning import ABLE, candidates, learn, new_counts
from sim.params import declarer

SECTION = "learning"
_S = f"{SECTION}."
_p = declarer(SECTION)
_ELDERLY = [Group.ELDERLY_ALONE, Group.ELDERLY_FAMILY]
_N_ELDERLY = 2  # the elderly groups are the first two (a slice, not a list, in the daily record)

PARAMS = (
    _p("peer_p_per_year", 0.01, 0.0, 5.0, "per year",
       "assumption: few elderly teach themselves; with q, ~5-7% of elderly non-users learn a year, "
       "in line with 60+ internet use rising a few points a year (CNNIC)",
       "Bass innovation rate: learning without app-able peers (the status quo's, for every group)."),
    _p("peer_q_per_year", 0.10, 0.0, 5.0, "per year at peer share 1",
       "assumption: learning mostly comes from family and neighbours (Bass imitation); sized with p",
       "Bass imitation rate: learning from app-able peers."),
    _p("household_weight", 0.5, 0.0, 1.0, "weight",
       "assumption: family members teach as much as the whole grid's neighbours together",
       "Weight of the household's peers (vs the grid's) in the peer share."),
    _p("learned_literacy", 0.6, 0.51, 1.0, "0-1 scale",
       "assumption: someone who has just learned is barely able (threshold 0.5)",
       "Literacy of a resident who has learned from peers."),
)


def self_learning_vector(params: dict) -> np.ndarray:
    """The ``learning`` rule: the yearly self-learning rate of each resident group (a column per ``Group``)."""
    return np.full(len(Group), float(params[_S + "peer_p_per_year"]))


class Learning:
    """Peer learning in every community; see the module docstring."""

    SECTION = SECTION
    PARAMS = PARAMS
    PHASES = ("residents", "record")
    RULES = {"learning": self_learning_vector}
    COUNTERS = ("learned_peer", "app_able", "adults", "elderly_able", "elderly")
    INDICATORS = (
        Indicator("elderly_app_able_share", (_S + "elderly_able",), (_S + "elderly",), "share",
                  "Share of elderly residents able to use an app (literacy > 0.5), last day", snapshot=True),
        Indicator("app_able_share", (_S + "app_able",), (_S + "adults",), "share",
                  "Share of adult residents able to use an app, last day", snapshot=True),
        Indicator("peer_learned", (_S + "learned_peer",), None, "residents",
                  "Residents who learned to use an app from peers or on their own"),
    )

    def __init__(self, model):
        self.model = model
        pop, p = model.pop, model.params
        self.shape = model.acc.shape[1:3]
        self.peers = new_counts(pop.literacy, pop.group, pop.household, pop.grid, pop.community, self.shape[0])
        self.q_day = p[_S + "peer_q_per_year"] / 365.0
        self.household_weight = p[_S + "household_weight"]
        self.learned_literacy = p[_S + "learned_literacy"]
        self.who = candidates(pop.literacy, pop.group)  # who may learn; remade once enough have (draws unchanged)
        self.learned = np.zeros(self.who.shape[0], dtype=np.bool_)  # per entry of ``who``: learned today
        self._able_since = 0  # entries of ``who`` that have learned since the list was made
        self.learners = np.zeros(self.shape)
        self._slots = {c: model.slot(f"{SECTION}.{c}") for c in self.COUNTERS}
        adult = pop.group != Group.CHILD
        self.adults_n = count_by_group(pop.community, pop.group, adult, *self.shape)
        self.elderly_n = count_by_group(pop.community, pop.group, np.isin(pop.group, _ELDERLY), *self.shape)

    def daily_rates(self) -> np.ndarray:
        """The daily self-learning rates in force today, by community and group (the ``learning`` rule / 365)."""
        return self.model.rules.in_force("learning") / 365.0

    def residents(self) -> None:
        m, pop = self.model, self.model.pop
        learn(m.key("learning.peer"), self.who, pop.literacy, pop.group, pop.household, pop.grid, pop.community,
              self.peers, self.daily_rates(), self.q_day, self.household_weight, self.learned_literacy,
              self.learned, self.learners)
        m.acc[m.day][..., self._slots["learned_peer"]] += self.learners
        self._able_since += int(self.learners.sum())
        if self._able_since * 50 > self.who.shape[0]:  # 2% of the list has learned: drop them (and class learners)
            self.who = self.who[pop.literacy[self.who] <= ABLE]
            self.learned = np.zeros(self.who.shape[0], dtype=np.bool_)
            self._able_since = 0

    def record(self) -> None:
        m, s = self.model, self._slots
        acc = m.acc[m.day]
        able = self.peers[-1]  # app-able residents per (community, group), kept by the learning kernels
        acc[..., s["app_able"]] = able
        acc[..., s["adults"]] = self.adults_n
        acc[:, :_N_ELDERLY, s["elderly_able"]] = able[:, :_N_ELDERLY]
        acc[..., s["elderly"]] = self.elderly_n

    def check_invariants(self) -> str | None:
        pop = self.model.pop
        fresh = new_counts(pop.literacy, pop.group, pop.household, pop.grid, pop.community, self.shape[0])
        if not all(np.array_equal(kept, new) for kept, new in zip(self.peers, fresh)):
            return "peer counts differ from a recount (literacy changed outside the learning kernels)"
        return None
