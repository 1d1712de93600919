"""Options and checks shared by govsim's commands: whole numbers, executors, output folders, listed items."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from sim.errors import UserError


def whole_number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"'{text}' must not be negative")
    return value


def add_executor_options(cmd, scope: str = "") -> None:
    """--workers, --executor, --scheduler and --quiet, for every command that runs simulations on executors."""
    cmd.add_argument("--workers", type=whole_number, help=f"{scope}worker processes (default: one per core)")
    cmd.add_argument("--executor", choices=("local", "dask"), default="local",
                     help=f"{scope}local process pool (default) or dask.distributed")
    cmd.add_argument("--scheduler", help=f"{scope}a Dask scheduler's address, e.g. tcp://host:8786 "
                     "(default with --executor dask: a local cluster)")
    cmd.add_argument("--quiet", action="store_true", help=f"{scope}no progress bar")


def check_executor_args(args) -> None:
    if args.workers == 0:
        raise UserError("must be at least 1", "--workers")
    if args.scheduler and args.executor != "dask":
        raise UserError("needs --executor dask", "--scheduler")


def check_writable_folder(out: Path) -> None:
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


def listed(text: str | None) -> list[str]:
    """A comma-separated option's items."""
    return [k.strip() for k in (text or "").split(",") if k.strip()]
