"""The notebooks run from top to bottom without error; their key cells assert their results."""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="needs nbformat: pip install '.[test]'")
nbclient = pytest.importorskip("nbclient", reason="needs nbclient: pip install '.[test]'")

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def execute(name: str):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    return nb


def test_workshop_notebook_runs_and_shows_the_pilot():
    nb = execute("workshop.ipynb")
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 3  # over time, by group, the community map
    text = "".join(o.get("text", "") for o in outputs)
    assert "counter wait: -" in text and "errands per visit:" in text


def test_research_notebook_runs_a_sweep_a_calibration_and_a_sensitivity_analysis():
    nb = execute("research.ipynb")
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 2  # the fit and the sensitivity indices
    text = "".join(o.get("text", "") for o in outputs)
    assert "90% set:" in text and "mu* of unmet need share:" in text
