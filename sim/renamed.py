"""Names that changed: parameters and KPIs renamed, each with its successor.

Scenario files, experiment files, ``--set`` and ``--kpis`` that use an old
name are refused in one line that names the successor, so a user's old file
fails loudly instead of losing a setting. ``docs/renamed.md`` lists them and
says why each moved (a test keeps the two in step).
"""

from __future__ import annotations

# old parameter name -> its successor
PARAMS: dict[str, str] = {}

# old KPI name -> its successor
KPIS: dict[str, str] = {}


def param_hint(name: str) -> str | None:
    """The one-line note for a renamed parameter, or None if ``name`` was never renamed."""
    new = PARAMS.get(name)
    return None if new is None else f"'{name}' was renamed '{new}' (docs/renamed.md)"


def kpi_hint(name: str) -> str | None:
    """The one-line note for a renamed KPI, or None if ``name`` was never renamed."""
    new = KPIS.get(name)
    return None if new is None else f"the KPI '{name}' was renamed '{new}' (docs/renamed.md)"
