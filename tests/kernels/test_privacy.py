"""Privacy kernels: incidents at the declared daily chance, exposure and approvals at the declared shares."""

import numpy as np

from sim import rng
from sim.enums import Need
from sim.kernels.experience import N_XP
from sim.kernels.privacy import approvals, incidents


def _xp():
    xp = np.zeros(N_XP)
    xp[0] = xp[1] = 0.5  # lambda_sat, lambda_trust
    return xp


def test_incidents_happen_at_the_daily_chance_and_expose_the_declared_share():
    n_c, size = 2, 1000
    start = np.array([0, size, 2 * size])
    group = np.zeros(2 * size, np.int8)
    p_day, exposed = np.array([0.05, 0.0]), np.array([0.3, 0.3])
    days, hits, exposed_n = 4000, 0, 0.0
    for day in range(days):
        counts = np.zeros((n_c, 6, 2))
        sat, trust = np.ones(2 * size), np.ones(2 * size)
        incidents(rng.key(1, "t", day), start, group, p_day, exposed, 0.0, sat, trust, _xp(), counts)
        hits += counts[0, 0, 0]
        exposed_n += counts[0, :, 1].sum()
        assert counts[1].sum() == 0  # a community with no hazard never suffers one
        assert np.count_nonzero(sat < 1) == counts[0, :, 1].sum()  # the exposed remember the breach
    sd = np.sqrt(days * 0.05 * 0.95)
    assert abs(hits - days * 0.05) < 4 * sd
    assert abs(exposed_n / hits / size - 0.3) < 0.02


def test_requests_needing_sensitive_data_wait_for_approval_at_the_declared_share():
    n = 20000
    resident = np.arange(n, dtype=np.int64)
    need = np.where(resident % 2 == 0, Need.ELDERCARE, Need.REPAIR).astype(np.int8)
    ready = np.full(n, 7, np.int64)
    sensitive = np.zeros(len(Need))
    sensitive[Need.ELDERCARE] = 0.4
    counts = np.zeros((2, 6))
    community = (resident % 3 == 0).astype(np.int8)  # community 1: the mechanism has not reached it
    approvals(rng.key(1, "a", 7), 7, resident, need, community, np.zeros(n, np.int8), ready,
              np.array([True, False]), sensitive, 2, counts)
    delayed = ready > 7
    assert not delayed[need == Need.REPAIR].any() and not delayed[community == 1].any()
    assert abs(delayed[(need == Need.ELDERCARE) & (community == 0)].mean() - 0.4) < 0.02
    assert np.all(ready[delayed] == 9) and counts[0].sum() == delayed.sum() and counts[1].sum() == 0
