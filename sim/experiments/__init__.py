"""Experiments: sweeps with replicates, a results store, paired comparison, scenario discovery, the plan check,
attribution, the policy search.

An experiment file (``spec``) names a base scenario, levers and uncertainties
and a design; ``design`` expands it into a deterministic list of runs;
``runner.run_one`` runs one of them anywhere (a plain picklable function);
``executors`` give a local process pool or a Dask cluster; ``store`` keeps the
results folder (atomic writes, resume); ``sweep`` drives the lot; ``compare``
computes paired differences with confidence intervals and ``plots`` draws them;
``discover`` finds, with PRIM, the ranges of the uncertainties in which a
sweep's policy misses a target (scenario discovery).
``plan_check`` holds every figure of docs/plan.md against the model
(``plan_figures`` reads the figures' file, ``plan_table`` writes
docs/validation.md), through the same executors and store. ``attribute``
shares a reform package's effect among its mechanisms or blocks of them
(``attribute_blocks``) as Shapley values (``shapley``: the maths), over
coalitions run through the same executors and store; ``attribute_table``
makes its tables. ``optimize`` searches levers under a budget with Optuna
(``optimize_spec`` reads its file, ``optimize_runs`` makes a candidate's runs
on common random numbers and scores them, ``optimize_report`` writes the
Pareto set, the recommendation checked on fresh seeds and its robustness);
``studies`` keeps Optuna studies on disk for it and for calibration.
"""
