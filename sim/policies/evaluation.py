"""Evaluation of service contracts: users' monthly ratings, third-party evaluation, cancellation and exit.

Plan (docs/plan.md, mechanism 17 and the actor table): monthly satisfaction
surveys; a third-party evaluation every 6 months; a service contract that
fails two evaluations in a row is cancelled (social organisations run day
care, 4:30 classes and canteens under purchased contracts: quality, contract
evaluation, exit). The residents' general monthly satisfaction survey is the
engine's (``sim.components.survey``), not repeated here.

Contracts are the world's (``sim.components.contracts``):
one per (community, kind), contract ``j = c * 5 + k``, its provider's
quality ``q`` drawn from Beta(``programmes.provider_quality_a``,
``programmes.provider_quality_b``); a seat scores ``attended_score * q``;
unevaluated providers slide, ``q *= exp(-programmes.slack_per_year / 12)`` a
month. The status quo to compare with is ``programmes.contracts = true``
with this mechanism off: the same providers (the same draws), nobody
evaluating them, in every community from day 0. With
``programmes.contracts = false`` (the default) this mechanism brings the
contracts itself, in force only where the reform has reached (elsewhere
every seat scores as without providers, as in its baseline). It:

1. Deterrence: evaluated providers slack less:
   ``slack_scale = 1 - deterrence``.
2. Users' ratings, each month's end (after the programmes ran): each
   contract asks ``n_j = min(users_j, ratings_per_contract_month)`` of its
   users, each satisfied with the service with chance ``q_j`` (stream
   ``evaluation.ratings``, counter ``j * 2**16 + s``); ``rated_j``,
   ``satisfied_j`` add up since the last evaluation.
3. Third-party evaluation, every ``interval_months`` month ends, of every
   contract that served this month (not closed for a handover):

       score_j = (1 - user_weight) * (q_j + measurement_sd * z_j) + user_weight * satisfied_j / rated_j

   (``z_j`` standard normal, stream ``evaluation.measure``; the inspection
   alone when nobody rated); ``sim.kernels.evaluation.judge`` fails it
   below ``pass_threshold`` and cancels a contract at ``fails_to_cancel``
   fails in a row of the same provider.
4. Exit: a cancelled contract's provider is replaced by a new one (the
   next generation's draw), the kind offering no seats in that community
   for ``handover_months`` months.

Staged roll-out: only contracts in communities the reform has reached are
rated, evaluated, cancelled and deterred (``slack_scale`` applies there;
elsewhere, with status-quo contracts, providers slide at the full rate, and
without them no contract is in force); the
evaluation calendar (every ``interval_months`` month ends) stays global, so
a community reformed shortly before an evaluation is judged on the months
it has. Counters read zero, and nothing is charged, where the reform has
not reached.

Costs (ledger, per community): ``rating_yuan`` per rating,
``evaluation_yuan_per_contract`` per contract evaluated,
``replacement_yuan`` per cancellation (re-tendering).
Counters (community level, group 0): ``ratings``, ``rated_satisfied``,
``evaluations``, ``failed``, ``cancelled``, ``wrongly_cancelled`` (cancelled
while its true quality was at or above ``pass_threshold``), and daily
``quality_sum`` and ``contracts`` (open contracts) for the snapshot KPI
``provider_quality_mean``.
Checks: cancellations <= fails; replaying the logged evaluations, every
cancellation follows ``fails_to_cancel`` fails in a row of the same
provider; the counters match the log.
"""

import numpy as np

from sim import calendar
from sim import rng
from sim.kernels import evaluation as keval
from sim.params import declarer
from sim.components.programmes import Programmes
from sim.policies.base import Policy, switch
from sim.indicators import Indicator

SECTION = "evaluation"

_S = f"{SECTION}."
_PLAN = "plan §evaluation (docs/plan.md mechanism 17)"
_MAX_RATINGS = 1 << 16


_p = declarer(SECTION)


PARAMS = (
    switch(SECTION, "Whether service contracts are evaluated by a third party and cancelled after repeated fails.",
           _PLAN),
    _p("interval_months", 6, 1, 60, "months", f"{_PLAN}: third-party evaluation every 6 months",
       "Months between third-party evaluations.", "lever"),
    _p("fails_to_cancel", 2, 1, 10, "evaluations", f"{_PLAN}: cancelled after failing two evaluations in a row",
       "Failed evaluations in a row that cancel a contract.", "lever"),
    _p("pass_threshold", 0.6, 0.0, 1.0, "0-1 score",
       "assumption: the plan sets no pass mark; 0.6 is the usual pass line of a 100-point evaluation form",
       "Score below which a contract fails an evaluation.", "lever"),
    _p("measurement_sd", 0.1, 0.0, 5.0, "0-1 score sd",
       "assumption: a third-party inspection misjudges a provider's quality by about 0.1 either way",
       "Noise of the third-party inspection of a provider's quality."),
    _p("user_weight", 0.5, 0.0, 1.0, "share of the score",
       "assumption: evaluation forms weigh users' satisfaction about as much as the inspection (plan: monthly "
       "satisfaction surveys)", "Weight of users' ratings in the evaluation score.", "lever"),
    _p("ratings_per_contract_month", 20, 0, 10000, "users a month",
       "assumption: a short monthly questionnaire to about 20 users of each service",
       "Users of a contract asked to rate it each month (at most its users).", "lever"),
    _p("deterrence", 0.8, 0.0, 1.0, "share of the slack",
       "assumption: providers who know they are evaluated and can lose the contract keep up most of their "
       "quality (moral hazard four-fifths removed)",
       "Share of providers' quality slide that evaluation removes."),
    _p("handover_months", 1, 0, 12, "months",
       "assumption: re-tendering and a new provider's start take about a month",
       "Months a cancelled service is closed before its new provider starts.", "structure"),
    _p("evaluation_yuan_per_contract", 5000.0, 0.0, 1e7, "yuan per contract evaluated",
       "assumption: a third-party evaluator's visit, file review and report for one service contract",
       "Cost of evaluating one contract."),
    _p("replacement_yuan", 20000.0, 0.0, 1e8, "yuan per cancellation",
       "assumption: re-tendering a community service contract",
       "Cost of cancelling a contract and contracting a new provider."),
    _p("rating_yuan", 10.0, 0.0, 10000.0, "yuan per rating",
       "assumption: a phone or online questionnaire of a few minutes", "Cost of one user's monthly rating."),
)

COUNTERS = ("ratings", "rated_satisfied", "evaluations", "failed", "cancelled", "wrongly_cancelled",
            "quality_sum", "contracts")
_C = {n: f"{SECTION}.{n}" for n in COUNTERS}
INDICATORS = (
    Indicator("evaluation_count", (_C["evaluations"],), None, "contract evaluations",
              "Third-party evaluations of service contracts (plan: every 6 months)", by_group=False),
    Indicator("evaluation_fail_share", (_C["failed"],), (_C["evaluations"],), "share",
              "Share of contract evaluations failed", by_group=False),
    Indicator("contracts_failed", (_C["failed"],), None, "evaluations", "Failed contract evaluations",
              by_group=False),
    Indicator("contracts_cancelled", (_C["cancelled"],), None, "contracts",
              "Service contracts cancelled after failing evaluations in a row (plan: two)", by_group=False),
    Indicator("contracts_wrongly_cancelled", (_C["wrongly_cancelled"],), None, "contracts",
              "Contracts cancelled although the provider's true quality passed", by_group=False),
    Indicator("service_user_rating", (_C["rated_satisfied"],), (_C["ratings"],), "share",
              "Share of users' monthly ratings satisfied with the service", by_group=False),
    Indicator("provider_quality_mean", (_C["quality_sum"],), (_C["contracts"],), "0-1",
              "Mean quality of the providers running open contracts, last day", snapshot=True, by_group=False),
)


class Evaluation(Policy):
    """Contract evaluation; see the module docstring."""

    SECTION = SECTION
    HEADLINE = ("provider_quality_mean", "contracts_cancelled")  # what it is judged by
    PARAMS = PARAMS
    PHASES = ("programmes",)
    COSTS = ("services",)  # ledger items (sim.ledger)
    COUNTERS = COUNTERS
    INDICATORS = INDICATORS
    USES = (Programmes,)

    def __init__(self, model):
        super().__init__(model)
        self.prog = model.component(Programmes)
        self.contracts = self.prog.start_contracts()
        self.contracts.slack_scale = 1.0 - self.p["deterrence"]
        shape = self.contracts.quality.shape
        self.comm = np.repeat(np.arange(shape[0]), shape[1])  # community of each contract j
        self.rated = np.zeros(shape)
        self.satisfied = np.zeros(shape)
        self.streak = np.zeros(shape[0] * shape[1], np.int64)
        self.months = 0
        self.log = []  # per evaluation: (evaluated, failed, cancelled), each over contracts j

    def programmes(self) -> None:
        """After the month's programmes: users' ratings, and every few months the evaluation; each day the
        contracts' quality counters."""
        m, con = self.model, self.contracts
        if calendar.month_ends(m.day):
            self.months += 1
            self._ratings()
            if self.months % self.p["interval_months"] == 0:
                self._evaluate()
        open_ = (con.closed == 0) & self.live[:, None]
        acc = m.acc[m.day, :, 0]
        acc[:, self.slot("quality_sum")] = np.where(open_, con.quality, 0.0).sum(axis=1)
        acc[:, self.slot("contracts")] = open_.sum(axis=1)

    def _ratings(self) -> None:
        """This month's users' ratings (rule 2)."""
        m, q = self.model, self.contracts.quality.reshape(-1)
        n = np.minimum(self.prog.last_attended, self.p["ratings_per_contract_month"]) * self.live[:, None]
        n = n.reshape(-1).astype(np.int64)
        j = np.repeat(np.arange(n.shape[0]), n)
        s = np.arange(j.shape[0]) - np.repeat(np.cumsum(n) - n, n)
        u = rng.uniforms(m.key("evaluation.ratings"), (j * _MAX_RATINGS + s).astype(np.uint64))
        yes = np.bincount(j, weights=(u < q[j]).astype(np.float64), minlength=n.shape[0])
        self.rated += n.reshape(self.rated.shape)
        self.satisfied += yes.reshape(self.rated.shape)
        acc = m.acc[m.day, :, 0]
        acc[:, self.slot("ratings")] += n.reshape(self.rated.shape).sum(axis=1)
        acc[:, self.slot("rated_satisfied")] += yes.reshape(self.rated.shape).sum(axis=1)
        self.spend(self.p["rating_yuan"] * n.reshape(self.rated.shape).sum(axis=1))

    def _evaluate(self) -> None:
        """The third-party evaluation (rules 3 and 4)."""
        m, p, con = self.model, self.p, self.contracts
        q = con.quality.reshape(-1)
        evaluated = con.served.reshape(-1) & self.live[self.comm]
        z = rng.normals(m.key("evaluation.measure"), np.arange(q.shape[0], dtype=np.uint64))
        inspection = q + p["measurement_sd"] * z
        rated, satisfied = self.rated.reshape(-1), self.satisfied.reshape(-1)
        users = np.where(rated > 0, satisfied / np.maximum(rated, 1.0), inspection)
        score = (1.0 - p["user_weight"]) * inspection + p["user_weight"] * users
        failed, cancelled = np.zeros(q.shape[0], np.bool_), np.zeros(q.shape[0], np.bool_)
        keval.judge(score, evaluated, p["pass_threshold"], p["fails_to_cancel"], self.streak, failed, cancelled)
        wrong = cancelled & (q >= p["pass_threshold"])
        self.log.append((evaluated, failed, cancelled))
        n_c = self.rated.shape[0]
        acc = m.acc[m.day, :, 0]
        for name, mask in (("evaluations", evaluated), ("failed", failed), ("cancelled", cancelled),
                           ("wrongly_cancelled", wrong)):
            acc[:, self.slot(name)] += np.bincount(self.comm, weights=mask.astype(np.float64), minlength=n_c)
        self.spend(p["evaluation_yuan_per_contract"] * np.bincount(self.comm, weights=evaluated.astype(np.float64),
                                                                   minlength=n_c)
                   + p["replacement_yuan"] * np.bincount(self.comm, weights=cancelled.astype(np.float64),
                                                         minlength=n_c))
        gone = cancelled.reshape(con.quality.shape)
        con.replace(gone, p["handover_months"])
        self.rated[:] = 0.0
        self.satisfied[:] = 0.0

    def check_invariants(self):
        done = self.model.acc[: self.model.day + 1, :, 0].sum(axis=(0, 1))
        cancelled, failed, evaluations = (done[self.slot(n)] for n in ("cancelled", "failed", "evaluations"))
        if cancelled > failed or failed > evaluations:
            return "more contracts cancelled than failed, or failed than evaluated"
        streak = np.zeros(self.streak.shape[0], np.int64)
        logged = np.zeros(3)
        for evaluated, fails, cancels in self.log:
            streak = np.where(evaluated, np.where(fails, streak + 1, 0), streak)
            if np.any(cancels & (streak < self.p["fails_to_cancel"])):
                return "a contract was cancelled without failing evaluations in a row"
            streak = np.where(cancels, 0, streak)
            logged += [evaluated.sum(), fails.sum(), cancels.sum()]
        if not np.array_equal(logged, [done[self.slot(n)] for n in ("evaluations", "failed", "cancelled")]):
            return "evaluation counters differ from the evaluation log"
        if np.any(self.contracts.quality <= 0) or np.any(self.contracts.quality >= 1):
            return "a provider's quality outside (0, 1)"
        return None

