"""govsim: an agent-based simulator of urban community governance.

Residents live as arrays (``sim.population``), institutions that decide are
Mesa agents (``sim.institutions``), and every per-resident or per-request rule
is a numba kernel (``sim.kernels``). ``sim.model.GovernanceModel`` runs the day
in the fixed phase order of ``sim.phases``.
"""

__version__ = "0.1.0"

from sim.numba_cache import configure as _configure_numba_cache  # noqa: E402

_configure_numba_cache()
