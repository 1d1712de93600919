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


def _project_files():
    for folder in ("sim", "scenarios", "experiments", "notebooks", "benchmarks", "docs", "tests"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in (".py", ".toml", ".csv", ".md", ".ipynb") and "__pycache__" not in \
                    path.parts:
                yield path
    yield ROOT / "README.md"


def test_the_project_cites_its_own_account_of_the_plan_and_nothing_outside_it():
    outside = re.compile(r"DOMAIN\.md|\.\./shared|/work/shared|reference/000_")
    for path in _project_files():
        if path == Path(__file__):
            continue
        hit = outside.search(path.read_text(errors="replace"))
        assert hit is None, f"{path.relative_to(ROOT)} cites {hit.group(0)!r}, outside the project"


def test_every_cited_section_of_the_plan_exists():
    plan = (ROOT / "docs" / "plan.md").read_text()
    numbered = {int(n) for n in re.findall(r"^### (\d+)\. ", plan, re.M)}
    assert numbered == set(range(1, 19)), "docs/plan.md numbers the plan's 18 mechanisms"
    for heading in ("## Who is in a community", "## What residents need", "## The mechanisms",
                    "## Figures the plan states", "## Figures from outside the plan"):
        assert heading in plan
    assert "actor table" in plan.lower()
    cited = set()
    for path in _project_files():
        for ref in re.findall(r"docs/plan\.md,? mechanisms? ([0-9][0-9 ,and-]*)", path.read_text(errors="replace")):
            for part in re.split(r",|and", ref):
                bounds = [int(x) for x in re.findall(r"\d+", part)]
                cited |= set(range(bounds[0], bounds[-1] + 1)) if bounds else set()
    assert cited and cited <= numbered, f"cited mechanisms not in docs/plan.md: {sorted(cited - numbered)}"
