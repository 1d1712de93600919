"""Per-resident work of community projects: the benefit of a completed one, household assemblies.

``benefit``: a completed project of kind ``k`` in community rows ``[lo, hi)``
(restricted to micro-grid ``area`` unless it is -1) reaches resident ``i``
with probability ``reach * serves[group_i]`` (draw ``uniform2(key, i, pid)``: each project
its own draws),
who remembers it with ``score`` (``sim.kernels.experience.remember``: their
satisfaction and trust move toward the score). Returns how many it reached.

``assembly``: a household assembly of micro-grid ``area`` in community rows
``[lo, hi)``. One vote per household, cast by its first member (lowest
index) who took part in this month's round (``took > 0``); ``stamp[h]``
marks households that have voted in assembly ``aid`` (so none votes twice).
The household votes yes with probability

    1 / (1 + exp(-(bias + need * (serves[group] - 0.5))))

(draw ``uniform2(key, household, 0)``). Returns (votes cast, yes votes).
"""

import math

from numba import njit

from sim.kernels.experience import remember
from sim.rng import uniform2

CHILD = 5  # sim.enums.Group.CHILD, pinned by a test


@njit(cache=True)
def benefit(key, pid, lo, hi, micro, area, group, serves, reach, score, satisfaction, trust, xp):
    reached = 0
    for i in range(lo, hi):
        if area >= 0 and micro[i] != area:
            continue
        g = group[i]
        if g == CHILD:
            continue
        if uniform2(key, i, pid) < reach * serves[g]:
            remember(i, score, satisfaction, trust, xp)
            reached += 1
    return reached


@njit(cache=True)
def assembly(key, aid, lo, hi, micro, area, group, household, took, serves, bias, need, stamp):
    votes = 0
    yes = 0
    for i in range(lo, hi):
        if micro[i] != area or took[i] == 0:
            continue
        h = household[i]
        if stamp[h] == aid:
            continue
        stamp[h] = aid
        votes += 1
        u = bias + need * (serves[group[i]] - 0.5)
        if uniform2(key, h, 0) < 1.0 / (1.0 + math.exp(-u)):
            yes += 1
    return votes, yes
