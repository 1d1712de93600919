"""Digital exclusion: needs whose resident can use neither the app nor a manual window, counted in every run.

A need is *digitally excluded* when its resident can use neither the app
(literacy <= 0.5, or no app offered in the community) nor a manual window
(walk-in windows closed in the community, or the resident semi-disabled or
disabled), leaving only the hotline and the grid worker
(``sim.kernels.inclusion.count_excluded``). It is a fact of the world, not
of a mechanism: the status quo excludes the low-literacy housebound, and a
mechanism that closes windows (``sim.policies.digital_inclusion``) or
brings an app (``sim.policies.platform``) changes it through the
``channels_open`` rule. Weekend closures do not count: the windows reopen on
Monday.

Responsibilities: in the ``intake`` phase, after the day's requests are
created (``Intake``), count the day's excluded needs and those of them that
reached no channel, by community and group (counters ``excluded`` and
``excluded_unmet``; KPIs ``digitally_excluded_share`` and
``excluded_unmet_share``). Checks: no more excluded needs unmet than
excluded.
"""

import numpy as np

from sim.components.intake import Intake
from sim.enums import Channel, HealthTier
from sim.indicators import Indicator
from sim.kernels import slots
from sim.kernels.inclusion import count_excluded
from sim.kernels.learning import ABLE

SECTION = "exclusion"
_S = f"{SECTION}."


class Exclusion:
    """Counts digitally excluded needs in every community; see the module docstring."""

    SECTION = SECTION
    PARAMS = ()
    PHASES = ("intake",)
    COUNTERS = ("excluded", "excluded_unmet")
    INDICATORS = (
        Indicator("digitally_excluded_share", (_S + "excluded",), (slots.NEEDS,), "share",
                  "Share of needs whose resident could use neither the app nor a manual window"),
        Indicator("excluded_unmet_share", (_S + "excluded_unmet",), (_S + "excluded",), "share",
                  "Share of digitally excluded needs that reached no channel"),
    )

    def __init__(self, model):
        self.model = model
        self._intake = model.component(Intake)
        self._reached = np.zeros(model.pop.n, dtype=np.bool_)  # scratch for the kernel, all False between calls
        self._counts = np.zeros((*model.acc.shape[1:3], 2))
        self._slots = (model.slot(_S + "excluded"), model.slot(_S + "excluded_unmet"))

    def intake(self) -> None:
        m, pop, q = self.model, self.model.pop, self.model.requests
        self._counts[:] = 0.0
        new = q.resident[self._intake.today]  # today's requests: the needs that reached a channel
        avail = self._intake.available()
        count_excluded(m.today_who, new, pop.community, pop.group, pop.health, pop.literacy, ABLE,
                       int(HealthTier.SEMI_DISABLED), avail[:, Channel.APP], avail[:, Channel.WALKIN],
                       self._reached, self._counts)
        acc = m.acc[m.day]
        acc[..., self._slots[0]] += self._counts[..., 0]
        acc[..., self._slots[1]] += self._counts[..., 1]

    def check_invariants(self) -> str | None:
        done = self.model.counted()
        if done[self._slots[1]] > done[self._slots[0]]:
            return "more excluded needs unmet than excluded"
        return None
