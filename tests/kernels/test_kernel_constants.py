"""Kernels hold category codes as numba constants: they must equal the enums'."""

from sim.enums import Channel, Group, HandlerKind, Need, RequestState
from sim.kernels import handling, intake, slots, survey


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
