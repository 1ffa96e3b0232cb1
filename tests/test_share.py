"""Share codes: what a code holds comes back exactly, a code made now opens the same network
in every later release, and a mistyped code is refused, never read as another network."""

from __future__ import annotations

import dataclasses
import math
import struct
import tomllib
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_config import valid_configs

import gradtui.share
from gradtui.config import Config, ConfigError, apply_overrides, config_fields
from gradtui.config.fields import _RANGES
from gradtui.config.validation import _value_errors
from gradtui.lessons import lesson_ids, load_lesson_file
from gradtui.share import ShareError, bases, read_code, share_code
from gradtui.share.bits import ALPHABET
from gradtui.share.table import CHOICES, DEFAULTS, FIELDS

SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def flat(config: Config) -> dict:
    return gradtui.share._flat(config)


def bits_of(value):
    """A value to compare exactly: a float by its 64 bits (0.0 is not -0.0)."""
    if isinstance(value, float):
        return struct.pack("<d", value)
    if isinstance(value, list):
        return [bits_of(item) for item in value]
    return (type(value), value)


def same_network(first: Config, second: Config) -> bool:
    return {k: bits_of(v) for k, v in flat(first).items()} == {
        k: bits_of(v) for k, v in flat(second).items()
    }


# --------------------------------------------------------------------------------------
# Codes made by this release, frozen: every later release must open these networks.

FROZEN = [
    # (code, base kind, base id, the fields that differ from the format-1 defaults)
    ("480V-Q", "lesson", "vanishing-sigmoid", {"network.width": 8}),
    (
        "49G2-8GK3-09GC-2",
        "lesson",
        "vanishing-sigmoid",
        {
            "network.width": 8,
            "network.depth": 20,
            "network.activation": "relu",
            "optimizer.lr": 0.01,
        },
    ),
    (
        "60M0-40Q1",
        "lesson",
        "exploding-constant-5",
        {
            "network.width": 1,
            "network.activation": "identity",
            "init.name": "constant",
            "init.value": 5.0,
            "data.name": "ones",
            "data.features": 1,
            "data.samples": 1,
            "data.batch_size": 1,
            "optimizer.lr": 0.01,
            "clip.grad_norm": 1.0,
        },
    ),
    (
        "42G2-2MZX-ANAN-ANAN-ANCK-PHK4-5J4G-02H",
        "",
        "",
        {
            "seed": 7,
            "network.depth": 4,
            "network.activations": ["relu", "tanh", "sigmoid"],
            "init.std": 0.3333333333333333,
            "init.mean": -0.0,
        },
    ),
    (
        "59P0-5X9J-YN69-0S1F-REY2-WRVK-ERS3",
        "lesson",
        "relu-he",
        {
            "network.activation": "relu",
            "init.name": "kaiming_normal",
            "init.nonlinearity": "relu",
            "optimizer.lr": 0.01,
            "data.name": "file",
            "data.path": "d/ü.csv",
            "init.value": 1e-300,
        },
    ),
]


@pytest.mark.parametrize(("code", "kind", "base_id", "values"), FROZEN, ids=[f[0] for f in FROZEN])
def test_a_code_made_now_opens_the_same_network_later(code, kind, base_id, values):
    shared = read_code(code)
    assert (shared.kind, shared.base_id) == (kind, base_id)
    got = flat(shared.config)
    expected = {**DEFAULTS, **values}
    assert {k: bits_of(got[k]) for k in expected} == {k: bits_of(v) for k, v in expected.items()}
    # Typed in any case, with or without the hyphens.
    assert read_code(code.lower().replace("-", "")).config == shared.config
    assert read_code(f"  {code.replace('-', ' ')} ").config == shared.config


def test_the_frozen_codes_are_what_this_release_writes():
    """The writer has not drifted either: these networks still get these codes."""
    for code, kind, base_id, _values in FROZEN:
        assert share_code(read_code(code).config, kind=kind, base_id=base_id) == code


def test_every_field_and_choice_has_a_frozen_number():
    numbers = [number for number, _, _ in FIELDS]
    assert numbers == list(range(len(FIELDS))), "numbers are 0, 1, 2, … in order, never reused"
    names = {name for _, name, _ in FIELDS}
    assert {field.name for field in config_fields()} <= names, "give each new field a number"
    for field in config_fields():
        if field.choices:
            # New values are appended: the frozen ones keep their places.
            assert set(field.choices) <= set(CHOICES[field.name]), field.name


def _shipped_networks():
    from gradtui.exercises import exercise_ids, load_exercise

    for lesson_id in lesson_ids():
        yield "lesson", lesson_id, load_lesson_file(lesson_id).config
    for exercise_id in exercise_ids():
        yield "exercise", exercise_id, load_exercise(exercise_id).config


def test_every_shipped_lesson_and_exercise_is_a_base_with_its_network_now():
    """A lesson or exercise whose network changed must be appended to
    gradtui/share/bases.toml again (codes handed out keep the old entry); this test prints
    the entry to append."""
    for kind, base_id, config in _shipped_networks():
        base = gradtui.share.find_base(kind, base_id)
        values = {
            name: value
            for name, value in flat(config).items()
            if bits_of(value) != bits_of(DEFAULTS[name])
        }
        entry = "[[base]]\n" + tomli_w.dumps({"kind": kind, "id": base_id})
        entry += "[base.values]\n" + tomli_w.dumps(values)
        assert base is not None, f"append to gradtui/share/bases.toml:\n{entry}"
        code = share_code(config, kind=kind, base_id=base_id)
        assert same_network(read_code(code).config, config)
        # The base itself changes no field: its code is the format, its base, a 0.
        assert len(code.replace("-", "")) <= 6, (
            f"{base_id}'s network changed: append to gradtui/share/bases.toml:\n{entry}"
        )


def test_the_bases_file_is_only_appended_to():
    """The first entries are the ones format 1 was released with, in this order."""
    text = (Path(gradtui.share.__file__).parent / "bases.toml").read_text(encoding="utf-8")
    ids = [entry["id"] for entry in tomllib.loads(text)["base"]]
    assert ids[:5] == [
        "vanishing-sigmoid",
        "depth-scaling",
        "slow-early-layers",
        "init-matters",
        "relu-he",
    ]
    assert len(ids) >= 24 and [base.id for base in bases()] == ids


def test_a_typical_edit_of_a_lesson_is_short():
    """What the README says: a lesson alone is 5 characters, one change 8 or 9, three 13."""
    lesson = load_lesson_file("vanishing-sigmoid")
    alone = share_code(lesson.config, kind="lesson", base_id=lesson.id)
    one = apply_overrides(lesson.config, ["network.depth=20"])
    three = apply_overrides(
        lesson.config, ["network.depth=20", "network.activation=relu", "optimizer.lr=0.01"]
    )
    lengths = [
        len(share_code(cfg, kind="lesson", base_id=lesson.id).replace("-", ""))
        for cfg in (lesson.config, one, three)
    ]
    assert lengths == [5, 8, 13]
    assert alone == "480V-Q"


# --------------------------------------------------------------------------------------
# Round trips


@st.composite
def any_floats(draw, config: Config) -> Config:
    """``config`` with some float fields set to any float64 their range allows (1e-300,
    -0.0, 0.1 + 0.2, the largest below a bound): the code must keep every bit."""
    data = flat(config)
    for _number, name, kind in FIELDS:
        if kind != "float" or draw(st.integers(0, 3)) != 0:
            continue
        bounds = _RANGES[name]
        low = -1e100 if bounds.low is None else bounds.low
        high = 1e100 if bounds.high is None else bounds.high
        data[name] = draw(
            st.floats(
                low,
                high,
                allow_nan=False,
                allow_infinity=False,
                exclude_min=bounds.low_open,
                exclude_max=bounds.high_open,
            )
        )
    for low, high in (("network.rrelu_lower", "network.rrelu_upper"), ("init.low", "init.high")):
        if data[low] > data[high]:
            data[low], data[high] = data[high], data[low]
    sections = {}
    for name, value in data.items():
        section, dot, key = name.rpartition(".")
        (sections.setdefault(section, {}) if dot else sections)[key] = value
    rebuilt = Config(
        **{
            key: (type(getattr(config, key))(**value) if isinstance(value, dict) else value)
            for key, value in sections.items()
        }
    )
    return rebuilt


@SLOW
@given(st.data())
def test_any_config_comes_back_exactly(data):
    config = data.draw(valid_configs())
    config = data.draw(any_floats(config))
    if _value_errors(config):
        return  # a draw the form would refuse (e.g. a batch larger than the data set)
    base = data.draw(st.sampled_from([None, *bases()]))
    kind, base_id = (base.kind, base.id) if base else ("", "")
    code = share_code(config, kind=kind, base_id=base_id)
    shared = read_code(code)
    assert same_network(shared.config, config)
    assert (shared.kind, shared.base_id) == (kind, base_id)
    assert shared.code == code
    assert set(code) <= set(ALPHABET) | {"-"}
    assert all(len(group) == 4 for group in code.split("-")[:-1])


@given(
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e100, max_value=1e100)
    | st.sampled_from([0.1, 1e-3, -0.0, 5e-324, 2.2250738585072014e-308, 0.1 + 0.2, 1 / 3])
)
def test_any_float_comes_back_to_the_last_bit(value):
    config = dataclasses.replace(Config(), init=dataclasses.replace(Config().init, mean=value))
    back = read_code(share_code(config)).config.init.mean
    assert struct.pack("<d", back) == struct.pack("<d", value)


def test_common_floats_take_few_characters():
    """0.1, 1e-3 and 0.25 are their decimal digits (a few bits), not 64 bits; 1/3 and π
    need all 64."""
    lengths = {
        value: len(share_code(apply_overrides(Config(), [f"init.std={value}"])).replace("-", ""))
        for value in ("0.1", "1e-3", "0.25", "3", "1e-300", repr(1 / 3), repr(math.pi))
    }
    assert lengths == {
        "0.1": 8,
        "1e-3": 8,
        "0.25": 9,
        "3": 8,
        "1e-300": 10,
        repr(1 / 3): 19,
        repr(math.pi): 19,
    }


# --------------------------------------------------------------------------------------
# Mistakes


EDITS = [
    "network.depth=20",
    "network.depth=3",
    "network.activation=relu",
    "network.activation=tanh",
    "init.name=kaiming_normal",
    "init.std=0.01",
    "optimizer.lr=0.001",
    "network.batch_norm=true",
    "network.residual=true",
    "clip.grad_norm=1",
    "seed=42",
]


@st.composite
def typed_codes(draw) -> str:
    """Codes a teacher writes on the board: a lesson and a few changes."""
    lesson = load_lesson_file(draw(st.sampled_from(["vanishing-sigmoid", "relu-he", "clipping"])))
    edits = draw(st.lists(st.sampled_from(EDITS), max_size=4, unique=True))
    config = apply_overrides(lesson.config, edits)
    return share_code(config, kind="lesson", base_id=lesson.id)


def _refused_as_mistyped(typed: str) -> bool:
    try:
        read_code(typed)
    except ShareError as error:
        return error.key == "check"
    return False


@settings(max_examples=25, deadline=None)
@given(st.sampled_from([code for code, *_ in FROZEN]) | typed_codes())
def test_every_mistyped_character_and_every_swap_is_caught(code):
    plain = code.replace("-", "")
    for position, character in enumerate(plain):
        for other in ALPHABET:
            typed = plain[:position] + other + plain[position + 1 :]
            assert other == character or _refused_as_mistyped(typed), typed
    for position in range(len(plain) - 1):
        typed = plain[:position] + plain[position + 1] + plain[position] + plain[position + 2 :]
        assert typed == plain or _refused_as_mistyped(typed), typed


@pytest.mark.parametrize("code", [code for code, *_ in FROZEN])
def test_a_dropped_or_doubled_character_is_refused(code):
    """Not certain as a swap is (one in 1,024 gets past the check), but for these codes
    every dropped and every doubled character is refused."""
    plain = code.replace("-", "")
    for position in range(len(plain)):
        for typed in (
            plain[:position] + plain[position + 1 :],
            plain[: position + 1] + plain[position:],
        ):
            with pytest.raises(ShareError):
                read_code(typed)


@pytest.mark.parametrize(
    ("typed", "key", "says"),
    [
        ("", "empty", "no code given"),
        ("480V-U", "character", "'U' is not a character of a code"),
        ("480V_Q", "character", "'_' is not a character"),
        ("48", "short", "too short"),
        ("480V-R", "check", "does not check out"),
        ("480Q-V", "check", "two are swapped"),
    ],
)
def test_a_bad_code_says_what_is_wrong(typed, key, says):
    with pytest.raises(ShareError) as caught:
        read_code(typed)
    assert caught.value.key == key and says in str(caught.value)
    assert caught.value.message_in("zh") != str(caught.value)


def test_i_l_and_o_are_read_as_one_and_zero():
    assert read_code("48OV-Q").config == read_code("480V-Q").config
    code = share_code(apply_overrides(Config(), ["seed=1"]))
    assert read_code(code.replace("1", "l").replace("0", "o")).config == read_code(code).config


def _code_of(bits: str) -> str:
    from gradtui.share.bits import add_check

    bits += "0" * (-len(bits) % 5)
    symbols = [int(bits[start : start + 5], 2) for start in range(0, len(bits), 5)]
    return gradtui.share.group(add_check(symbols))


def test_a_code_from_a_newer_release_says_to_upgrade():
    newer = _code_of("010" + "00000" + "0000")  # format 2, no base, no change
    with pytest.raises(ShareError, match=r"newer gradtui \(code format 2"):
        read_code(newer)
    unknown_base = _code_of("001" + "11111" + "11110" + "0000")  # base 15 + 16·15 = 255
    with pytest.raises(ShareError, match="lesson or exercise this gradtui does not know"):
        read_code(unknown_base)
    unknown_field = _code_of("001" + "00000" + "0010" + "00001" + "11110")  # field 16+15·16
    with pytest.raises(ShareError, match="a config field"):
        read_code(unknown_field)
    unknown_choice = _code_of("001" + "00000" + "0010" + "00010" + "1111" + "0110")
    with pytest.raises(ShareError, match=r"a value of network\.activation"):
        read_code(unknown_choice)


def test_a_code_that_checks_out_but_holds_a_bad_network_says_which_field():
    bad = Config()
    code = share_code(dataclasses.replace(bad, network=dataclasses.replace(bad.network, depth=0)))
    with pytest.raises(ConfigError, match=r"network\.depth: 0 is not allowed"):
        read_code(code)
