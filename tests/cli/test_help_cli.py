"""Each command's help describes its own default output folder, not another command's."""

from __future__ import annotations

import argparse

import pytest

from sim.cli import build_parser


def _out_help(command: str) -> str:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return next(a.help for a in sub.choices[command]._actions if "--out" in a.option_strings)


@pytest.mark.parametrize("command,own,other", [
    ("calibrate", "calibrations/<name>-<data>/", "sensitivity/"),
    ("sensitivity", "sensitivity/<name>-<method>-<samples>/", "calibrations/"),
])
def test_out_help_names_the_commands_own_folder(command, own, other):
    text = _out_help(command)
    assert own in text and other not in text
