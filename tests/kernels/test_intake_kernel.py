"""Channel choice: the logit's utilities by hand, and the kernel samples from it."""

import numpy as np

from sim import rng
from sim.kernels import intake as kin


def _coef():
    c = np.zeros(kin.N_COEF)
    c[[kin.C_NONE, kin.C_APP, kin.C_HOTLINE, kin.C_WALKIN, kin.C_GRID]] = [0.5, 0.0, 0.8, 0.2, -0.3]
    c[kin.B_TRUST], c[kin.B_SAT], c[kin.B_LIT] = 2.0, 1.0, 3.0
    c[kin.B_ELD_APP], c[kin.B_ELD_WALK], c[kin.B_MOB], c[kin.B_ADMIN] = 0.5, 0.8, 2.0, 1.5
    c[kin.B_ELD_GRID], c[kin.B_MOB_GRID], c[kin.B_HABIT] = 1.0, 0.5, 0.7
    return c


def test_probabilities_by_hand():
    coef = _coef()
    # An elderly, mobility-limited resident with literacy 0.25, trust 0.5, satisfaction 0.8,
    # an admin errand (need 1), who used the hotline (2) last time.
    v = np.array([
        0.5 - 2.0 * 0.5 - 1.0 * 0.8,
        0.0 + 3.0 * (2 * 0.25 - 1) - 0.5,
        0.8 + 0.7,
        0.2 + 0.8 - 2.0 + 1.5,
        -0.3 + 1.0 + 0.5,
    ])
    expected = np.exp(v) / np.exp(v).sum()
    got = kin.channel_probabilities(1, 1.0, 1.0, 0.25, 0.5, 0.8, 2, coef, np.ones(5, bool))
    assert np.allclose(got, expected)


def test_unavailable_channel_drops_out_and_the_rest_renormalise():
    coef = _coef()
    avail = np.array([True, False, True, True, True])
    full = kin.channel_probabilities(0, 0.0, 0.0, 0.9, 0.6, 0.7, 0, coef, np.ones(5, bool))
    cut = kin.channel_probabilities(0, 0.0, 0.0, 0.9, 0.6, 0.7, 0, coef, avail)
    assert cut[1] == 0
    assert np.allclose(cut[avail], full[avail] / full[avail].sum())


def test_kernel_frequencies_match_the_logit():
    n = 200_000
    coef = _coef()
    who = np.arange(n, dtype=np.int64)
    need = np.zeros(n, np.int8)
    zeros = np.zeros(n)
    community, group = np.zeros(n, np.int16), np.full(n, 2, np.int8)
    health, last = np.zeros(n, np.int8), np.zeros(n, np.int8)
    lit, trust, sat = zeros + 0.9, zeros + 0.6, zeros + 0.7
    avail = np.ones((1, 5), bool)
    out = np.empty(n, np.int8)
    kin.choose_channels(rng.key(1, "c", 0), who, need, community, group, health, lit, trust, sat, last,
                        avail, coef[None, :], out)
    p = kin.channel_probabilities(0, 0.0, 0.0, 0.9, 0.6, 0.7, 0, coef, np.ones(5, bool))
    freq = np.bincount(out, minlength=5) / n
    assert np.all(np.abs(freq - p) < 4 * np.sqrt(p * (1 - p) / n) + 1e-9)
