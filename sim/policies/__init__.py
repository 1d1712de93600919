"""Governance mechanisms, one module each.

Every mechanism follows the contract of ``sim.policies.base.Policy``.
``sim.registry.MECHANISMS`` lists them: it fixes their order within each
phase (after the engine's own components) and the layout of their counters
and costs in the results.
"""
