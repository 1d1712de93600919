"""govsim: the command line.

    govsim run SCENARIO [--days N] [--seed S] [--out DIR] [--set key=value ...]
                        [--residents N] [--validate] [--threads N] [--quiet]
    govsim scenarios
    govsim params [--grep TEXT] [--format table|csv|markdown]

Bad input (a missing file, broken TOML, an unknown key, a value out of range,
a bad --set) prints one line on stderr and exits with code 2, writing nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from sim import __version__
from sim.errors import UserError


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit code 2."""

    def error(self, message):
        raise UserError(f"{message} (see `{self.prog} --help`)", self.prog)


def _whole_number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"'{text}' must not be negative")
    return value


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="govsim", description="Test community-governance policies before roll-out.")
    p.add_argument("--version", action="version", version=f"govsim {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = sub.add_parser("run", help="run a scenario and write its results")
    run.add_argument("scenario", help="a bundled scenario name (see `govsim scenarios`) or a TOML file")
    run.add_argument("--days", type=_whole_number, help="days to simulate (default: the scenario's)")
    run.add_argument("--seed", type=_whole_number, help="random seed (default: the scenario's)")
    run.add_argument("--out", type=Path, help="output folder (default: runs/<scenario>-<seed>/)")
    run.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                     help="set a parameter, e.g. residents.digital_literacy_elderly=0.6 (repeatable)")
    run.add_argument("--residents", type=_whole_number, help="total residents, communities scaled in proportion")
    run.add_argument("--validate", action="store_true", help="check invariants every day")
    run.add_argument("--threads", type=_whole_number, help="numba threads (results do not depend on it)")
    run.add_argument("--quiet", action="store_true", help="no progress bar")

    sub.add_parser("scenarios", help="list the bundled scenarios")

    par = sub.add_parser("params", help="list every parameter: default, bounds, unit, source")
    par.add_argument("--grep", default="", help="only parameters whose name contains this text")
    par.add_argument("--format", choices=("table", "csv", "markdown"), default="table")
    return p


def cmd_run(args) -> int:
    from sim import scenario as sc

    scenario = sc.load(args.scenario, sets=args.set, residents=args.residents, days=args.days, seed=args.seed)
    out = args.out or Path("runs") / f"{scenario.name}-{scenario.seed}"
    _check_writable_folder(out)
    if args.threads:
        import numba

        if args.threads > numba.config.NUMBA_NUM_THREADS:
            raise UserError(f"{args.threads} is more than the {numba.config.NUMBA_NUM_THREADS} threads "
                            "numba can use here", "--threads")
        numba.set_num_threads(args.threads)

    from tqdm import tqdm

    from sim.model import GovernanceModel
    from sim.viz.plots import save_kpi_plot

    started = time.perf_counter()
    model = GovernanceModel(scenario, validate=args.validate)
    with tqdm(total=scenario.days, unit="day", disable=args.quiet or None, leave=False,
              desc=f"{scenario.name} ({model.pop.n:,} residents)") as bar:
        model.run(progress=lambda: bar.update(1))
    results = model.results()
    results.write(out)
    (out / "scenario.toml").write_text(sc.dump(scenario))
    ts = results.timeseries()
    save_kpi_plot(ts, out / "kpis.png", f"{scenario.name}, seed {scenario.seed}")
    print(_kpi_table(results, scenario, time.perf_counter() - started))
    print(f"\nwrote {out}/: timeseries.parquet, summary.json, scenario.toml, kpis.png")
    return 0


def _check_writable_folder(out: Path) -> None:
    """Refuse an output folder that cannot be made, before any work is done."""
    if out.exists() and not out.is_dir():
        raise UserError("exists and is not a folder", f"--out {out}")
    parent = out
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise UserError(f"cannot be made: {parent} is a file", f"--out {out}")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UserError(f"cannot be made: {parent} is not writable", f"--out {out}")


def _kpi_table(results, scenario, seconds: float) -> str:
    import pandas as pd

    from sim import policies
    from sim.results import by_name, kpis_of_interest

    defs = by_name()
    active = [p.SECTION for p in policies.active(scenario.params)]
    table = pd.DataFrame({"all": results.kpis(), **results.kpis_by_group()}).loc[kpis_of_interest(active)]
    counts = [defs[k].den is None for k in table.index]
    shown = table.apply(lambda col: [("-" if v != v else f"{v:,.0f}" if is_count else f"{v:.3f}")
                                     for v, is_count in zip(col, counts)])
    shown.insert(0, "unit", [defs[k].unit for k in table.index])
    head = (f"{scenario.name}: {scenario.residents:,} residents in {len(scenario.communities)} "
            f"communities, {scenario.days} days, seed {scenario.seed} ({seconds:.1f} s)\n"
            f"mechanisms on: {', '.join(active) if active else 'none'} (summary.json has every KPI)\n")
    return head + shown.to_string()


def cmd_scenarios(args) -> int:
    from sim import scenario as sc

    scenarios = sc.bundled()
    width = max(map(len, scenarios), default=0)
    for name, path in scenarios.items():
        doc = sc.read_toml(path)
        comms = doc.get("communities", [])
        size = sum(c.get("residents", 0) for c in comms)
        print(f"{name:{width}s}  {len(comms):>2} communities, {size:>9,} residents  {doc.get('description', '')}")
    return 0


def cmd_params(args) -> int:
    import pandas as pd

    from sim.params import table

    df = table()
    if args.grep:
        df = df[df["name"].str.contains(args.grep, regex=False)]
    if args.format == "csv":
        print(df.to_csv(index=False), end="")
    elif args.format == "markdown":
        print(_markdown(df))
    else:
        with pd.option_context("display.width", 250, "display.max_colwidth", 70, "display.max_rows", None):
            print(df.drop(columns=["doc"]).to_string(index=False))
    return 0


def _markdown(df) -> str:
    """A pipe table (pandas' own needs the optional tabulate package)."""
    cell = lambda v: "" if v is None or v != v else str(v).replace("|", "\\|")  # noqa: E731
    lines = ["| " + " | ".join(df.columns) + " |", "|" + "---|" * len(df.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines)


COMMANDS = {"run": cmd_run, "scenarios": cmd_scenarios, "params": cmd_params}


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return COMMANDS[args.command](args)
    except UserError as e:
        print(f"govsim: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("govsim: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
