"""govsim: the command line.

    govsim run SCENARIO [--days N] [--seed S] [--out DIR] [--set key=value ...]
                        [--residents N] [--validate] [--threads N] [--quiet]
    govsim scenarios
    govsim params [--grep TEXT] [--full] [--format table|csv|markdown]
    govsim sweep EXPERIMENT [--days N] [--residents N] [--workers N] [--out DIR] [--executor local|dask]
                            [--scheduler ADDR] [--quiet]
    govsim compare A B [--kpis K,K] [--out DIR]
    govsim compare SCENARIO_A SCENARIO_B [--seeds N] [--days N] [--residents N] [--workers N] [--executor ...]
    govsim compare SWEEPDIR [--by lever|policy] [--baseline EXPR] [--kpis K,K] [--out DIR]
    govsim discover SWEEPDIR --target "KPI>=VALUE" [--policy NAME | --where lever=level ...] [--threshold D]
                    [--box N] [--peel-alpha A] [--out DIR]
    govsim dashboard [SCENARIO] [--port N] [--host ADDR] [--lang en|zh] [--residents N] [--seed S]
                     [--levers all|SECTION[,SECTION...]]
    govsim report DIR [--out FILE] [--lang en|zh]
    govsim calibrate FILE [--data CSV] [--trials N] [--out DIR] [--workers N] [--executor local|dask] [...]
    govsim sensitivity FILE [--method sobol|morris] [--samples N] [--out DIR] [--workers N] [--executor ...]
    govsim optimize FILE [--trials N] [--out DIR] [--workers N] [--executor local|dask] [--scheduler ADDR] [--quiet]
    govsim plan-check [FILE] [--out docs/validation.md] [--seeds N] [--days N] [--residents N] [--workers N]
                      [--store DIR] [--quiet]
    govsim attribute SCENARIO [--seeds N] [--days N] [--residents N] [--permutations N] [--kpis K,K]
                     [--block "NAME=MECH,MECH" ...] [--blocks FILE] [--out DIR] [--workers N] [--executor ...]

Bad input (a missing file, broken TOML, an unknown key, a value out of range,
a bad --set) prints one line on stderr and exits with code 2, writing nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from sim import __version__, capacity, cli_search, files, run_folder
from sim.errors import UserError
from sim.cli_options import add_executor_options, check_executor_args, check_writable_folder, listed, whole_number
from sim.run_progress import announce_compiling


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit code 2."""

    def error(self, message):
        raise UserError(f"{message} (see `{self.prog} --help`)", self.prog)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="govsim", description="Test community-governance policies before roll-out.")
    p.add_argument("--version", action="version", version=f"govsim {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = sub.add_parser("run", help="run a scenario and write its results")
    run.add_argument("scenario", help="a bundled scenario name (see `govsim scenarios`) or a TOML file")
    run.add_argument("--days", type=whole_number, help="days to simulate (default: the scenario's)")
    run.add_argument("--seed", type=whole_number, help="random seed (default: the scenario's)")
    run.add_argument("--out", type=Path, help="output folder (default: runs/<scenario>-<seed>/, plus a short hash "
                                              "of the scenario when --set, --residents or --days change it)")
    run.add_argument("--overwrite", action="store_true",
                     help="replace the results of another run in the output folder (refused without it)")
    run.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                     help="set a parameter, e.g. residents.digital_literacy_elderly=0.6 (repeatable)")
    run.add_argument("--residents", type=whole_number, help="total residents, communities scaled in proportion")
    run.add_argument("--validate", action="store_true", help="check invariants every day")
    run.add_argument("--threads", type=whole_number, help="numba threads (results do not depend on it)")
    run.add_argument("--quiet", action="store_true", help="no progress bar")

    sub.add_parser("scenarios", help="list the bundled scenarios")

    par = sub.add_parser("params", help="list every parameter: default, bounds, unit, source")
    par.add_argument("--grep", default="", help="only parameters whose name contains this text")
    par.add_argument("--format", choices=("table", "csv", "markdown"), default="table",
                     help="table (default: name, default, bounds and unit, fitted to the terminal), or every "
                     "column as csv or markdown")
    par.add_argument("--full", action="store_true", help="the table with every column (role, source, doc), "
                     "however wide")

    swp = sub.add_parser("sweep", help="run an experiment's scenarios (levers x uncertainties x replicates)")
    swp.add_argument("experiment", help="a bundled experiment name or a TOML file (see experiments/)")
    swp.add_argument("--days", type=whole_number, help="a quick try: days for every run (default: the "
                     "experiment's)")
    swp.add_argument("--residents", type=whole_number, help="a quick try: total residents of every run, "
                     "communities scaled in proportion (default: the experiment's)")
    swp.add_argument("--out", type=Path, help="results folder (default: sweeps/<experiment>/, or "
                     "sweeps/<experiment>-<N>days-<N>residents/ for a quick try); run again to resume")
    add_executor_options(swp)

    cmp = sub.add_parser("compare", help="paired differences of KPIs between policies, with intervals")
    cmp.add_argument("first", help="baseline: a scenario (bundled name or TOML file), a run folder (or folder "
                     "of runs), or a sweep's folder")
    cmp.add_argument("second", nargs="?", help="policy: a scenario, or a run folder (or folder of runs)")
    cmp.add_argument("--seeds", type=whole_number, help="two scenarios: paired seeds 1..N to run (default 5)")
    cmp.add_argument("--days", type=whole_number, help="two scenarios: days to simulate (default: the scenarios')")
    cmp.add_argument("--residents", type=whole_number, help="two scenarios: total residents, communities "
                     "scaled in proportion")
    add_executor_options(cmp, "two scenarios: ")
    cmp.add_argument("--by", choices=("lever", "policy"), help="sweeps: each lever's levels, or each policy "
                     "(default: lever)")
    cmp.add_argument("--baseline", help="sweeps: the baseline level(s), e.g. 'one_stop=off' or "
                     "'grid.volunteers_per_grid=2', or a policy's name with --by policy")
    cmp.add_argument("--kpis", help="comma-separated KPIs (default: the experiment's, or the mechanisms' on)")
    cmp.add_argument("--level", type=float, default=0.95, help="interval level (default 0.95)")
    cmp.add_argument("--out", type=Path, help="where compare.csv and the plots go")
    _add_workshop_commands(sub)
    _add_calibration_commands(sub)
    _add_plan_check_command(sub)
    cli_search.add_commands(sub)
    return p


def _add_plan_check_command(sub) -> None:
    """`govsim plan-check` (sim/experiments/plan_check.py)."""
    chk = sub.add_parser("plan-check", help="every figure of docs/plan.md against the model, as a table "
                         "(docs/validation.md)")
    chk.add_argument("file", nargs="?", default="plan-check", help="the figures to check (default: the bundled "
                     "experiments/plan-check.toml)")
    chk.add_argument("--out", type=Path, default=Path("docs/validation.md"), help="the table (default "
                     "docs/validation.md)")
    chk.add_argument("--seeds", type=whole_number, default=5, help="seeds 1..N for every run (default 5)")
    chk.add_argument("--days", type=whole_number, help="a quick check: days for every scenario (default: each "
                     "scenario's own)")
    chk.add_argument("--residents", type=whole_number, help="a quick check: residents of every scenario "
                     "(default: each figure's)")
    chk.add_argument("--workers", type=whole_number, help="worker processes (default: one per core)")
    chk.add_argument("--store", type=Path, default=Path("sweeps/plan-check"), help="the runs' results store "
                     "(default sweeps/plan-check/); run again to resume")
    chk.add_argument("--quiet", action="store_true", help="no progress bar")


def _add_calibration_commands(sub) -> None:
    """`govsim calibrate` and `govsim sensitivity` (sim/calibration)."""
    cal = sub.add_parser("calibrate", help="fit uncertain parameters to pilot data (Optuna; resumable)")
    cal.add_argument("file", help="a calibration file (see experiments/calibrate-pilot.toml) or a bundled name")
    cal.add_argument("--data", type=Path, help="pilot data CSV (default: the file's `data`)")
    cal.add_argument("--trials", type=whole_number, default=50, help="complete trials the study should hold "
                     "(default 50); run again with more to continue")
    sen = sub.add_parser("sensitivity", help="Sobol or Morris sensitivity indices of KPIs (SALib; resumable)")
    sen.add_argument("file", help="a sensitivity file (see experiments/sensitivity.toml) or a bundled name")
    sen.add_argument("--method", choices=("sobol", "morris"), default="morris", help="default morris")
    sen.add_argument("--samples", type=whole_number, help="sobol: base samples, a power of 2 (default 64); "
                     "morris: trajectories (default 10)")
    folders = {cal: "calibrations/<name>-<data>/ (<data>: the pilot data file's name)",
               sen: "sensitivity/<name>-<method>-<samples>/"}
    for cmd, folder in folders.items():
        cmd.add_argument("--out", type=Path, help=f"results folder (default: {folder}); run again to resume")
        add_executor_options(cmd)


def cmd_calibrate(args) -> int:
    from sim.calibration import calibrate, spec
    from sim.calibration.monthly import months
    from sim.calibration.pilot import read
    from sim.experiments.studies import check_study_folder

    study = spec.load(args.file, "calibration")
    check_executor_args(args)
    if args.trials == 0:
        raise UserError("must be at least 1", "--trials")
    data = args.data or (Path(study.options["data"]) if study.options["data"] else None)
    if data is None:
        raise UserError("no pilot data: give --data CSV (or data = \"...\" in the file)", study.source)
    capacity.check_document(study.base_doc, capacity.copies(args.executor, args.workers), study.source)
    out = args.out or files.default_folder("calibrations", study.name, Path(data).stem)
    check_writable_folder(out)
    check_study_folder(out)
    read(data, study.communities, months(study.days))  # a bad file is one line before anything is printed
    print(f"calibrate {study.name}: {len(study.ranges)} parameters, {study.options['seeds_per_trial']} seeds per "
          f"trial, {study.days} days; data {data}; executor {args.executor}")
    announce_compiling()
    outcome = calibrate.calibrate(study, data, out, args.trials, args.executor, args.workers, args.scheduler,
                                  progress=not args.quiet)
    print("\n".join(outcome.lines()))
    if outcome.best:
        print("\n".join(calibrate.summary_lines(outcome.best)))
        print(f"\nwrote {out}/: best.json, best-scenario.toml, trials.csv, uncertainty.csv, fit.csv, fit.png, "
              "study.db (run again with more --trials to continue)")
    if outcome.stopped == "interrupted":
        return 130
    return 1 if outcome.stopped or not outcome.best else 0


def cmd_sensitivity(args) -> int:
    from sim.calibration import sensitivity, spec

    study = spec.load(args.file, "sensitivity")
    check_executor_args(args)
    samples = args.samples if args.samples is not None else sensitivity.DEFAULT_SAMPLES[args.method]
    x = sensitivity.design(study, args.method, samples)
    capacity.check_document(study.base_doc, capacity.copies(args.executor, args.workers), study.source)
    out = args.out or files.default_folder("sensitivity", study.name, args.method, samples)
    check_writable_folder(out)
    print(f"sensitivity {study.name}: {args.method}, {len(study.ranges)} parameters, {len(x)} design points x "
          f"{study.options['replicates']} seed(s), {study.days} days each; executor {args.executor}")
    announce_compiling()
    summary, table = sensitivity.run(study, args.method, samples, out, args.executor, args.workers, args.scheduler,
                                     progress=not args.quiet)
    print("\n".join(summary.lines()))
    if table is not None:
        print(sensitivity.format_table(table))
        print(f"\nwrote {out}/: indices.csv, sensitivity.png, sample.csv, runs/, manifest.csv")
    if summary.stopped == "interrupted":
        return 130
    return 1 if summary.failed or summary.stopped or table is None else 0


def _add_workshop_commands(sub) -> None:
    """`govsim dashboard` and `govsim report` (sim/viz)."""
    from sim.viz.i18n import LANGS

    dsh = sub.add_parser("dashboard", help="serve the workshop dashboard on this machine (Mesa SolaraViz)")
    dsh.add_argument("scenario", nargs="?", default="baseline", help="a bundled scenario name or a TOML file "
                     "(default: baseline)")
    dsh.add_argument("--port", type=whole_number, default=8765, help="port (default 8765; 0: any free port)")
    dsh.add_argument("--host", default="127.0.0.1", help="address to serve on (default 127.0.0.1: this "
                     "machine only; 0.0.0.0 opens it to the room's network)")
    dsh.add_argument("--lang", choices=LANGS, default="en", help="labels in English or Chinese")
    dsh.add_argument("--residents", type=whole_number, help="total residents (default: a workshop size)")
    dsh.add_argument("--seed", type=whole_number, help="random seed (default: the scenario's)")
    dsh.add_argument("--open", action="store_true", help="open a browser window")
    dsh.add_argument("--levers", metavar="all|SECTION[,SECTION...]", help="levers to show besides every "
                     "mechanism's switch (default: those of the mechanisms the scenario switches on)")

    rep = sub.add_parser("report", help="a self-contained HTML report of a run or a comparison folder")
    rep.add_argument("folder", type=Path, help="a folder written by `govsim run` or `govsim compare`")
    rep.add_argument("--out", type=Path, help="the HTML file (default: DIR/report.html)")
    rep.add_argument("--lang", choices=LANGS, default="en", help="labels in English or Chinese")


def cmd_dashboard(args) -> int:
    from sim.viz.serve import serve

    return serve(args.scenario, args.port, args.host, args.lang, args.residents, args.seed, args.open, args.levers)


def cmd_report(args) -> int:
    from sim.viz.report import write_report

    if args.out is not None and args.out.is_dir():
        raise UserError("is a folder; give the HTML file's name", f"--out {args.out}")
    if args.out is not None:
        check_writable_folder(args.out.parent)
    out = write_report(args.folder, args.out, args.lang)
    print(f"wrote {out}")
    return 0


def cmd_run(args) -> int:
    from sim import scenario as sc

    scenario = sc.load(args.scenario, sets=args.set, residents=args.residents, days=args.days, seed=args.seed)
    capacity.check_scenario(scenario, where=str(args.scenario))
    text = sc.dump(scenario)
    changed = bool(args.set or args.residents is not None or args.days is not None)
    out = args.out or run_folder.default(scenario, text, changed)
    check_writable_folder(out)
    run_folder.claim(out, text, args.overwrite, "--out" if args.out else "the default folder")
    if args.threads:
        import numba

        if args.threads > numba.config.NUMBA_NUM_THREADS:
            raise UserError(f"{args.threads} is more than the {numba.config.NUMBA_NUM_THREADS} threads "
                            "numba can use here", "--threads")
        numba.set_num_threads(args.threads)

    from tqdm import tqdm

    from sim.components import warmup
    from sim.model import GovernanceModel
    from sim.run_progress import DayTicker
    from sim.viz.plots import community_groups, save_kpi_plot

    started = time.perf_counter()
    announce_compiling()
    warm = warmup.days(scenario.params)
    with tqdm(total=warm + scenario.days, unit="day", disable=args.quiet or None, leave=False,
              desc=f"{scenario.name}: warming up ({warm} days before day 0)") as bar, DayTicker(bar) as tick:
        model = GovernanceModel(scenario, validate=args.validate, progress=tick)
        bar.set_description(f"{scenario.name} ({model.pop.n:,} residents)")
        model.run(progress=tick)
    results = model.results()
    results.write(out)
    (out / "scenario.toml").write_text(text)
    ts = results.timeseries()
    save_kpi_plot(ts, out / "kpis.png", f"{scenario.name}, seed {scenario.seed}", community_groups(scenario))
    print(_kpi_table(results, scenario, time.perf_counter() - started))
    if args.validate:  # a failed invariant stops the run with InvariantError, so reaching here means all held
        print(f"\ninvariants checked every day ({warm + scenario.days} days, warm-up included): all held")
    print(f"\nwrote {out}/: {', '.join(run_folder.RUN_FILES)}")
    return 0


def _kpi_table(results, scenario, seconds: float) -> str:
    import pandas as pd

    from sim import registry

    defs = registry.by_name()
    active = [p.SECTION for p in registry.active(scenario.params)]
    table = pd.DataFrame({"all": results.kpis(), **results.kpis_by_group()}).loc[registry.kpis_of_interest(active)]
    head = (f"{scenario.name}: {scenario.residents:,} residents in {len(scenario.communities)} "
            f"communities, {scenario.days} days, seed {scenario.seed}, "
            f"warm-up {scenario.params['warmup.days']} days before day 0 ({seconds:.1f} s)\n"
            f"mechanisms on: {', '.join(active) if active else 'none'} (summary.json has every KPI)\n")
    return head + _shown(table, defs) + _stage_table(results, defs)


def _shown(table, defs) -> str:
    """A KPI table (a row per KPI) as text: counts whole, the rest to 3 decimals, '-' for none, units first."""
    counts = [defs[k].den is None for k in table.index]
    shown = table.apply(lambda col: [("-" if v != v else f"{v:,.0f}" if is_count else f"{v:.3f}")
                                     for v, is_count in zip(col, counts)])
    shown.insert(0, "unit", [defs[k].unit for k in table.index])
    return shown.to_string()


# What a staged roll-out's table shows by stage (summary.json's kpis_by_stage has every KPI).
STAGE_KPIS = ("satisfaction", "satisfaction_mean", "response_days", "close_days", "unmet_need_share",
              "mediation_success", "reformed_share", "cost_yuan")


def _stage_table(results, defs) -> str:
    """The headline KPIs by roll-out stage (pilots, wave, not reformed), or nothing if the reform is not staged."""
    import pandas as pd

    by_stage = results.kpis_by_stage()
    if not by_stage:
        return ""
    table = pd.DataFrame({f"{stage} ({k['communities']})": {n: k[n] for n in STAGE_KPIS}
                          for stage, k in by_stage.items()})
    return "\n\nby roll-out stage (communities):\n" + _shown(table, defs)


def cmd_scenarios(args) -> int:
    from sim import files

    scenarios = files.bundled("scenarios")
    width = max(map(len, scenarios), default=0)
    for name, path in scenarios.items():
        doc = files.read_toml(path)
        comms = doc.get("communities", [])
        size = sum(c.get("residents", 0) for c in comms)
        print(f"{name:{width}s}  {len(comms):>2} communities, {size:>9,} residents  {doc.get('description', '')}")
    return 0


def cmd_params(args) -> int:
    import shutil

    import pandas as pd

    from sim import params_listing, registry

    df = registry.param_table()
    if args.grep:
        df = df[df["name"].str.contains(args.grep, regex=False)]
    if args.format == "csv":
        print(df.to_csv(index=False), end="")
    elif args.format == "markdown":
        print(_markdown(df))
    elif args.full:
        with pd.option_context("display.max_colwidth", None, "display.max_rows", None):
            print(df.to_string(index=False))
    else:
        print(params_listing.short_table(df, shutil.get_terminal_size().columns))
        print(f"\n{params_listing.footer(len(df))}")
    return 0


def _markdown(df) -> str:
    """A pipe table (pandas' own needs the optional tabulate package)."""
    cell = lambda v: "" if v is None or v != v else str(v).replace("|", "\\|")  # noqa: E731
    lines = ["| " + " | ".join(df.columns) + " |", "|" + "---|" * len(df.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines)


def cmd_sweep(args) -> int:
    from sim.experiments import spec
    from sim.experiments.design import points, policies
    from sim.experiments.sweep import sweep

    exp = spec.load(args.experiment, args.days, args.residents)
    check_executor_args(args)
    capacity.check_document(exp.base_doc, capacity.copies(args.executor, args.workers), exp.source)
    # a quick try gets a folder of its own: resuming must never mix its runs with the full sweep's
    quick = [f"{v}{unit}" for v, unit in ((args.days, "days"), (args.residents, "residents")) if v is not None]
    out = args.out or files.default_folder("sweeps", exp.name, *quick)
    check_writable_folder(out)
    n_pol, n_pts = len(policies(exp)), len(points(exp))
    print(f"sweep {exp.name}: {n_pol} policies x {n_pts} uncertainty points x {exp.replicates} replicates, "
          f"{exp.base_doc.get('days')} days each; executor {args.executor}"
          + (f" at {args.scheduler}" if args.scheduler
             else f", {args.workers} worker{'s' if args.workers > 1 else ''}" if args.workers
             else ", one worker per core"))
    announce_compiling()
    summary = sweep(exp, out, args.executor, args.workers, args.scheduler, progress=not args.quiet)
    print("\n".join(summary.lines()))
    if 0 < summary.done + summary.skipped <= 5000:  # beyond that, reading every run takes a while: compare does
        print(_sweep_table(out, exp.kpis, exp.budget_yuan_year))
    print(f"\nwrote {out}/: runs/<run_id>/ (kpis.parquet, timeseries.parquet, run.json), manifest.csv, "
          f"experiment.json; compare with `govsim compare {out}`")
    if summary.stopped == "interrupted":
        return 130
    return 1 if summary.failed or summary.stopped else 0


def _sweep_table(out: Path, kpis, budget: float | None) -> str:
    """Each KPI's mean by policy over uncertainty points and replicates (all residents), and each policy's
    yearly cost against the budget."""
    import pandas as pd

    from sim.experiments import budget as budgets
    from sim.experiments.store import Store

    runs = Store(out).kpis()
    df = runs[runs.scope == "all"]
    table = df.groupby("policy_name", sort=False)[list(kpis)].mean()
    table.insert(0, "runs", df.groupby("policy_name", sort=False).size())
    with pd.option_context("display.width", 250, "display.max_columns", None, "display.float_format", "{:.4g}".format):
        text = "\nmean over uncertainty points and replicates:\n" + table.to_string()
    return text + "\n\n" + "\n".join(budgets.lines(budgets.table(runs, budget), budget))


def cmd_compare(args) -> int:
    from sim.experiments import compare, paired
    from sim.experiments.plots import save_compare

    if not 0 < args.level < 1:
        raise UserError(f"{args.level} is not allowed; allowed: a number between 0 and 1", "--level")
    kpis = compare.check_kpis(listed(args.kpis)) or None
    scenarios = args.second is not None and paired.is_scenario_ref(args.first) and paired.is_scenario_ref(
        args.second)
    for ref in (args.first, args.second):
        if ref is not None and not Path(ref).exists() and not paired.is_scenario_ref(ref):
            from sim import scenario as sc

            raise UserError("no bundled scenario, scenario file or folder of runs of that name (bundled "
                            f"scenarios: {', '.join(sc.bundled())})", ref)
    runs_only = [opt for opt, value in (("--seeds", args.seeds), ("--days", args.days),
                                        ("--residents", args.residents), ("--workers", args.workers),
                                        ("--scheduler", args.scheduler)) if value is not None]
    if runs_only and not scenarios:
        raise UserError("is for comparing two scenarios (bundled names or TOML files), not folders of runs",
                        runs_only[0])
    if (args.by or args.baseline) and args.second is not None:
        raise UserError("--by and --baseline are for a sweep's folder, not two runs or scenarios", "compare")
    note, one_draw = None, False
    if scenarios:
        rows, out, title, note = _compare_scenarios(args, kpis)
    elif args.second is not None:
        first, second = Path(args.first), Path(args.second)
        rows = compare.compare_runs(first, second, kpis or _run_kpis(first, second), args.level)
        la, lb = compare.labels(first, second)
        out = args.out or second.parent / files.safe_name(f"compare-{la}-vs-{lb}")
        title = f"{lb} vs {la}"
        note = compare.population_note(first, second)
        one_draw = len(rows) > 0 and rows.n.max() < 2
    else:
        first = Path(args.first)
        rows = compare.compare_sweep(first, args.by or "lever", args.baseline, kpis, args.level)
        out = args.out or first / "compare"
        title = f"{first.name}: by {args.by or 'lever'}"
        note = _budget_note(first)
    if not scenarios:  # _compare_scenarios checked it before running anything
        check_writable_folder(out)
    if one_draw:
        print("one run of each side: a single draw of the random world, not an effect. Compare paired seeds: "
              "`govsim compare SCENARIO_A SCENARIO_B --seeds 5`, or folders of runs with the same seeds.\n")
    if note:
        print(f"{note}\n")
    print(compare.format_table(rows, args.level))
    if rows.attrs.get("skipped"):
        print(f"\nnot compared (no policy differs from the baseline in this lever alone): "
              f"{', '.join(rows.attrs['skipped'])}; --by policy compares whole policies")
    out.mkdir(parents=True, exist_ok=True)
    rows.to_csv(out / "compare.csv", index=False)
    written, left_out = save_compare(rows, out, title,
                                     per_lever=args.second is None and (args.by or "lever") == "lever", asked=kpis)
    if left_out:
        drawn = rows.kpi.nunique() - len(left_out)
        print(f"\nthe plots show {drawn} of {rows.kpi.nunique()} KPIs ("
              + ("the first asked for" if kpis else "those that moved most against the baseline")
              + f"); left out: {', '.join(left_out)} (--kpis chooses)")
    print(f"\nwrote {out}/: compare.csv, " + ", ".join(p.name for p in written))
    return 0


def _budget_note(sweep: Path) -> str | None:
    """Each policy's yearly cost against the sweep's budget, when its experiment states one."""
    from sim.experiments import budget as budgets
    from sim.experiments.store import Store

    store = Store(sweep)
    budget = store.experiment().get("budget_yuan_year")
    if not budget:
        return None
    return "\n".join(budgets.lines(budgets.table(store.kpis(), budget), budget))


def _compare_scenarios(args, kpis):
    """Run two scenarios at paired seeds and compare them: (rows, out folder, title, note)."""
    import pandas as pd

    from sim import registry
    from sim.experiments import compare, paired

    seeds = 5 if args.seeds is None else args.seeds
    paired.check_seeds(seeds)
    la, lb = paired.labels(args.first, args.second)
    out = args.out or Path(files.safe_name(f"compare-{la}-vs-{lb}-{seeds}seeds"))
    check_writable_folder(out)
    check_executor_args(args)
    done = [0]

    def progress(spec):
        done[0] += 1
        if not args.quiet:
            print(f"\r{done[0]}/{2 * seeds} runs", end="", flush=True)

    print(f"{lb} vs {la}: {seeds} paired seeds (1 to {seeds}) each; executor {args.executor}")
    announce_compiling()
    da, db, facts = paired.run_pairs(args.first, args.second, seeds, args.days, args.residents, args.executor,
                                     args.workers, args.scheduler, progress)
    if not args.quiet:
        print()
    if kpis is None:
        kpis = registry.kpis_of_interest({m for side in (la, lb) for m in facts[side]["mechanisms"]})
    rows = compare.compare_frames(da, db, la, lb, kpis, args.level)
    out.mkdir(parents=True, exist_ok=True)
    runs = pd.concat([da.assign(scenario=la), db.assign(scenario=lb)], ignore_index=True)
    runs.to_csv(out / "runs.csv", index=False)  # every run's KPIs, so nothing computed is lost
    return rows, out, f"{lb} vs {la} ({seeds} paired seeds)", paired.population_note(facts)


def _run_kpis(*folders: Path) -> list[str] | None:
    """The engine's KPIs and those of the mechanisms switched on in either side (from scenario.toml)."""
    from sim import files, registry
    from sim import scenario as sc

    active: set = set()
    for folder in folders:
        found = [folder / "scenario.toml"] if (folder / "scenario.toml").is_file() else sorted(
            folder.glob("*/scenario.toml"))[:1]
        if not found:
            return None
        try:
            params = sc.from_document(files.read_toml(found[0]), str(found[0])).params
        except UserError:  # written by another version: show every KPI instead
            return None
        active |= {p.SECTION for p in registry.active(params)}
    return registry.kpis_of_interest(active)


def cmd_plan_check(args) -> int:
    from sim.experiments import plan_check

    if args.workers == 0:
        raise UserError("must be at least 1", "--workers")
    if args.days is not None and not 1 <= args.days <= 3650:
        raise UserError(f"{args.days} is not allowed; allowed: 1 to 3650 days", "--days")
    if args.residents is not None and not 20 <= args.residents <= 50_000_000:
        raise UserError(f"{args.residents} is not allowed; allowed: 20 to 50000000 residents", "--residents")
    plan_check.check_seeds(args.seeds)
    if args.out.is_dir():
        raise UserError("is a folder; give the table's file name", f"--out {args.out}")
    check_writable_folder(args.out.parent)
    check_writable_folder(args.store)
    started = time.perf_counter()
    announce_compiling()
    outcome = plan_check.plan_check(args.file, args.out, args.seeds, args.workers, args.days, args.residents,
                                    args.store, progress=not args.quiet, announce=print)
    print("\n".join(outcome.summary.lines()))
    if outcome.text is None:
        if outcome.summary.stopped == "interrupted":
            return 130
        print(f"nothing written: runs failed or did not run; the finished ones are kept in {args.store}/, "
              "run the same command again to resume")
        return 1
    c = outcome.counts
    print(f"wrote {args.out}: {c['input']} inputs, {c['calibration']} calibrations, {c['output']} outputs, "
          f"{c['not modelled']} not modelled; {c['matches']} match, {c['off']} off "
          f"({time.perf_counter() - started:.0f} s in all)")
    return 0


COMMANDS = {"run": cmd_run, "scenarios": cmd_scenarios, "params": cmd_params, "sweep": cmd_sweep,
            "compare": cmd_compare, "dashboard": cmd_dashboard, "report": cmd_report, "calibrate": cmd_calibrate,
            "sensitivity": cmd_sensitivity, "plan-check": cmd_plan_check, **cli_search.COMMANDS}


def main(argv: list[str] | None = None) -> int:
    from sim.viz.plain import use_plain_text

    use_plain_text()  # names from users' files are never parsed as maths on our plots
    try:
        args = build_parser().parse_args(argv)
        return COMMANDS[args.command](args)
    except UserError as e:
        print(f"govsim: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("govsim: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped to a reader that stopped (`| head`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
