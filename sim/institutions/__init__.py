"""Institutions that decide: Mesa agents over the handler arrays.

``table.HandlerTable`` holds every handler's queue-facing state as arrays
(kind, capacity, backlog) for the kernels; ``agents`` makes one Mesa agent
per handler (departments, residents' committees, service counters, property
managers, grid workers) whose ``act()`` runs in the ``institutions`` phase.
"""
