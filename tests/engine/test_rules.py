"""Named rule tables (``model.rules``): declared once by the engine's components, read in force, written
only by the mechanisms that declare them."""

import numpy as np
import pytest

from conftest import run, small
from sim import registry
from sim.components.counters import Counters, counter_vector
from sim.components.handling import Handling, dispute_vector, resolve_vector, routing_vector
from sim.components.intake import Intake, coefficients, open_channels
from sim.components.learning import Learning, self_learning_vector
from sim.components.property import PropertyManagement, terms_vector
from sim.components.records import Records, records_vector
from sim.components.volunteering import Volunteering, volunteer_vector
from sim.enums import Channel, Group, HandlerKind
from sim.kernels import counter_queue as kq
from sim.kernels import disputes as dk
from sim.kernels import handling as kh
from sim.kernels import intake as kin
from sim.kernels import property as kprop
from sim.model import GovernanceModel

STAGED = ["rollout.enabled=true", "rollout.pilots=1", "rollout.target_share=0"]  # one of 3 communities reformed


def test_each_table_is_declared_once_by_the_component_that_defines_it():
    assert registry.rule_tables() == {
        "routing": routing_vector, "resolve": resolve_vector, "disputes": dispute_vector,
        "counters": counter_vector, "channels": coefficients, "channels_open": open_channels,
        "volunteering": volunteer_vector, "records": records_vector,
        "learning": self_learning_vector, "property": terms_vector,
    }
    assert set(Handling.RULES) == {"routing", "resolve", "disputes"}
    assert Counters.RULES == {"counters": counter_vector}
    assert Intake.RULES == {"channels": coefficients, "channels_open": open_channels}
    assert Volunteering.RULES == {"volunteering": volunteer_vector} and Records.RULES == {"records": records_vector}
    assert Learning.RULES == {"learning": self_learning_vector}
    assert PropertyManagement.RULES == {"property": terms_vector}


def test_tables_have_a_row_per_community_and_the_kernels_columns():
    m = GovernanceModel(small(days=1))
    width = {"routing": kh.N_RP, "resolve": len(HandlerKind), "disputes": dk.N_DP, "counters": kq.N_CP,
             "channels": kin.N_COEF, "channels_open": len(Channel), "learning": len(Group), "property": kprop.N_PP}
    for name, n in width.items():
        for table in (m.rules.status_quo(name), m.rules.reform(name)):
            assert table.shape == (3, n) and table.dtype == np.float64
        assert np.array_equal(m.rules.status_quo(name), m.rules.reform(name))  # nothing changed yet


def test_in_force_is_the_reform_where_it_has_reached_and_the_status_quo_elsewhere():
    m = run(small(days=3, sets=["whistle.enabled=true", "one_stop.enabled=true", *STAGED]))
    assert m.live.sum() == 1
    for name in m.rules.names:
        force = m.rules.in_force(name)
        assert force.flags.c_contiguous and force.dtype == np.float64
        assert np.array_equal(force[m.live], m.rules.reform(name)[m.live])
        assert np.array_equal(force[~m.live], m.rules.status_quo(name)[~m.live])
    assert m.rules.in_force("routing")[:, kh.WHISTLE].tolist() == m.live.astype(float).tolist()
    assert m.rules.in_force("counters")[:, kq.MERGED].tolist() == m.live.astype(float).tolist()
    assert set(m.rules.changed()) == {"routing", "counters"}


def test_readers_cannot_write_through_model_rules():
    m = GovernanceModel(small(days=1))
    for view in (m.rules.status_quo("routing"), m.rules.reform("routing")):
        with pytest.raises(ValueError):
            view[:, kh.WHISTLE] = 1.0
    m.rules.in_force("routing")[:, kh.WHISTLE] = 1.0  # a copy: the rules stay as they were
    assert not m.rules.changed()


def test_an_unknown_table_is_named_in_the_error():
    m = GovernanceModel(small(days=1))
    with pytest.raises(KeyError, match="routing"):
        m.rules.in_force("routeing")
    with pytest.raises(KeyError, match="no rule table"):
        m.rules.reform("routeing")
