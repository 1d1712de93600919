"""A run that cannot fit in memory is refused before anything is built, saying what would fit."""

from __future__ import annotations

import pytest

from sim import capacity, registry
from sim import scenario as sc
from sim.errors import UserError
from sim.model import GovernanceModel

from tests.cli.test_cli import assert_user_error, call


def test_the_per_resident_budget_bounds_what_a_run_holds():
    every = [f"{p.SECTION}.enabled=true" for p in registry.MECHANISMS]
    model = GovernanceModel(sc.load("baseline", residents=3000, days=60, sets=every)).run()
    held = model.state_nbytes() - model.acc.nbytes - model.ledger.nbytes
    assert held / model.pop.n < capacity.RESIDENT_BYTES / 2  # headroom for the day's temporaries


def test_a_run_too_big_is_refused_with_what_fits():
    free = capacity.estimate(1_000_000, 365, 10)
    capacity.check(1_000_000, 365, 10, free=free)  # exactly fits
    with pytest.raises(UserError) as e:
        capacity.check(2_000_000, 365, 10, free=free)
    text = str(e.value)
    assert "this run of 2,000,000 residents in 10 communities for 365 days would need about" in text
    assert "about 1,000,000 residents would fit" in text
    with pytest.raises(UserError, match="2 runs at once .* about [0-9,]+ residents would fit; or use fewer"):
        capacity.check(1_000_000, 365, 10, copies=2, free=1.5 * free)


def test_the_command_line_refuses_it_in_one_line_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(capacity, "available", lambda: 1e9)
    rc, _, err = call(["run", "baseline", "--residents", 5_000_000, "--out", tmp_path / "r"])
    assert_user_error(rc, err, "baseline: this run of 5,000,000 residents in 3 communities", "would fit")
    assert not (tmp_path / "r").exists()
    exp = tmp_path / "e.toml"
    exp.write_text('scenario = "baseline"\nresidents = 3000000\n[levers]\none_stop.enabled = [true]\n')
    rc, _, err = call(["sweep", exp, "--workers", 2, "--out", tmp_path / "s"])
    assert_user_error(rc, err, f"{exp}: 2 runs at once of 3,000,000 residents", "or use fewer --workers")
    assert not (tmp_path / "s").exists()
