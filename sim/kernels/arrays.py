"""The arrays the request kernels share, grouped: the request pool, the handler table, the residents.

Each group is a plain immutable tuple of arrays (``typing.NamedTuple``), which
numba takes as one argument and compiles to the same code as the arrays passed
one by one. The arrays are views of their owner's, not copies: a kernel that
writes ``pool.state[r]`` writes the pool. Owners build them on every call
(``RequestPool.arrays()``, ``HandlerTable.arrays()``, ``Population.arrays()``),
since their arrays are replaced as they grow or as a day begins.

The classes live here, among the kernel sources, so that numba's cache folder
(``sim.numba_cache``) changes with them: a kernel compiled for one field order
never reads another's.

This module is the one place their fields are documented.
"""

from typing import NamedTuple

import numpy as np


class RequestArrays(NamedTuple):
    """The request pool (``sim.requests``): one row per request, fields in the order of ``sim.requests.FIELDS``."""

    resident: np.ndarray  # int32, who raised it
    community: np.ndarray  # int16, the resident's community
    group: np.ndarray  # int8, the resident's group (sim.enums.Group)
    need: np.ndarray  # int8, sim.enums.Need
    channel: np.ndarray  # int8, sim.enums.Channel it came through
    created: np.ndarray  # int32, day the need was raised
    target: np.ndarray  # int32, handler row that can resolve the current stage
    handler: np.ndarray  # int32, handler row whose queue holds it now
    state: np.ndarray  # int8, sim.enums.RequestState
    responded: np.ndarray  # int32, day of first response, -1 before
    bounces: np.ndarray  # int16, times a wrong department passed it on
    stage: np.ndarray  # int8, departments done so far (cross-department problems)
    stages: np.ndarray  # int8, departments needed
    ready: np.ndarray  # int32, first day the current handler can work on it
    worked: np.ndarray  # int32, last day a handler worked on it, -1 before
    errands: np.ndarray  # int8, errands a walk-in brought to the counter (0 until its first visit)
    errands_left: np.ndarray  # int8, of those, not yet done
    subtype: np.ndarray  # int8, a dispute's kind (sim.kernels.disputes); -1 for other needs and until drawn


class HandlerArrays(NamedTuple):
    """The handler table (``sim.institutions.table``): per handler row, then each community's and grid's row."""

    kind: np.ndarray  # int8 (n_handlers,), sim.enums.HandlerKind
    community: np.ndarray  # int16 (n_handlers,), -1 for city departments and street-level bodies
    cap_left: np.ndarray  # int64 (n_handlers,), requests the handler can still take today
    committee: np.ndarray  # int32 (n_communities,), handler row of each community's residents' committee
    counter: np.ndarray  # int32 (n_communities,), handler row of each community's service counter
    property_mgr: np.ndarray  # int32 (n_communities,), handler row of its property manager, -1 where none
    grid_worker: np.ndarray  # int32 (n_grids,), handler row of each grid's workers


class ResidentArrays(NamedTuple):
    """Residents (``sim.population``) as the request kernels see them: one row per resident."""

    community: np.ndarray  # int16
    group: np.ndarray  # int8, sim.enums.Group
    grid: np.ndarray  # int32, global grid index
    satisfaction: np.ndarray  # float32, 0-1, moved by experience (sim.kernels.experience)
    trust: np.ndarray  # float32, 0-1, likewise
