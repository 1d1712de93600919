"""Pure numba kernels: arrays and scalars in, arrays out; no Mesa, no classes.

Each kernel draws its randomness from ``sim.rng`` keyed by entity, so results
do not depend on the thread count. Parallel loops write only per-element
outputs; every sum that crosses elements runs in a fixed order.

Kernels over every resident come in a serial and a parallel form with the
same arithmetic; ``PARALLEL_MIN`` picks one. Below it, starting threads
costs more than it saves, and on a busy machine (a sweep's other workers)
a parallel region waits for its slowest thread.

Where a module imports a kernel module under a short name, it uses one
name for it everywhere (``tests/layout/test_import_graph.py`` checks): ``kh``
handling, ``kq`` counter_queue, ``kin`` intake, ``dk`` disputes, ``km``
mediation, ``kcm`` courtyard_mediation, ``kx`` experience, ``kt`` timebank,
``kv`` volunteering, ``kpriv`` privacy, ``keld`` eldercare, ``kf`` falls,
``keval`` evaluation, ``kpart`` participation, ``kpr`` projects, ``kprog``
programmes, ``kprop`` property.
"""

PARALLEL_MIN = 200_000
