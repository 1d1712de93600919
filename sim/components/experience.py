"""How experience moves satisfaction and trust (``sim.kernels.experience``).

Declares the memory and scoring parameters and packs them into the vector
the handling and intake kernels read. It acts in no phase of its own: the
kernels apply an outcome the moment a request closes, is abandoned, or a
need goes unmet.
"""

import numpy as np

from sim.kernels import experience as kx
from sim.params import Param, pack

PARAMS = (
    Param("experience.satisfaction_memory", 0.3, 0.0, 1.0, "weight",
          "assumption: a single experience moves satisfaction noticeably (exponential memory)",
          "Weight of a new experience in a resident's satisfaction."),
    Param("experience.trust_memory", 0.1, 0.0, 1.0, "weight",
          "assumption: trust moves more slowly than satisfaction",
          "Weight of a new experience in a resident's trust."),
    Param("experience.expected_close_days", 3.0, 0.0, 30.0, "days",
          "plan §figures: requests take ~3 days to solve; residents judge against that",
          "Closure time residents accept without disappointment."),
    Param("experience.tolerance_days", 4.0, 0.5, 60.0, "days",
          "calibration: sized to plan §figures' resident satisfaction of 76% before reform, so that the "
          "baseline's holds steady there (docs/validation.md): an experience scores exp(-1) when 4 days later "
          "than expected",
          "Scale of disappointment with late closure."),
    Param("experience.bounce_penalty", 0.15, 0.0, 1.0, "share per bounce",
          "plan §first contact: 'kicking the ball' between bodies angers residents; size assumed",
          "Loss of an experience's score per bounce between handlers."),
    Param("experience.abandoned_score", 0.1, 0.0, 1.0, "0-1 scale",
          "assumption: giving up on a request is a bad experience",
          "Score of an abandoned request."),
    Param("experience.wait_tolerance_min", 30.0, 1.0, 600.0, "minutes",
          "assumption: a visit scores exp(-1) after half an hour in queues (plan §one-stop: 40 minutes "
          "was the complaint, 15 the improvement)",
          "Scale of disappointment with waiting at the service counter."),
    Param("experience.visit_weight", 0.5, 0.0, 1.0, "share of the usual weights",
          "assumption: one visit's queue counts half as much as a whole request's outcome",
          "Weight of a counter visit's wait in satisfaction and trust."),
    Param("experience.unmet_score", 0.3, 0.0, 1.0, "0-1 scale",
          "assumption: a need not raised at all disappoints, less than an abandoned request",
          "Score of a need the resident took to no channel."),
)


class Experience:
    """Parameter owner for the experience rule; see the module docstring."""

    PARAMS = PARAMS
    PHASES = ()


def vector(params: dict) -> np.ndarray:
    return pack(params, {
        kx.LAMBDA_SAT: "experience.satisfaction_memory",
        kx.LAMBDA_TRUST: "experience.trust_memory",
        kx.EXPECTED_DAYS: "experience.expected_close_days",
        kx.TOLERANCE_DAYS: "experience.tolerance_days",
        kx.BOUNCE_PENALTY: "experience.bounce_penalty",
        kx.ABANDONED_SCORE: "experience.abandoned_score",
        kx.UNMET_SCORE: "experience.unmet_score",
        kx.WAIT_TOLERANCE_MIN: "experience.wait_tolerance_min",
        kx.VISIT_WEIGHT: "experience.visit_weight",
    }, kx.N_XP)
