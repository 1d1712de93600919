"""Scenarios: TOML in, a validated, frozen ``Scenario`` out, and back to TOML.

A scenario file names its communities (each of a type, with a number of
residents) and may set any declared parameter in its section
(``[residents] digital_literacy_elderly = 0.6``). The schema is generated
from ``sim.registry.params()``, so it refuses unknown keys, wrong types and
out-of-range values with one line that names the file, the key path and
what is allowed. ``dump()`` writes the fully resolved scenario (every
parameter), which reproduces a run exactly.
"""

from __future__ import annotations

import copy
import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Literal

import tomli_w
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, create_model, model_validator

from sim.enums import CommunityType
from sim.errors import UserError
from sim.files import short
from sim import files, registry, renamed
from sim.params import Param

_STRICT = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)


def _printable(text: str) -> str:
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
        raise ValueError("a name is printable text: it holds a control character (a NUL, tab or line break)")
    return text


# A name from a user's file: it titles plots and tables and names default folders (``files.default_folder``).
Name = Annotated[str, AfterValidator(_printable)]
TOP_LEVEL = ("name", "description", "days", "seed", "communities")


class CommunitySpec(BaseModel):
    """One community of a scenario."""

    model_config = _STRICT
    name: Name = Field(min_length=1, max_length=100)
    type: Literal[tuple(CommunityType.labels())]  # type: ignore[valid-type]
    residents: int = Field(ge=20, le=5_000_000)


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: what a run needs, nothing mutable."""

    name: str
    description: str
    days: int
    seed: int
    communities: tuple[CommunitySpec, ...]
    params: MappingProxyType  # dotted name -> value, every declared parameter
    source: str = ""

    @property
    def residents(self) -> int:
        return sum(c.residents for c in self.communities)


# ----------------------------------------------------------------- the schema


def _tree(params: dict[str, Param]) -> dict:
    root: dict = {}
    for p in params.values():
        node = root
        for part in p.name.split(".")[:-1]:
            node = node.setdefault(part, {})
        node[p.key] = p
    return root


def _model(name: str, node: dict) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for key, sub in node.items():
        if isinstance(sub, Param):
            if sub.kind is bool:
                fields[key] = (bool, sub.default)
            else:
                fields[key] = (sub.kind, Field(sub.default, ge=sub.lo, le=sub.hi))
        else:
            sub_model = _model(f"{name}_{key}", sub)
            fields[key] = (sub_model, Field(default_factory=sub_model))
    return create_model(name, __config__=_STRICT, **fields)


def _schema() -> type[BaseModel]:
    sections = _model("Parameters", _tree(registry.params()))

    class ScenarioFile(sections):  # type: ignore[misc, valid-type]
        """A whole scenario file: its top-level keys plus every parameter section."""

        name: Name = Field("", max_length=100)
        description: str = Field("", max_length=2000)
        days: int = Field(365, ge=1, le=3650)
        seed: int = Field(1, ge=0, le=2**32 - 1)
        communities: list[CommunitySpec] = Field(min_length=1, max_length=10000)

        @model_validator(mode="after")
        def _unique_names(self):
            names = [c.name for c in self.communities]
            dup = sorted({n for n in names if names.count(n) > 1})
            if dup:
                raise ValueError(f"community names must be unique; repeated: {', '.join(dup)}")
            return self

    return ScenarioFile


_SCHEMA: type[BaseModel] | None = None


def schema() -> type[BaseModel]:
    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = _schema()
    return _SCHEMA


# ------------------------------------------------------------ error messages


def _path(loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _allowed_keys(loc) -> list[str]:
    node: Any = schema()
    for part in loc:
        if part == "communities" and node is schema():
            node = CommunitySpec  # a list of them: the index that follows changes nothing
            continue
        if isinstance(part, int):
            continue
        field = node.model_fields.get(part) if isinstance(node, type) else None
        if field is None or not (isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel)):
            return []
        node = field.annotation
    return list(node.model_fields)


def _message(err: dict) -> str:
    loc = tuple(err["loc"])
    key = _path(loc)
    kind = err["type"]
    param = registry.params().get(".".join(str(x) for x in loc))
    if kind == "extra_forbidden":
        if hint := renamed.param_hint(".".join(str(x) for x in loc)):
            return hint
        allowed = _allowed_keys(loc[:-1])
        where = f"in [{_path(loc[:-1])}]" if loc[:-1] else "at the top level"
        return f"unknown key '{key}'; allowed {where}: {', '.join(allowed)}"
    if kind == "missing":
        return f"missing key '{key}'"
    if param is not None:
        return f"{key} = {short(err.get('input'))} is not allowed; allowed: {param.allowed()} ({param.doc})"
    if kind == "literal_error":
        return f"{key} = {short(err.get('input'))} is not allowed; allowed: {', '.join(CommunityType.labels())}"
    if kind == "value_error":
        return f"{key or 'scenario'}: {err['msg'].removeprefix('Value error, ')}"
    msg = err["msg"].rstrip(".")
    return f"{key} = {short(err.get('input'))}: {msg[0].lower()}{msg[1:]}" if key else msg


def _first_error(exc: ValidationError, source: str, blame: dict) -> UserError:
    """The first error as one line, blamed on the option that set the key, if one did."""
    # An unknown key first: a misspelt key is also a missing one, and the misspelling is what to fix.
    errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    dotted = ".".join(str(x) for x in errors[0]["loc"])
    return UserError(_message(errors[0]) + more, blame.get(dotted, source))


# ------------------------------------------------------------------ loading


def bundled() -> dict[str, Path]:
    """Bundled scenarios by name."""
    return files.bundled("scenarios")


def parse_value(text: str):
    """A ``--set`` value: a TOML literal (number, boolean, quoted string) or a bare string."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text
    except RecursionError:
        raise UserError(f"the value of '{text[:30]}...' is nested too deeply", "--set") from None
    except ValueError:  # an integer of more than 4,300 digits, which Python will not read
        raise UserError(f"'{text[:30]}...' is too long a number", "--set") from None


def apply_sets(doc: dict, sets: list[str]) -> dict:
    """Apply ``key=value`` overrides to a scenario document."""
    params = registry.params()
    for item in sets:
        if "=" not in item:
            raise UserError(f"'{item}' should be key=value, e.g. residents.digital_literacy_elderly=0.6", "--set")
        key, _, value = item.partition("=")
        key = key.strip()
        if key not in params and key not in ("name", "description", "days", "seed"):
            raise UserError(registry.param_problem(key), "--set")
        node = doc
        parts = key.split(".")
        for part in parts[:-1]:
            nxt = node.setdefault(part, {})
            if not isinstance(nxt, dict):
                raise UserError(f"'{part}' in the scenario is not a table, so '{key}' cannot be set", "--set")
            node = nxt
        node[parts[-1]] = parse_value(value.strip())
    return doc


def scale_residents(doc: dict, total: int, where: str = "--residents") -> dict:
    """Scale every community's residents so they add up to ``total`` (largest remainder); ``where`` names what
    asked for ``total`` in an error (the option, or a file and its key)."""
    comms = doc.get("communities")
    if not isinstance(comms, list) or not comms or not all(
        isinstance(c, dict) and type(c.get("residents")) is int and c["residents"] > 0 for c in comms
    ):
        return doc  # validation will name what is wrong
    smallest = CommunitySpec.model_fields["residents"].metadata[0].ge
    if total < smallest * len(comms) or total * min(c["residents"] for c in comms) < smallest * sum(
            c["residents"] for c in comms):
        raise UserError(f"{total} residents are too few for {len(comms)} communities of these sizes: "
                        f"the smallest would have fewer than {smallest}", where)
    weights = [c["residents"] for c in comms]
    shares = [total * w / sum(weights) for w in weights]
    sizes = [math.floor(x) for x in shares]
    for i in sorted(range(len(shares)), key=lambda i: sizes[i] - shares[i])[: total - sum(sizes)]:
        sizes[i] += 1
    doc["communities"] = [{**c, "residents": n} for c, n in zip(comms, sizes)]
    return doc


def _lookup(node: dict, dotted: str):
    for part in dotted.split("."):
        node = node[part]
    return node


def from_document(doc: dict, source: str = "scenario", default_name: str = "scenario",
                  blame: dict | None = None) -> Scenario:
    """Validate a scenario document (already parsed) into a ``Scenario``.

    ``blame`` maps a key path to the option that set it (``--set``, ``--days``),
    so that an error about that key names the option rather than the file.
    """
    if not isinstance(doc, dict):
        raise UserError("a scenario must be a TOML table", source)
    try:
        model = schema().model_validate(doc)
    except ValidationError as e:
        raise _first_error(e, source, blame or {}) from None
    dumped = model.model_dump()
    params = {name: _lookup(dumped, name) for name in registry.params()}
    return Scenario(
        name=model.name or default_name,
        description=model.description,
        days=model.days,
        seed=model.seed,
        communities=tuple(model.communities),
        params=MappingProxyType(params),
        source=source,
    )


def load(ref: str, sets: list[str] | None = None, residents: int | None = None,
         days: int | None = None, seed: int | None = None) -> Scenario:
    """Load a bundled scenario by name, or a file, with command-line overrides applied.

    The file is validated as written first, so an option never hides a bad value in it (``days = "abc"``
    with ``--days 3`` is refused, naming the file); then the options are applied and validated.
    """
    path = files.find(ref, "scenarios")
    written = files.read_toml(path)
    if sets or residents is not None or days is not None or seed is not None:
        from_document(copy.deepcopy(written), str(path), path.stem)
    doc = apply_sets(written, list(sets or []))
    if residents is not None:
        if not 20 <= residents <= 50_000_000:
            raise UserError(f"{residents} is not allowed; allowed: 20 to 50000000 residents", "--residents")
        doc = scale_residents(doc, residents)
    blame = {item.partition("=")[0].strip(): "--set" for item in sets or []}
    if days is not None:
        doc["days"], blame["days"] = days, "--days"
    if seed is not None:
        doc["seed"], blame["seed"] = seed, "--seed"
    return from_document(doc, str(path), path.stem, blame)


def to_document(scenario: Scenario) -> dict:
    """The fully resolved scenario as a nested document (every parameter)."""
    doc: dict = {
        "name": scenario.name,
        "description": scenario.description,
        "days": scenario.days,
        "seed": scenario.seed,
        "communities": [c.model_dump() for c in scenario.communities],
    }
    for name, value in scenario.params.items():
        node = doc
        parts = name.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return doc


def dump(scenario: Scenario) -> str:
    return tomli_w.dumps(to_document(scenario))
