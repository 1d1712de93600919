"""Residents as a struct of arrays, built household by household, stored by (community, group).

Responsibilities:
- declare the parameters that shape who lives where (household templates per
  community type, group shares of digital literacy, health tiers, initial
  trust and satisfaction, participation propensity, grid size);
- cut each community into grids of about ``grids.households_per_grid``
  households, all of one size (``_grids``);
- build ``Population``: one numpy array per attribute, residents sorted by
  community then household, every draw from the counter-based RNG;
- ``Resident``: a thin ``mesa.Agent`` view onto one row, made on demand.

Households are drawn from templates (elderly living alone, elderly couple,
three generations, young family, single adult, adult family, migrant single,
migrant family) with weights per community type, so the three kinds of pilot
community differ the way docs/plan.md says: old neighbourhoods are older,
commercial estates are young families, village conversions hold migrants.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from operator import attrgetter
from statistics import NormalDist

import mesa
import numpy as np

from sim import rng
from sim.enums import CommunityType, Group, HealthTier
from sim.kernels.arrays import ResidentArrays
from sim.params import Param

EA, EF, WA, YP, NC, CH = (int(g) for g in Group)
_ARRAYS = attrgetter(*ResidentArrays._fields)

# (template name, member groups). Children appear only as household members.
TEMPLATES: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("elderly_alone", (EA,)),
    ("elderly_couple", (EF, EF)),
    ("three_generations", (EF, EF, YP, YP, CH)),
    ("young_family", (YP, YP, CH)),
    ("single_adult", (WA,)),
    ("adult_family", (WA, WA, WA)),
    ("migrant_single", (NC,)),
    ("migrant_family", (NC, NC, CH)),
)

# Household shares by community type (assumption). They give: an old
# neighbourhood 32% aged 60+ (16% of them alone), 2.4 persons a household; a
# commercial estate 35% young parents and 19% children, 2.85 a household; a
# village conversion 29% new citizens plus their children, 2.3 a household.
# National figures: 18.7% aged 60+, ~15% of them living alone.
_HH_WEIGHTS = {
    CommunityType.OLD_NEIGHBOURHOOD: (0.12, 0.22, 0.10, 0.10, 0.12, 0.24, 0.05, 0.05),
    CommunityType.COMMERCIAL_ESTATE: (0.03, 0.07, 0.15, 0.35, 0.12, 0.20, 0.04, 0.04),
    CommunityType.VILLAGE_CONVERSION: (0.05, 0.08, 0.10, 0.10, 0.07, 0.12, 0.28, 0.20),
}
_HH_SOURCE = (
    "assumption: household mix per community type chosen to match docs/plan.md's "
    "description of the pilot types and the 7th census (18.7% aged 60+)"
)

PARAMS: tuple[Param, ...] = (
    *(
        Param(
            f"community_types.{ct.label}.households_{name}",
            _HH_WEIGHTS[ct][i],
            0.0,
            1.0,
            "weight",
            _HH_SOURCE,
            f"Relative weight of '{name}' households in a {ct.label.replace('_', ' ')} "
            "(weights are normalised).",
            "structure",
        )
        for ct in CommunityType
        for i, (name, _) in enumerate(TEMPLATES)
    ),
    Param("residents.digital_literacy_elderly", 0.30, 0.0, 1.0, "share",
          "plan §digital inclusion: 70% of elderly in one Beijing community could not use a "
          "smartphone; CNNIC 2021-2023: 43.2% of 60+ online, 69.7% of them unaided",
          "Share of elderly residents able to use a smartphone app unaided."),
    Param("residents.digital_literacy_adults", 0.92, 0.0, 1.0, "share",
          "CNNIC 53rd report (2023): 77.5% of all ages online, higher for 20-59",
          "Share of working adults and young parents able to use a smartphone app unaided."),
    Param("residents.digital_literacy_new_citizens", 0.80, 0.0, 1.0, "share",
          "assumption: migrant workers are online but less at ease with government apps",
          "Share of new citizens able to use a smartphone app unaided."),
    Param("residents.literacy_spread", 1.5, 0.1, 5.0, "logit sd",
          "assumption: skill varies widely within a group; 1.5 gives a broad spread",
          "Spread of digital literacy within a group, on the logit scale."),
    Param("residents.trust_initial", 0.60, 0.0, 1.0, "0-1 scale",
          "assumption: moderate initial trust in community institutions",
          "Mean initial trust in institutions."),
    Param("residents.satisfaction_initial", 0.76, 0.0, 1.0, "0-1 scale",
          "plan §figures: resident satisfaction baseline 76%",
          "Mean initial satisfaction with community services."),
    Param("residents.attitude_spread", 0.15, 0.0, 0.5, "sd",
          "assumption: individual variation of trust and satisfaction",
          "Standard deviation of initial trust and satisfaction between residents."),
    Param("residents.propensity_elderly", 0.70, 0.0, 1.0, "probability",
          "Shanghai residents'-committee election survey (~2018): 70-79 turnout 77.7%",
          "Participation propensity of elderly residents."),
    Param("residents.propensity_adults", 0.35, 0.0, 1.0, "probability",
          "Shanghai election survey (~2018): 47.9% of adults overall, 18-29 13.8%",
          "Participation propensity of working adults and young parents."),
    Param("residents.propensity_new_citizens", 0.15, 0.0, 1.0, "probability",
          "assumption: new citizens take part least (no local household registration)",
          "Participation propensity of new citizens."),
    Param("residents.elderly_semi_disabled_share", 0.16, 0.0, 1.0, "share of 60+",
          "4th national survey of older people (2015): 18.3% disabled or semi-disabled, "
          "of which 2.3% cannot care for themselves",
          "Share of elderly who are semi-disabled."),
    Param("residents.elderly_disabled_share", 0.023, 0.0, 1.0, "share of 60+",
          "7th census (2020) self-rated health: 2.3% of 60+ cannot care for themselves",
          "Share of elderly who are disabled."),
    Param("residents.disability_risk_per_decade", 2.0, 1.0, 5.0, "ratio",
          "assumption: the risk of disability roughly doubles per decade of age after 60",
          "Relative risk of (semi-)disability per ten years of age."),
    Param("residents.elderly_mean_years_over_60", 11.0, 5.0, 20.0, "years",
          "7th census (2020): ~13.5% of 60+ are 80+; an exponential with mean 11 gives 16%",
          "Mean age above 60 of elderly residents (exponential).", "structure"),
    Param("grids.households_per_grid", 250, 50, 2000, "households",
          "local reports (no national rule): 160-255 households per grid",
          "Households per grid (a community is cut into equal grids of about this many).", "structure"),
)


@dataclass
class Population:
    """Residents as arrays (one row per resident) plus community and grid indexes."""

    group: np.ndarray  # int8, Group
    household: np.ndarray  # int32
    grid: np.ndarray  # int32, global grid index
    community: np.ndarray  # int16
    age: np.ndarray  # int8 (years, capped at 100)
    health: np.ndarray  # int8, HealthTier
    literacy: np.ndarray  # float32, 0-1; > 0.5 means able to use an app
    trust: np.ndarray  # float32, 0-1
    satisfaction: np.ndarray  # float32, 0-1
    propensity: np.ndarray  # float32, 0-1
    last_channel: np.ndarray  # int8, Channel last used (habit)
    community_start: np.ndarray  # int64 (C+1,), residents of c are [start[c], start[c+1])
    grid_community: np.ndarray  # int16 (n_grids,), the community of each grid
    segment_start: np.ndarray  # int64 (C*G+1,), residents of (c, g) are [start[c*G+g], start[c*G+g+1])

    @property
    def n(self) -> int:
        return int(self.group.shape[0])

    def arrays(self) -> tuple:
        """The arrays the request kernels take (``sim.kernels.arrays.ResidentArrays``, as a plain tuple): the
        population's own, not copies (experience is written)."""
        return _ARRAYS(self)

    @property
    def n_grids(self) -> int:
        return int(self.grid_community.shape[0])

    @property
    def nbytes(self) -> int:
        return sum(getattr(self, f.name).nbytes for f in fields(self))


def _group_share(params: dict, group: np.ndarray, prefix: str) -> np.ndarray:
    """Per-resident value of a parameter declared for elderly / adults / new citizens."""
    by_group = np.zeros(len(Group))
    by_group[[EA, EF]] = params[f"{prefix}_elderly"]
    by_group[[WA, YP]] = params[f"{prefix}_adults"]
    by_group[NC] = params[f"{prefix}_new_citizens"]
    return by_group[group]


def _households(params: dict, ctype: CommunityType, n: int, seed: int, c: int):
    """Member groups and local household index for ``n`` residents of one community."""
    w = np.array([params[f"community_types.{ctype.label}.households_{t}"] for t, _ in TEMPLATES])
    if w.sum() <= 0:
        w = np.ones_like(w)
    cum = np.cumsum(w / w.sum())
    sizes_t = np.array([len(m) for _, m in TEMPLATES])
    flat = np.concatenate([np.array(m, dtype=np.int8) for _, m in TEMPLATES])
    start_t = np.concatenate([[0], np.cumsum(sizes_t)[:-1]])
    n_draw = int(n / max(1.0, float(np.dot(w / w.sum(), sizes_t)))) * 2 + 64
    u = rng.uniforms(rng.key(seed, "population.household", c), np.arange(n_draw, dtype=np.uint64))
    tmpl = np.minimum(np.searchsorted(cum, u, side="right"), len(TEMPLATES) - 1)
    sizes = sizes_t[tmpl]
    n_hh = int(np.searchsorted(np.cumsum(sizes), n)) + 1
    tmpl, sizes = tmpl[:n_hh], sizes[:n_hh]
    hh = np.repeat(np.arange(n_hh, dtype=np.int32), sizes)
    pos = np.arange(hh.shape[0]) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    groups = flat[start_t[tmpl[hh]] + pos]
    return groups[:n], hh[:n]


def _grids(hh: np.ndarray, per_grid: float) -> np.ndarray:
    """Each household's grid within its community: ``round(households / per_grid)`` equal grids (at least one)
    of consecutive households, so grids per resident do not depend on the community's size (cutting full
    grids of ``per_grid`` left a smaller last grid, one more grid per resident in a small community)."""
    n_hh = int(hh.max()) + 1
    n_grid = max(1, int(np.floor(n_hh / per_grid + 0.5)))
    return (hh.astype(np.int64) * n_grid // n_hh).astype(hh.dtype)


def build_population(scenario) -> Population:
    """Build every resident of every community of ``scenario``."""
    p, seed = scenario.params, scenario.seed
    groups, households, grids, comms = [], [], [], []
    grid_comm: list[np.ndarray] = []
    hh_off = grid_off = 0
    for c, comm in enumerate(scenario.communities):
        g, hh = _households(p, CommunityType[comm.type.upper()], comm.residents, seed, c)
        grid_local = _grids(hh, p["grids.households_per_grid"])
        groups.append(g)
        households.append(hh + hh_off)
        grids.append(grid_local + grid_off)
        comms.append(np.full(g.shape[0], c, dtype=np.int16))
        n_grid = int(grid_local.max()) + 1
        grid_comm.append(np.full(n_grid, c, dtype=np.int16))
        hh_off += int(hh.max()) + 1
        grid_off += n_grid
    group = np.concatenate(groups).astype(np.int8)
    n = group.shape[0]
    idx = np.arange(n, dtype=np.uint64)
    draw = lambda stream: rng.uniforms(rng.key(seed, stream, 0), idx)  # noqa: E731
    normal = lambda stream: rng.normals(rng.key(seed, stream, 0), idx)  # noqa: E731

    elderly = (group == EA) | (group == EF)
    age = np.empty(n, dtype=np.float64)
    u = draw("population.age")
    age[elderly] = 60 - np.log1p(-u[elderly]) * p["residents.elderly_mean_years_over_60"]
    span = {WA: (22, 60), YP: (25, 43), NC: (18, 51), CH: (0, 15)}
    for grp, (lo, hi) in span.items():
        m = group == grp
        age[m] = lo + u[m] * (hi - lo)
    age = np.minimum(age, 100).astype(np.int8)

    health = np.zeros(n, dtype=np.int8)
    rr = p["residents.disability_risk_per_decade"] ** ((age[elderly] - 70) / 10.0)
    rr = rr / rr.mean() if rr.size else rr
    ud = draw("population.health")[elderly]
    p_dis = np.minimum(1.0, p["residents.elderly_disabled_share"] * rr)
    p_semi = np.minimum(1.0, p_dis + p["residents.elderly_semi_disabled_share"] * rr)
    health[elderly] = np.where(
        ud < p_dis, HealthTier.DISABLED, np.where(ud < p_semi, HealthTier.SEMI_DISABLED, HealthTier.SELF_CARE)
    )

    # literacy = sigmoid(s * (z_p + z)) puts exactly a share p above 0.5 ("able to use an app").
    share_g = np.clip(_group_share(p, np.arange(len(Group)), "residents.digital_literacy"), 1e-6, 1 - 1e-6)
    zp = np.array([NormalDist().inv_cdf(x) for x in share_g])[group]
    s = p["residents.literacy_spread"]
    literacy = 1.0 / (1.0 + np.exp(-s * (zp + normal("population.literacy"))))
    literacy[group == CH] = 0.0

    spread = p["residents.attitude_spread"]
    trust = np.clip(p["residents.trust_initial"] + spread * normal("population.trust"), 0, 1)
    sat = np.clip(p["residents.satisfaction_initial"] + spread * normal("population.satisfaction"), 0, 1)
    prop = _group_share(p, group, "residents.propensity")
    propensity = np.clip(prop + 0.1 * normal("population.propensity"), 0, 1)
    propensity[group == CH] = 0.0

    sizes = [c.shape[0] for c in comms]
    community = np.concatenate(comms)
    # Rows sorted by (community, group): each pair is one contiguous segment, so sums over
    # residents by community and group are segment sums (households and grids are labels).
    order = np.lexsort((group, community))
    segments = np.bincount(community.astype(np.int64) * len(Group) + group, minlength=len(sizes) * len(Group))
    return Population(
        group=group[order],
        household=np.concatenate(households).astype(np.int32)[order],
        grid=np.concatenate(grids).astype(np.int32)[order],
        community=community[order],
        age=age[order],
        health=health[order],
        literacy=literacy.astype(np.float32)[order],
        trust=trust.astype(np.float32)[order],
        satisfaction=sat.astype(np.float32)[order],
        propensity=propensity.astype(np.float32)[order],
        last_channel=np.zeros(n, dtype=np.int8),
        community_start=np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64),
        grid_community=np.concatenate(grid_comm),
        segment_start=np.concatenate([[0], np.cumsum(segments)]).astype(np.int64),
    )


class Resident(mesa.Agent):
    """A read/write view onto one resident's row, made on demand for inspection.

    Residents act through kernels, not ``shuffle_do``, so a view is not
    registered in ``model.agents``; it reads and writes the arrays directly.
    """

    _ATTRS = ("group", "household", "grid", "community", "age", "health",
              "literacy", "trust", "satisfaction", "propensity")

    def __init__(self, model, index: int):  # noqa: D107 - deliberately skips registration
        object.__setattr__(self, "model", model)
        object.__setattr__(self, "unique_id", int(index))
        object.__setattr__(self, "pos", None)

    def __getattr__(self, name):
        if name in Resident._ATTRS:
            return getattr(self.model.pop, name)[self.unique_id].item()
        raise AttributeError(name)

    def __setattr__(self, name, value):
        if name in Resident._ATTRS:
            getattr(self.model.pop, name)[self.unique_id] = value
        else:
            object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        return f"Resident({self.unique_id}, {Group(self.group).label}, age {self.age})"
