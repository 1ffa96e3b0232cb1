"""Tests for gradtui.config: validation messages, TOML in and out, overrides, memory."""

from __future__ import annotations

import dataclasses
import errno
import json
import math
import os
import re
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradtui.config import (
    ACTIVATIONS,
    DATASETS,
    DTYPES,
    INIT_MODES,
    INITIALIZERS,
    LOSSES,
    MAX_MAGNITUDE,
    MODES,
    NONLINEARITIES,
    OPTIMIZERS,
    ClipConfig,
    Config,
    ConfigError,
    DataConfig,
    InitConfig,
    NetworkConfig,
    OptimizerConfig,
    apply_overrides,
    available_memory_bytes,
    check_memory,
    config_fields,
    config_from_dict,
    config_to_dict,
    default_config_text,
    dumps_config,
    estimate_memory_bytes,
    load_config,
    loads_config,
    save_config,
    validate,
    validation_errors,
)
from gradtui.config import fields as config_fields_module
from gradtui.config import validation as config_validate_module

GIB = 2**30


def error_of(call, *args, **kwargs) -> ConfigError:
    """The ConfigError that ``call(*args, **kwargs)`` raises."""
    with pytest.raises(ConfigError) as info:
        call(*args, **kwargs)
    return info.value


def with_network(**changes) -> Config:
    return Config(network=NetworkConfig(**changes))


# --------------------------------------------------------------------------------------
# Strategies


def finite(low: float, high: float, **kwargs) -> st.SearchStrategy[float]:
    return st.floats(low, high, allow_nan=False, allow_infinity=False, **kwargs)


@st.composite
def valid_configs(draw) -> Config:
    """Any valid Config small enough to build quickly (names, ranges and cross-field rules)."""
    depth = draw(st.integers(1, 12))
    hidden = depth - 1
    widths = draw(st.just([]) | st.lists(st.integers(1, 64), min_size=hidden, max_size=hidden))
    activations = draw(
        st.just([]) | st.lists(st.sampled_from(ACTIVATIONS), min_size=hidden, max_size=hidden)
    )
    rrelu_lower = draw(finite(0, 1))
    network = NetworkConfig(
        depth=depth,
        width=draw(st.integers(1, 64)),
        widths=widths,
        activation=draw(st.sampled_from(ACTIVATIONS)),
        activations=activations,
        leaky_slope=draw(finite(0, 1)),
        prelu_init=draw(finite(-10, 10)),
        prelu_per_unit=draw(st.booleans()),
        rrelu_lower=rrelu_lower,
        rrelu_upper=draw(finite(rrelu_lower, 1)),
        elu_alpha=draw(finite(0, 10, exclude_min=True)),
        maxout_pieces=draw(st.integers(2, 16)),
        batch_norm=draw(st.booleans()),
        bn_momentum=draw(finite(0, 1)),
        bn_eps=draw(finite(0, 1, exclude_min=True)),
        residual=draw(st.booleans()),
    )
    low = draw(finite(-1e6, 1e6))
    init_name = draw(st.sampled_from(INITIALIZERS))
    if init_name == "file":
        weights_path = draw(st.text(min_size=1, max_size=12).filter(str.strip))
        weights_path += draw(st.sampled_from([".npz", ".pt", ".pth"]))
    else:
        weights_path = draw(st.text(max_size=12))
    init = InitConfig(
        name=init_name,
        mean=draw(finite(-1e6, 1e6)),
        std=draw(finite(0, 1e6)),
        low=low,
        high=draw(finite(low, 1e6)),
        value=draw(finite(-MAX_MAGNITUDE, MAX_MAGNITUDE)),
        gain=draw(finite(-10, 10)),
        mode=draw(st.sampled_from(INIT_MODES)),
        nonlinearity=draw(st.sampled_from(NONLINEARITIES)),
        a=draw(finite(-10, 10)),
        scale=draw(finite(-10, 10)),
        bias=draw(finite(-10, 10)),
        path=weights_path,
    )
    loss = draw(st.sampled_from(LOSSES))
    data_name = draw(st.sampled_from(DATASETS))
    # cross_entropy needs classes; bce two of them.
    if loss == "cross_entropy" and data_name in ("teacher", "ones"):
        data_name = "spirals"
    if loss == "bce" and data_name == "mnist-like":
        data_name = "blobs"
    two_classes = loss == "bce" and data_name in ("spirals", "blobs")
    samples = draw(st.integers(1, 2000))
    if data_name == "file":
        path = draw(st.text(min_size=1, max_size=12).filter(str.strip))
        path += draw(st.sampled_from([".npz", ".csv"]))
    else:
        path = draw(st.text(max_size=12))
    data = DataConfig(
        name=data_name,
        samples=samples,
        features=draw(st.integers(1, 64)),
        outputs=draw(st.integers(1, 16)),
        classes=2 if two_classes else draw(st.integers(2, 20)),
        noise=draw(finite(0, 10)),
        path=path,
        batch_size=draw(st.integers(1, samples)),
    )
    optimizer = OptimizerConfig(
        name=draw(st.sampled_from(OPTIMIZERS)),
        lr=draw(finite(0, 1e6, exclude_min=True)),
        momentum=draw(finite(0, 1)),
        weight_decay=draw(finite(0, 1)),
        beta1=draw(finite(0, 1, exclude_max=True)),
        beta2=draw(finite(0, 1, exclude_max=True)),
        eps=draw(finite(0, 1, exclude_min=True)),
    )
    clip = ClipConfig(
        grad_norm=draw(finite(0, 100)),
        grad_value=draw(finite(0, 100)),
        weight=draw(finite(0, 100)),
    )
    return Config(
        seed=draw(st.integers(0, 2**32 - 1)),
        dtype=draw(st.sampled_from(DTYPES)),
        loss=loss,
        mode=draw(st.sampled_from(MODES)),
        network=network,
        init=init,
        data=data,
        optimizer=optimizer,
        clip=clip,
    )


# --------------------------------------------------------------------------------------
# Defaults, the commented file and the field table


def test_default_config_is_valid():
    assert validate(Config()) == Config()
    assert validation_errors(Config()) == []


def test_default_config_text_loads_to_default_config():
    assert loads_config(default_config_text()) == Config()


def test_default_config_text_comments_every_key():
    lines = default_config_text().splitlines()
    keys = [line.split(" = ")[0] for line in lines if " = " in line and not line.startswith("#")]
    assert len(keys) == len(config_fields())
    for index, line in enumerate(lines):
        if " = " in line and not line.startswith("#"):
            assert lines[index - 1].startswith("# "), f"no comment above {line!r}"
            assert "Allowed: " in lines[index - 1]


def test_every_field_has_a_comment_and_the_table_matches_the_dataclasses():
    names = [item.name for item in config_fields()]
    expected = [
        f.name for f in dataclasses.fields(Config) if f.name in ("seed", "dtype", "loss", "mode")
    ]
    for section in ("network", "init", "data", "optimizer", "clip"):
        holder = getattr(Config(), section)
        expected += [f"{section}.{f.name}" for f in dataclasses.fields(holder)]
    assert names == expected
    assert set(config_fields_module._HELP) == set(names)
    for item in config_fields():
        assert item.comment.strip() and "\n" not in item.comment


def test_config_fields_give_types_defaults_and_choices():
    by_name = {item.name: item for item in config_fields()}
    assert by_name["network.depth"].type is int
    assert by_name["network.depth"].default == 10
    assert by_name["network.depth"].choices is None
    assert "1 to 1000" in by_name["network.depth"].comment
    assert by_name["optimizer.lr"].type is float
    assert by_name["network.batch_norm"].type is bool
    assert by_name["network.widths"].type == list[int]
    assert by_name["network.activations"].type == list[str]
    assert by_name["network.activations"].choices == ACTIVATIONS
    assert by_name["network.activation"].choices == ACTIVATIONS
    assert by_name["init.name"].choices == INITIALIZERS
    assert by_name["data.name"].choices == DATASETS
    assert by_name["dtype"].choices == DTYPES
    name, kind, default, comment, choices = by_name["loss"]
    assert (name, kind, default, choices) == ("loss", str, "mse", LOSSES)
    assert "cross_entropy" in comment


def test_config_fields_defaults_are_copies():
    by_name = {item.name: item for item in config_fields()}
    by_name["network.widths"].default.append(3)
    assert config_fields()[[f.name for f in config_fields()].index("network.widths")].default == []


# --------------------------------------------------------------------------------------
# Round trips


@settings(max_examples=150, deadline=None)
@given(valid_configs())
def test_round_trip_through_toml(cfg):
    assert validation_errors(cfg, available=1 << 50) == []
    text = dumps_config(cfg)
    assert loads_config(text) == cfg
    assert config_from_dict(tomllib.loads(text)) == cfg


@settings(max_examples=50, deadline=None)
@given(valid_configs())
def test_round_trip_through_dict(cfg):
    data = config_to_dict(cfg)
    assert config_from_dict(data) == cfg
    data["network"]["widths"].append(1)  # a deep copy: changing it leaves cfg alone
    assert cfg.network.widths != data["network"]["widths"]


@settings(max_examples=20, deadline=None)
@given(valid_configs())
def test_round_trip_through_a_file(tmp_path_factory, cfg):
    path = tmp_path_factory.mktemp("save") / "run.toml"
    save_config(cfg, path)
    assert load_config(path) == cfg


def test_int_values_are_accepted_for_float_fields_and_become_floats():
    cfg = loads_config("[init]\nstd = 2\n[optimizer]\nlr = 1\n")
    assert cfg.init.std == 2.0 and isinstance(cfg.init.std, float)
    assert isinstance(cfg.optimizer.lr, float)


def test_missing_keys_take_defaults():
    cfg = loads_config("seed = 7\n[network]\ndepth = 3\n")
    assert cfg == dataclasses.replace(Config(seed=7), network=NetworkConfig(depth=3))


# --------------------------------------------------------------------------------------
# Each kind of bad input gives its message

BAD_INPUTS = [
    # (TOML text, field, the whole message)
    pytest.param(
        "[network]\ndepth = 0\n",
        "network.depth",
        "network.depth: 0 is not allowed; use 1 to 1000",
        id="range-low",
    ),
    pytest.param(
        "[network]\ndepth = 1001\n",
        "network.depth",
        "network.depth: 1001 is not allowed; use 1 to 1000",
        id="range-high",
    ),
    pytest.param(
        "[network]\nwidth = 16385\n",
        "network.width",
        "network.width: 16385 is not allowed; use 1 to 16384",
        id="width",
    ),
    pytest.param("seed = -1\n", "seed", "seed: -1 is not allowed; use 0 to 4294967295", id="seed"),
    pytest.param(
        "[optimizer]\nlr = 0\n",
        "optimizer.lr",
        "optimizer.lr: 0.0 is not allowed; use any number greater than 0 and at most 1000000",
        id="open-range",
    ),
    pytest.param(
        "[optimizer]\nbeta2 = 1.0\n",
        "optimizer.beta2",
        "optimizer.beta2: 1.0 is not allowed; use any number from 0 up to but not including 1",
        id="half-open-range",
    ),
    pytest.param(
        "[init]\nstd = -1.0\n",
        "init.std",
        "init.std: -1.0 is not allowed; use 0 to 1e+100",
        id="non-negative",
    ),
    pytest.param(
        "[network]\nmaxout_pieces = 1\n",
        "network.maxout_pieces",
        "network.maxout_pieces: 1 is not allowed; use 2 to 16",
        id="maxout",
    ),
    pytest.param(
        "[network]\nactivation = 'sigmoind'\n",
        "network.activation",
        "network.activation: 'sigmoind' is not one of identity, sigmoid, tanh, relu, "
        "leaky_relu, prelu, rrelu, elu, maxout, softplus, gelu, silu; did you mean 'sigmoid'?",
        id="choice-suggestion",
    ),
    pytest.param(
        "[init]\nname = 'Kaiming_Normal'\n",
        "init.name",
        "init.name: 'Kaiming_Normal' is not one of normal, uniform, constant, xavier_normal, "
        "xavier_uniform, kaiming_normal, kaiming_uniform, orthogonal, eye, file; "
        "did you mean 'kaiming_normal'?",
        id="choice-case",
    ),
    pytest.param(
        "dtype = 'float16'\n",
        "dtype",
        "dtype: 'float16' is not one of float64, float32; did you mean 'float64'?",
        id="dtype",
    ),
    pytest.param(
        "loss = 'hinge'\n",
        "loss",
        "loss: 'hinge' is not one of mse, cross_entropy, bce; use one of these",
        id="choice-no-suggestion",
    ),
    pytest.param(
        "[init]\nnonlinearity = 'gelu'\n",
        "init.nonlinearity",
        "init.nonlinearity: 'gelu' is not one of linear, conv1d, sigmoid, tanh, relu, "
        "leaky_relu, selu; did you mean 'selu'?",
        id="nonlinearity",
    ),
    pytest.param(
        "[network]\nwidht = 3\n",
        "network.widht",
        "network.widht: unknown key; did you mean 'width'?",
        id="unknown-key",
    ),
    pytest.param(
        "[network]\nlr = 3\n",
        "network.lr",
        "network.lr: unknown key; did you mean 'optimizer.lr'?",
        id="key-in-wrong-table",
    ),
    pytest.param(
        "netwrok = 3\n",
        "netwrok",
        "netwrok: unknown key; did you mean 'network'?",
        id="unknown-table",
    ),
    pytest.param(
        "[clip]\nxyzzy = 3\n",
        "clip.xyzzy",
        "clip.xyzzy: unknown key; [clip] has grad_norm, grad_value, weight",
        id="unknown-key-no-suggestion",
    ),
    pytest.param(
        "network = 3\n",
        "network",
        "network: must be a table ([network] with keys under it), not 3",
        id="table-not-a-table",
    ),
    pytest.param(
        "[data]\nbatch_size = 'ten'\n",
        "data.batch_size",
        "data.batch_size: 'ten' must be a whole number",
        id="type-str-for-int",
    ),
    pytest.param(
        "[data]\nbatch_size = true\n",
        "data.batch_size",
        "data.batch_size: true must be a whole number",
        id="type-bool-for-int",
    ),
    pytest.param(
        "[network]\ndepth = 10.0\n",
        "network.depth",
        "network.depth: 10.0 must be a whole number; write 10",
        id="type-float-for-int",
    ),
    pytest.param(
        "[optimizer]\nlr = 'fast'\n",
        "optimizer.lr",
        "optimizer.lr: 'fast' must be a number",
        id="type-str-for-float",
    ),
    pytest.param(
        "[optimizer]\nlr = false\n",
        "optimizer.lr",
        "optimizer.lr: false must be a number",
        id="type-bool-for-float",
    ),
    pytest.param(
        "[network]\nbatch_norm = 1\n",
        "network.batch_norm",
        "network.batch_norm: 1 must be true or false",
        id="type-int-for-bool",
    ),
    pytest.param(
        "loss = 3\n", "loss", "loss: 3 must be text (in quotes in TOML)", id="type-int-for-str"
    ),
    pytest.param(
        "[network]\nwidths = 16\n",
        "network.widths",
        "network.widths: 16 must be a list of whole numbers, e.g. [16, 16, 8]",
        id="type-scalar-for-list",
    ),
    pytest.param(
        "[network]\ndepth = 3\nwidths = [4, 'x']\n",
        "network.widths",
        "network.widths[1]: 'x' must be a whole number",
        id="type-list-item",
    ),
    pytest.param(
        "[network]\nwidths = [4, 4]\n",
        "network.widths",
        "network.widths: 2 given, but network.depth = 10 has 9 hidden layers; give 9 "
        "(one per hidden layer) or leave it empty to use network.width",
        id="list-wrong-length",
    ),
    pytest.param(
        "[network]\ndepth = 1\nactivations = ['relu']\n",
        "network.activations",
        "network.activations: 1 given, but network.depth = 1 has no hidden layers; leave it empty",
        id="list-no-hidden-layers",
    ),
    pytest.param(
        "[network]\ndepth = 3\nwidths = [4, 0]\n",
        "network.widths",
        "network.widths[1]: 0 is not allowed; use 1 to 16384",
        id="list-item-range",
    ),
    pytest.param(
        "[network]\ndepth = 3\nactivations = ['relu', 'rleu']\n",
        "network.activations",
        "network.activations[1]: 'rleu' is not one of identity, sigmoid, tanh, relu, "
        "leaky_relu, prelu, rrelu, elu, maxout, softplus, gelu, silu; did you mean 'relu'?",
        id="list-item-choice",
    ),
    pytest.param(
        "[network]\nleaky_slope = nan\n",
        "network.leaky_slope",
        "network.leaky_slope: nan is not a finite number; use 0 to 1",
        id="nan",
    ),
    pytest.param(
        "[init]\nscale = -inf\n",
        "init.scale",
        "init.scale: -inf is not a finite number; use -1e+100 to 1e+100",
        id="inf",
    ),
    pytest.param(
        "[data]\nsamples = 32\nbatch_size = 64\n",
        "data.batch_size",
        "data.batch_size: 64 is larger than data.samples (32); use at most 32",
        id="batch-larger-than-samples",
    ),
    pytest.param(
        "[network]\nrrelu_lower = 0.5\nrrelu_upper = 0.25\n",
        "network.rrelu_lower",
        "network.rrelu_lower: 0.5 is larger than network.rrelu_upper (0.25); use at most 0.25",
        id="rrelu-order",
    ),
    pytest.param(
        "[init]\nlow = 2.0\nhigh = 1.0\n",
        "init.low",
        "init.low: 2.0 is larger than init.high (1.0); use at most 1.0",
        id="uniform-order",
    ),
    pytest.param(
        "[data]\nname = 'file'\n",
        "data.path",
        "data.path: is empty, but data.name is 'file'; give the path of a .npz or .csv file",
        id="file-without-path",
    ),
    pytest.param(
        "[data]\nname = 'file'\npath = 'x.txt'\n",
        "data.path",
        "data.path: 'x.txt' is neither a .npz nor a .csv file; give a file ending in .npz or .csv",
        id="file-wrong-suffix",
    ),
    pytest.param(
        "loss = 'bce'\n[data]\nname = 'spirals'\nclasses = 3\n",
        "loss",
        "loss: 'bce' needs 2 classes but data.classes is 3; set data.classes = 2 or use "
        "loss 'cross_entropy'",
        id="bce-needs-two-classes",
    ),
]


@pytest.mark.parametrize(("text", "field", "message"), BAD_INPUTS)
def test_bad_input_gives_its_message(text, field, message):
    err = error_of(loads_config, text, "my.toml")
    assert err.field == field
    assert str(err) == f"my.toml: {message}"
    assert err.source == "my.toml"
    assert message.endswith(err.problem)


def test_error_carries_field_value_and_problem():
    err = error_of(loads_config, "[network]\ndepth = 0\n", "")
    assert (err.field, err.value, err.problem) == (
        "network.depth",
        0,
        "0 is not allowed; use 1 to 1000",
    )
    assert str(err) == err.message == "network.depth: 0 is not allowed; use 1 to 1000"
    assert isinstance(err, ValueError)


def test_valid_edges_are_accepted():
    text = (
        "seed = 4294967295\n"
        "[network]\ndepth = 1\nleaky_slope = 1.0\nmaxout_pieces = 16\n"
        "[optimizer]\nlr = 1e6\nbeta1 = 0.0\nmomentum = 1.0\n"
        "[data]\nsamples = 5\nbatch_size = 5\n"
    )
    assert loads_config(text).network.depth == 1


def test_bce_with_two_classes_is_accepted():
    cfg = loads_config("loss = 'bce'\n[data]\nname = 'blobs'\nclasses = 2\n")
    assert cfg.output_activation() == "sigmoid"


def test_validation_errors_lists_every_problem_in_field_order():
    cfg = Config(
        seed=-1,
        dtype="f",
        network=NetworkConfig(depth=0, width=True),
        data=DataConfig(samples=4, batch_size=8),
    )
    errors = validation_errors(cfg)
    assert [err.field for err in errors] == [
        "seed",
        "dtype",
        "network.depth",
        "network.width",
        "data.batch_size",
    ]
    assert error_of(validate, cfg).field == "seed"


def test_validate_checks_types_of_configs_built_in_python():
    err = error_of(validate, Config(network=NetworkConfig(depth="10")))
    assert str(err) == "network.depth: '10' must be a whole number"
    err = error_of(validate, Config(network=NetworkConfig(batch_norm=1)))
    assert str(err) == "network.batch_norm: 1 must be true or false"
    err = error_of(validate, Config(network={"depth": 3}))
    assert err.field == "network"
    assert "NetworkConfig" in str(err)
    with pytest.raises(TypeError):
        validate({"seed": 1})


def test_config_from_dict_rejects_a_non_table_and_names_its_source():
    err = error_of(config_from_dict, [1, 2], "lesson.toml")
    assert str(err).startswith("lesson.toml: ")
    assert str(error_of(config_from_dict, {"seed": -1})).startswith("config: seed: ")


def test_float_too_large_for_a_float_field():
    err = error_of(config_from_dict, {"optimizer": {"lr": 10**400}})
    assert err.field == "optimizer.lr"
    assert "too large" in str(err)


TOML_VALUES = st.recursive(
    st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def junk_dicts(draw) -> dict:
    """Dicts shaped like a config file but with any keys and values."""
    data = {}
    for spec in config_fields_module._SPECS:
        if draw(st.integers(0, 9)) == 0:
            holder = data if spec.section is None else data.setdefault(spec.section, {})
            holder[spec.key] = draw(TOML_VALUES)
    data.update(draw(st.dictionaries(st.text(max_size=8), TOML_VALUES, max_size=2)))
    return data


@settings(max_examples=300, deadline=None)
@given(junk_dicts())
def test_any_junk_gives_a_config_or_a_config_error(data):
    try:
        cfg = config_from_dict(data)
    except ConfigError as err:
        assert str(err).startswith("config: ")
    else:
        assert validation_errors(cfg) == []


# --------------------------------------------------------------------------------------
# Files


def test_toml_syntax_error_names_the_source_and_line():
    err = error_of(loads_config, "[network]\ndepth = 10\nwidth = = 3\n", "my.toml")
    assert err.field == ""
    assert str(err).startswith("my.toml: line 3: ")
    assert "'width = = 3'" in str(err)


def test_toml_error_at_end_of_document():
    err = error_of(loads_config, "seed = 1\nseed = 2\n", "my.toml")
    assert str(err).startswith("my.toml: ")
    assert err.field == ""


def test_missing_file(tmp_path):
    path = tmp_path / "my.toml"
    err = error_of(load_config, path)
    assert str(err) == f"{path}: no such file"
    assert err.field == ""


def test_loading_a_folder(tmp_path):
    assert str(error_of(load_config, tmp_path)) == f"{tmp_path}: is a folder, not a file"


def test_loading_binary_junk(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_bytes(b"seed = 1\n\xff\xfe")
    assert "not UTF-8" in str(error_of(load_config, path))


def test_load_accepts_a_byte_order_mark(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbfseed = 5\n")
    assert load_config(path).seed == 5


def test_load_error_names_the_file(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[network]\ndepth = 0\n")
    assert str(error_of(load_config, str(path))) == (
        f"{path}: network.depth: 0 is not allowed; use 1 to 1000"
    )


def test_save_writes_the_whole_file_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "run.toml"
    path.write_text("old contents that are longer than nothing\n" * 100)
    old_inode = path.stat().st_ino
    cfg = with_network(depth=3, activations=["relu", "tanh"])
    save_config(cfg, path)
    assert path.read_text() == dumps_config(cfg)
    assert path.stat().st_ino != old_inode  # replaced by rename, not rewritten in place
    assert os.listdir(tmp_path) == ["run.toml"]
    assert load_config(path) == cfg


def test_save_keeps_the_replaced_files_permissions(tmp_path):
    path = tmp_path / "run.toml"
    path.write_text("seed = 1\n")
    path.chmod(0o640)
    save_config(Config(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_new_file_gets_the_usual_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        save_config(Config(), tmp_path / "new.toml")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.toml").stat().st_mode) == 0o644


def test_failed_save_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "run.toml"
    path.write_text("seed = 1\n")

    def broken_replace(source, target):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", broken_replace)
    err = error_of(save_config, Config(seed=2), path)
    assert str(err) == f"{path}: cannot save: Input/output error"
    assert path.read_text() == "seed = 1\n"
    assert os.listdir(tmp_path) == ["run.toml"]


def test_save_flushes_to_disk_before_renaming(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(
        os, "replace", lambda a, b: (events.append("replace"), real_replace(a, b))[1]
    )
    save_config(Config(), tmp_path / "run.toml")
    assert events[:2] == ["fsync", "replace"]


def test_save_into_a_missing_folder_is_a_config_error(tmp_path):
    path = tmp_path / "no" / "such" / "run.toml"
    err = error_of(save_config, Config(), path)
    assert str(err) == (
        f"{path}: cannot save: the folder {str(path.parent)!r} does not exist; create it first"
    )
    assert not (tmp_path / "no").exists()


def test_save_onto_a_folder_is_a_config_error(tmp_path):
    err = error_of(save_config, Config(), tmp_path)
    assert "is a folder" in str(err)


def test_save_refuses_an_invalid_config_before_writing(tmp_path):
    path = tmp_path / "run.toml"
    error_of(save_config, with_network(depth=0), path)
    assert not path.exists()


def test_save_through_a_symlink_keeps_the_link(tmp_path):
    target = tmp_path / "real.toml"
    target.write_text("seed = 1\n")
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    save_config(Config(seed=9), link)
    assert link.is_symlink()
    assert load_config(target).seed == 9


# --------------------------------------------------------------------------------------
# --set overrides


@pytest.mark.parametrize(
    ("override", "attribute", "expected"),
    [
        ("network.depth=20", ("network", "depth"), 20),
        ("seed=3", ("seed",), 3),
        ("optimizer.lr=1e-3", ("optimizer", "lr"), 1e-3),
        ("optimizer.momentum=0", ("optimizer", "momentum"), 0.0),
        ("network.batch_norm=true", ("network", "batch_norm"), True),
        ("network.batch_norm=Yes", ("network", "batch_norm"), True),
        ("network.residual=1", ("network", "residual"), True),
        ("network.prelu_per_unit=false", ("network", "prelu_per_unit"), False),
        ("network.prelu_per_unit=no", ("network", "prelu_per_unit"), False),
        ("init.name=kaiming_normal", ("init", "name"), "kaiming_normal"),
        ("data.path=", ("data", "path"), ""),
        ("dtype = float32", ("dtype",), "float32"),
        ("network.widths=8,4,2,2,2,2,2,2,2", ("network", "widths"), [8, 4, 2, 2, 2, 2, 2, 2, 2]),
        ("network.widths=", ("network", "widths"), []),
    ],
)
def test_apply_overrides_for_each_type(override, attribute, expected):
    cfg = apply_overrides(Config(), [override])
    value = cfg
    for name in attribute:
        value = getattr(value, name)
    assert value == expected
    assert type(value) is type(expected)


def test_apply_overrides_applies_in_order_and_reads_lists():
    cfg = apply_overrides(
        Config(),
        ["network.depth=4", "network.activations=relu, relu,tanh", "network.depth=4"],
    )
    assert cfg.network.activations == ["relu", "relu", "tanh"]
    cfg = apply_overrides(cfg, ["network.activations=[relu,relu,'tanh']", "network.activations="])
    assert cfg.network.activations == []


def test_apply_overrides_does_not_change_its_input():
    original = with_network(depth=3, widths=[4, 4])
    snapshot = dataclasses.replace(original, network=dataclasses.replace(original.network))
    result = apply_overrides(original, ["network.widths=2,2", "seed=5"])
    assert original == snapshot
    assert result.network.widths == [2, 2] and result.seed == 5
    assert result is not original


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("network.dept=3", "network.dept: unknown key; did you mean 'network.depth'?"),
        ("network.widht=3", "network.widht: unknown key; did you mean 'network.width'?"),
        ("depth=3", "depth: unknown key; did you mean 'network.depth'?"),
        ("dpeth=3", "dpeth: unknown key; did you mean 'network.depth'?"),
        ("optim.lr=1", "optim.lr: unknown key; did you mean 'optimizer.lr'?"),
        ("sed=1", "sed: unknown key; did you mean 'seed'?"),
        ("xyzzy=1", "xyzzy: unknown key; `gradtui init` shows every key"),
        ("network=3", "network: is a table; set one of its keys, e.g. network.depth=..."),
        (
            "network.depth",
            "network.depth: 'network.depth' is not key=value; write e.g. network.depth=20",
        ),
        ("=3", "'=3' is not key=value; write e.g. network.depth=20"),
        ("network.depth=ten", "network.depth: 'ten' must be a whole number"),
        ("network.depth=2.5", "network.depth: '2.5' must be a whole number"),
        ("optimizer.lr=fast", "optimizer.lr: 'fast' must be a number"),
        (
            "optimizer.lr=nan",
            "optimizer.lr: nan is not a finite number; use any number greater than 0 and at "
            "most 1000000",
        ),
        (
            "network.batch_norm=maybe",
            "network.batch_norm: 'maybe' must be true or false (or yes/no, 1/0)",
        ),
        ("network.widths=1,x", "network.widths[1]: 'x' must be a whole number"),
        # An emptied field says it is empty and what to type, not "'' must be ...".
        ("network.depth=", "network.depth: is empty; type a whole number (1 to 1000)"),
        (
            "optimizer.lr= ",
            "optimizer.lr: is empty; type a number (any number greater than 0 and at most 1000000)",
        ),
        ("network.batch_norm=", "network.batch_norm: is empty; type true or false"),
        ("network.widths=16,", "network.widths[1]: is empty; type a whole number (1 to 16384)"),
        ("network.depth=0", "network.depth: 0 is not allowed; use 1 to 1000"),
        (
            "init.name=kaiming",
            "init.name: 'kaiming' is not one of normal, uniform, constant, xavier_normal, "
            "xavier_uniform, kaiming_normal, kaiming_uniform, orthogonal, eye, file; "
            "did you mean 'kaiming_normal'?",
        ),
    ],
)
def test_apply_overrides_refuses_bad_keys_and_values(override, message):
    assert str(error_of(apply_overrides, Config(), [override])) == message


def test_an_emptied_number_is_said_empty_in_chinese_too():
    error = error_of(apply_overrides, Config(), ["network.depth="])
    assert error.problem_in("zh") == "为空；请输入整数（1 到 1000）"
    assert "''" not in error.message_in("zh")


# --------------------------------------------------------------------------------------
# Memory


def test_huge_network_is_refused_before_anything_is_allocated():
    cfg = with_network(depth=1000, width=16384)
    err = error_of(check_memory, cfg, available=8 * GIB)
    assert err.field == "network"
    assert "GiB" in str(err)
    assert str(err).startswith("network: this network would need ")
    assert "use fewer layers (network.depth) or narrower ones (network.width)" in str(err)
    assert err.value == estimate_memory_bytes(cfg)
    # validate runs the same check last, with the same injectable figure.
    assert error_of(validate, cfg, available=8 * GIB).field == "network"


def test_memory_check_runs_only_on_an_otherwise_valid_config():
    cfg = with_network(depth=1000, width=16384, leaky_slope=2.0)
    assert [err.field for err in validation_errors(cfg, available=GIB)] == ["network.leaky_slope"]


def test_memory_message_suggests_fewer_examples_when_the_data_is_the_problem():
    cfg = Config(data=DataConfig(samples=1_000_000, features=100_000))
    assert "data.samples" in str(error_of(check_memory, cfg, available=8 * GIB))


def test_memory_check_passes_small_networks_and_skips_when_memory_is_unknown(monkeypatch):
    check_memory(Config(), available=64 * 2**20)
    validate(Config(), available=64 * 2**20)
    monkeypatch.setattr(config_validate_module, "available_memory_bytes", lambda: None)
    check_memory(with_network(depth=1000, width=16384))


def test_available_memory_is_read_from_this_machine():
    available = available_memory_bytes()
    assert available is None or available > 0


def test_memory_estimate_is_at_least_the_parameters_and_grows_as_expected():
    cfg = with_network(depth=5, width=100)
    weights = (8 * 100 + 100 * 100 * 3 + 100 * 1) * 8
    assert estimate_memory_bytes(cfg) >= 3 * weights  # parameters, gradients, undo copy
    float32 = dataclasses.replace(cfg, dtype="float32")
    # The network halves; the data set is still drawn in float64, then converted.
    assert estimate_memory_bytes(float32) < estimate_memory_bytes(cfg)
    adam = dataclasses.replace(cfg, optimizer=OptimizerConfig(name="adam"))
    momentum = dataclasses.replace(cfg, optimizer=OptimizerConfig(momentum=0.9))
    assert estimate_memory_bytes(adam) > estimate_memory_bytes(momentum)
    assert estimate_memory_bytes(momentum) > estimate_memory_bytes(cfg)
    for bigger in (
        with_network(depth=5, width=100, activation="maxout", maxout_pieces=4),
        with_network(depth=5, width=100, batch_norm=True),
        with_network(depth=5, width=100, residual=True),  # projections 8->100 and 100->1
        with_network(depth=6, width=100),
        dataclasses.replace(cfg, data=DataConfig(samples=5000, batch_size=512)),
    ):
        assert estimate_memory_bytes(bigger) > estimate_memory_bytes(cfg)


@pytest.mark.parametrize(
    ("data", "loss", "sizes"),
    [
        (DataConfig(name="teacher", features=5, outputs=3), "mse", (5, 3)),
        (DataConfig(name="spirals", classes=4), "cross_entropy", (2, 4)),
        (DataConfig(name="blobs", classes=2), "bce", (2, 1)),
        (DataConfig(name="mnist-like"), "cross_entropy", (784, 10)),
        (DataConfig(name="ones"), "mse", (1, 1)),
        (DataConfig(name="file", path="x.npz", features=7, classes=5), "cross_entropy", (7, 5)),
    ],
)
def test_memory_estimate_uses_the_data_sets_sizes(data, loss, sizes):
    cfg = Config(loss=loss, data=data)
    assert config_validate_module._input_output_sizes(cfg) == sizes


def test_memory_is_formatted_in_human_units():
    assert config_validate_module._format_bytes(3 * GIB) == "3.0 GiB"
    assert config_validate_module._format_bytes(1.5 * 2**20) == "1.5 MiB"
    assert config_validate_module._format_bytes(2**41) == "2.0 TiB"
    assert config_validate_module._format_bytes(12) == "12 bytes"
    assert math.isclose(float(config_validate_module._format_bytes(11.8 * GIB).split()[0]), 11.8)


def test_loaded_file_has_every_key_of_the_default_text(tmp_path):
    path = Path(tmp_path) / "default.toml"
    path.write_text(default_config_text())
    assert load_config(path) == Config()
    assert config_to_dict(load_config(path)) == tomllib.loads(default_config_text())


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (["loss=cross_entropy"], "'cross_entropy' needs classes, but data.name 'teacher'"),
        (["loss=bce", "data.name=mnist-like"], "'bce' needs 2 classes but mnist-like has 10"),
    ],
)
def test_the_loss_must_fit_the_data(overrides, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        apply_overrides(Config(), overrides)


def test_a_file_decides_its_own_number_of_samples():
    cfg = apply_overrides(Config(), ["data.name=file", "data.path=my.csv", "data.samples=4"])
    assert cfg.data.batch_size == 32  # larger than samples: the whole file is one batch


def test_every_config_problem_is_said_in_chinese_with_the_same_fields():
    from gradtui.config.words import EN, ZH, fields_of

    assert set(ZH) == set(EN)
    for key, template in EN.items():
        assert fields_of(ZH[key]) == fields_of(template), key


def test_every_said_problem_of_config_lessons_and_data_is_in_both_tables():
    """Each ``Said("key", field=...)`` written in gradtui (configs, lessons, steps, data
    files) names a sentence of both tables and gives exactly its fields."""
    import ast
    from pathlib import Path

    import gradtui
    from gradtui.config.words import EN, ZH, fields_of

    used = set()
    for path in Path(gradtui.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Said"):
                continue
            first = node.args[0] if node.args else None
            if not isinstance(first, ast.Constant):
                continue  # a key chosen at run time (e.g. "empty_bool" if … else …)
            key = first.value
            used.add(key)
            given = {keyword.arg for keyword in node.keywords}
            assert key in EN and key in ZH, (path.name, key)
            assert given == fields_of(EN[key]) == fields_of(ZH[key]), (path.name, key, given)
    for key in ("lesson_no_config", "step_set", "data_missing", "data_cell_text", "at_line"):
        assert key in used, key


def test_a_problem_in_english_and_in_chinese():
    with pytest.raises(ConfigError) as caught:
        apply_overrides(Config(), ["network.depth=0"])
    error = caught.value
    assert error.problem == error.problem_in("en") == "0 is not allowed; use 1 to 1000"
    assert error.problem_in("zh") == "不能用 0；请使用 1 到 1000"
    assert error.message_in("zh") == "network.depth: 不能用 0；请使用 1 到 1000"
    with pytest.raises(ConfigError) as caught:
        apply_overrides(Config(), ["network.activation=sigmoind"])
    assert caught.value.problem_in("zh") == (
        "'sigmoind' 不是可选项 identity, sigmoid, tanh, relu, leaky_relu, prelu, rrelu, elu, "
        "maxout, softplus, gelu, silu 之一；你是不是想写 'sigmoid'？"
    )
    with pytest.raises(ConfigError) as caught:
        apply_overrides(Config(), ["network.depth=ten"])
    assert caught.value.problem_in("zh") == "'ten' 必须是整数"
    assert caught.value.with_source("my.toml").message_in("zh") == (
        "my.toml: network.depth: 'ten' 必须是整数"
    )


def test_every_field_has_its_help_in_chinese():
    from gradtui.config import config_fields, field_help
    from gradtui.config.words import HELP_ZH

    names = {field.name for field in config_fields()}
    assert set(HELP_ZH) == names
    for field in config_fields():
        assert field_help(field.name) == field.comment
    assert field_help("network.depth", "zh") == "线性层的层数，包括输出层。允许：1 到 1000。"
    assert field_help("network.widths", "zh").endswith("允许：每一项为 1 到 16384。")


def test_the_mode_help_says_what_eval_does_to_rrelu_as_well_as_to_batchnorm():
    # rrelu-train-vs-eval sends the learner to this field: in eval RReLU has no running
    # statistics, it uses the mean of U(1/8, 1/3) as its one slope.
    from gradtui.config import field_help

    assert "rrelu the mean slope 11/48" in field_help("mode")
    assert "rrelu 使用平均斜率 11/48" in field_help("mode", "zh")


# The peak is this process's own high-water mark (VmHWM): ru_maxrss would carry over the
# parent's (pytest's, hundreds of MB late in the suite) across fork and exec.
PEAK_SCRIPT = """
import json, sys
from gradtui.config import config_from_dict, estimate_memory_bytes
from gradtui.sim import Stepper
def high_water():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM"))
before = high_water()
cfg = config_from_dict(json.loads(sys.argv[1]))
stepper = Stepper(cfg)
stepper.train(2)
stepper.finish_pass()
peak = high_water() - before
print(json.dumps([estimate_memory_bytes(cfg), peak]))
"""


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc/self/status (Linux)")
@pytest.mark.parametrize(
    "data",
    [
        {"loss": "cross_entropy", "data": {"name": "mnist-like", "samples": 60_000}},
        {
            "dtype": "float32",
            "loss": "cross_entropy",
            "data": {"name": "mnist-like", "samples": 60_000},
        },
        {"data": {"name": "teacher", "samples": 300_000, "features": 100}},
        {"network": {"depth": 12, "width": 1024}, "data": {"batch_size": 512}},
    ],
)
def test_memory_estimate_is_close_to_the_measured_peak(data):
    """The estimate that refuses a network is within 0.5x..1.15x of the peak a fresh process
    measures (what is above 1 is the interpreter's and NumPy's own, a few tens of MB). It
    was 2x low for generated data sets."""
    done = subprocess.run(
        [sys.executable, "-c", PEAK_SCRIPT, json.dumps(data)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    estimate, peak = json.loads(done.stdout)
    assert 0.5 * estimate <= peak <= 1.15 * estimate, (estimate / 2**20, peak / 2**20)


# --------------------------------------------------------------------------------------
# What the simulator cannot use is refused before it is used


@pytest.mark.parametrize(
    "data",
    [
        {"init": {"name": "kaiming_normal", "a": 1e200}},
        {"init": {"name": "uniform", "low": -1e308, "high": 1e308}},
        {"init": {"name": "xavier_uniform", "gain": 1e308}},
        {"init": {"scale": 1e300}},
        {"data": {"noise": 1e300}},
        {"optimizer": {"weight_decay": 1e308}},
        {"clip": {"weight": 1e101}},
    ],
)
def test_real_values_beyond_1e100_are_refused(data):
    err = error_of(config_from_dict, data, "my.toml")
    assert "1e+100" in str(err)


def test_the_largest_allowed_values_run_to_inf_without_an_exception_or_a_warning():
    import warnings

    from gradtui.sim import Stepper

    for data in (
        {"init": {"name": "kaiming_uniform", "a": -MAX_MAGNITUDE}},
        {"init": {"name": "uniform", "low": -MAX_MAGNITUDE, "high": MAX_MAGNITUDE}},
        {"dtype": "float32", "init": {"scale": MAX_MAGNITUDE}, "data": {"noise": 1e100}},
    ):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            stepper = Stepper(config_from_dict(data))
            stepper.train(1)
            stepper.finish_pass()


@pytest.mark.parametrize(
    "text",
    [
        "seed = " + "[" * 1000 + "]" * 1000,
        "seed = " + "{a = " * 1000 + "1" + "}" * 1000,
        "[" + ".".join(["a"] * 1000) + "]\nb = 1",
        'seed = "' + "[" * 1000 + '"\n[network]\ndepth = [' + "[" * 40 + "]" * 40 + "]",
    ],
)
def test_toml_nested_too_deep_is_refused_before_tomllib_recurses(text):
    err = error_of(loads_config, text, "deep.toml")
    assert str(err).startswith("deep.toml: ") and "nested more than 32 deep" in str(err)


def test_brackets_inside_strings_do_not_count_as_nesting():
    text = 'seed = 1\n[data]\npath = "' + "[" * 100 + '.csv"\n# ' + "[" * 100 + "\n"
    assert loads_config(text).data.path.startswith("[[[")


def test_an_integer_too_long_for_python_is_a_config_error():
    err = error_of(loads_config, "seed = " + "9" * 5000, "long.toml")
    assert str(err).startswith("long.toml: not valid TOML")


@pytest.mark.parametrize("kind", ["fifo", "device", "large"])
def test_only_regular_files_of_bounded_size_are_read(tmp_path, kind):
    path = tmp_path / "c.toml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    else:
        path.write_text("# " + "x" * (2 << 20))
    err = error_of(load_config, path)
    expected = "is too large" if kind == "large" else "is not a regular file"
    assert str(err).startswith(f"{path}: {expected}")


def test_keys_and_values_are_quoted_as_one_printable_line():
    for data in (
        {"\x1b[2Jnetwork": 1},
        {"network": {"de\npth": 1}},
        {"network": {"depth": list(range(100_000))}},
        {"network": {"activation": "\x1b]0;title\x07" + "x" * 10_000}},
    ):
        message = str(error_of(config_from_dict, data, "a\x1bb.toml"))
        assert message.isprintable() and len(message) < 400, message
        assert message.startswith("a\\x1bb.toml: ")
