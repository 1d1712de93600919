"""`govsim params` as text a terminal shows without wrapping: name, default, bounds and unit of every parameter
(``--full`` gives every column; csv and markdown, for files, always do).

The sources and docs run to hundreds of characters, so the short table leaves them out; a name too long for its
column gets a line of its own, with its values on the next, and a long unit wraps in its column: nothing shown is
cut.
"""

from __future__ import annotations

import textwrap

GAP = "  "
MIN_UNIT = 16  # the unit column's least width: the name column gives way first, then units wrap


def _number(value) -> str:
    if value is None or value != value:
        return "-"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _bounds(lo, hi) -> str:
    if (lo is None or lo != lo) and (hi is None or hi != hi):
        return "-"
    return f"{_number(lo)} to {_number(hi)}"


def short_table(df, width: int) -> str:
    """Name, default, bounds and unit of ``df``'s parameters (``sim.registry.param_table`` rows) in lines of at
    most ``width`` characters (when even a name alone is longer, that name's line is)."""
    rows = [(str(r.name), _number(r.default), _bounds(r.lo, r.hi), str(r.unit or ""))
            for r in df.itertuples(index=False)]
    head = ("name", "default", "bounds", "unit")
    dw = max([len(head[1])] + [len(r[1]) for r in rows])
    bw = max([len(head[2])] + [len(r[2]) for r in rows])
    values = dw + bw + 3 * len(GAP) + MIN_UNIT
    nw = max(len(head[0]), min(max([len(r[0]) for r in rows], default=0), width - values))
    uw = max(MIN_UNIT, width - nw - dw - bw - 3 * len(GAP))

    def line(name, default, bounds, unit):
        first, *more = textwrap.wrap(unit, uw, break_on_hyphens=False) or [""]
        pad = " " * (nw + dw + bw + 3 * len(GAP))
        return "\n".join([f"{name:<{nw}}{GAP}{default:>{dw}}{GAP}{bounds:<{bw}}{GAP}{first}".rstrip()]
                         + [pad + part for part in more])

    lines = [line(*head)]
    for name, default, bounds, unit in rows:
        if len(name) > nw:
            lines += [name, line("", default, bounds, unit)]
        else:
            lines.append(line(name, default, bounds, unit))
    return "\n".join(lines)


def footer(count: int) -> str:
    return f"{count} parameter{'s' if count != 1 else ''} (--full: with role, source and doc)"
