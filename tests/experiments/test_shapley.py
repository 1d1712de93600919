"""The Shapley maths of `govsim attribute` on games with known answers: exact and sampled values add up to
the total effect, a unit that does nothing gets exactly 0, sampling is deterministic and its error honest."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from sim.experiments import shapley


def _game(k: int, fn, seeds: int = 1) -> tuple[np.ndarray, dict]:
    """Every coalition's value (rows in mask order, a column per seed) and the index of each coalition."""
    masks = shapley.exact_coalitions(k)
    values = np.array([[fn(m, s) for s in range(seeds)] for m in masks])
    return values, {m: i for i, m in enumerate(masks)}


def _on(mask: int, i: int) -> int:
    return mask >> i & 1


def test_an_additive_game_gives_each_unit_its_own_effect():
    a = [0.3, -0.1, 0.05, 2.0]
    values, index = _game(4, lambda m, s: 1.0 + sum(a[i] * _on(m, i) for i in range(4)))
    phi = shapley.exact(values, index, 4)
    assert phi[:, 0] == pytest.approx(a, abs=1e-12)


def test_the_majority_game_shares_equally_and_an_interaction_is_split_between_its_pair():
    values, index = _game(3, lambda m, s: float(shapley.bit_count(m) >= 2))
    assert shapley.exact(values, index, 3)[:, 0] == pytest.approx([1 / 3] * 3)
    # 1 alone, 2 alone, together 5: the interaction of 2 is shared half and half; the third unit is null
    values, index = _game(3, lambda m, s: _on(m, 0) + 2 * _on(m, 1) + 2 * _on(m, 0) * _on(m, 1))
    assert shapley.exact(values, index, 3)[:, 0] == pytest.approx([2.0, 3.0, 0.0])


def _random_game_with_a_null_unit(k: int, null: int, seeds: int = 3):
    """A game with interactions of every order where unit ``null`` changes nothing."""
    rng = np.random.default_rng(7)
    table = rng.normal(size=(1 << k, seeds))
    return _game(k, lambda m, s: table[m & ~(1 << null), s], seeds)


def test_exact_values_add_up_to_the_total_and_a_unit_that_does_nothing_gets_exactly_zero():
    k, null = 6, 2
    values, index = _random_game_with_a_null_unit(k, null)
    phi = shapley.exact(values, index, k)
    total = values[index[shapley.full(k)]] - values[index[0]]
    np.testing.assert_allclose(phi.sum(axis=0), total, rtol=0, atol=1e-12)
    assert np.all(phi[null] == 0.0)
    assert np.all(phi[[i for i in range(k) if i != null]] != 0.0)


def test_exact_values_equal_the_mean_marginal_over_every_order():
    k = 4
    values, index = _random_game_with_a_null_unit(k, 0)
    every = np.array(list(itertools.permutations(range(k))))
    np.testing.assert_allclose(shapley.sampled(values, index, every), shapley.exact(values, index, k), atol=1e-12)


def test_permutations_are_deterministic_in_antithetic_pairs_and_cover_what_they_need():
    a = shapley.permutations(10, 6, seed=1)
    assert np.array_equal(a, shapley.permutations(10, 6, seed=1))
    assert not np.array_equal(a, shapley.permutations(10, 6, seed=2))
    for first, second in zip(a[::2], a[1::2]):
        assert sorted(first) == list(range(10)) and np.array_equal(second, first[::-1])
    needed = shapley.sampled_coalitions(a)
    assert needed[0] == 0 and shapley.full(10) in needed and len(needed) == len(set(needed))
    assert len(needed) <= 2 + 6 * 9  # 9 a permutation besides empty and full, fewer where two share one
    with pytest.raises(ValueError):
        shapley.permutations(10, 5, seed=1)
    assert shapley.permutations(10, 5, seed=1, antithetic=False).shape == (5, 10)


def test_sampled_values_add_up_give_a_null_unit_zero_and_land_near_the_exact_ones():
    k, null = 10, 4
    values, index = _random_game_with_a_null_unit(k, null, seeds=2)
    exact = shapley.exact(values, index, k)
    orders = shapley.permutations(k, 200, seed=3)
    phi = shapley.sampled(values, index, orders)
    se = shapley.sampling_error(values, index, orders)
    total = values[index[shapley.full(k)]] - values[index[0]]
    np.testing.assert_allclose(phi.sum(axis=0), total, rtol=0, atol=1e-12)
    assert np.all(phi[null] == 0.0) and np.all(se[null] == 0.0)
    assert np.all(se[[i for i in range(k) if i != null]] > 0)
    assert np.all(np.abs(phi - exact) <= 4 * se + 1e-12)


def test_an_additive_game_has_no_sampling_error():
    a = np.arange(9) - 4.0
    values, index = _game(9, lambda m, s: float(sum(a[i] * _on(m, i) for i in range(9))))
    orders = shapley.permutations(9, 4, seed=1)
    sub = {m: index[m] for m in shapley.sampled_coalitions(orders)}
    np.testing.assert_allclose(shapley.sampled(values, sub, orders)[:, 0], a, atol=1e-12)
    assert np.all(shapley.sampling_error(values, sub, orders) == 0.0)
