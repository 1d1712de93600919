"""Names that changed: parameters and KPIs renamed, each with its successor.

Scenario files, experiment files, ``--set`` and ``--kpis`` that use an old
name are refused in one line that names the successor, so a user's old file
fails loudly instead of losing a setting. ``docs/renamed.md`` lists them and
says why each moved (a test keeps the two in step).
"""

from __future__ import annotations

# old parameter name -> its successor
PARAMS: dict[str, str] = {
    # a project reaches a number of adults, not a share of its community (size invariance)
    "civic.project_reach": "civic.project_reach_adults",
    "timebank.volunteer_max_age": "volunteering.volunteer_max_age",
    "timebank.recipient_min_age": "volunteering.recipient_min_age",
    "timebank.hours_per_service": "volunteering.hours_per_service",
    "timebank.service_score": "volunteering.service_score",
    "data_sharing.incident_score": "records.incident_score",
    "data_sharing.remediation_yuan": "records.remediation_yuan",
    # falls and emergencies became a world process in every scenario (sim/components/falls.py)
    "eldercare.fall_rate_per_year": "falls.fall_rate_per_year",
    "eldercare.fall_factor_alone": "falls.fall_factor_alone",
    "eldercare.fall_factor_80plus": "falls.fall_factor_80plus",
    "eldercare.fall_factor_impaired": "falls.fall_factor_impaired",
    "eldercare.emergencies_per_year": "falls.emergencies_per_year",
    "eldercare.cannot_get_up_share": "falls.cannot_get_up_share",
    "eldercare.family_found_hours": "falls.family_found_hours",
    "eldercare.alone_found_hours": "falls.alone_found_hours",
    "eldercare.decline_at_once": "falls.decline_at_once",
    "eldercare.decline_hours": "falls.decline_hours",
    "eldercare.incident_score_at_once": "falls.incident_score_at_once",
    "eldercare.experience_hours": "falls.experience_hours",
    # peer learning is a world process (sim.components.learning), not digital inclusion's
    "digital_inclusion.peer_p_per_year": "learning.peer_p_per_year",
    "digital_inclusion.peer_q_per_year": "learning.peer_q_per_year",
    "digital_inclusion.household_weight": "learning.household_weight",
    "digital_inclusion.learned_literacy": "learning.learned_literacy",
    # property managers' fees and public space are a world process (sim.components.property)
    "property.fee_yuan_m2_month": "property_managers.fee_yuan_m2_month",
    "property.m2_per_resident": "property_managers.m2_per_resident",
    "property.collection_rate": "property_managers.collection_rate",
    "property.refusal_kick_share": "property_managers.refusal_kick_share",
    "property.space_dispute_cut": "property_managers.space_dispute_cut",
    "property.fee_dispute_elasticity": "property_managers.fee_dispute_elasticity",
}

# old KPI name -> its successor
KPIS: dict[str, str] = {
    "timebank_match_share": "volunteer_match_share",
}


def param_hint(name: str) -> str | None:
    """The one-line note for a renamed parameter, or None if ``name`` was never renamed."""
    new = PARAMS.get(name)
    return None if new is None else f"'{name}' was renamed '{new}' (docs/renamed.md)"


def kpi_hint(name: str) -> str | None:
    """The one-line note for a renamed KPI, or None if ``name`` was never renamed."""
    new = KPIS.get(name)
    return None if new is None else f"the KPI '{name}' was renamed '{new}' (docs/renamed.md)"
