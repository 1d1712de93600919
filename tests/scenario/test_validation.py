"""Scenario validation: bad input is one line naming the file, the key and what is allowed;
good input fills every declared parameter, applies overrides and round-trips through dump()."""

from __future__ import annotations

import dataclasses
import math
import tomllib
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim import scenario as sc
from sim.enums import CommunityType
from sim.errors import UserError
from sim import registry

REG = registry.params()
NUMERIC = [p for p in REG.values() if p.kind is not bool]
BOOLS = [p for p in REG.values() if p.kind is bool]
SRC = "my-scenario.toml"

ONE = """\
[[communities]]
name = "A"
type = "old_neighbourhood"
residents = 100
"""


def community(name="A", type="old_neighbourhood", residents=100, **extra):
    return {"name": name, "type": type, "residents": residents, **extra}


def doc(**top):
    top.setdefault("communities", [community()])
    return top


def write(tmp_path: Path, text: str | bytes, name: str = "scen.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def check_message(err: UserError, *needles: str) -> str:
    msg = str(err)
    assert msg.strip(), "empty error message"
    assert "\n" not in msg and "\r" not in msg, f"not one line: {msg!r}"
    assert "Traceback" not in msg
    for needle in needles:
        assert needle in msg, f"{needle!r} not in {msg!r}"
    return msg


def assert_doc_refused(d, *needles, source=SRC) -> str:
    with pytest.raises(UserError) as info:
        sc.from_document(d, source)
    msg = check_message(info.value, *needles)
    assert msg.startswith(f"{source}: "), msg
    return msg


def assert_load_refused(ref, *needles, **kwargs) -> str:
    with pytest.raises(UserError) as info:
        sc.load(str(ref), **kwargs)
    return check_message(info.value, *needles)


def _fmt(x) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def _nest(dotted: str, value) -> dict:
    out: dict = {}
    node = out
    parts = dotted.split(".")
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value
    return out


# ------------------------------------------------------------- reading files


def test_missing_file_names_the_reference_and_the_bundled_names(tmp_path):
    missing = tmp_path / "nope.toml"
    assert_load_refused(missing, str(missing), "not found", "baseline", "village-conversion")


def test_a_folder_is_not_a_scenario_file(tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert_load_refused(folder, str(folder), "not a file")


def test_broken_toml_names_the_file_and_the_line(tmp_path):
    path = write(tmp_path, ONE + "days = \n")
    assert_load_refused(path, str(path), "broken TOML", "line 5")


def test_non_utf8_file_names_the_file(tmp_path):
    path = write(tmp_path, ONE.encode() + b'description = "caf\xe9"\n')
    assert_load_refused(path, str(path), "UTF-8")


def test_empty_file_says_communities_are_missing(tmp_path):
    path = write(tmp_path, "")
    assert_load_refused(path, str(path), "missing", "communities")


def test_deeply_nested_toml_is_a_user_error(tmp_path):
    depth = 10_000
    path = write(tmp_path, ONE + "description = " + "[" * depth + "]" * depth + "\n")
    assert_load_refused(path, str(path))


# -------------------------------------------------------------- unknown keys


def test_unknown_top_level_key_lists_the_allowed_top_level_keys():
    msg = assert_doc_refused(doc(colour="red"), "'colour'", "top level")
    for key in ("name", "description", "days", "seed", "communities", "residents", "needs"):
        assert key in msg


def test_unknown_key_in_a_section_lists_that_sections_keys():
    msg = assert_doc_refused(doc(residents={"digital_literacy_elderli": 0.5}),
                    "'residents.digital_literacy_elderli'", "[residents]")
    assert "digital_literacy_elderly" in msg and "trust_initial" in msg


def test_unknown_key_in_a_nested_section_lists_that_sections_keys():
    assert_doc_refused(doc(needs={"repair": {"teenager": 1.0}}),
              "'needs.repair.teenager'", "[needs.repair]", "elderly_alone", "new_citizen")


def test_unknown_key_in_a_deeply_nested_section():
    assert_doc_refused(doc(community_types={"old_neighbourhood": {"lifts": True}}),
              "'community_types.old_neighbourhood.lifts'", "households_elderly_alone", "property_manager")


def test_unknown_section_is_named():
    assert_doc_refused(doc(weather={"rain": 0.3}), "'weather'", "top level")


def test_a_dotted_top_level_key_is_unknown_not_silently_a_parameter():
    assert_doc_refused(doc(**{"residents.digital_literacy_elderly": 0.5}), "'residents.digital_literacy_elderly'")


def test_unknown_key_inside_a_community_is_named():
    assert_doc_refused(doc(communities=[community(), community("B", households=5)]), "communities[1].households")


def test_unknown_key_inside_a_community_lists_the_allowed_community_keys():
    assert_doc_refused(doc(communities=[community(colour="red")]), "communities[0].colour", "name", "type", "residents")


# --------------------------------------------------------------- wrong types


def test_string_for_a_number_names_the_key_and_the_range():
    assert_doc_refused(doc(residents={"digital_literacy_elderly": "high"}),
              "residents.digital_literacy_elderly", "'high'", "a number from 0 to 1")


def test_float_for_an_integer_parameter_is_refused():
    assert_doc_refused(doc(grids={"households_per_grid": 250.0}),
              "grids.households_per_grid", "an integer from 50 to 2000")


def test_bool_for_an_integer_parameter_is_refused():
    assert_doc_refused(doc(grids={"households_per_grid": True}), "grids.households_per_grid", "an integer")


def test_bool_for_a_number_parameter_is_refused():
    assert_doc_refused(doc(residents={"trust_initial": True}), "residents.trust_initial", "a number")


@pytest.mark.parametrize("value", [1, 0, "true", "yes", 1.0])
def test_non_bool_for_a_bool_parameter_is_refused(value):
    assert_doc_refused(doc(channels={"app_available": value}), "channels.app_available", "true or false")


def test_list_for_a_parameter_is_refused():
    assert_doc_refused(doc(needs={"repair": {"elderly_alone": [1.0]}}), "needs.repair.elderly_alone")


def test_scalar_for_a_section_is_refused():
    assert_doc_refused(doc(residents=5), "residents")


def test_table_for_a_scalar_top_level_key_is_refused():
    assert_doc_refused(doc(days={"n": 3}), "days")


@pytest.mark.parametrize("value", ["ten", 10.0, True])
def test_wrong_type_for_days_is_refused(value):
    assert_doc_refused(doc(days=value), "days")


def test_wrong_type_for_community_residents():
    assert_doc_refused(doc(communities=[community(residents="many")]), "communities[0].residents")


def test_communities_must_be_a_list_of_tables():
    assert_doc_refused(doc(communities={"name": "A"}), "communities")
    assert_doc_refused(doc(communities=["A"]), "communities[0]")


def test_a_document_that_is_not_a_table_is_refused():
    with pytest.raises(UserError) as info:
        sc.from_document([community()], SRC)
    check_message(info.value, SRC, "table")


# --------------------------------------------------------- values out of bounds


@pytest.mark.parametrize("param", NUMERIC, ids=lambda p: p.name)
def test_every_numeric_parameter_refuses_values_outside_its_bounds(param):
    step = 1 if param.kind is int else max(1e-6, (param.hi - param.lo) * 1e-3)
    allowed = f"from {_fmt(param.lo)} to {_fmt(param.hi)}"
    for value in (param.kind(param.lo - step), param.kind(param.hi + step)):
        assert_doc_refused(doc(**_nest(param.name, value)), param.name, allowed, param.unit)
    # ... and accepts its bounds exactly
    for value in (param.lo, param.hi):
        got = sc.from_document(doc(**_nest(param.name, param.kind(value))), SRC)
        assert got.params[param.name] == value


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_nan_and_inf_are_refused(value):
    assert_doc_refused(doc(residents={"trust_initial": value}), "residents.trust_initial", "a number from 0 to 1")


@pytest.mark.parametrize("value", [10**30, -(10**30), 10**400])
def test_huge_integers_are_refused_not_crashed(value):
    assert_doc_refused(doc(residents={"trust_initial": value}), "residents.trust_initial")
    assert_doc_refused(doc(grids={"households_per_grid": value}), "grids.households_per_grid")
    assert_doc_refused(doc(seed=value), "seed")


@pytest.mark.parametrize("key, value, needle", [
    ("days", 0, "greater than or equal to 1"),
    ("days", 3651, "less than or equal to 3650"),
    ("seed", -1, "greater than or equal to 0"),
    ("seed", 2**32, "less than or equal to 4294967295"),
    ("name", "x" * 101, "at most 100"),
    ("description", "x" * 2001, "at most 2000"),
])
def test_top_level_values_out_of_bounds(key, value, needle):
    assert_doc_refused(doc(**{key: value}), key, needle)


def test_community_residents_bounds():
    assert_doc_refused(doc(communities=[community(residents=19)]), "communities[0].residents", "20")
    assert_doc_refused(doc(communities=[community(residents=5_000_001)]), "communities[0].residents", "5000000")
    assert sc.from_document(doc(communities=[community(residents=20)])).residents == 20


def test_community_name_must_not_be_empty():
    assert_doc_refused(doc(communities=[community(name="")]), "communities[0].name")


def test_error_for_several_bad_values_is_still_one_line():
    msg = assert_doc_refused(doc(days=0, seed=-1, residents={"trust_initial": 7.0}))
    assert "(and 2 more)" in msg


# ------------------------------------------------------------------ communities


def test_unknown_community_type_lists_the_types():
    assert_doc_refused(doc(communities=[community(type="suburb")]), "communities[0].type", "'suburb'",
              *CommunityType.labels())


def test_missing_community_fields_are_named():
    assert_doc_refused(doc(communities=[{"name": "A", "residents": 100}]), "missing", "communities[0].type")
    assert_doc_refused(doc(communities=[{"name": "A", "type": "old_neighbourhood"}]), "missing",
              "communities[0].residents")


def test_duplicate_community_names_are_refused():
    d = doc(communities=[community("Old town"), community("B"), community("Old town", type="village_conversion")])
    assert_doc_refused(d, "unique", "Old town")


def test_no_communities_key():
    assert_doc_refused({"name": "x"}, "missing", "communities")


def test_empty_communities_list():
    assert_doc_refused(doc(communities=[]), "communities", "at least 1")


def test_bad_file_error_names_the_file_and_the_key(tmp_path):
    path = write(tmp_path, ONE + "[residents]\ndigital_literacy_elderly = 1.5\n")
    assert_load_refused(path, str(path), "residents.digital_literacy_elderly", "1.5", "a number from 0 to 1")


def test_bad_community_in_file_names_the_file(tmp_path):
    path = write(tmp_path, ONE + '[[communities]]\nname = "A"\ntype = "old_neighbourhood"\nresidents = 50\n')
    assert_load_refused(path, str(path), "unique", "A")


# ----------------------------------------------------------------- --set errors


def test_set_without_equals_sign():
    msg = assert_load_refused("baseline", "--set", "key=value", sets=["residents.digital_literacy_elderly"])
    assert msg.startswith("--set: ")


def test_set_unknown_parameter_suggests_close_names():
    msg = assert_load_refused("baseline", "--set", "'residents.digital_literacy_elderli'",
                              "residents.digital_literacy_elderly", sets=["residents.digital_literacy_elderli=0.5"])
    assert msg.startswith("--set: ")


def test_set_unknown_parameter_without_close_names_points_to_params():
    assert_load_refused("baseline", "--set", "'zzz'", "govsim params", sets=["zzz=1"])


@pytest.mark.parametrize("key", ["residents", "communities", "needs.repair", "", "residents.", ".days"])
def test_set_of_a_section_or_non_parameter_is_refused(key):
    assert_load_refused("baseline", "--set", sets=[f"{key}=1"])


def test_set_value_out_of_range_is_blamed_on_set():
    msg = assert_load_refused("baseline", "residents.digital_literacy_elderly", "a number from 0 to 1",
                     sets=["residents.digital_literacy_elderly=1.5"])
    assert msg.startswith("--set: ")


def test_set_value_of_wrong_type_is_blamed_on_set():
    msg = assert_load_refused("baseline", "channels.app_available", "true or false",
                              sets=["channels.app_available=yes"])
    assert msg.startswith("--set: ")
    msg = assert_load_refused("baseline", "grids.households_per_grid", "an integer",
                              sets=["grids.households_per_grid=2.5"])
    assert msg.startswith("--set: ")


def test_set_of_a_top_level_value_is_blamed_on_set():
    msg = assert_load_refused("baseline", "days", sets=["days=0"])
    assert msg.startswith("--set: ")


def test_file_error_is_not_blamed_on_an_unrelated_set(tmp_path):
    path = write(tmp_path, ONE + "[residents]\ntrust_initial = 9.0\n")
    msg = assert_load_refused(path, str(path), "residents.trust_initial", sets=["residents.propensity_adults=0.5"])
    assert not msg.startswith("--set")


def test_set_through_a_value_that_is_not_a_table(tmp_path):
    path = write(tmp_path, "residents = 3\n" + ONE)
    # the file is wrong as written: the file is blamed, whatever the option would have done
    message = assert_load_refused(path, str(path), "residents", sets=["residents.trust_initial=0.5"])
    assert "--set" not in message
    # a file that is right as written, set through a value that is not a table: the option is blamed
    good = write(tmp_path, ONE)
    assert_load_refused(good, "--set", "days", sets=["days.x=1"])


@pytest.mark.parametrize("total", [0, 19, 50_000_001, -5])
def test_residents_override_out_of_range(total):
    assert_load_refused("baseline", "--residents", "20 to 50000000", residents=total)


def test_days_and_seed_overrides_out_of_range_are_refused():
    assert_load_refused("baseline", "days", days=0)
    assert_load_refused("baseline", "days", days=3651)
    assert_load_refused("baseline", "seed", seed=2**32)


def test_wrong_type_residents_is_refused_even_when_scaling(tmp_path):
    path = write(tmp_path, ONE.replace("residents = 100", "residents = true")
                 + '[[communities]]\nname = "B"\ntype = "old_neighbourhood"\nresidents = 100\n')
    assert_load_refused(path, str(path), "communities[0].residents")  # without scaling: refused
    assert_load_refused(path, str(path), "communities[0].residents", residents=101_000)


# ------------------------------------------------------------------ good paths


def test_defaults_fill_every_declared_parameter():
    s = sc.from_document(doc(), SRC)
    assert list(s.params) == list(REG)
    assert dict(s.params) == registry.defaults()
    for name, value in s.params.items():
        assert type(value) is REG[name].kind, name
    assert (s.days, s.seed, s.name, s.description, s.source) == (365, 1, "scenario", "", SRC)


def test_scenario_is_frozen():
    s = sc.from_document(doc(), SRC)
    with pytest.raises(TypeError):
        s.params["days"] = 3  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.days = 3  # type: ignore[misc]


@pytest.mark.parametrize("name", ["baseline", "old-neighbourhood", "commercial-estate", "village-conversion"])
def test_bundled_scenarios_load_with_every_parameter(name):
    s = sc.load(name)
    assert s.name == name
    assert list(s.params) == list(REG)
    assert s.days == 365 and s.seed == 1
    assert len({c.name for c in s.communities}) == len(s.communities) >= 1
    assert s.residents == sum(c.residents for c in s.communities)


def test_baseline_uses_every_default():
    s = sc.load("baseline")
    assert dict(s.params) == registry.defaults()
    assert [(c.name, c.type, c.residents) for c in s.communities] == [
        ("Old town", "old_neighbourhood", 8000),
        ("Riverside Gardens", "commercial_estate", 10000),
        ("East village", "village_conversion", 9000),
    ]


def test_name_defaults_to_the_file_stem(tmp_path):
    s = sc.load(str(write(tmp_path, ONE, "my-town.toml")))
    assert s.name == "my-town"
    assert s.source == str(tmp_path / "my-town.toml")


def test_file_values_are_applied(tmp_path):
    text = ('name = "t"\ndays = 12\nseed = 7\n' + ONE
            + "[residents]\ndigital_literacy_elderly = 0.25\n[grids]\nhouseholds_per_grid = 400\n"
            + "[community_types.commercial_estate]\nproperty_manager = false\n")
    s = sc.load(str(write(tmp_path, text)))
    assert (s.name, s.days, s.seed) == ("t", 12, 7)
    assert s.params["residents.digital_literacy_elderly"] == 0.25
    assert s.params["grids.households_per_grid"] == 400
    assert s.params["community_types.commercial_estate.property_manager"] is False
    untouched = {k: v for k, v in s.params.items() if k not in (
        "residents.digital_literacy_elderly", "grids.households_per_grid",
        "community_types.commercial_estate.property_manager")}
    assert untouched == {k: v for k, v in registry.defaults().items() if k in untouched}


def test_set_values_are_applied_and_typed():
    s = sc.load("baseline", sets=[
        "residents.digital_literacy_elderly=0.6",
        "needs.repair.elderly_alone=3",          # an integer literal for a float parameter
        "grids.households_per_grid=300",
        "channels.app_available=false",
        " routing.response_deadline_days = 2 ",  # spaces around key and value
        'name="my run"',
        "description=bare words",
    ])
    p = s.params
    assert p["residents.digital_literacy_elderly"] == 0.6 and type(p["residents.digital_literacy_elderly"]) is float
    assert p["needs.repair.elderly_alone"] == 3.0 and type(p["needs.repair.elderly_alone"]) is float
    assert p["grids.households_per_grid"] == 300 and type(p["grids.households_per_grid"]) is int
    assert p["channels.app_available"] is False
    assert p["routing.response_deadline_days"] == 2 and type(p["routing.response_deadline_days"]) is int
    assert s.name == "my run"
    assert s.description == "bare words"


def test_later_set_wins_and_set_overrides_the_file(tmp_path):
    path = write(tmp_path, ONE + "[residents]\ntrust_initial = 0.2\n")
    s = sc.load(str(path), sets=["residents.trust_initial=0.3", "residents.trust_initial=0.4"])
    assert s.params["residents.trust_initial"] == 0.4


def test_parse_value_types():
    assert sc.parse_value("0.5") == 0.5 and type(sc.parse_value("0.5")) is float
    assert sc.parse_value("7") == 7 and type(sc.parse_value("7")) is int
    assert sc.parse_value("true") is True and sc.parse_value("false") is False
    assert sc.parse_value('"quoted"') == "quoted"
    assert sc.parse_value("bare words") == "bare words"


def test_days_and_seed_overrides_win_over_the_file():
    s = sc.load("baseline", days=30, seed=99, sets=["days=5", "seed=6"])
    assert (s.days, s.seed) == (30, 99)


def test_residents_scaling_adds_up_and_keeps_proportions():
    s = sc.load("baseline", residents=3000)
    assert s.residents == 3000
    # 8000 : 10000 : 9000 of 3000 = 888.9, 1111.1, 1000 -> largest remainder
    assert [(c.name, c.type, c.residents) for c in s.communities] == [
        ("Old town", "old_neighbourhood", 889),
        ("Riverside Gardens", "commercial_estate", 1111),
        ("East village", "village_conversion", 1000),
    ]


@pytest.mark.parametrize("total", [70, 71, 72, 999, 1001, 27_000, 27_001, 123_457])
def test_residents_scaling_of_baseline_is_exact(total):
    s = sc.load("baseline", residents=total)
    assert s.residents == total
    for c, w in zip(s.communities, (8000, 10000, 9000)):
        assert abs(Fraction(c.residents) - Fraction(total * w, 27000)) < 1


@settings(max_examples=150, deadline=None)
@given(weights=st.lists(st.integers(1, 5_000_000), min_size=1, max_size=30),
       total=st.integers(20, 50_000_000))
def test_scale_residents_property(weights, total):
    comms = [{"name": f"c{i}", "type": "old_neighbourhood", "residents": w} for i, w in enumerate(weights)]
    if total * min(weights) < 20 * sum(weights):  # the smallest community would fall below 20
        with pytest.raises(UserError, match="--residents: .* too few"):
            sc.scale_residents({"communities": comms}, total)
        return
    out = sc.scale_residents({"communities": [dict(c) for c in comms]}, total)["communities"]
    sizes = [c["residents"] for c in out]
    assert sum(sizes) == total
    assert [c["name"] for c in out] == [c["name"] for c in comms]
    whole = sum(weights)
    for size, w in zip(sizes, weights):
        assert abs(Fraction(size) - Fraction(total * w, whole)) <= 1
    for i in range(len(weights)):
        for j in range(len(weights)):
            if weights[i] > weights[j]:
                assert sizes[i] >= sizes[j]


def test_scaling_leaves_invalid_communities_for_validation_to_name(tmp_path):
    path = write(tmp_path, ONE.replace("residents = 100", 'residents = "many"'))
    assert_load_refused(path, str(path), "communities[0].residents", residents=500)


# ---------------------------------------------------------------- round trip


def assert_same_scenario(a: sc.Scenario, b: sc.Scenario) -> None:
    assert dict(a.params) == dict(b.params)
    assert [type(v) for v in a.params.values()] == [type(v) for v in b.params.values()]
    assert (a.name, a.description, a.days, a.seed) == (b.name, b.description, b.days, b.seed)
    assert a.communities == b.communities


@pytest.mark.parametrize("name", sorted(sc.bundled()))
def test_dump_loads_back_to_an_equal_scenario(name, tmp_path):
    s = sc.load(name, residents=4321, days=17, seed=5, sets=["residents.trust_initial=0.45",
                                                              "channels.app_available=false",
                                                              "survey.interval_days=14"])
    text = sc.dump(s)
    again = sc.from_document(tomllib.loads(text), "dumped")
    assert_same_scenario(s, again)
    # every parameter is written out, so the file alone reproduces the scenario
    path = write(tmp_path, text, "other-name.toml")
    assert_same_scenario(s, sc.load(str(path)))


def test_dump_writes_every_parameter():
    flat: dict = {}

    def walk(node, prefix=""):
        for k, v in node.items():
            if isinstance(v, dict):
                walk(v, f"{prefix}{k}.")
            elif k != "communities":
                flat[f"{prefix}{k}"] = v

    walk(tomllib.loads(sc.dump(sc.load("baseline"))))
    assert set(flat) == set(REG) | {"name", "description", "days", "seed"}


def _value_for(param):
    if param.kind is bool:
        return st.booleans()
    if param.kind is int:
        return st.integers(int(param.lo), int(param.hi))
    return st.floats(param.lo, param.hi, allow_nan=False, allow_infinity=False)


@st.composite
def valid_documents(draw):
    chosen = draw(st.lists(st.sampled_from(list(REG.values())), max_size=20, unique_by=lambda p: p.name))
    d: dict = {}
    for p in chosen:
        node = d
        parts = p.name.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = draw(_value_for(p))
    printable = st.characters(blacklist_categories=("Cc", "Cs"))  # names refuse control characters
    names = draw(st.lists(st.text(printable, min_size=1, max_size=30), min_size=1, max_size=4, unique=True))
    d["communities"] = [community(n, draw(st.sampled_from(CommunityType.labels())),
                                  draw(st.integers(20, 5_000_000))) for n in names]
    d["name"] = draw(st.text(printable, max_size=100))
    d["description"] = draw(st.text(max_size=200))
    d["days"] = draw(st.integers(1, 3650))
    d["seed"] = draw(st.integers(0, 2**32 - 1))
    return d, {p.name for p in chosen}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_documents())
def test_random_valid_documents_round_trip(drawn):
    d, chosen = drawn
    s = sc.from_document(d, SRC)
    for name in chosen:
        node = d
        for part in name.split("."):
            node = node[part]
        assert s.params[name] == node
    assert_same_scenario(s, sc.from_document(tomllib.loads(sc.dump(s)), "again", default_name=s.name))
