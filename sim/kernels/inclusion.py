"""Who is digitally excluded: needs whose resident can use neither the app nor a manual window.

A need of resident ``i`` (community ``c``) is excluded when

    (literacy[i] <= able  or  not app_open[c])  and  (not walkin_open[c]  or  health[i] >= mobility_tier)

so only the hotline and the grid worker are left. ``counts[c, g, 0]`` counts
excluded needs, ``counts[c, g, 1]`` those of them that reached no channel
(the resident has no request created today).
"""

from numba import njit

_CHILD = 5  # Group.CHILD


@njit(cache=True)
def count_excluded(who, reached, community, group, health, literacy, able, mobility_tier, app_open, walkin_open,
                   flag, counts):
    """Count today's excluded needs (``who``: residents with a need; ``reached``: residents with a request).

    ``flag`` is a per-resident scratch array, all False on entry and on return.
    """
    for j in range(reached.shape[0]):
        flag[reached[j]] = True
    for j in range(who.shape[0]):
        i = who[j]
        g = group[i]
        if g == _CHILD:
            continue
        c = community[i]
        no_app = literacy[i] <= able or not app_open[c]
        no_window = not walkin_open[c] or health[i] >= mobility_tier
        if no_app and no_window:
            counts[c, g, 0] += 1.0
            if not flag[i]:
                counts[c, g, 1] += 1.0
    for j in range(reached.shape[0]):
        flag[reached[j]] = False
