"""Governance mechanisms, one module each, in an explicit registry.

Every mechanism follows the contract of ``sim.policies.base.Policy``. The
registry fixes their order within each phase (after the engine's own
components) and the layout of their counters and costs in the results.
"""

from sim.policies.digital_inclusion import DigitalInclusion
from sim.policies.data_sharing import DataSharing
from sim.policies.first_contact import FirstContact
from sim.policies.grid import GridManagement
from sim.policies.one_stop import OneStop
from sim.policies.social_workers import SocialWorkers
from sim.policies.whistle import Whistle
from sim.policies.eldercare import Eldercare
from sim.policies.timebank import TimeBank
from sim.policies.platform import Platform
from sim.policies.data_protection import DataProtection
from sim.policies.programming import Programming
from sim.policies.resource_pool import ResourcePool
from sim.policies.partners import Partners
from sim.policies.participation import Participation
from sim.policies.committee import Committee
from sim.policies.courtyards import Courtyards
from sim.policies.mediation import Mediation
from sim.policies.property import PropertyManagers
from sim.policies.funding import Funding
from sim.policies.evaluation import Evaluation

REGISTRY: tuple = (
    FirstContact,
    Whistle,
    GridManagement,
    SocialWorkers,
    Eldercare,
    TimeBank,
    Platform,
    DigitalInclusion,
    OneStop,
    DataSharing,
    DataProtection,
    Programming,
    ResourcePool,
    Partners,
    Participation,
    Committee,
    Courtyards,
    Mediation,
    PropertyManagers,
    Funding,
    Evaluation,
)


def active(params: dict) -> list:
    """The policy classes switched on in a scenario, in registry order."""
    return [p for p in REGISTRY if params.get(f"{p.SECTION}.enabled", False)]
