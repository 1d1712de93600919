"""The user's files: finding bundled scenarios and experiments, reading TOML, quoting values in errors.

One copy of each loading helper, shared by scenarios (``sim.scenario``),
experiment, calibration and sensitivity files (``sim.experiments.spec``,
``sim.calibration``) and pilot data. A reference to a file is a path, or the
name of a bundled file (``govsim run baseline``): bundled files travel
inside the wheel (``sim/bundled/<kind>``) and are read from the source
checkout's top-level folders otherwise. Every failure is a one-line
``UserError`` naming the file.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from sim.errors import UserError

KINDS = ("scenarios", "experiments")


def short(value, limit: int = 60) -> str:
    """``repr(value)`` cut to about ``limit`` characters for a one-line error (a string is cut inside its
    quotes)."""
    if isinstance(value, str):
        return repr(value if len(value) <= limit - 2 else value[: limit - 5] + "...")
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 3 * limit:
        return f"an integer of about {int(value.bit_length() * 0.30103):,} digits"  # repr() refuses past 4,300
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def safe_name(text: str, fallback: str = "run") -> str:
    """One path component made from a user's name: letters, digits, ``.``, ``_`` and ``-`` only, never ``.``
    or ``..``, so a default output folder built from a name in a file stays under the working folder."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip(".-")[:80] or fallback


def default_folder(kind: str, *parts) -> Path:
    """The default output folder ``<kind>/<parts joined by ->``, one safe component under the working folder."""
    return Path(kind) / safe_name("-".join(str(p) for p in parts), kind.rstrip("s"))


def bundled_dir(kind: str) -> Path:
    """The bundled ``scenarios`` or ``experiments`` folder (wheel or source checkout)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "bundled" / kind, here.parent / kind):
        if candidate.is_dir():
            return candidate
    return here / "bundled" / kind


def bundled(kind: str) -> dict[str, Path]:
    """The bundled TOML files of ``kind`` (``scenarios`` or ``experiments``) by name."""
    return {p.stem: p for p in sorted(bundled_dir(kind).glob("*.toml"), key=lambda p: p.stem)}


def find(ref: str, kind: str) -> Path:
    """A reference to a file of ``kind`` (a path, or a bundled name) as a file path, or a one-line error."""
    path = Path(ref)
    if path.is_file():
        return path
    files = bundled(kind)
    if ref in files:
        return files[ref]
    if path.exists():
        raise UserError("is not a file", str(path))
    what = kind.rstrip("s")
    raise UserError(f"{what} '{ref}' not found: no such file and no bundled {what} of that name; "
                    f"bundled: {', '.join(files) or 'none'}")


def read_toml(path: Path) -> dict:
    """A TOML file as a dict, or a one-line error naming the file."""
    try:
        text = path.read_bytes().decode("utf-8-sig")  # a byte-order mark, as some editors write, is no error
    except OSError as e:
        raise UserError(f"cannot read: {e.strerror or e}", str(path)) from None
    except UnicodeDecodeError:
        raise UserError("is not UTF-8 text", str(path)) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise UserError(f"broken TOML: {e}", str(path)) from None
    except RecursionError:
        raise UserError("broken TOML: nested too deeply", str(path)) from None
    except ValueError as e:  # an integer of more than 4,300 digits, which Python will not read
        what = "a number has more than 4,300 digits" if "digits" in str(e) else " ".join(str(e).split())[:120]
        raise UserError(f"broken TOML: {what}", str(path)) from None
