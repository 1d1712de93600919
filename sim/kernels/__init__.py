"""Pure numba kernels: arrays and scalars in, arrays out; no Mesa, no classes.

Each kernel draws its randomness from ``sim.rng`` keyed by entity, so results
do not depend on the thread count. Parallel loops write only per-element
outputs; every sum that crosses elements runs in a fixed order.
"""
