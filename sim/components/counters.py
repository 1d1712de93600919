"""Walk-in service counters: each community's centre as a queue within opening hours.

Responsibilities: declare the centre's staffing, service times by errand type,
arrivals over the day, errands per visitor, patience and the documents rule; in
the ``counters`` phase of each working day, run the within-day queue of every
community's counter (``sim.kernels.counter_queue.counter_day``), then let the
counter register or settle the visitors whose errands are all done
(``sim.kernels.handling.work``, counter kind only: errands are settled with
probability ``resolve_prob``, else the back office takes them up again the next
working day without a visit; other needs are forwarded). Visitors with errands
left, or not served by closing, come back the next working day.

Inputs: the request pool (walk-ins queued at ``handlers.counter[c]``), the
parameters below, and the ``counters`` rule (``RULES``, built by
``counter_vector``; ``model.rules``, ``sim.components.rules``) that mechanisms
may change when they start (one-stop: ``MERGED``, ``MAX_PER_VISIT``,
``GENERALIST_FACTOR``, and this component's ``staff_merged``; data sharing:
``RESUBMIT_PROB``).
Outputs: the counter's ``cap_left`` for the day; requests' ``errands``,
``errands_left``, ``ready``, ``worked``; counters ``counters.visits``,
``counters.errands``, ``counters.wait_min``, ``counters.unfinished``,
``counters.turned_away``, and the KPIs ``counter_wait_min`` (minutes waited
per visit), ``errands_per_visit`` and ``visits_per_errand``
(``1 + unfinished / errands``: each visit that ends with errands left costs
the next errand one more trip) and ``counter_turned_away_share``. Checks: no
request has more errands left than it brought (``check_invariants``).

The engine default is separate department windows: one window per department,
``clerks = clerks_per_window_per_10k * residents / 10,000`` clerks each; a visitor
queues at the window of each errand in turn.

Staff are fractional capacity, not whole clerks rounded up: ``clerks = 2.4`` is
two clerks at the window all day and a part-time clerk who spends the share 0.4
of their time there (the rest at another post: the back office, another
window). The part-time clerk serves a visitor at the usual speed and is then
away for ``1 / 0.4 - 1`` times that service before taking the next
(``sim.kernels.counter_queue.serve``): deterministic, no draw, and a window's
capacity is in proportion to the residents it serves. So a community twice
as large has twice the clerk-hours, and per-capita results do not jump with
the simulated size. What remains is pooling, and it is real: a bigger centre
with more clerks at a window shortens waits at the same load per clerk (more
clerks free a place sooner: Erlang C); ``benchmarks/size_invariance.py``
measures it (figures in ``benchmarks/README.md``). The other way round, a
community of a few hundred residents has a twentieth of a clerk a window, away
most of the day, and long waits.

Assumptions behind the plan's case (docs/plan.md mechanisms 1-2: 8 windows, mean
wait 40 minutes; merged, 15 minutes, up to 7 errands a visit), for an old
neighbourhood of 10,000 residents (scenarios ``shanghai-centre-baseline`` and
``shanghai-centre``) with the engine's walk-in rate, about 22 new walk-ins a
working day (about 33 visits with those coming back for the rest):

- a visitor brings ``1 + Poisson(errands_mean - 1)`` errands (mean 2.0) at
  distinct departments, half of them civil affairs or social security (``errand_share``);
- an errand takes 15-30 minutes at its department's window (mean 21,
  exponential);
- half the new visitors come in the first two hours after opening (morning
  peak), the rest over the 6.5 opening hours;
- a visitor who has waited an hour in all does not join another window's queue that day;
- a follow-on errand needs documents again with probability 0.25 (no data sharing).

With one clerk per window, the busiest windows are overloaded in the morning
peak and a visitor's waits add up over the windows they need: about 40
minutes a visit (measured 38-41 over a year, seeds 1-3). The merged centre
(``sim.policies.one_stop``) pools the queues: 5 of the 8 clerks become
generalists at the desks (3 move to the back office), a third slower per
errand than a department's own clerk, take up to 7 errands at one desk; with
data sharing (``sim.policies.data_sharing``, residual 0.03) fewer residents
come back for documents: about 15 minutes (measured 14-17).
"""

import numpy as np

from sim.enums import DEPARTMENTS, HandlerKind
from sim.kernels import counter_queue as kq
from sim.params import Param
from sim.indicators import Indicator

SECTION = "counters"

# Share of walk-in errands by department, and mean minutes an errand takes at its window.
_ERRANDS = {
    "civil_affairs": (0.24, 23.0), "health": (0.12, 17.0), "social_security": (0.26, 24.0),
    "urban_management": (0.06, 17.0), "transport": (0.04, 15.0), "justice": (0.04, 30.0),
    "public_security": (0.14, 19.0), "education": (0.10, 17.0),
}
_SHARE_SOURCE = ("assumption: subsistence allowances, pensions and insurance (civil affairs, social security) "
                 "dominate community-centre errands; residence permits next")
_MINUTES_SOURCE = ("assumption: 15-30 minutes at a window (forms checked, copies made, entered into the "
                   "department's own system), longer for applications than for certificates")

PARAMS = (
    Param(f"{SECTION}.open_hours", 6.5, 1.0, 16.0, "hours per working day",
          "assumption: 9:00-12:00 and 13:30-17:00, the usual office hours",
          "Opening hours of the service centre (served as one stretch).", "lever"),
    Param(f"{SECTION}.clerks_per_window_per_10k", 1.0, 0.0, 50.0, "clerks per window per 10,000 residents",
          "plan §one-stop centre: a centre of 8 department windows, for a community of ~8,000-10,000 "
          "residents (MCA 2020)",
          "Clerks at each department window (a fraction is a part-time clerk: capacity in proportion to "
          "residents).", "lever"),
    *(
        Param(f"{SECTION}.{d.label}.errand_share", _ERRANDS[d.label][0], 0.0, 1.0, "relative weight",
              _SHARE_SOURCE, f"Relative share of walk-in errands for the {d.label.replace('_', ' ')} window.",
              "structure")
        for d in DEPARTMENTS
    ),
    *(
        Param(f"{SECTION}.{d.label}.service_minutes", _ERRANDS[d.label][1], 0.5, 240.0, "minutes per errand",
              _MINUTES_SOURCE, f"Mean time a {d.label.replace('_', ' ')} errand takes at its window.")
        for d in DEPARTMENTS
    ),
    Param(f"{SECTION}.errands_mean", 2.0, 1.0, 8.0, "errands per visitor",
          "assumption: residents bundle a few errands in a trip; plan §one-stop centre: up to 7 in one visit",
          "Mean errands a walk-in visitor brings (1 + Poisson), at distinct departments."),
    Param(f"{SECTION}.peak_share", 0.5, 0.0, 1.0, "share of arrivals",
          "assumption: retirees queue at opening, a morning peak", "Share of new visitors who come in the peak."),
    Param(f"{SECTION}.peak_hours", 2.0, 0.1, 16.0, "hours after opening",
          "assumption: the morning peak lasts about two hours", "Length of the morning peak."),
    Param(f"{SECTION}.patience_min", 60.0, 0.0, 1440.0, "minutes waited",
          "assumption: after an hour of queueing a resident leaves the remaining windows for another day",
          "Minutes waited in all after which a visitor does not join another window's queue."),
    Param(f"{SECTION}.resubmit_prob", 0.25, 0.0, 1.0, "probability per follow-on errand",
          "plan §data sharing: a resident must resubmit documents for a second errand ten metres away; "
          "size assumed",
          "Chance that a follow-on errand of a visit needs documents again that the resident did not "
          "bring: the visit ends and they come back."),
    Param(f"{SECTION}.resolve_prob", 0.85, 0.01, 1.0, "probability",
          "assumption: most counter errands are settled on the spot; others wait for a department's approval",
          "Chance that a request whose errands are all done at the counter is settled that day "
          "(else the back office takes it up again the next working day, without a visit)."),
)

_SLOTS = ("visits", "errands", "wait_min", "unfinished", "turned_away")  # kq.V_* order


def _name(counter: str) -> str:
    return f"{SECTION}.{counter}"


def counter_vector(params: dict) -> np.ndarray:
    """The ``counters`` rule, for separate windows (mechanisms change it when they start): columns are the
    ``sim.kernels.counter_queue`` constants (``kq.N_CP`` of them)."""
    cp = np.zeros(kq.N_CP)
    cp[kq.OPEN_MIN] = params[f"{SECTION}.open_hours"] * 60.0
    cp[kq.PEAK_SHARE] = params[f"{SECTION}.peak_share"]
    cp[kq.PEAK_MIN] = min(params[f"{SECTION}.peak_hours"] * 60.0, cp[kq.OPEN_MIN])
    cp[kq.ERRANDS_MEAN] = params[f"{SECTION}.errands_mean"]
    cp[kq.RESUBMIT_PROB] = params[f"{SECTION}.resubmit_prob"]
    cp[kq.PATIENCE_MIN] = params[f"{SECTION}.patience_min"]
    cp[kq.MERGED], cp[kq.MAX_PER_VISIT], cp[kq.GENERALIST_FACTOR] = 0.0, kq.N_WINDOWS, 1.0
    return cp


def staff(per_10k: float, residents: np.ndarray) -> np.ndarray:
    """Staff per community, ``per_10k * residents / 10,000``, a fraction kept as a part-time clerk (module
    docstring): capacity in proportion to residents, so per-capita results do not jump with size."""
    return per_10k * np.asarray(residents, np.float64) / 1e4


class Counters:
    """The counters phase; see the module docstring."""

    SECTION = SECTION
    PARAMS = PARAMS
    PHASES = ("counters",)
    COUNTERS = _SLOTS
    RULES = {"counters": counter_vector}
    INDICATORS = (
        Indicator("counter_wait_min", (_name("wait_min"),), (_name("visits"),), "minutes",
                  "Minutes a walk-in visitor waits in queues per visit to the service centre"),
        Indicator("errands_per_visit", (_name("errands"),), (_name("visits"),), "errands",
                  "Errands done per visit to the service centre"),
        Indicator("visits_per_errand", (_name("errands"), _name("unfinished")), (_name("errands"),), "visits",
                  "Trips to the service centre per errand done (1 + visits ending with errands left per errand)"),
        Indicator("counter_turned_away_share", (_name("turned_away"),), (_name("visits"),), "share",
                  "Share of visits to the service centre in which nothing was done (not served by closing)"),
    )

    def __init__(self, model):
        self.model = model
        p = model.params
        self.mask = np.zeros(len(HandlerKind), dtype=np.bool_)
        self.mask[HandlerKind.COUNTER] = True
        self.share = np.array([p[f"{SECTION}.{d.label}.errand_share"] for d in DEPARTMENTS])
        self.minutes = np.array([p[f"{SECTION}.{d.label}.service_minutes"] for d in DEPARTMENTS])
        self.residents = np.diff(model.pop.community_start).astype(np.float64)
        self.staff_windows = staff(p[f"{SECTION}.clerks_per_window_per_10k"], self.residents)
        self.staff_merged = np.zeros_like(self.staff_windows)  # set by the one-stop mechanism
        self.slots = np.array([model.slot(_name(s)) for s in _SLOTS], dtype=np.int64)

    def counters(self) -> None:
        m, q, h = self.model, self.model.requests, self.model.handlers
        cp = m.rules.in_force("counters")
        if m.is_working_day:
            kq.counter_day(m.day, m.key_fixed("counters.errands"), m.key("counters.arrival"),
                           m.key("counters.service"), m.key("counters.documents"), q.queue_order(),
                           q.arrays(), h.arrays(), m.pop.arrays(), cp, self.share, self.minutes,
                           self.staff_windows, self.staff_merged, m.acc, self.slots, m.experience)
        m.work_queues(self.mask)

    def check_invariants(self):
        q = self.model.requests
        if np.any(q.errands_left > q.errands) or np.any(q.errands_left < 0):
            return "a request has more errands left than it brought"
        return None
