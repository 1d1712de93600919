"""Property-based fuzzing of everything a user can type: scenario documents, --set
strings and raw scenario files either work or give one line and exit code 2 -- never
a traceback, never any other exception."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import tempfile
import tomllib
from pathlib import Path

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from sim import scenario as sc
from sim.cli import main
from sim.enums import CommunityType
from sim.errors import UserError
from sim import registry

REG = registry.params()
PARAMS = list(REG.values())
TYPES = CommunityType.labels()
PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs"))  # names refuse control characters
LEAF_KEYS = sorted({p.key for p in PARAMS})
SECTION_KEYS = sorted({part for p in PARAMS for part in p.name.split(".")[:-1]})
TOP = list(sc.TOP_LEVEL)
COMMUNITY_KEYS = ["name", "type", "residents"]

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ------------------------------------------------------------------ strategies

keys = st.one_of(
    st.sampled_from(LEAF_KEYS + SECTION_KEYS + TOP + COMMUNITY_KEYS + list(REG)),
    st.text(max_size=12),
)

scalars = st.one_of(
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.sampled_from([0, -1, 1, 19, 20, 2**31, 2**32 - 1, 2**32, 2**63, 2**64, 10**400, -(10**400)]),
    st.floats(),  # includes nan, +-inf, -0.0, subnormals
    st.sampled_from([math.nan, math.inf, -math.inf, 1e308, -1e308, 5e-324]),
    st.text(max_size=20),
    st.sampled_from(TYPES + ["", " ", "Old town"]),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.just(dt.timezone.utc)),
    st.times(),
)

values = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=4)),
    max_leaves=16,
)


def _in_bounds(p):
    if p.kind is bool:
        return st.booleans()
    if p.kind is int:
        return st.integers(int(p.lo), int(p.hi))
    return st.floats(p.lo, p.hi)


def _put(doc: dict, dotted: str, value) -> None:
    node = doc
    parts = dotted.split(".")
    for part in parts[:-1]:
        nxt = node.get(part)
        if not isinstance(nxt, dict):
            nxt = node[part] = {}
        node = nxt
    node[parts[-1]] = value


communities = st.one_of(
    values,
    st.lists(
        st.one_of(
            values,
            st.builds(
                lambda base, extra: {**extra, **base},
                st.fixed_dictionaries({}, optional={
                    "name": st.one_of(st.sampled_from(["A", "B", "Old town"]), st.text(max_size=5), values),
                    "type": st.one_of(st.sampled_from(TYPES), values),
                    "residents": st.one_of(st.integers(-5, 6_000_000), values),
                }),
                st.dictionaries(keys, values, max_size=2),
            ),
        ),
        max_size=4,
    ),
)


good_communities = st.lists(
    st.fixed_dictionaries({"name": st.text(PRINTABLE, min_size=1, max_size=10), "type": st.sampled_from(TYPES),
                           "residents": st.integers(20, 5_000_000)}),
    min_size=1, max_size=4, unique_by=lambda c: c["name"],
)


@st.composite
def documents(draw, noisy=None):
    """Mostly-structured documents: real parameter paths with good or random values,
    plausible communities, real top-level keys, and (when noisy) random junk mixed in.
    A clean document is valid, so both outcomes are exercised."""
    if noisy is None:
        noisy = draw(st.booleans())

    def pick(good, junk=values):
        return draw(st.one_of(good, junk)) if noisy else draw(good)

    doc: dict = {}
    for p in draw(st.lists(st.sampled_from(PARAMS), max_size=8)):
        _put(doc, p.name, pick(_in_bounds(p)))
    if noisy:
        for section in draw(st.lists(st.sampled_from(SECTION_KEYS), max_size=2)):
            if draw(st.booleans()):
                doc[section] = draw(values)  # a section replaced by anything
    if not noisy or draw(st.integers(0, 9)) > 0:
        doc["communities"] = pick(good_communities, communities)
    good_top = {"name": st.text(PRINTABLE, max_size=10), "description": st.text(max_size=10),
                "days": st.integers(1, 3650), "seed": st.integers(0, 2**32 - 1)}
    for key, good in good_top.items():
        if draw(st.booleans()):
            doc[key] = pick(good)
    if noisy:
        doc.update(draw(st.dictionaries(keys, values, max_size=2)))
    return doc


def _check_accepted(s: sc.Scenario) -> None:
    """An accepted scenario obeys every declared bound."""
    assert list(s.params) == list(REG)
    for name, value in s.params.items():
        p = REG[name]
        assert type(value) is p.kind, (name, value)
        if p.kind is not bool:
            assert p.lo <= value <= p.hi, (name, value)
    assert 1 <= s.days <= 3650 and 0 <= s.seed <= 2**32 - 1
    assert isinstance(s.name, str) and isinstance(s.description, str)
    assert len(s.communities) >= 1
    assert len({c.name for c in s.communities}) == len(s.communities)
    for c in s.communities:
        assert c.type in TYPES and 20 <= c.residents <= 5_000_000 and type(c.residents) is int


def _check_user_error(err: UserError, source: str) -> None:
    msg = str(err)
    assert msg.startswith(f"{source}: "), msg
    assert "\n" not in msg and "\r" not in msg and "Traceback" not in msg, msg
    assert len(msg) > len(source) + 2


# ------------------------------------------------------------ (a) documents


@FUZZ
@given(doc=st.one_of(documents(), values))
@example(doc={"communities": [{"name": "A", "type": "old_neighbourhood", "residents": 20, "x": {"y": [1]}}]})
@example(doc={"communities": [{"name": "A", "type": "old_neighbourhood", "residents": 10**400}],
              "residents": {"trust_initial": math.nan}})
def test_documents_are_accepted_or_refused_in_one_line(doc):
    try:
        s = sc.from_document(doc, "fuzz.toml")
    except UserError as err:
        event("refused")
        _check_user_error(err, "fuzz.toml")
    else:
        event("accepted")
        _check_accepted(s)


@settings(max_examples=60, deadline=None)
@given(doc=documents(noisy=False))
def test_clean_documents_are_accepted_and_survive_dump(doc):
    s = sc.from_document(doc, "fuzz.toml")
    _check_accepted(s)
    again = sc.from_document(tomllib.loads(sc.dump(s)), "again.toml")
    assert dict(again.params) == dict(s.params)
    assert again.communities == s.communities
    assert (again.days, again.seed, again.description) == (s.days, s.seed, s.description)


# ------------------------------------------------------------ running the CLI


def _run(argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main([str(a) for a in argv])
    return rc, out.getvalue(), err.getvalue()


def _check_outcome(rc: int, stderr: str, out: Path) -> None:
    event(f"exit {rc}")
    assert rc in (0, 2), (rc, stderr)
    assert "Traceback" not in stderr
    if rc == 2:
        lines = stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("govsim: error: "), stderr
        assert not out.exists()
    else:
        assert {p.name for p in out.iterdir()} == {"timeseries.parquet", "summary.json", "scenario.toml",
                                                   "kpis.png"}


# -------------------------------------------------------------- (b) --set


def _literal(p):
    """A TOML literal within the parameter's bounds."""
    if p.kind is bool:
        return st.sampled_from(["true", "false"])
    if p.kind is int:
        return st.integers(int(p.lo), int(p.hi)).map(str)
    return st.floats(p.lo, p.hi).map(repr)


@st.composite
def good_sets(draw):
    p = draw(st.sampled_from(PARAMS))
    return f"{p.name}={draw(_literal(p))}"


set_values = st.one_of(
    st.integers().map(str),
    st.floats().map(repr),
    st.sampled_from(["true", "false", "True", "nan", "inf", "-inf", "+inf", "1e400", "-0", "0x10", "1_000",
                     "[1, 2]", "[]", "{a = 1}", "{}", "1979-05-27", "07:32:00", '"quoted"', "'single'",
                     '"unterminated', "", " ", "=", "==1", "0.5 # comment", "0.5\nx = 1", "1.", ".5", "1e",
                     "[" * 50, "{a={b={c=1}}}"]),
    st.text(max_size=20),
)

set_keys = st.one_of(
    st.sampled_from(list(REG) + ["days", "seed", "name", "description"]),
    st.sampled_from(SECTION_KEYS + LEAF_KEYS + ["communities", "residents.", ".residents", "communities.0.name"]),
    st.sampled_from(list(REG)).map(lambda n: n.upper()),
    st.sampled_from(list(REG)).map(lambda n: " " + n + " "),
    st.text(max_size=15),
)

set_strings = st.one_of(
    good_sets(),
    st.builds(lambda k, v: f"{k}={v}", set_keys, set_values),
    st.text(max_size=30),  # often no '=' at all
    st.sampled_from(list(REG)),  # a real name, no '='
)


@FUZZ
@given(item=set_strings)
@example(item="residents.trust_initial")
@example(item="residents.trust_initial=0.3")
@example(item="channels.app_available=false")
@example(item="-x=1")
def test_set_strings_run_or_fail_in_one_line(item):
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        rc, _, stderr = _run(["run", "baseline", "--days", "1", "--residents", "200", "--set", item,
                              "--out", out, "--quiet"])
        _check_outcome(rc, stderr, out)
        if rc == 0 and "=" in item:
            key, _, value = item.partition("=")
            key = key.strip()
            written = sc.load(str(out / "scenario.toml"))
            if key in REG:
                assert written.params[key] == sc.parse_value(value.strip())
                assert type(written.params[key]) is REG[key].kind
            elif key == "seed":
                assert written.seed == sc.parse_value(value.strip())


# --------------------------------------------------------- (c) scenario bytes

BASE = b"""\
name = "fuzz"
seed = 3

[[communities]]
name = "A"
type = "old_neighbourhood"
residents = 120

[[communities]]
name = "B"
type = "village_conversion"
residents = 80

[residents]
digital_literacy_elderly = 0.4

[grids]
households_per_grid = 300
"""


@st.composite
def mutated(draw):
    data = bytearray(BASE)
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = draw(st.one_of(st.binary(min_size=1, max_size=8),
                               st.sampled_from([b"=", b"[", b"]", b"\n", b'"', b"#", b"\xff", b"\x00", b"\xc3",
                                                b"[[communities]]\n", b"x = 1\n", b"-", b"e9", b"nan", b"inf"])))
        if kind == "insert":
            data[pos:pos] = chunk
        elif kind == "delete":
            del data[pos:pos + len(chunk)]
        else:
            data[pos:pos + len(chunk)] = chunk
    return bytes(data)


@st.composite
def line_edits(draw):
    """Line-level edits that keep the file TOML-shaped: a value replaced by a random
    literal, a line dropped or repeated, a random line added."""
    lines = BASE.decode().splitlines()
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["value", "value", "digit", "drop", "repeat", "add"]))
        if kind == "value" and "=" in lines[i]:
            lines[i] = lines[i].partition("=")[0] + "= " + draw(set_values)
        elif kind == "digit":
            lines[i] = "".join(draw(st.sampled_from("0123456789-.")) if ch.isdigit() else ch for ch in lines[i])
        elif kind == "drop":
            del lines[i]
        elif kind == "repeat":
            lines.insert(i, lines[i])
        elif kind == "add":
            lines.insert(i, f"{draw(set_keys)} = {draw(set_values)}")
        if not lines:
            break
    return "\n".join(lines).encode("utf-8", "surrogatepass")


scenario_bytes = st.one_of(
    st.binary(max_size=400),
    mutated(),
    line_edits(),
    line_edits(),
    st.text(max_size=200).map(lambda t: t.encode("utf-8")),
    st.sampled_from(["utf-16", "utf-8-sig", "latin-1", "cp1252"]).map(lambda enc: BASE.decode().replace(
        '"A"', '"Café Ä"').encode(enc)),
)


@FUZZ
@given(data=scenario_bytes)
@example(data=BASE)
@example(data=b"")
@example(data=b"\xff\xfe\x00")
def test_scenario_bytes_run_or_fail_in_one_line(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scen.toml"
        path.write_bytes(data)
        out = Path(tmp) / "out"
        rc, _, stderr = _run(["run", path, "--days", "1", "--residents", "200", "--out", out, "--quiet"])
        _check_outcome(rc, stderr, out)
        if rc == 2 and not stderr.startswith("govsim: error: --"):
            assert str(path) in stderr  # a file problem names the file
