"""Intake: each new need picks a channel (logit, ``sim.kernels.intake``) and
becomes a request routed to a first handler (``sim.kernels.handling.create``).

Responsibilities: declare the channel-choice coefficients (the ``channels``
rule) and which channels each community offers (the ``channels_open`` rule:
1 open, 0 closed; ``sim.components.rules``); in the ``channels`` phase, let
each of today's needs pick a channel among those open today (walk-in
counters close at weekends), leaving ``channel`` for mechanisms acting in
that phase (grid visits find needs residents did not raise); in the
``intake`` phase, count needs, unmet needs and channel use, apply the
unmet-need experience and append the new requests to the pool.
"""

import numpy as np

from sim.calendar import NO_DAY
from sim.enums import Channel
from sim.kernels import intake as kin
from sim.kernels import slots
from sim.kernels.aggregate import count_intake
from sim.kernels.experience import remember_unmet
from sim.kernels.handling import create
from sim.params import Param, pack

_CHANNEL_SLOT = np.array(slots.CHANNEL_SLOT, dtype=np.int64)

_LOGIT = "assumption: logit coefficient, tuned so that the baseline's channel mix is plausible"
PARAMS = (
    Param("channels.const_none", 2.2, -10.0, 10.0, "utility", _LOGIT,
          "Base utility of raising a need through no channel (leaving it unmet)."),
    Param("channels.const_app", -0.5, -10.0, 10.0, "utility", _LOGIT, "Base utility of the app."),
    Param("channels.const_hotline", 0.8, -10.0, 10.0, "utility",
          "Jiangsu data bureau (2024): 85% of 12345 requests by phone, 14% online; size assumed",
          "Base utility of the hotline."),
    Param("channels.const_walkin", 0.2, -10.0, 10.0, "utility", _LOGIT,
          "Base utility of walking in to the community service counter."),
    Param("channels.const_grid", 0.0, -10.0, 10.0, "utility", _LOGIT,
          "Base utility of telling the grid worker."),
    Param("channels.trust", 2.0, 0.0, 10.0, "utility per unit trust",
          "assumption: residents who trust institutions report more", "Trust's pull away from 'none'."),
    Param("channels.satisfaction", 1.0, 0.0, 10.0, "utility per unit satisfaction",
          "assumption: past good experience makes reporting again likelier",
          "Satisfaction's pull away from 'none' (past experience)."),
    Param("channels.literacy_app", 3.0, 0.0, 20.0, "utility per unit (2*literacy-1)",
          "plan §digital inclusion: those who cannot use a smartphone do not use the app",
          "How strongly digital literacy drives app use."),
    Param("channels.elderly_app", 0.5, 0.0, 10.0, "utility",
          "plan §digital inclusion: a 2 M yuan smart-care platform had under 30 daily users",
          "Elderly residents' aversion to the app beyond literacy."),
    Param("channels.elderly_walkin", 0.8, 0.0, 10.0, "utility",
          "assumption: elderly prefer to go in person", "Elderly residents' preference for walking in."),
    Param("channels.mobility_walkin", 2.0, 0.0, 10.0, "utility",
          "assumption: semi-disabled and disabled elderly can hardly walk in",
          "Loss of walk-in utility for residents with limited mobility."),
    Param("channels.admin_walkin", 1.5, 0.0, 10.0, "utility",
          "plan §one-stop centre: administrative errands are done at the service windows",
          "Extra walk-in utility for administrative errands."),
    Param("channels.elderly_grid", 1.0, 0.0, 10.0, "utility",
          "plan §grid management: grid workers visit elderly households",
          "Elderly residents' preference for the grid worker."),
    Param("channels.mobility_grid", 0.5, 0.0, 10.0, "utility",
          "assumption: the housebound rely on the grid worker's visits",
          "Extra grid-worker utility for residents with limited mobility."),
    Param("channels.habit", 0.5, 0.0, 10.0, "utility",
          "assumption: residents tend to use the channel they used last time",
          "Habit: extra utility of the channel used last time."),
    Param("channels.app_available", True, None, None, "switch",
          "assumption: a basic city app exists before any platform reform",
          "Whether residents can report through an app at all.", "lever"),
)


def open_channels(params: dict) -> np.ndarray:
    """The ``channels_open`` rule: 1 where a channel is offered, 0 where not (by ``sim.enums.Channel``)."""
    out = np.ones(len(Channel))
    out[Channel.APP] = float(bool(params["channels.app_available"]))
    out[Channel.GRID] = float(params["grids.workers_per_grid"] > 0)
    return out


def coefficients(params: dict) -> np.ndarray:
    """The ``channels`` rule: columns are the ``sim.kernels.intake`` constants (``kin.N_COEF`` of them)."""
    names = {
        kin.C_NONE: "const_none", kin.C_APP: "const_app", kin.C_HOTLINE: "const_hotline",
        kin.C_WALKIN: "const_walkin", kin.C_GRID: "const_grid", kin.B_TRUST: "trust",
        kin.B_SAT: "satisfaction", kin.B_LIT: "literacy_app", kin.B_ELD_APP: "elderly_app",
        kin.B_ELD_WALK: "elderly_walkin", kin.B_MOB: "mobility_walkin", kin.B_ADMIN: "admin_walkin",
        kin.B_ELD_GRID: "elderly_grid", kin.B_MOB_GRID: "mobility_grid", kin.B_HABIT: "habit",
    }
    return pack(params, {i: f"channels.{n}" for i, n in names.items()}, kin.N_COEF)


class Intake:
    """Channel choice and request creation for today's needs."""

    PARAMS = PARAMS
    PHASES = ("channels", "intake")
    RULES = {"channels": coefficients, "channels_open": open_channels}

    def __init__(self, model):
        self.model = model
        self.channel = np.empty(0, dtype=np.int8)  # today's needs' channels (0: none), set in ``channels``
        self.today = slice(0, 0)  # today's new requests in the pool, in the order of today's needs

    def available(self) -> np.ndarray:
        """Which channels each community offers (bool, community x channel), by the rules in force."""
        return self.model.rules.in_force("channels_open") > 0.5

    def channels(self) -> None:
        """Each of today's needs picks a channel among those open today."""
        m, pop = self.model, self.model.pop
        who, need = m.today_who, m.today_need
        avail = self.available()
        if not m.is_working_day:
            avail[:, Channel.WALKIN] = False
        self.channel = channel = np.empty(who.shape[0], dtype=np.int8)
        kin.choose_channels(m.key("intake.channel"), who, need, pop.community, pop.group, pop.health,
                            pop.literacy, pop.trust, pop.satisfaction, pop.last_channel, avail,
                            m.rules.in_force("channels"), channel)

    def intake(self) -> None:
        """Count today's needs and channels; the needs that reached a channel become requests."""
        m, pop = self.model, self.model.pop
        who, need, channel = m.today_who, m.today_need, self.channel
        count_intake(pop.community[who], pop.group[who], channel, _CHANNEL_SLOT, slots.UNMET, slots.NEEDS,
                     slots.REQUESTS, m.acc[m.day])
        reached = channel > 0
        pop.last_channel[who[reached]] = channel[reached]
        remember_unmet(who[~reached], pop.satisfaction, pop.trust, m.experience)
        self._create(who[reached], need[reached], channel[reached])

    def _create(self, who, need, channel) -> None:
        m, pop, h = self.model, self.model.pop, self.model.handlers
        n = who.shape[0]
        rows = m.requests.new_rows(n)  # written in place
        self.today = slice(len(m.requests) - n, len(m.requests))
        create(m.day, m.key("routing.first"), m.key_fixed("routing.target"), who, need, channel,
               pop.community, pop.group, pop.grid, h.arrays(), m.rules.in_force("routing"),
               m.params["needs.crossdept_departments"], m.requests.arrays(), self.today.start)
        rows["created"][:] = m.day
        rows["state"][:] = 1  # RequestState.QUEUED
        rows["responded"][:] = NO_DAY
        rows["bounces"][:] = 0
        rows["stage"][:] = 0
        rows["ready"][:] = m.day
        rows["worked"][:] = NO_DAY
        rows["errands"][:] = 0
        rows["errands_left"][:] = 0
