"""The engine's components: the world's processes, each with its parameters, phases, state and counters.

A component is a class with ``PARAMS`` (``sim.params.Param`` declarations) and
``PHASES`` (names from ``sim.phases.PHASES``); the model calls
``component.<phase>()`` for each phase it lists. ``sim.registry`` lists them
(``ENGINE``, ``STEPPERS``); components import only declarations, kernels and
each other, never the registry, the mechanisms or the model.
"""
