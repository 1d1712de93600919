"""Fingerprints of every bundled scenario's results, for checking that a change is bit-identical.

Runs each bundled scenario for a short length (``--days``, 120 by default) at a
reduced size (``--residents``, at most 12,000; city-sized scenarios keep at
least 3,000 for their 60 communities), writes its results as ``govsim run``
does, and prints one line per scenario: the SHA-256 of ``summary.json`` and of
the timeseries table (hashed from its values, so parquet metadata does not
count). Two more runs switch on every mechanism (on the baseline, and on the
staged city roll-out), so that each mechanism's code is covered. Run it before
and after a restructuring and compare the two outputs:

    PYTHONPATH=. python benchmarks/hash_results.py > before.txt
    ... change ...
    PYTHONPATH=. python benchmarks/hash_results.py > after.txt && diff before.txt after.txt
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
from pathlib import Path

import pandas as pd

from sim import params
from sim import scenario as sc
from sim.model import GovernanceModel


ALL = "+every-mechanism"  # a scenario name with this suffix runs with every mechanism switched on


def every_mechanism() -> list[str]:
    """``--set`` overrides that switch on every mechanism (the staged roll-out stays as the scenario has it)."""
    return [f"{name}=true" for name in params.registry() if name.endswith(".enabled") and name != "rollout.enabled"]


def fingerprint(name: str, days: int, residents: int, seed: int) -> tuple[str, str]:
    """SHA-256 of the run's summary.json and of its timeseries values."""
    sets = every_mechanism() if name.endswith(ALL) else []
    name = name.removesuffix(ALL)
    full = sc.load(name, seed=seed)
    size = min(full.residents, max(residents, 50 * len(full.communities)))
    scenario = sc.load(name, sets=sets, residents=size, days=days, seed=seed)
    results = GovernanceModel(scenario, validate=True).run().results()
    with tempfile.TemporaryDirectory() as tmp:
        results.write(Path(tmp))
        summary = json.loads((Path(tmp) / "summary.json").read_text())
        summary.pop("version", None)
        table = pd.read_parquet(Path(tmp) / "timeseries.parquet")
    s = hashlib.sha256(json.dumps(summary, sort_keys=True).encode()).hexdigest()
    t = hashlib.sha256(pd.util.hash_pandas_object(table, index=False).values.tobytes()
                       + ",".join(table.columns).encode()).hexdigest()
    return s, t


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--days", type=int, default=120)
    ap.add_argument("--residents", type=int, default=12000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("scenarios", nargs="*",
                    help=f"bundled scenario names, NAME{ALL} for one with every mechanism on (default: every "
                         f"bundled scenario, then baseline and city-rollout with every mechanism on)")
    args = ap.parse_args(argv)
    for name in args.scenarios or [*sorted(sc.bundled()), "baseline" + ALL, "city-rollout" + ALL]:
        s, t = fingerprint(name, args.days, args.residents, args.seed)
        print(f"{name:32s} summary {s[:16]}  timeseries {t[:16]}", flush=True)


if __name__ == "__main__":
    main()
