"""The documents that describe the code say what the code does: phases, folders, the walk-through."""

from __future__ import annotations

import re
from pathlib import Path

from sim import phases, registry

ROOT = Path(__file__).resolve().parents[2]


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start: end if end >= 0 else len(text)]


def test_the_readme_lists_the_phases_in_the_order_the_model_runs_them():
    day = _section((ROOT / "README.md").read_text(), "## How the model works")
    listed = re.findall(r"^\d+\. `(\w+)`", day, re.M)
    assert tuple(listed) == phases.NAMES


def test_the_readme_layout_lists_every_test_folder_and_top_level_folder():
    layout = _section((ROOT / "README.md").read_text(), "## Layout")
    tests = sorted(p.name for p in (ROOT / "tests").iterdir() if p.is_dir() and not p.name.startswith("_"))
    for name in tests:
        assert re.search(rf"^\s+{name}/", layout, re.M), f"tests/{name}/ missing from the README's layout"
    for top in ("sim", "scenarios", "experiments", "benchmarks", "notebooks", "docs", "tests"):
        assert re.search(rf"^{top}/", layout, re.M), f"{top}/ missing from the README's layout"


def test_the_code_guide_names_the_monthly_phases_files_that_exist_and_a_registered_mechanism():
    guide = (ROOT / "docs" / "code.md").read_text()
    for name in ("periodic", "programmes", "civic", "decisions", "projects"):
        assert name in phases.NAMES and f"`{name}`" in guide, name
    assert "whistle" in {m.SECTION for m in registry.MECHANISMS}
    assert (ROOT / "sim" / "policies" / "whistle.py").is_file()
    for path in re.findall(r"`((?:sim|tests|benchmarks)/[\w/]+\.py)`", guide):
        assert (ROOT / path).is_file(), f"docs/code.md names {path}, which does not exist"
