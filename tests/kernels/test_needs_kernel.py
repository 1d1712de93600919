"""Needs arise at the declared rates: hazard tables by hand, kernel by frequency."""

import numpy as np

from sim import rng
from sim.kernels.needs import arise, daily_probability, hazard_tables


def _one_cell(rates_per_year, n=400_000, seed=3):
    rates = np.zeros((1, 1, 1, len(rates_per_year)))
    rates[0, 0, 0] = rates_per_year
    p_any, cum = hazard_tables(rates)
    c, g, h = np.zeros(n, np.int16), np.zeros(n, np.int8), np.zeros(n, np.int8)
    who, need = arise(rng.key(seed, "a", 0), rng.key(seed, "b", 0), daily_probability(c, g, h, p_any),
                      c, g, h, cum, np.empty(n, np.bool_))
    out = np.full(n, -1, np.int8)
    out[who] = need
    return p_any[0, 0, 0], out


def test_hazard_table_by_hand():
    # 365 a year of type 0 and 730 of type 1: daily rates 1 and 2, total 3.
    p_any, cum = hazard_tables(np.array([[[[365.0, 730.0]]]]))
    assert np.isclose(p_any[0, 0, 0], 1 - np.exp(-3.0))
    assert np.allclose(cum[0, 0, 0], [1.0, 3.0])


def test_kernel_frequency_matches_hazard_and_type_split():
    p, out = _one_cell([36.5, 73.0, 0.0])  # daily 0.1 and 0.2
    n = out.shape[0]
    hit = out >= 0
    assert abs(hit.mean() - p) < 4 * np.sqrt(p * (1 - p) / n)
    share0 = (out[hit] == 0).mean()
    assert abs(share0 - 1 / 3) < 4 * np.sqrt(2 / 9 / hit.sum())
    assert not np.any(out == 2)  # a zero rate never fires


def test_no_rate_no_need():
    _, out = _one_cell([0.0, 0.0])
    assert np.all(out == -1)
