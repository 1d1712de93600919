"""The arrays the request kernels share, grouped: the request pool, the handler table, residents' state.

Each group is a tuple of arrays named by a ``typing.NamedTuple`` below, the one
place its fields are documented. The arrays are their owner's, not copies: a
kernel that writes ``pool.state[r]`` writes the pool.

Owners hand them over as plain tuples in field order (``RequestPool.arrays()``,
``HandlerTable.arrays()``, ``Population.arrays()``, built from the classes'
``_fields``), and a kernel names them first thing::

    pool, residents = RequestArrays(*pool), ResidentArrays(*residents)

then takes out the arrays it uses, once, at the top. What this costs:

- inside a kernel, nothing: the loops compile as with the arrays passed one by
  one. Not inside a loop, though: an array taken out of a tuple there costs a
  reference count each time (so ``sim.kernels.handling.finish``, inlined in the
  loops, takes arrays; given the structs it made ``work`` twice as slow);
- at the call, numba converts every array of a struct, used or not (about
  0.1 us each), so a call costs about 1-2 us more than with only the arrays it
  uses: some 10 us per simulated day, a few percent of a day of 10,000
  residents, nothing at 100,000 and more;
- named tuples would cost more at the call: numba reads their field names on
  every call to find the compiled version (about 1 us for the pool's 18
  fields), hence plain tuples. A kernel takes the named tuples too (tests pass
  them), compiled separately.

The classes live here, among the kernel sources, so that numba's cache folder
(``sim.numba_cache``) changes with them: a kernel compiled for one field order
never reads another's.
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
    responded: np.ndarray  # int32, day of first response, sim.calendar.NO_DAY before
    bounces: np.ndarray  # int16, times a wrong department passed it on
    stage: np.ndarray  # int8, departments done so far (cross-department problems)
    stages: np.ndarray  # int8, departments needed
    ready: np.ndarray  # int32, first day the current handler can work on it
    worked: np.ndarray  # int32, last day a handler worked on it, sim.calendar.NO_DAY before
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
    """Residents' state that requests move (``sim.population``, ``sim.kernels.experience``): one row per resident."""

    satisfaction: np.ndarray  # float32, 0-1
    trust: np.ndarray  # float32, 0-1


class VolunteerArrays(NamedTuple):
    """The volunteer pool (``sim.components.volunteering``): residents who volunteer under the status quo's or the
    reform's enrolment, held sorted by grid, then resident index (``sim.kernels.volunteering``)."""

    vol: np.ndarray  # int64 (n_pool,), resident index of each slot
    vstart: np.ndarray  # int64 (n_grids + 1,), the slots of grid g are vstart[g]:vstart[g + 1]
    gstart: np.ndarray  # int64 (n_communities + 1,), the grids of community c are gstart[c]:gstart[c + 1]
    cursor: np.ndarray  # int64 (n_grids,), each grid's round-robin position
    hours_used: np.ndarray  # float64 (n_pool,), hours given this month
    active: np.ndarray  # bool (n_pool,), volunteering under the rules in force today
