"""govsim's commands for a planner's budget question: ``optimize``, ``attribute`` and ``discover``.

Each adds its sub-command to the parser (``add_commands``) and runs it
(``COMMANDS``); the work is in ``sim.experiments`` (``optimize``,
``attribute``, ``discover``), the shared options in ``sim.cli_options``.
"""

from __future__ import annotations

from pathlib import Path

from sim import capacity, files
from sim.cli_options import add_executor_options, check_executor_args, check_writable_folder, listed, whole_number
from sim.errors import UserError
from sim.run_progress import announce_compiling


def add_commands(sub) -> None:
    """``govsim attribute``, ``optimize`` and ``discover``."""
    _add_attribute_command(sub)
    _add_optimize_command(sub)
    _add_discover_command(sub)


def _add_attribute_command(sub) -> None:
    """`govsim attribute` (sim/experiments/attribute.py)."""
    att = sub.add_parser("attribute", help="each mechanism's share of a package's effect and cost (Shapley values)")
    att.add_argument("scenario", help="a scenario with 2 or more mechanisms on (a bundled name or a TOML file)")
    att.add_argument("--seeds", type=whole_number, default=5, help="paired seeds 1..N for every coalition "
                     "(default 5)")
    att.add_argument("--days", type=whole_number, help="days to simulate (default: the scenario's)")
    att.add_argument("--residents", type=whole_number, help="total residents, communities scaled in proportion")
    att.add_argument("--permutations", type=whole_number, help="over 8 mechanisms (or blocks): sampled "
                     "permutations, an even number (default 10)")
    att.add_argument("--kpis", help="comma-separated KPIs (default: satisfaction, satisfaction_mean, close_days, "
                     "unmet_need_share, participation_rate, cost_yuan)")
    att.add_argument("--block", action="append", default=[], metavar="NAME=MECH,MECH",
                     help='attribute to a named block of mechanisms, e.g. "service delivery=one_stop,platform" '
                     "(repeatable)")
    att.add_argument("--blocks", type=Path, metavar="FILE", help="a TOML file with a [blocks] table of named "
                     "blocks")
    att.add_argument("--out", type=Path, help="results folder (default: attribute-<scenario>/); run again to "
                     "resume")
    add_executor_options(att)


def _add_optimize_command(sub) -> None:
    """`govsim optimize` (sim/experiments/optimize.py)."""
    opt = sub.add_parser("optimize", help="search for good policies under a budget, robust to the uncertainties "
                         "(Optuna; resumable)")
    opt.add_argument("file", help="an optimize file (see experiments/optimize-budget.toml) or a bundled name")
    opt.add_argument("--trials", type=whole_number, help="complete trials the study should hold (default: the "
                     "file's); run again with more to continue")
    opt.add_argument("--out", type=Path, help="results folder (default: optimizations/<name>/); run again to "
                     "resume")
    add_executor_options(opt)


def _add_discover_command(sub) -> None:
    """`govsim discover` (sim/experiments/discover.py)."""
    dis = sub.add_parser("discover", help="scenario discovery: where in the uncertainties a policy misses a target "
                         "(PRIM, EMA Workbench)")
    dis.add_argument("sweep", type=Path, help="a sweep's results folder (written by `govsim sweep`)")
    dis.add_argument("--target", required=True, help="what the policy should achieve for all residents, "
                     "e.g. 'satisfaction>=0.85' (>=, <=, >, <); the runs that miss it are the cases of interest")
    dis.add_argument("--policy", help="the policy's name (needed when the sweep has several)")
    dis.add_argument("--where", action="append", default=[], metavar="LEVER=LEVEL",
                     help="the policy by its lever levels, e.g. one_stop=on (repeatable, or comma-separated)")
    dis.add_argument("--threshold", type=float, default=0.8, help="the density the reported box must reach: "
                     "the last such box on the peeling trajectory (default 0.8)")
    dis.add_argument("--box", type=whole_number, help="report this box of the trajectory instead")
    dis.add_argument("--peel-alpha", type=float, default=0.1, help="the share of a box's runs PRIM peels off at "
                     "each step (default 0.1)")
    dis.add_argument("--out", type=Path, help="where discovery.csv, box.csv, tradeoff.png and box.png go "
                     "(default: SWEEPDIR/discover-<target>/)")


def cmd_discover(args) -> int:
    from sim.experiments import discover

    outcome = discover.run(args.sweep, args.target, args.policy, args.where, args.threshold, args.box, args.out,
                           args.peel_alpha, check_out=check_writable_folder)
    print("\n".join(outcome.lines))
    if outcome.written:
        print(f"\nwrote {outcome.out}/: {', '.join(outcome.written)}")
    return 0


def cmd_attribute(args) -> int:
    from sim.experiments import attribute

    check_executor_args(args)
    plan = attribute.prepare(args.scenario, args.seeds, args.days, args.residents, args.permutations,
                             listed(args.kpis), args.block, args.blocks)
    capacity.check_document(plan.base_doc, capacity.copies(args.executor, args.workers), plan.source)
    out = args.out or attribute.default_folder(plan, args.residents is not None or args.days is not None)
    check_writable_folder(out)
    print("\n".join(attribute.header(plan, args.permutations, args.executor, args.workers)))
    print(attribute.status_quo_note(args.scenario, plan, args.residents, args.days))
    announce_compiling()
    summary = attribute.run(plan, out, args.executor, args.workers, args.scheduler, progress=not args.quiet)
    print("\n".join(summary.lines()))
    text = attribute.finish(plan, out)
    if text is None:
        print("nothing attributed: some runs failed or did not run; the finished ones are kept, run the same "
              "command again to resume")
        return 130 if summary.stopped == "interrupted" else 1
    print(f"\n{text}\n\nwrote {out}/: {', '.join(attribute.FILES)}, runs/ (one per coalition and seed), "
          "manifest.csv, experiment.json")
    return 0
def cmd_optimize(args) -> int:
    from sim.experiments import optimize, optimize_report, optimize_spec
    from sim.experiments.studies import check_study_folder

    search = optimize_spec.load(args.file)
    check_executor_args(args)
    if args.trials == 0:
        raise UserError("must be at least 1", "--trials")
    capacity.check_document(search.base_doc, capacity.copies(args.executor, args.workers), search.source)
    out = args.out or files.default_folder("optimizations", search.name)
    check_writable_folder(out)
    check_study_folder(out)
    trials = args.trials or search.trials
    print(f"optimize {search.name}: {len(search.levers)} levers, {len(search.objectives)} objectives, {trials} "
          f"trials x {search.samples} uncertainty samples x {search.seeds} seed(s), {search.days} days each; "
          f"executor {args.executor}")
    announce_compiling()
    outcome = optimize.optimize(search, out, trials, args.executor, args.workers, args.scheduler,
                                progress=not args.quiet)
    print("\n".join(outcome.lines()))
    if outcome.report:
        print("\n".join(optimize_report.lines(search, outcome)))
        print(f"\nwrote {out}/: pareto.csv, pareto.png, trials.csv"
              + (", recommended.csv, recommended-scenario.toml, robustness.csv" if outcome.report.get("compared")
                 is not None else "") + ", search.json, study.db, runs/ (run again with more --trials to continue)")
    if outcome.stopped == "interrupted":
        return 130
    return 1 if outcome.stopped or not outcome.report else 0


COMMANDS = {"attribute": cmd_attribute, "optimize": cmd_optimize, "discover": cmd_discover}
