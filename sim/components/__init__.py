"""The engine's components: each declares its parameters and the phases it acts in.

A component is a class with ``PARAMS`` (``sim.params.Param`` declarations) and
``PHASES`` (names from ``sim.phases.PHASES``); the model calls
``component.<phase>()`` for each phase it lists, in this order. ``ENGINE`` is
the explicit list the parameter registry and the model read; policies
(``sim.policies``) follow the same contract and run after the engine's
components within each phase.
"""

from sim import civic, population, programmes
from sim.components.counters import Counters
from sim.components.experience import Experience
from sim.components.handling import Handling
from sim.components.intake import Intake
from sim.components.needs import Needs
from sim.components.record import Record
from sim.components.rollout import Rollout
from sim.components.survey import Survey
from sim.institutions.handlers import Institutions

# Modules or classes that declare parameters; the order is the listing order.
ENGINE = (population, Rollout, Needs, Intake, Counters, Handling, Institutions, Experience, Survey, Record, civic,
          programmes)

# Classes the model instantiates, in the order they act within a phase.
STEPPERS = (Rollout, Needs, Intake, Counters, Handling, Institutions, Survey, Record)
