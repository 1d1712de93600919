"""Category codes shared by arrays, kernels, results and the command line.

Each enum value is the integer stored in the int8 arrays; ``.label`` (the
lower-case name) is what scenario files, tables and plots use.
"""

from enum import IntEnum


class _Labelled(IntEnum):
    """An integer code with a lower-case label for files, tables and plots."""

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def labels(cls) -> list[str]:
        return [m.label for m in cls]


class Group(_Labelled):
    """Resident groups (docs/plan.md, 'Who is in a community')."""

    ELDERLY_ALONE = 0
    ELDERLY_FAMILY = 1
    WORKING_ADULT = 2
    YOUNG_PARENT = 3
    NEW_CITIZEN = 4
    CHILD = 5


class Need(_Labelled):
    """Kinds of need that residents raise (docs/plan.md, 'What residents need')."""

    REPAIR = 0
    ADMIN = 1
    ELDERCARE = 2
    CHILDCARE = 3
    DISPUTE = 4
    CROSSDEPT = 5


class Channel(_Labelled):
    """How a need reaches an institution; NONE means the need goes unmet."""

    NONE = 0
    APP = 1
    HOTLINE = 2
    WALKIN = 3
    GRID = 4


class HandlerKind(_Labelled):
    """Bodies that hold a queue of requests.

    The first eight are city departments shared by all communities; the rest
    exist once per community (committee, counter, property manager) or once
    per grid (grid worker).
    """

    CIVIL_AFFAIRS = 0
    HEALTH = 1
    SOCIAL_SECURITY = 2
    URBAN_MANAGEMENT = 3
    TRANSPORT = 4
    JUSTICE = 5
    PUBLIC_SECURITY = 6
    EDUCATION = 7
    COMMITTEE = 8
    COUNTER = 9
    PROPERTY = 10
    GRID_WORKER = 11


DEPARTMENTS = tuple(k for k in HandlerKind if k <= HandlerKind.EDUCATION)


class CommunityType(_Labelled):
    """The three kinds of pilot community (docs/plan.md)."""

    OLD_NEIGHBOURHOOD = 0
    COMMERCIAL_ESTATE = 1
    VILLAGE_CONVERSION = 2


class RequestState(_Labelled):
    """Every request is in exactly one of these states (checked when validating)."""

    FREE = 0  # an unused slot in the request pool
    QUEUED = 1
    CLOSED = 2
    ABANDONED = 3


class HealthTier(_Labelled):
    """Health tier of the elderly (docs/plan.md, smart elderly care); NA for others."""

    NA = 0
    SELF_CARE = 1
    SEMI_DISABLED = 2
    DISABLED = 3
