"""App requests that finished today, and the closed loop's rating at the end.

``finished_app`` walks the day's request columns (as the handling kernels
left them, before finished requests were dropped) and, for each request
raised in the app of a community the platform served that day (raised on or
after the community's ``reform_day``) that closed or was abandoned today,
counts it by the requester's community and group:

    counts[c, g, 0] closed, [1] abandoned, [2] bounces of those finished, [3] rated

A closed app request is rated by its requester; rating closes the loop and
moves the requester's trust once more by the same experience score
(``sim.kernels.experience.outcome_score``) the closure gave:

    trust += rating_weight * (score - trust)

(no rating, and no change, when ``rating_weight`` is 0).
"""

from numba import njit

from sim.kernels.experience import outcome_score

_APP = 1  # Channel.APP
_CLOSED, _ABANDONED = 2, 3  # RequestState


@njit(cache=True)
def finished_app(day, state, channel, resident, community, group, created, reform_day, bounces, trust,
                 rating_weight, xp, counts):
    """Count today's finished app requests raised on the platform and apply the rating of those closed."""
    for r in range(state.shape[0]):
        if channel[r] != _APP or (state[r] != _CLOSED and state[r] != _ABANDONED):
            continue
        c, g = community[r], group[r]
        if created[r] < reform_day[c]:  # raised before the platform served the community
            continue
        counts[c, g, 2] += bounces[r]
        if state[r] == _ABANDONED:
            counts[c, g, 1] += 1.0
            continue
        counts[c, g, 0] += 1.0
        if rating_weight > 0.0:
            i = resident[r]
            score = outcome_score(True, day - created[r], bounces[r], xp)
            trust[i] += rating_weight * (score - trust[i])
            counts[c, g, 3] += 1.0
