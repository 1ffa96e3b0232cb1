"""Fuzzing what a learner or a file can hand gradtui: configs, ``--set`` strings, lessons,
themes, settings and data files.

Every case ends either in a clean run (for a config: the Stepper built, one whole training
step, forward, loss, backward, update, then one more pass) or in one of gradtui's own
errors, with a message that is one printable line; never another exception, never a hang.
Sizes that validation accepts are kept small so that each case is fast; sizes beyond the
limits are drawn too, and must be refused before anything is allocated.

CI runs a fixed, small number of examples; ``GRADTUI_FUZZ_EXAMPLES=10000`` runs more.
"""

from __future__ import annotations

import io
import math
import os
import string
import zipfile

import numpy as np
import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradtui.config import (
    ACTIVATIONS,
    DATASETS,
    DTYPES,
    INIT_MODES,
    INITIALIZERS,
    LOSSES,
    MODES,
    NONLINEARITIES,
    OPTIMIZERS,
    ConfigError,
    apply_overrides,
    config_fields,
    config_from_dict,
    loads_config,
)
from gradtui.lessons import LessonError, parse_lesson
from gradtui.lessons.expect import check_lesson
from gradtui.lessons.measure import MeasureError
from gradtui.sim import Stepper
from gradtui.sim.data import DataError, make_dataset

EXAMPLES = int(os.environ.get("GRADTUI_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
# The errors gradtui says in words; anything else escaping is a bug.
OWN_ERRORS = (ConfigError, DataError, LessonError, MeasureError)
MESSAGE_LIMIT = 1000


def assert_one_line(error: BaseException) -> None:
    message = str(error)
    assert message, f"{type(error).__name__} with no message"
    assert message.isprintable(), f"not one printable line: {message!r}"
    assert len(message) <= MESSAGE_LIMIT, f"{len(message)} characters: {message[:200]!r}..."


# --------------------------------------------------------------------------------------
# Values

NASTY_TEXT = st.sampled_from(
    [
        "[/]",
        "[bold]x[/bold]",
        "[@click=app.quit]quit[/]",
        "\x1b[2J\x1b[H",
        "a\nb",
        "\r\t\x00\x07",
        "\u202egnp.x",
        "\u2028",
        "$(touch /tmp/x)",
        "../../etc/passwd",
        "/dev/zero",
        "x" * 5000,
        "é中文",
        "",
        " ",
    ]
)
TEXT = st.one_of(NASTY_TEXT, st.text(max_size=40))
HUGE_NUMBERS = st.sampled_from(
    [
        0,
        -1,
        1,
        -(2**63),
        2**64,
        10**30,
        1e308,
        -1e308,
        1.7976931348623157e308,
        5e-324,
        -5e-324,
        1e-300,
        1e154,
        -1e154,
        math.inf,
        -math.inf,
        math.nan,
        0.5,
        -0.0,
    ]
)
NUMBER = st.one_of(
    HUGE_NUMBERS,
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(2**70), max_value=2**70),
)
WRONG_TYPE = st.one_of(
    TEXT,
    st.booleans(),
    st.lists(st.integers(-3, 3), max_size=3),
    st.just(list(range(100_000))),
    st.dictionaries(st.sampled_from(["a", "[/]", "\x1b"]), st.integers(), max_size=2),
)
CHOICES = {
    "dtype": DTYPES,
    "loss": LOSSES,
    "mode": MODES,
    "network.activation": ACTIVATIONS,
    "network.activations": ACTIVATIONS,
    "init.name": INITIALIZERS,
    "init.mode": INIT_MODES,
    "init.nonlinearity": NONLINEARITIES,
    "data.name": tuple(name for name in DATASETS if name != "file"),
    "optimizer.name": OPTIMIZERS,
}
# Sizes: small ones that validation accepts (fast to run), or any number at all, which
# validation must refuse unless it is in range (then it is small enough too, see below).
SIZES = {
    "network.depth": (1, 6),
    "network.width": (1, 8),
    "network.widths": (1, 8),
    "network.maxout_pieces": (2, 4),
    "data.samples": (8, 40),
    "data.features": (1, 8),
    "data.outputs": (1, 4),
    "data.classes": (2, 5),
    "data.batch_size": (1, 8),
}
SIZE_REFUSED = st.one_of(
    st.integers(max_value=0),
    st.integers(min_value=2_000_000),
    st.sampled_from([-(2**64), 2**64, 10**30]),
)


def field_value(field, valid: bool) -> st.SearchStrategy:
    """A value for one config field: a valid one (small, for sizes), or any at all: out of
    range, extreme, of the wrong type."""
    name, kind = field.name, field.type
    item_kind = getattr(kind, "__args__", (None,))[0]
    if name in SIZES:
        low, high = SIZES[name]
        good = st.integers(low, high)
        if item_kind is not None:
            if valid:
                return st.just([])
            return st.lists(st.one_of(good, SIZE_REFUSED, WRONG_TYPE), max_size=6)
        return good if valid else st.one_of(SIZE_REFUSED, WRONG_TYPE, NUMBER)
    if name in CHOICES:
        good = st.sampled_from(CHOICES[name])
        if item_kind is not None:
            if valid:
                return st.just([])
            return st.one_of(st.lists(st.one_of(good, TEXT), max_size=6), WRONG_TYPE)
        if valid and name == "loss":
            return st.just("mse")  # every data set takes it; other losses are drawn wild
        return good if valid else st.one_of(TEXT, WRONG_TYPE, good)
    if kind is bool:
        return st.booleans() if valid else st.one_of(WRONG_TYPE, NUMBER)
    if kind is str:
        return st.just("") if valid else st.one_of(TEXT, WRONG_TYPE)
    if kind is int:  # the seed
        return st.integers(0, 2**32 - 1) if valid else st.one_of(NUMBER, WRONG_TYPE)
    # Floats: "valid" is left to validation to decide; extremes are where bugs hide.
    if valid:
        return st.one_of(st.just(field.default), st.just(field.default), st.floats(0, 1))
    return st.one_of(NUMBER, NUMBER, NUMBER, WRONG_TYPE)


FIELDS = config_fields()
# True one time in 20 (hypothesis draws small integers more often than others, so a test
# on st.integers() would not be rare).
RARELY = st.sampled_from([False] * 19 + [True])


@st.composite
def config_dicts(draw) -> dict:
    """A config as a TOML table gives it: some fields set to valid values, a few (or none)
    to anything at all, maybe an unknown key or a section that is not a table."""
    data: dict = {}
    wild = set(draw(st.lists(st.sampled_from([field.name for field in FIELDS]), max_size=4)))
    for field in FIELDS:
        if field.name not in wild and draw(st.integers(0, 2)):
            continue
        section, _, key = field.name.rpartition(".")
        holder = data.setdefault(section, {}) if section else data
        holder[key] = draw(field_value(field, valid=field.name not in wild))
    if draw(RARELY):
        data[draw(TEXT)] = draw(st.one_of(NUMBER, WRONG_TYPE))
    if draw(RARELY):
        data["network"] = draw(st.one_of(NUMBER, TEXT))
    return data


def run_config(data: dict) -> None:
    """Build and run ``data``: a clean pass, or one of gradtui's errors in one line."""
    try:
        cfg = config_from_dict(data, source="fuzz.toml")
        stepper = Stepper(cfg)
        stepper.train(1)
        stepper.finish_pass()
    except OWN_ERRORS as error:
        assert_one_line(error)


@pytest.mark.filterwarnings("error::RuntimeWarning")
@FUZZ
@given(config_dicts())
def test_any_config_runs_or_is_refused_in_one_line(data):
    run_config(data)


OVERRIDE_KEYS = st.one_of(
    st.sampled_from([field.name for field in FIELDS]),
    st.sampled_from(["network", "init", "", "network.", ".depth", "network.depth.x"]),
    TEXT,
)


@FUZZ
@given(st.lists(st.tuples(OVERRIDE_KEYS, st.sampled_from(["=", "", "=="]), TEXT), max_size=4))
def test_any_set_string_is_applied_or_refused_in_one_line(parts):
    from gradtui.config import Config

    overrides = [key + equals + value for key, equals, value in parts]
    try:
        cfg = apply_overrides(
            Config(network=Config().network.__class__(depth=2, width=4)), overrides
        )
        Stepper(cfg).finish_pass()
    except OWN_ERRORS as error:
        assert_one_line(error)


# --------------------------------------------------------------------------------------
# TOML texts: configs, lessons, themes, settings


def nested(depth: int, kind: str) -> str:
    if kind == "array":
        return "[" * depth + "]" * depth
    if kind == "inline":
        return "{a = " * depth + "1" + "}" * depth
    return ".".join(["a"] * depth)


@st.composite
def toml_texts(draw) -> str:
    """TOML, broken TOML, and TOML that tomllib cannot read safely."""
    choice = draw(st.integers(0, 5))
    depth = draw(st.sampled_from([1, 2, 31, 33, 200, 1000, 3000]))
    if choice == 0:
        return f"seed = {nested(depth, 'array')}\n"
    if choice == 1:
        return f"x = {nested(depth, 'inline')}\n"
    if choice == 2:
        return f"[{nested(depth, 'dotted')}]\nb = 1\n"
    if choice == 3:
        return draw(st.text(alphabet=string.printable + "[]{}\"'=#\x1b中", max_size=200))
    if choice == 4:
        return "seed = " + "9" * draw(st.sampled_from([10, 4300, 5000])) + "\n"
    data = draw(config_dicts())
    try:
        return tomli_w.dumps({key: value for key, value in data.items() if key})
    except (TypeError, ValueError):
        return "seed = 1\n"


@FUZZ
@given(toml_texts())
def test_any_toml_text_is_a_config_or_refused_in_one_line(text):
    try:
        loads_config(text, source="fuzz\x1b.toml")
    except ConfigError as error:
        assert_one_line(error)


LESSON_VALUES = st.one_of(TEXT, NUMBER, WRONG_TYPE, st.lists(TEXT, max_size=3))
MEASURES = st.one_of(
    st.sampled_from(
        [
            "loss",
            "backward.grad_w_norm[1] / backward.grad_w_norm[L]",
            "max(forward.saturated_fraction)",
            "forward.a_norm[1e300]",
            "forward.a_norm[forward.a_norm]",
            "-forward.a_norm",
            "10 ** 10 ** 10",
            "(-1) ** 0.5",
            "rnn_keep(1e9)",
            "rnn_keep(-1)",
            "lstm_keep(3) / rnn_keep(3)",
            "sigmoid_window(1e300)",
            "sigmoid_window(10)",
            "log10(0) + log10(-1)",
            "jacobian_sv_max(1e20)",
            "weight_sv_min(2)",
            "mean(forward.a_norm[2:1])",
            "abs(forward.a_norm)",
            "-" * 5000 + "1",
            "(" * 500 + "1" + ")" * 500,
            "__import__('os')",
            "forward.nope[1]",
            "clip.norm_after",
            "update.update_ratio[1]",
            "loss." * 300 + "x",
        ]
    ),
    TEXT,
)
RUNS = st.one_of(
    st.sampled_from(["pass", "update", "train 1", "train 3", "train 99999999", "train -1"]),
    LESSON_VALUES,
)


@st.composite
def expectations(draw):
    entry = {
        "says": draw(st.one_of(st.just("it holds"), LESSON_VALUES)),
        "measure": draw(st.one_of(MEASURES, MEASURES, LESSON_VALUES)),
        "op": draw(st.sampled_from(["<", ">=", "==", "~", 5])),
    }
    if draw(st.booleans()):
        entry["value"] = draw(st.one_of(NUMBER, NUMBER, LESSON_VALUES))
    if draw(st.integers(0, 3)) == 0:
        entry["than"] = draw(
            st.one_of(
                st.fixed_dictionaries({"measure": MEASURES, "run": RUNS}),
                LESSON_VALUES,
            )
        )
    if draw(st.booleans()):
        entry["run"] = draw(RUNS)
    if draw(st.integers(0, 3)) == 0:
        entry["variant"] = draw(st.one_of(st.just("deep"), LESSON_VALUES))
    return entry


@st.composite
def lesson_tables(draw) -> dict:
    lesson = {"id": "fuzz", "title": "Fuzz", "summary": "A fuzzed lesson"}
    for key in (
        "id",
        "title",
        "summary",
        "look_at",
        "question",
        "steps",
        "until",
        "claims",
        "title_zh",
        "steps_zh",
        draw(TEXT),
    ):
        if draw(st.integers(0, 3)) == 0:
            lesson[key] = draw(LESSON_VALUES)
    config = draw(config_dicts()) if draw(st.booleans()) else {"network": {"depth": 3, "width": 4}}
    document: dict = {"lesson": lesson, "config": config}
    variants = draw(
        st.one_of(
            st.just({"deep": ["network.depth=4"]}),
            st.dictionaries(TEXT, st.one_of(st.lists(TEXT, max_size=2), LESSON_VALUES), max_size=2),
            LESSON_VALUES,
        )
    )
    if draw(st.booleans()):
        document["variants"] = variants
    expect = draw(st.one_of(st.lists(expectations(), min_size=1, max_size=3), LESSON_VALUES))
    document["expect"] = expect
    if draw(st.integers(0, 9)) == 0:
        document[draw(TEXT)] = {}
    return document


def lesson_text(draw_document: dict) -> str | None:
    try:
        return tomli_w.dumps(draw_document)
    except (TypeError, ValueError):
        # tomli_w writes neither NaN in some places nor keys of every kind: skip those.
        return None


@FUZZ
@given(st.one_of(lesson_tables().map(lesson_text), toml_texts()))
def test_any_lesson_file_loads_and_checks_or_is_refused_in_one_line(text):
    if text is None:
        return
    try:
        lesson = parse_lesson(text, "fuzz\n.toml")
        for field in ("title", "summary", "look_at", "question"):
            assert isinstance(lesson.text(field), str)
            assert isinstance(lesson.text(field, "zh"), str)
        assert all(isinstance(step, str) for step in lesson.steps)
        for result in check_lesson(lesson):
            assert isinstance(result.line(), str)
    except OWN_ERRORS as error:
        assert_one_line(error)


THEME_VALUES = st.one_of(
    st.sampled_from(["#4EA1D3", "red", "not-a-colour", "#12345"]), LESSON_VALUES
)


@st.composite
def theme_texts(draw) -> str | None:
    if draw(st.integers(0, 3)) == 0:
        return draw(toml_texts())
    data: dict = {"name": draw(st.one_of(st.just("fuzz"), LESSON_VALUES))}
    for key in ("primary", "background", "dark", "luminosity_spread", "text_alpha", draw(TEXT)):
        if draw(st.booleans()):
            data[key] = draw(THEME_VALUES)
    if draw(st.booleans()):
        data["variables"] = draw(
            st.one_of(
                st.dictionaries(
                    st.one_of(st.sampled_from(["gradient-healthy", "gradient-x"]), TEXT),
                    THEME_VALUES,
                    max_size=3,
                ),
                LESSON_VALUES,
            )
        )
    return lesson_text(data)


@FUZZ
@given(theme_texts())
def test_any_theme_file_is_a_theme_or_skipped_in_one_line(tmp_path_factory, text):
    from gradtui.tui.themes import ThemeFileError, load_theme_file, load_themes

    if text is None:
        return
    folder = tmp_path_factory.mktemp("themes")
    path = folder / "fuzz.toml"
    path.write_text(text, encoding="utf-8")
    try:
        load_theme_file(path)
    except ThemeFileError as error:
        assert_one_line(error)
    _themes, problems = load_themes([folder])
    for problem in problems:
        assert problem.isprintable() and len(problem) <= MESSAGE_LIMIT


@st.composite
def settings_texts(draw) -> str | None:
    if draw(st.integers(0, 2)) == 0:
        return draw(toml_texts())
    data = {
        "theme": draw(st.one_of(st.just("gradtui-dark"), LESSON_VALUES)),
        "lang": draw(st.one_of(st.just("zh"), LESSON_VALUES)),
        "last_config": draw(st.one_of(config_dicts(), LESSON_VALUES)),
    }
    return lesson_text(data)


@FUZZ
@given(settings_texts())
def test_any_settings_file_is_read_or_reported_in_one_line(tmp_path_factory, text):
    from gradtui.tui import settings as settings_module

    if text is None:
        return
    home = tmp_path_factory.mktemp("home")
    (home / "gradtui").mkdir()
    (home / "gradtui" / "settings.toml").write_text(text, encoding="utf-8")
    previous = os.environ.get("XDG_CONFIG_HOME")
    os.environ["XDG_CONFIG_HOME"] = str(home)
    try:
        loaded = settings_module.load_settings()
    finally:
        if previous is None:
            del os.environ["XDG_CONFIG_HOME"]
        else:
            os.environ["XDG_CONFIG_HOME"] = previous
    if loaded.problem is not None:
        assert loaded.problem.isprintable() and len(loaded.problem) <= MESSAGE_LIMIT
    assert loaded.theme is None or isinstance(loaded.theme, str)
    if loaded.last_config is not None:
        Stepper(loaded.last_config)


# --------------------------------------------------------------------------------------
# Data files


def npy_member(shape, descr: str, body: bytes) -> bytes:
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": descr, "fortran_order": False, "shape": shape}
    )
    return header.getvalue() + body


SHAPES = st.one_of(
    st.tuples(st.integers(0, 6), st.integers(0, 4)),
    st.sampled_from([(10**6, 10**6), (2**62,), (10**12, 1), (3,), (), (2, 2, 2), (1, 10**9)]),
)


@st.composite
def npz_files(draw) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in draw(st.sampled_from([("x", "y"), ("x",), ("x", "y", "z"), ("a",)])):
            shape = draw(SHAPES)
            descr = draw(st.sampled_from(["<f8", "<i8", "|b1", "<U3", "<c16", "|O"]))
            count = int(np.prod(shape, dtype=object)) if shape else 1
            itemsize = {"<f8": 8, "<i8": 8, "|b1": 1, "<U3": 12, "<c16": 16, "|O": 8}[descr]
            if count * itemsize <= 4096 and draw(st.booleans()):
                body = draw(st.binary(min_size=count * itemsize, max_size=count * itemsize))
            else:
                body = draw(st.binary(max_size=64))
            archive.writestr(f"{name}.npy", npy_member(shape, descr, body))
    data = buffer.getvalue()
    if draw(st.integers(0, 4)) == 0:
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(max_size=16))
    return data


CSV_TEXTS = st.one_of(
    st.text(alphabet="0123456789.,-e\n xy;\"'nai\x1b", max_size=200),
    st.sampled_from(["x,y\n1,2\n3,4\n", "y\n1\n", "x,y\n1e999,2\n", "x,y\n" + "1,0\n" * 50]),
)


@FUZZ
@given(
    st.one_of(
        npz_files().map(lambda data: ("fuzz.npz", data)),
        CSV_TEXTS.map(lambda text: ("fuzz\n.csv", text.encode("utf-8"))),
    )
)
def test_any_data_file_is_read_or_refused_in_one_line(tmp_path_factory, named):
    from gradtui.config import DataConfig

    name, data = named
    path = tmp_path_factory.mktemp("data") / name
    path.write_bytes(data)
    try:
        make_dataset(DataConfig(name="file", path=str(path)), seed=0)
    except DataError as error:
        assert_one_line(error)


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_a_data_path_that_is_not_a_regular_file_is_refused_at_once(tmp_path, special):
    from gradtui.config import DataConfig

    if special == "fifo":
        special = str(tmp_path / "pipe.csv")
        os.mkfifo(special)
    else:
        link = tmp_path / "zero.npz"
        link.symlink_to(special)
        special = str(link)
    with pytest.raises(DataError, match="not a regular file"):
        make_dataset(DataConfig(name="file", path=special), seed=0)
