"""Shapley values of a game given by its coalitions' values: the pure maths of ``govsim attribute``.

A package of ``k`` units (mechanisms, or named blocks of them) is a
cooperative game: a coalition ``T`` is a bitmask over the units (bit ``i``:
unit ``i`` is on) and ``v(T)`` its value (a KPI, or an array of them over
seeds and KPIs: every function here works on the trailing axes). Unit ``i``'s
Shapley value is its marginal contribution averaged over every order in
which the units could be switched on:

    phi_i = sum over T without i of  |T|! (k - |T| - 1)! / k!  * (v(T + i) - v(T))

- ``exact``: every coalition (``2 ** k`` values); for small ``k``.
- ``sampled``: the marginals along ``permutations`` (Castro, Gomez and Tejada
  2009), drawn from a seeded generator so the same call gives the same
  permutations; with ``antithetic`` pairs each permutation is followed by its
  reverse, which puts every unit early in one and late in the other and cuts
  the sampling error where contributions depend on what is already on. The
  estimate is the mean marginal; its standard error is the spread of the
  pairs' (or single permutations') means over their number (``sampling_error``).

Both are built from differences ``v(T + i) - v(T)``, never from a weighted
sum of values, so:

- efficiency: the values add up to ``v(all) - v(none)``; exactly for
  ``exact`` (the weights of each coalition cancel), and for every
  permutation by construction (its marginals telescope), so for their mean;
  both up to floating-point rounding;
- null player: a unit whose switching on never changes the value gets
  exactly 0 (every difference is 0), in both.
"""

from __future__ import annotations

from math import factorial

import numpy as np

MAX_EXACT = 8  # units up to which every coalition is run; sampled permutations above


def bit_count(mask: int) -> int:
    return bin(mask).count("1")


def full(k: int) -> int:
    """The coalition of every unit."""
    return (1 << k) - 1


def exact_coalitions(k: int) -> list[int]:
    """Every coalition of ``k`` units, the empty one first."""
    return list(range(1 << k))


def _weights(k: int) -> np.ndarray:
    """Shapley's weight of a coalition of size s that a unit joins: s! (k - s - 1)! / k!, for s = 0 .. k - 1."""
    return np.array([factorial(s) * factorial(k - s - 1) / factorial(k) for s in range(k)])


def exact(values: np.ndarray, index: dict[int, int], k: int) -> np.ndarray:
    """Every unit's Shapley value from every coalition's value: ``values[index[T]]`` is ``v(T)`` (any trailing
    axes); the result has shape ``(k, *values.shape[1:])``."""
    values = np.asarray(values, dtype=float)
    w = _weights(k)
    out = np.zeros((k, *values.shape[1:]))
    for i in range(k):
        bit = 1 << i
        without = [t for t in range(1 << k) if not t & bit]
        gain = values[[index[t | bit] for t in without]] - values[[index[t] for t in without]]
        out[i] = np.tensordot(w[[bit_count(t) for t in without]], gain, axes=1)
    return out


def permutations(k: int, n: int, seed: int, antithetic: bool = True) -> np.ndarray:
    """``n`` orders of ``k`` units (rows), the same for the same arguments; with ``antithetic``, ``n`` is even and
    each order is followed by its reverse."""
    if antithetic and n % 2:
        raise ValueError("antithetic permutations come in pairs: n must be even")
    rng = np.random.default_rng(seed)
    if not antithetic:
        return np.array([rng.permutation(k) for _ in range(n)], dtype=np.int64).reshape(n, k)
    out = []
    for _ in range(n // 2):
        order = rng.permutation(k)
        out += [order, order[::-1]]
    return np.array(out, dtype=np.int64).reshape(n, k)


def prefixes(order) -> list[int]:
    """The coalitions an order passes through: empty, its first unit, its first two, ..., every unit."""
    out, mask = [0], 0
    for unit in order:
        mask |= 1 << int(unit)
        out.append(mask)
    return out


def sampled_coalitions(orders: np.ndarray) -> list[int]:
    """Every coalition the orders pass through, each once, in the order first met (the empty one first)."""
    return list(dict.fromkeys(mask for order in orders for mask in prefixes(order)))


def marginals(values: np.ndarray, index: dict[int, int], orders: np.ndarray) -> np.ndarray:
    """Each unit's marginal contribution in each order: shape ``(len(orders), k, *values.shape[1:])``."""
    values = np.asarray(values, dtype=float)
    n, k = orders.shape
    out = np.zeros((n, k, *values.shape[1:]))
    for p, order in enumerate(orders):
        masks = prefixes(order)
        for j, unit in enumerate(order):
            out[p, unit] = values[index[masks[j + 1]]] - values[index[masks[j]]]
    return out


def sampled(values: np.ndarray, index: dict[int, int], orders: np.ndarray) -> np.ndarray:
    """Every unit's Shapley value estimated as its mean marginal over ``orders``: shape ``(k, ...)``."""
    return marginals(values, index, orders).mean(axis=0)


def sampling_error(values: np.ndarray, index: dict[int, int], orders: np.ndarray,
                   antithetic: bool = True) -> np.ndarray:
    """The standard error of ``sampled``'s estimate over the orders: the standard deviation of the antithetic
    pairs' means (or of single orders' marginals) over the square root of their number; NaN with only one."""
    m = marginals(values, index, orders)
    if antithetic:
        m = m.reshape(len(orders) // 2, 2, *m.shape[1:]).mean(axis=1)
    if len(m) < 2:
        return np.full(m.shape[1:], np.nan)
    return m.std(axis=0, ddof=1) / np.sqrt(len(m))
