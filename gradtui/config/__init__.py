"""The one description of a network and a training run, read from and written to TOML.

``Config`` is plain data. Everything that checks it, reads it or writes it lives here:

- ``validate`` / ``validation_errors``: every value's type and range, the fields that
  depend on each other, and whether the network would fit in memory (arithmetic only, so
  nothing is allocated before the answer is yes). Problems are ``ConfigError``s that name
  the field, the bad value and what to use instead.
- ``loads_config`` / ``load_config`` / ``config_from_dict``: TOML or a dict in, validated.
- ``read_text_file`` / ``parse_toml`` / ``load_toml_file`` / ``open_regular_file``: how every
  gradtui file (configs, lessons, themes, settings, data) is read: regular files only, of
  bounded size, TOML of bounded nesting, problems as ``ConfigError``s naming the file.
- ``dumps_config`` / ``save_config`` / ``config_to_dict``: out again (saving is atomic).
- ``apply_overrides``: ``--set network.depth=20`` strings.
- ``default_config_text`` / ``config_fields``: the commented default file and the table
  of fields that the app's configuration form is generated from.

The parts: ``model`` (the dataclasses and ``ConfigError``), ``fields`` (the table of
fields and the checking of one value), ``validation`` (a whole config, and memory), ``files``
(dicts, TOML, overrides, the default file), ``words`` (what problems and help say, in
English and Chinese).
"""

from __future__ import annotations

from gradtui.config.fields import (
    MAX_DEPTH,
    MAX_MAGNITUDE,
    MAX_SAMPLES,
    MAX_WIDTH,
    ConfigField,
    config_fields,
    field_help,
)
from gradtui.config.files import (
    MAX_TOML_BYTES,
    MAX_TOML_NESTING,
    apply_overrides,
    check_writable,
    config_by_name,
    config_from_dict,
    config_to_dict,
    default_config_text,
    dumps_config,
    load_config,
    load_toml_file,
    loads_config,
    open_regular_file,
    parse_toml,
    paths_beside,
    read_text_file,
    save_config,
    write_atomically,
)
from gradtui.config.model import (
    ACTIVATIONS,
    DATASETS,
    DTYPES,
    INIT_MODES,
    INITIALIZERS,
    LOSSES,
    MODES,
    NONLINEARITIES,
    OPTIMIZERS,
    WEIGHT_FILE_SUFFIXES,
    ClipConfig,
    Config,
    ConfigError,
    DataConfig,
    InitConfig,
    NetworkConfig,
    OptimizerConfig,
)
from gradtui.config.validation import (
    available_memory_bytes,
    check_memory,
    estimate_memory_bytes,
    validate,
    validation_errors,
)

__all__ = [
    "ACTIVATIONS",
    "DATASETS",
    "DTYPES",
    "INITIALIZERS",
    "INIT_MODES",
    "LOSSES",
    "MAX_DEPTH",
    "MAX_MAGNITUDE",
    "MAX_SAMPLES",
    "MAX_TOML_BYTES",
    "MAX_TOML_NESTING",
    "MAX_WIDTH",
    "MODES",
    "NONLINEARITIES",
    "OPTIMIZERS",
    "WEIGHT_FILE_SUFFIXES",
    "ClipConfig",
    "Config",
    "ConfigError",
    "ConfigField",
    "DataConfig",
    "InitConfig",
    "NetworkConfig",
    "OptimizerConfig",
    "apply_overrides",
    "available_memory_bytes",
    "check_memory",
    "check_writable",
    "config_by_name",
    "config_fields",
    "config_from_dict",
    "config_to_dict",
    "default_config_text",
    "dumps_config",
    "estimate_memory_bytes",
    "field_help",
    "load_config",
    "load_toml_file",
    "loads_config",
    "open_regular_file",
    "parse_toml",
    "paths_beside",
    "read_text_file",
    "save_config",
    "validate",
    "validation_errors",
    "write_atomically",
]
