"""Service contracts: the providers (social organisations) that run a community's programmes.

The plan's actor table: social organisations run day
care, 4:30 classes and canteens under government-purchased contracts, with
quality, evaluation and exit. Here each (community, programme kind) is one
contract run by a provider of quality ``q`` in (0, 1); a seat of its
programme scores ``attended_score * q`` (``sim.components.programmes``). The
status quo of unevaluated contracts (``programmes.contracts = true``):
contracts in every community from day 0, providers' quality sliding at
``slack_per_year`` because nobody evaluates them. The evaluation mechanism
(``sim.policies.evaluation``) deters the slide (``slack_scale``) and replaces
providers (``replace``) where the reform has reached; with
``programmes.contracts = false`` it also brings the contracts, and then they
are in force only there (elsewhere, as in the status quo, every quality is 1).
"""

from __future__ import annotations

import numpy as np

from sim import rng
from sim.kernels import programmes as kprog
from sim.params import Param, declarer

SECTION = "programmes"  # the contracts' parameters belong to the programmes' section of a scenario
_S = f"{SECTION}."

_p = declarer(SECTION)

PARAMS = (
    Param(_S + "contracts", False, None, None, "switch",
          "plan §evaluation and the actor table (docs/plan.md): social organisations run services under purchased "
          "contracts; off keeps the programmes without providers (every quality 1)",
          "Whether each community's programmes of each kind are run by a contracted provider of drawn quality "
          "(on by itself: the status quo of unevaluated contracts; the evaluation mechanism turns it on).",
          "structure"),
    _p("provider_quality_a", 8.0, 0.1, 1000.0, "Beta shape a",
       "assumption: providers' quality ~ Beta(8, 2): mean 0.8, sd 0.12, about 7% of new providers below 0.6",
       "First shape parameter of a new provider's quality (Beta distribution)."),
    _p("provider_quality_b", 2.0, 0.1, 1000.0, "Beta shape b",
       "assumption: see provider_quality_a", "Second shape parameter of a new provider's quality (Beta)."),
    _p("slack_per_year", 0.15, 0.0, 5.0, "per year",
       "assumption: moral hazard; an unevaluated provider loses about 14% of its quality a year "
       "(q *= exp(-slack_per_year / 12) a month)",
       "Rate at which providers' quality slides when nobody evaluates them."),
)


class Contracts:
    """Service contracts, one per (community, kind), each run by a provider (a social organisation).

    Contract ``j = c * N_KINDS + k``. Its provider of generation ``g`` (0 the first, +1 at each replacement)
    has quality ``q = I^-1(u; provider_quality_a, provider_quality_b)`` (the Beta quantile), ``u`` the draw of
    stream ``programmes.provider`` at counter ``j * 2**20 + g`` (fixed for the run). Each month's end, before
    the programmes run, ``q *= exp(-slack_per_year * slack_scale / 12)`` (moral hazard; ``slack_scale`` 1,
    less when an evaluation deters it), and a contract being replaced (``closed`` > 0 months left) offers no
    seats that month. ``slack_scale`` applies in the communities the reform has reached (``month``'s ``live``),
    1 elsewhere. Contracts are in force everywhere (``everywhere``, the status quo's) or only where the reform
    has reached (a mechanism's); where none is in force the quality is 1, no seat is closed and the provider's
    quality does not slide (it starts with the contract). State: ``quality``, ``generation``, ``closed``,
    ``served`` (open in the last month's programmes), all (C, K).
    """

    def __init__(self, model, n_comm: int, everywhere: bool = True):
        prm = model.params
        self.a, self.b = prm[_S + "provider_quality_a"], prm[_S + "provider_quality_b"]
        self.key = model.key_fixed("programmes.provider")
        self.decay = prm[_S + "slack_per_year"] / 12.0
        self.slack_scale = 1.0
        self.everywhere = everywhere
        self.generation = np.zeros((n_comm, kprog.N_KINDS), np.int64)
        self.closed = np.zeros((n_comm, kprog.N_KINDS), np.int64)
        self.served = np.ones((n_comm, kprog.N_KINDS), np.bool_)  # open during the last month's programmes
        self.quality = self.draw(np.ones((n_comm, kprog.N_KINDS), np.bool_))

    def draw(self, which: np.ndarray) -> np.ndarray:
        """Fresh providers' qualities for the contracts ``which`` (a (C, K) mask), at their generation."""
        from scipy.special import betaincinv  # here: only runs with contracts need scipy

        j = np.flatnonzero(which)
        u = rng.uniforms(self.key, (j * (1 << 20) + self.generation.reshape(-1)[j]).astype(np.uint64))
        out = np.zeros(which.shape)
        out.reshape(-1)[j] = np.clip(betaincinv(self.a, self.b, u), 1e-9, 1.0 - 1e-9)
        return out

    def replace(self, which: np.ndarray, handover_months: int) -> None:
        """Cancel the contracts ``which``: a new provider (next generation) after ``handover_months``."""
        self.generation[which] += 1
        self.quality[which] = self.draw(which)[which]
        self.closed[which] = handover_months

    def month(self, seats: np.ndarray, live: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """This month's slide in quality (``slack_scale`` where ``live``, else 1) where contracts are in force;
        the seats with closed contracts removed, and each seat's quality (1 where no contract is in force)."""
        in_force = np.ones_like(live) if self.everywhere else live
        slide, free = np.exp(-self.decay * self.slack_scale), np.exp(-self.decay)
        self.quality *= np.where(live, slide, np.where(in_force, free, 1.0))[:, None]
        self.served = self.closed == 0
        return np.where(self.served, seats, 0.0), np.where(in_force[:, None], self.quality, 1.0)

    def month_end(self) -> None:
        self.closed = np.maximum(self.closed - 1, 0)
