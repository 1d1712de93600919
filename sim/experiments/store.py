"""The results folder of a sweep: one folder per run, written atomically; resume reads it.

    OUT/experiment.json            the experiment (factors, levels, KPIs, its run ids), rewritten by each sweep
    OUT/runs/<run_id>/kpis.parquet        scope (all | group | community), name, one column per KPI
    OUT/runs/<run_id>/timeseries.parquet  one row per (day, community), as `govsim run` writes it (not for a
                                          search's runs, which keep their KPIs only)
    OUT/runs/<run_id>/run.json            the manifest entry: parameters, seed, status, error, timing
    OUT/manifest.csv               the experiment's run.json files as one table (rewritten at the end of a sweep)

Every file is written to a temporary name and moved into place with
``os.replace``; ``run.json`` is written last, so a run is finished exactly
when its ``run.json`` says ``status = "ok"``. A sweep stopped at any moment
leaves finished runs complete and anything else to be redone. A finished run
whose fingerprint differs from the experiment's run of the same id belongs
to a different experiment: the sweep refuses the folder rather than mix them.
Each ``run.json`` also records the model code that ran it (``code``, a hash
of the worker's package sources but the dashboard's): a finished run made by
code other than the driver's is kept, nothing computed is lost, and the
sweep says how many there are.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import time
from pathlib import Path

from sim.errors import UserError

OK, FAILED = "ok", "failed"


@functools.cache
def code_fingerprint() -> str:
    """A hash of the model's code: every source file of the package but the dashboard's (``sim/viz``)."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if not rel.startswith("viz/"):
            digest.update(rel.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader sees either nothing or all of it."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


class Store:
    """A sweep's results folder."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.runs = self.root / "runs"

    def run_dir(self, run_id: str) -> Path:
        return self.runs / run_id

    def record(self, run_id: str) -> dict | None:
        """A run's ``run.json``, or None if it has none (never started, or stopped mid-write)."""
        try:
            return json.loads((self.run_dir(run_id) / "run.json").read_text())
        except (OSError, ValueError):
            return None

    def kpi_frame(self, run_id: str):
        """A finished run's ``kpis.parquet`` as a table."""
        import pandas as pd

        return pd.read_parquet(self.run_dir(run_id) / "kpis.parquet")

    def prepare(self, experiment_doc: dict) -> None:
        self.runs.mkdir(parents=True, exist_ok=True)
        atomic_write(self.root / "experiment.json", json.dumps(experiment_doc, indent=2, default=str).encode())

    def experiment(self) -> dict:
        path = self.root / "experiment.json"
        if not path.is_file():
            raise UserError("is not a sweep's results folder (no experiment.json)", str(self.root))
        return json.loads(path.read_text())

    def pending(self, specs) -> tuple[list, int, int]:
        """The specs still to run, and how many are already done and how many failed before.

        ``other_code`` is then how many of the done runs were made by other model code.
        """
        todo, done, failed = [], 0, 0
        self.other_code = 0
        for spec in specs:
            rec = self.record(spec.run_id)
            if rec is not None and rec.get("fingerprint") != spec.fingerprint:
                raise UserError(f"holds run {spec.run_id} of a different experiment (other parameters or seed); "
                                "use another --out", str(self.root))
            if rec is not None and rec.get("status") == OK:
                done += 1
                self.other_code += rec.get("code") != code_fingerprint()
                continue
            failed += rec is not None
            todo.append(spec)
        return todo, done, failed

    def save(self, spec, result: dict) -> None:
        """Write one run's results, then its ``run.json`` (last: it marks the run finished)."""
        folder = self.run_dir(spec.run_id)
        folder.mkdir(parents=True, exist_ok=True)
        if result["status"] == OK:
            atomic_write(folder / "kpis.parquet", result["kpis"])
            if result.get("timeseries") is not None:
                atomic_write(folder / "timeseries.parquet", result["timeseries"])
        from sim import __version__

        rec = {**spec.meta(), "version": __version__, "code": result.get("code", code_fingerprint()),
               "status": result["status"], "error": result.get("error"),
               "traceback": result.get("traceback"), "seconds": round(result.get("seconds", 0.0), 4),
               "finished": time.strftime("%Y-%m-%dT%H:%M:%S")}
        atomic_write(folder / "run.json", json.dumps(rec, indent=1, default=str).encode())

    def _all_records(self) -> list[dict]:
        if not self.runs.is_dir():
            return []
        out = []
        for folder in sorted(self.runs.iterdir()):
            rec = self.record(folder.name) if folder.is_dir() else None
            if rec is not None:
                out.append(rec)
        return out

    def _own_ids(self) -> set | None:
        path = self.root / "experiment.json"
        ids = json.loads(path.read_text()).get("run_ids") if path.is_file() else None
        return None if ids is None else set(ids)

    def records(self) -> list[dict]:
        """Every ``run.json`` of the experiment last swept into the folder, in run-id order.

        Runs of other experiments that share the folder (a bigger sweep's levels) are kept on disk but left
        out here, so the manifest and the tables hold this experiment's runs only (``others`` counts them).
        """
        own = self._own_ids()
        return [r for r in self._all_records() if own is None or r.get("run_id") in own]

    def others(self) -> int:
        """How many finished or failed runs in the folder belong to other experiments."""
        own = self._own_ids()
        return 0 if own is None else sum(r.get("run_id") not in own for r in self._all_records())

    def write_manifest(self) -> Path:
        """``manifest.csv``: one row per run (parameters flattened into columns)."""
        import pandas as pd

        rows = [{k: v for k, v in r.items() if k not in ("params", "traceback")} | r.get("params", {})
                for r in self.records()]
        path = self.root / "manifest.csv"
        atomic_write(path, pd.DataFrame(rows).to_csv(index=False).encode())
        return path

    def kpis(self):
        """Every finished run's KPI rows with the run's design columns (run_id, policy, point, replicate, seed)."""
        import pandas as pd

        frames = []
        for r in self.records():
            if r.get("status") != OK:
                continue
            df = self.kpi_frame(r["run_id"])
            for key in ("run_id", "policy", "policy_name", "point", "replicate", "seed"):
                df.insert(0, key, r[key])
            for name, value in r.get("params", {}).items():
                df[f"param:{name}"] = value
            frames.append(df)
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
