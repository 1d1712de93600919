"""What ``govsim attribute`` attributes to: the package's mechanisms, or named blocks of them.

Blocks come from ``--block "service delivery=one_stop,first_contact,platform"``
(repeatable) and from a small TOML file (``--blocks FILE``, a path or the
name of a bundled one: ``experiments/package-blocks.toml``)::

    [blocks]
    "service delivery" = ["one_stop", "first_contact", "platform"]
    "co-governance" = ["participation", "committee"]

Each block is one unit of the Shapley game: its mechanisms are switched on
and off together. Every mechanism of the package is in exactly one unit: a
mechanism no block names is a unit of its own (and the command says which);
a name that is not a mechanism of the package, a mechanism in two blocks, a
block named twice or blocks that leave a single unit are one-line errors
naming the option or the file and its key. Units are the blocks in the order
given (the file's first, then ``--block``'s), then the unlisted mechanisms
in the package's order; without blocks, the mechanisms themselves.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from sim.errors import UserError
from sim.files import short

RESERVED = "total"  # the tables' row of the package's whole effect
MAX_NAME = 80
EXAMPLE = '"service delivery=one_stop,first_contact,platform"'


@dataclass(frozen=True)
class Unit:
    """One player of the Shapley game: a mechanism, or a named block of them."""

    name: str
    members: tuple[str, ...]  # mechanism sections


def _member_problem(name: str, package: tuple[str, ...], scenario: str) -> str:
    from sim import registry

    mechanisms = [p.SECTION for p in registry.MECHANISMS]
    if name in mechanisms:
        return (f"'{name}' is not in the package of {scenario} (it is not switched on there); "
                f"its mechanisms: {', '.join(package)}")
    close = difflib.get_close_matches(name, package, n=2)
    return (f"{short(name)} is not a mechanism" + (f"; did you mean {', '.join(close)}?" if close else "")
            + f" (the package of {scenario}: {', '.join(package)})")


def _block(name, members, package: tuple[str, ...], scenario: str, where: str) -> tuple[str, tuple[str, ...]]:
    """A checked block: its name and its mechanisms."""
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME or any(
            ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise UserError(f"a block's name is printable text of 1 to {MAX_NAME} characters, not {short(name)}", where)
    name = name.strip()
    if name == RESERVED:
        raise UserError(f"'{RESERVED}' names the package's whole effect in the tables; give the block another "
                        "name", where)
    if not isinstance(members, list) or not members or not all(isinstance(m, str) for m in members):
        raise UserError(f"block '{name}' lists its mechanisms, at least one, e.g. {EXAMPLE}", where)
    names = tuple(m.strip() for m in members)
    for m in names:
        if m not in package:
            raise UserError(_member_problem(m, package, scenario), where)
    twice = sorted({m for m in names if names.count(m) > 1})
    if twice:
        raise UserError(f"block '{name}' names {twice[0]} twice", where)
    return name, names


def _from_option(text: str, package: tuple[str, ...], scenario: str) -> tuple[str, tuple[str, ...]]:
    name, eq, members = text.partition("=")
    if not eq or not name.strip() or not members.strip():
        raise UserError(f"{short(text)} should be NAME=MECHANISM,MECHANISM..., e.g. {EXAMPLE}", "--block")
    return _block(name, [m for m in members.split(",") if m.strip()], package, scenario, "--block")


def _blocks_path(ref) -> Path:
    """A blocks file: a path, or the name of a bundled one (``experiments/package-blocks.toml``)."""
    from sim import files

    path = Path(ref)
    if path.is_dir():
        raise UserError("is a folder; give a TOML file with a [blocks] table", str(path))
    if path.is_file():
        return path
    bundled = files.bundled("experiments")
    if str(ref) in bundled:
        return bundled[str(ref)]
    raise UserError("no such file, and no bundled file of that name (package-blocks is one)", f"--blocks {ref}")


def _from_file(path: Path, package: tuple[str, ...], scenario: str) -> list[tuple[str, tuple[str, ...]]]:
    from sim import files

    doc = files.read_toml(path)
    source = str(path)
    extra = sorted(set(doc) - {"blocks"})
    if extra:
        raise UserError(f"unknown key {short(extra[0])}; allowed: blocks", source)
    table = doc.get("blocks")
    if not isinstance(table, dict) or not table:
        raise UserError('blocks: a table of named blocks, e.g. "service delivery" = ["one_stop", "platform"]',
                        source)
    return [_block(name, members, package, scenario, f"{source}: blocks.{name}") for name, members in table.items()]


def units_of(package: tuple[str, ...], blocks=(), blocks_file: Path | None = None,
             scenario: str = "the scenario") -> tuple[tuple[Unit, ...], tuple[str, ...]]:
    """The units to attribute and the package's mechanisms no block names (each its own unit)."""
    path = _blocks_path(blocks_file) if blocks_file is not None else None
    named = _from_file(path, package, scenario) if path is not None else []
    named += [_from_option(text, package, scenario) for text in blocks]
    if not named:
        return tuple(Unit(m, (m,)) for m in package), ()
    where = "--block" if blocks else str(path)
    seen: dict[str, str] = {}
    names = [name for name, _ in named]
    for name, members in named:
        if names.count(name) > 1:
            raise UserError(f"block '{name}' is named twice; each block once", where)
        for m in members:
            if m in seen:
                raise UserError(f"{m} is in two blocks ('{seen[m]}' and '{name}'); each mechanism goes in one",
                                where)
            seen[m] = name
    unlisted = tuple(m for m in package if m not in seen)
    units = tuple(Unit(name, tuple(m for m in package if m in members)) for name, members in named)
    clash = [m for m in unlisted if m in names]
    if clash:
        raise UserError(f"block '{clash[0]}' has the name of a mechanism outside it; give the block another name",
                        where)
    units += tuple(Unit(m, (m,)) for m in unlisted)
    if len(units) < 2:
        raise UserError(f"the blocks leave a single unit ('{units[0].name}') to share the effect among; name at "
                        "least two blocks, or leave some mechanisms out of them", where)
    return units, unlisted
