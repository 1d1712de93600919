"""Pilot data: a CSV of monthly indicators per community, read and checked.

Long form, one figure per line, with a header::

    # lines starting with '#' are comments
    community,month,indicator,value,n
    Old town,1,satisfaction,0.77,200
    Old town,1,close_days,3.1,412
    all,12,mediation_success,0.75,

- ``community``: a community of the experiment's base scenario, or ``all``
  for a figure about all of them together (their counters pooled);
- ``month``: a whole number from 1 to the months the experiment simulates
  (month m = simulated days 30(m-1) .. 30m-1);
- ``indicator``: a ratio indicator of ``sim.results`` (``monthly.indicators()``
  lists them: satisfaction, close_days, unmet_need_share, mediation_success,
  counter_wait_min, ...);
- ``value``: a number; shares from 0 to 1, everything else 0 or more;
- ``n`` (optional column, or an empty cell): the sample size behind the
  figure (survey respondents, requests closed), a whole number from 1.

Each (community, month, indicator) appears once. A bad file is one line
(``UserError``) naming the file, the line (1-based, as an editor counts) and
the column.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import re
from pathlib import Path

import pandas as pd

from sim.calibration.monthly import ALL, MONTH_DAYS, bounds, indicators
from sim.errors import UserError
from sim.files import short

COLUMNS = ("community", "month", "indicator", "value", "n")
REQUIRED = COLUMNS[:4]
MAX_ROWS = 1_000_000
MAX_LINE = 10_000  # characters: far above any real line, far below the csv module's field limit (131,072)


def _text(path: Path, source: str) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError as e:
        raise UserError(f"cannot read: {e.strerror or e}", source) from None
    except UnicodeDecodeError:
        raise UserError("is not UTF-8 text", source) from None


def _frame(text: str, source: str) -> tuple[pd.DataFrame, int, list[int]]:
    """The table, its header's line number and each row's (comments and blank lines skipped)."""
    kept = [(i + 1, line) for i, line in enumerate(text.splitlines())
            if line.strip() and not line.lstrip().startswith("#")]
    if not kept:
        raise UserError(f"is empty: expected a header line '{','.join(COLUMNS)}' and one line per figure", source)
    if len(kept) > MAX_ROWS:
        raise UserError(f"has {len(kept) - 1:,} rows; at most {MAX_ROWS:,}", source)
    lines = [n for n, _ in kept]
    for n, line in kept:
        if len(line) > MAX_LINE:
            raise UserError(f"line {n}: {len(line):,} characters; a line of pilot data has at most {MAX_LINE:,}",
                            source)
    rows = list(csv.reader(line for _, line in kept))
    for line, row in zip(lines[1:], rows[1:]):
        if len(row) != len(rows[0]):
            raise UserError(f"line {line}: {len(row)} fields where the header (line {lines[0]}) has {len(rows[0])}; "
                            "quote a value that holds a comma", source)
    try:
        df = pd.read_csv(io.StringIO("\n".join(line for _, line in kept)), dtype=str, keep_default_na=False,
                         skipinitialspace=True)
    except pd.errors.ParserError as e:
        found = re.search(r"line (\d+), saw (\d+)", str(e))
        if found:
            line = lines[int(found.group(1)) - 1]
            raise UserError(f"line {line}: {found.group(2)} fields where the header has fewer; quote a value "
                            "that holds a comma", source) from None
        raise UserError(f"is not a CSV table: {' '.join(str(e).split())}", source) from None
    except pd.errors.EmptyDataError:
        raise UserError(f"is empty: expected a header line '{','.join(COLUMNS)}'", source) from None
    df.columns = [str(c).strip() for c in df.columns]
    return df, lines[0], lines[1:]


def _check_columns(df: pd.DataFrame, header_line: int, source: str) -> None:
    for col in df.columns:
        if col not in COLUMNS:
            close = difflib.get_close_matches(col, COLUMNS, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise UserError(f"line {header_line}: unknown column '{col}'{hint}; allowed: {', '.join(COLUMNS)} "
                            "(n optional)", source)
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise UserError(f"line {header_line}: missing column '{missing[0]}'; the header needs "
                        f"{', '.join(REQUIRED)} (and optionally n)", source)
    if df.empty:
        raise UserError(f"has a header but no data lines; expected one line per figure: {','.join(COLUMNS)}", source)


def _number(text: str):
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def read(path, communities, n_months: int) -> pd.DataFrame:
    """A checked pilot file: community, month, indicator, value, n (NaN where not given), line.

    ``communities`` are the base scenario's community names; ``n_months`` the
    months the experiment simulates.
    """
    path = Path(path)
    source = str(path)
    df, header_line, lines = _frame(_text(path, source), source)
    _check_columns(df, header_line, source)
    allowed_comms = [*communities, ALL]
    defs = indicators()
    seen: dict = {}
    rows = []
    has_n = "n" in df.columns
    for line, rec in zip(lines, df.itertuples(index=False)):
        rec = rec._asdict()
        at = f"line {line}, column"
        comm = rec["community"].strip()
        if comm not in allowed_comms:
            close = difflib.get_close_matches(comm, allowed_comms, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise UserError(f"{at} community: {short(comm, 42)} is not a community of the scenario; {hint}allowed: "
                            f"{', '.join(communities)}, or {ALL} (all together)", source)
        month_text = rec["month"].strip()
        month = int(month_text) if re.fullmatch(r"\d{1,6}", month_text) else None
        if month is None or not 1 <= month <= n_months:
            raise UserError(f"{at} month: {short(month_text, 42)} is not allowed; allowed: a whole number from 1 to "
                            f"{n_months} (the experiment simulates {n_months} months of {MONTH_DAYS} days)", source)
        ind = rec["indicator"].strip()
        if ind not in defs:
            close = difflib.get_close_matches(ind, list(defs), n=3)
            hint = f"did you mean {', '.join(close)}? " if close else ""
            raise UserError(f"{at} indicator: {short(ind, 42)} is not a monthly indicator; {hint}allowed: "
                            f"{', '.join(defs)}", source)
        value = _number(rec["value"].strip())
        lo, hi = bounds(ind)
        if value is None or not lo <= value <= hi:
            what = "a number from 0 to 1" if hi == 1.0 else "a number, 0 or more"
            raise UserError(f"{at} value: {short(rec['value'].strip(), 42)} is not allowed for {ind} "
                            f"({defs[ind].unit}); allowed: {what}", source)
        n_text = rec["n"].strip() if has_n else ""
        n = float("nan")
        if n_text:
            n = _number(n_text)
            if n is None or n < 1 or n != int(n) or n > 1e12:
                raise UserError(f"{at} n: {short(n_text, 42)} is not allowed; allowed: the sample size behind the "
                                "figure, a whole number from 1, or empty", source)
        key = (comm, month, ind)
        if key in seen:
            raise UserError(f"line {line}: {comm}, month {month}, {ind} is given twice (first at line "
                            f"{seen[key]}); keep one", source)
        seen[key] = line
        rows.append({"community": comm, "month": month, "indicator": ind, "value": value, "n": n, "line": line})
    return pd.DataFrame(rows)
