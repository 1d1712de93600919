"""Kernels hold category codes as numba constants: they must equal the enums'."""

from sim.components import learning as learning_component
from sim.enums import Channel, Group, HandlerKind, Need, RequestState
from sim.kernels import disputes, handling, intake, learning, slots, survey
from sim.kernels import property as kprop


def test_handling_codes_match_the_enums():
    for name in ("CIVIL_AFFAIRS", "HEALTH", "SOCIAL_SECURITY", "URBAN_MANAGEMENT", "TRANSPORT",
                 "PUBLIC_SECURITY", "EDUCATION", "COUNTER", "GRID_WORKER"):
        assert getattr(handling, name) == HandlerKind[name], name
    assert handling.N_DEPARTMENTS == HandlerKind.COMMITTEE
    for need in Need:
        assert getattr(handling, need.name) == need
    for ch in (Channel.APP, Channel.HOTLINE, Channel.WALKIN):
        assert getattr(handling, ch.name) == ch
    assert handling.GRID == Channel.GRID
    for st in (RequestState.QUEUED, RequestState.CLOSED, RequestState.ABANDONED):
        assert getattr(handling, st.name) == st


def test_other_kernel_codes_match_the_enums():
    assert intake._ADMIN == Need.ADMIN
    assert survey._CHILD == Group.CHILD
    assert slots.CHANNEL_SLOT[Channel.APP] == slots.CH_APP and slots.CHANNEL_SLOT[Channel.GRID] == slots.CH_GRID
    assert len(set(range(slots.N_SLOTS))) == slots.N_SLOTS


def test_property_and_learning_codes_match_the_enums():
    assert (kprop._REPAIR, kprop._DISPUTE) == (Need.REPAIR, Need.DISPUTE)
    assert (kprop._QUEUED, kprop._CLOSED, kprop._ABANDONED) == (RequestState.QUEUED, RequestState.CLOSED,
                                                                 RequestState.ABANDONED)
    assert (kprop._NOISE, kprop._PARKING) == (disputes.NOISE, disputes.PARKING)
    assert learning._CHILD == Group.CHILD and learning._N_GROUPS == len(Group)
    assert learning._ELDERLY_LAST == Group.ELDERLY_FAMILY
    assert list(range(learning_component._N_ELDERLY)) == learning_component._ELDERLY  # a slice in the record
