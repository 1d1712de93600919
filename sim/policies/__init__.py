"""Governance mechanisms, one module each, in an explicit registry.

A policy module follows the component contract (``sim.components``): a class
with ``PARAMS`` (including its ``<section>.enabled`` switch), ``PHASES`` and
one method per phase, plus the state it adds and the results it records.
A policy switched off is not instantiated, so the rest of the run is
unchanged draw for draw (every rule draws from its own random stream).

The mechanisms of DOMAIN.md arrive in later issues; the registry is the seam.
"""

REGISTRY: tuple = ()


def active(params: dict) -> list:
    """The policy classes switched on in a scenario, in registry order."""
    return [p for p in REGISTRY if params.get(f"{p.SECTION}.enabled", False)]
