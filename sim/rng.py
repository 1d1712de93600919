"""Counter-based random numbers: ``u = hash(seed, stream, day, counter)``.

Every random decision in the model draws from its own named stream, keyed by
the day and by the identity of whoever decides (a resident index, a request's
``(created day, resident)`` pair, a survey slot). Nothing carries state from
one draw to the next, so:

- results are the same on 1 or N threads and on any executor;
- a rule added or changed draws from its own stream and leaves every other
  stream untouched, so baseline and policy runs share their randomness
  (common random numbers).

Python chains SplitMix64's finaliser over (seed -> stream -> day) to make the
key of one stream on one day (``key(seed, stream, day)``, the warm-up's
negative days included); draws fixed for a run's life (who an entity is, a
community's place in the roll-out) use ``key_fixed(seed, stream)``, the key
of ``FIXED_DAY``, a day no run reaches. Kernels then draw
``uniform(key, counter) = finaliser(key + (counter + 1) * golden gamma)``,
which is exactly the ``counter``-th output of a SplitMix64 generator seeded
with the key (a generator that passes BigCrush), reached without stepping
through the ones before.
"""

import math
import zlib
from functools import lru_cache

import numpy as np
from numba import njit, prange

_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15


def _mix_py(z: int) -> int:
    z &= _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def stream_id(name: str) -> int:
    """A stable 32-bit id for a stream name (the same in every process)."""
    return zlib.crc32(name.encode("utf-8"))


@lru_cache(maxsize=4096)
def _stream_prefix(seed: int, stream: str) -> int:
    # The (seed, stream) part of a key is the same every day: a run asks for it a few dozen times a day.
    return _mix_py(_mix_py(int(seed) + _GOLDEN) ^ (stream_id(stream) + _GOLDEN))


def key(seed: int, stream: str, day: int) -> np.uint64:
    """The key a kernel needs for one stream on one day."""
    return np.uint64(_mix_py(_stream_prefix(int(seed), stream) ^ ((int(day) & _MASK) + _GOLDEN)))


# The "day" of draws fixed for life: far before any warm-up (days run from -warmup.days), so no day's key is it.
FIXED_DAY = -(1 << 62)


def key_fixed(seed: int, stream: str) -> np.uint64:
    """The key of draws fixed for a run's life: the same whatever the day, and no day's key."""
    return key(seed, stream, FIXED_DAY)


@njit(inline="always", cache=True)
def _mix(z):
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


@njit(inline="always", cache=True)
def uniform(k, counter):
    """A uniform draw in [0, 1) for entity ``counter`` under key ``k``."""
    z = _mix(np.uint64(k) + (np.uint64(counter) + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15))
    return np.int64(z >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@njit(inline="always", cache=True)
def uniform2(k, counter, j):
    """The ``j``-th of several independent draws for the same entity."""
    return uniform(_mix(np.uint64(k) + np.uint64(j) * np.uint64(0xD1B54A32D192ED03)), counter)


@njit(inline="always", cache=True)
def normal(k, counter):
    """A standard normal draw (Box-Muller on two uniforms of the entity)."""
    u1 = uniform2(k, counter, 0)
    u2 = uniform2(k, counter, 1)
    return math.sqrt(-2.0 * math.log(1.0 - u1)) * math.cos(2.0 * math.pi * u2)


# Below this many draws a parallel loop costs more in waking numba's threads than it saves (the monthly
# draws about projects are a handful; on a busy machine each parallel call cost ~10 ms).
_PARALLEL_FROM = 1 << 14


@njit(cache=True)
def _uniforms_serial(k, counters):
    out = np.empty(counters.shape[0], dtype=np.float64)
    for i in range(counters.shape[0]):
        out[i] = uniform(k, counters[i])
    return out


@njit(parallel=True, cache=True)
def _uniforms_parallel(k, counters):
    out = np.empty(counters.shape[0], dtype=np.float64)
    for i in prange(counters.shape[0]):
        out[i] = uniform(k, counters[i])
    return out


def uniforms(k, counters):
    """Vectorised ``uniform`` for setup code and small batches (population building, projects, tests); the
    same draws whichever loop runs them."""
    return (_uniforms_parallel if counters.shape[0] >= _PARALLEL_FROM else _uniforms_serial)(k, counters)


@njit(cache=True)
def _normals_serial(k, counters):
    out = np.empty(counters.shape[0], dtype=np.float64)
    for i in range(counters.shape[0]):
        out[i] = normal(k, counters[i])
    return out


@njit(parallel=True, cache=True)
def _normals_parallel(k, counters):
    out = np.empty(counters.shape[0], dtype=np.float64)
    for i in prange(counters.shape[0]):
        out[i] = normal(k, counters[i])
    return out


def normals(k, counters):
    """Vectorised ``normal`` for setup code; the same draws whichever loop runs them."""
    return (_normals_parallel if counters.shape[0] >= _PARALLEL_FROM else _normals_serial)(k, counters)


@njit(inline="always", cache=True)
def request_counter(created_day, resident):
    """The counter that names a request: a resident raises at most one need a day."""
    return (np.uint64(created_day) << np.uint64(32)) | np.uint64(resident)
