"""Property-based fuzzing of every loader a user's file goes through.

Generated documents (mostly well-formed, with hostile values and keys mixed
in) go through the scenario loader (1,200 documents), the experiment loader
(300 files) and the pilot-data reader (300 CSV files). Each case must end in a
valid result or a one-line ``UserError`` that names the file; nothing else may
escape. The draws are derandomized (a fixed seed) and bounded, so the suite
takes seconds and a failure reproduces. Run them alone with::

    python -m pytest tests/fuzz -q
"""

from __future__ import annotations

import math

import pandas as pd
import tomli_w
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sim import registry
from sim import scenario as sc
from sim.calibration import pilot
from sim.calibration.monthly import indicators
from sim.errors import UserError
from sim.experiments import spec as exp_spec
from tests.cli.test_fuzz import PRINTABLE, documents, values

ONCE = dict(deadline=None, derandomize=True, database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
COMMUNITIES = ("Old town", "Riverside Gardens", "East village")  # the baseline's
REG = registry.params()


def _one_line_naming(err: UserError, source: str) -> None:
    msg = str(err)
    assert "\n" not in msg and "Traceback" not in msg, msg
    assert msg.startswith(f"{source}: "), msg
    assert len(msg) > len(source) + 2


# ------------------------------------------------------------------ scenarios


@settings(max_examples=1200, **ONCE)
@given(doc=st.one_of(documents(), documents(noisy=False), values))
def test_scenario_documents_load_or_are_refused_in_one_line(doc):
    try:
        s = sc.from_document(doc, "fuzz.toml")
    except UserError as err:
        event("refused")
        _one_line_naming(err, "fuzz.toml")
        return
    event("accepted")
    for name, value in s.params.items():
        p = REG[name]
        assert type(value) is p.kind and (p.kind is bool or p.lo <= value <= p.hi), (name, value)


# ------------------------------------------------------------------ experiments

_levels = st.one_of(st.lists(values, max_size=3), values,
                    st.fixed_dictionaries({"lo": values, "hi": values}, optional={"n": values}))
_param_tables = st.dictionaries(st.one_of(st.sampled_from(list(REG)), st.text(PRINTABLE, max_size=8)),
                                _levels, max_size=3)


@st.composite
def clean_experiment_documents(draw):
    levers = draw(st.lists(st.sampled_from([p for p in REG.values() if p.role == "lever"]), min_size=1,
                           max_size=2, unique=True))
    return {"scenario": "baseline", "residents": draw(st.integers(300, 5000)), "days": draw(st.integers(1, 60)),
            "replicates": draw(st.integers(1, 3)),
            "kpis": draw(st.lists(st.sampled_from(registry.kpi_names()), min_size=1, max_size=3, unique=True)),
            "levers": {p.name: [p.default] for p in levers}}


@st.composite
def experiment_documents(draw):
    if draw(st.integers(0, 3)) == 0:
        return draw(clean_experiment_documents())
    doc = {"scenario": draw(st.one_of(st.just("baseline"), st.text(PRINTABLE, max_size=12), values))}
    optional = {
        "name": st.one_of(st.text(PRINTABLE, max_size=10), values),
        "residents": st.one_of(st.integers(-10, 100_000), values),
        "days": st.one_of(st.integers(-1, 4000), values),
        "replicates": st.one_of(st.integers(-1, 2000), values),
        "seed": st.one_of(st.integers(-1, 2**33), values),
        "kpis": st.one_of(st.lists(st.sampled_from(registry.kpi_names()), max_size=3), values),
        "levers": _param_tables,
        "uncertainties": _param_tables,
        "set": st.dictionaries(st.sampled_from(list(REG)), values, max_size=2),
        "design": st.one_of(st.fixed_dictionaries({}, optional={
            "policies": st.sampled_from(["grid", "list", "other"]), "uncertainties": st.sampled_from(
                ["grid", "lhs", "x"]), "samples": st.one_of(st.integers(-1, 10**7), values)}), values),
        "policies": st.lists(st.dictionaries(st.sampled_from(["name", *list(REG)[:20]]), values, max_size=3),
                             max_size=3),
        "junk": values,
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            doc[key] = draw(strategy)
    return doc


def _toml(doc) -> str | None:
    try:
        return tomli_w.dumps(doc)
    except (TypeError, ValueError):  # TOML cannot hold it (a None, a NaN key...): not a file a user can write
        return None


@settings(max_examples=300, **ONCE)
@given(doc=experiment_documents())
def test_experiment_files_load_or_are_refused_in_one_line(tmp_path_factory, doc):
    text = _toml(doc)
    if text is None:
        return
    path = tmp_path_factory.mktemp("exp") / "e.toml"
    path.write_text(text)
    try:
        exp = exp_spec.load(str(path))
    except UserError as err:
        event("refused")
        _one_line_naming(err, str(path))
        return
    event("accepted")
    assert exp.replicates >= 1 and exp.kpis


# ------------------------------------------------------------------ pilot data

_cells = st.one_of(st.sampled_from(["", " ", "nan", "inf", "-1", "0", "1", "1.5", "12", "1e400", "all", "#"]),
                   st.integers(-5, 400).map(str), st.floats().map(repr), st.text(max_size=8))


@st.composite
def clean_pilot_csvs(draw):
    keys = draw(st.lists(st.tuples(st.sampled_from([*COMMUNITIES, "all"]), st.integers(1, 12),
                                   st.sampled_from(sorted(indicators()))), min_size=1, max_size=8, unique=True))
    lines = [",".join(pilot.COLUMNS)]
    for community, month, indicator in keys:
        value, n = draw(st.floats(0, 1)), draw(st.one_of(st.just(""), st.integers(1, 500).map(str)))
        lines.append(f"{community},{month},{indicator},{value!r},{n}")
    return "\n".join(lines) + "\n"


@st.composite
def pilot_csvs(draw):
    if draw(st.integers(0, 3)) == 0:
        return draw(clean_pilot_csvs())
    header = draw(st.one_of(st.just(list(pilot.COLUMNS)), st.just(list(pilot.REQUIRED)),
                            st.permutations(list(pilot.COLUMNS)), st.lists(_cells, max_size=6)))
    row = st.fixed_dictionaries({
        "community": st.one_of(st.sampled_from([*COMMUNITIES, "all"]), _cells),
        "month": st.one_of(st.integers(0, 14).map(str), _cells),
        "indicator": st.one_of(st.sampled_from(sorted(indicators())), _cells),
        "value": st.one_of(st.floats(-1, 40).map(repr), _cells),
        "n": st.one_of(st.integers(0, 500).map(str), _cells),
    })
    rows = draw(st.lists(row, max_size=12))
    lines = [",".join(header)] + [",".join(r.get(c, draw(_cells)).replace("\n", " ") for c in header)
                                  for r in rows]
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(["# a comment", "", ",,,,", '"'])))
    return "\n".join(lines) + "\n"


@settings(max_examples=300, **ONCE)
@given(text=pilot_csvs())
def test_pilot_csvs_read_or_are_refused_in_one_line(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("pilot") / "p.csv"
    path.write_text(text)
    try:
        df = pilot.read(path, COMMUNITIES, 12)
    except UserError as err:
        event("refused")
        _one_line_naming(err, str(path))
        return
    event("accepted")
    assert isinstance(df, pd.DataFrame)
    assert df["value"].map(math.isfinite).all()
