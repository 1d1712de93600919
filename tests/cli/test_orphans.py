"""No process of ours outlives the command that started it, even one killed with SIGKILL.

Each command is started for real, left until it has started its children
(sweep workers and multiprocessing's resource tracker, or the dashboard's
Solara server), killed with SIGKILL as the out-of-memory killer would, and
then every process it had started must be gone within seconds.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

ROOT = Path(__file__).resolve().parents[2]


def _children(pid: int) -> set[int]:
    """Every living descendant of ``pid`` (zombies count as dead)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            state, ppid = stat.rsplit(")", 1)[1].split()[:2]
            if state != "Z":
                parents.setdefault(int(ppid), []).append(int(entry))
    out, todo = set(), [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            out.add(child)
            todo.append(child)
    return out


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _survivors(argv: list, cwd: Path, children: int, timeout: float = 180.0) -> list[int]:
    """Start the command, wait for its ``children``, SIGKILL it: the processes it had started still alive
    after 30 s (killed then, so none leaks from the test)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "sim.cli", *map(str, argv)], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + timeout
        seen: set[int] = set()
        while time.monotonic() < deadline and proc.poll() is None:
            seen |= _children(proc.pid)
            if len(seen) >= children:
                break
            time.sleep(0.2)
        assert proc.poll() is None, "the command ended before it could be killed"
        assert len(seen) >= children, f"only {len(seen)} children started"
        time.sleep(1.0)
        seen |= _children(proc.pid)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_alive(p) for p in seen):
        time.sleep(0.2)
    left = [p for p in seen if _alive(p)]
    for p in left:
        os.kill(p, signal.SIGKILL)
    return left


SLOW = """\
name = "slow"
scenario = "baseline"
residents = 60000
days = 365
replicates = 4
kpis = ["close_days"]

[levers]
one_stop.enabled = [false, true]
"""


def test_a_killed_sweep_leaves_no_worker(tmp_path):
    (tmp_path / "slow.toml").write_text(SLOW)
    assert not _survivors(["sweep", "slow.toml", "--workers", 2, "--out", "s", "--quiet"], tmp_path, children=3)


def test_a_killed_calibration_leaves_no_worker(tmp_path):
    exp = ROOT / "experiments" / "calibrate-pilot.toml"
    assert not _survivors(["calibrate", exp, "--trials", 50, "--workers", 2, "--out", "c", "--quiet"], tmp_path,
                          children=3)


def test_a_killed_sensitivity_leaves_no_worker(tmp_path):
    exp = ROOT / "experiments" / "sensitivity.toml"
    assert not _survivors(["sensitivity", exp, "--method", "morris", "--workers", 2, "--out", "m", "--quiet"],
                          tmp_path, children=3)


def test_a_killed_dashboard_leaves_no_server(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert not _survivors(["dashboard", "baseline", "--port", port], tmp_path, children=1)
