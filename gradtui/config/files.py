"""A config in and out: dicts, TOML (read, written atomically), ``--set`` overrides and
the commented default file."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import signal
import stat
import threading
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any, BinaryIO

from gradtui.config.fields import (
    _SECTION_HELP,
    _SECTIONS,
    _SPEC_BY_NAME,
    _SPECS,
    _TYPE_WORDS,
    _allowed_text,
    _closest,
    _comment,
    _show,
    _Spec,
    _type_errors,
)
from gradtui.config.model import Config, ConfigError
from gradtui.config.validation import _value_errors, validate
from gradtui.config.words import Said
from gradtui.text import PATH_LIMIT, printable, shown


def config_to_dict(cfg: Config) -> dict[str, Any]:
    """``cfg`` as nested plain dicts and lists, one table per section (a deep copy)."""
    return asdict(cfg)


def config_by_name(cfg: Config) -> dict[str, Any]:
    """Every field of ``cfg`` by its dotted name (``network.depth``), as ``--set`` names
    it, in the order of the config's sections."""
    flat: dict[str, Any] = {}
    for key, value in config_to_dict(cfg).items():
        if isinstance(value, dict):
            flat.update({f"{key}.{inner}": item for inner, item in value.items()})
        else:
            flat[key] = value
    return flat


def _guess_path(key: str) -> str | None:
    """The dotted field or table name ``key`` most likely means (``"dpeth"``: network.depth)."""
    options = {name: name for name in (*_SPEC_BY_NAME, *_SECTIONS)}
    for spec in _SPECS:
        options.setdefault(spec.key, spec.name)
    guess = _closest(key, options)
    return options[guess] if guess else None


def _unknown_key(location: str, key: str, section: str | None, dotted: bool) -> ConfigError:
    """An unknown ``key`` found in table ``section`` (``None``: the top level), with the key
    it most likely means: a key of the same table (a full dotted path if ``dotted``, as
    ``--set`` needs), else any field (``lr`` under [network] means optimizer.lr)."""
    keys = [spec.key for spec in _SPECS if spec.section == section and section is not None]
    guess = _closest(key, keys) if keys else None
    if guess is not None:
        suggestion = f"{section}.{guess}" if dotted else guess
    else:
        suggestion = _guess_path(key)
    if suggestion:
        problem = f"unknown key; did you mean {suggestion!r}?"
    elif keys:
        problem = f"unknown key; [{section}] has {', '.join(keys)}"
    else:
        problem = "unknown key; `gradtui init` shows every key"
    return ConfigError(location, key, problem)


def _coerce(spec: _Spec, value: object) -> Any:
    """``value`` from TOML or a dict as the field's type; raise ``ConfigError`` if it is not.

    Choices and ranges are left to validation, which reports every problem at once.
    """
    errors = _type_errors(spec, value)
    if errors:
        raise errors[0]
    if spec.kind is float:
        try:
            return float(value)
        except OverflowError:
            raise ConfigError(spec.name, value, Said("too_large", value=value)) from None
    if spec.item_kind is not None:
        return list(value)
    return value


def config_from_dict(data: Mapping[str, Any], source: str = "config") -> Config:
    """A validated ``Config`` from nested dicts as TOML gives them; missing keys take defaults.

    Unknown keys and values of the wrong type are refused with a ``ConfigError`` whose
    message begins with ``source`` (pass ``""`` for none).
    """
    try:
        cfg = _build_config(data)
        validate(cfg)
    except ConfigError as err:
        raise err.with_source(source) from None
    return cfg


def _build_config(data: Mapping[str, Any]) -> Config:
    if not isinstance(data, Mapping):
        raise ConfigError("", data, "the configuration must be a table of keys and values")
    top: dict[str, Any] = {}
    for key, value in data.items():
        key = str(key)
        if key in _SECTIONS:
            if not isinstance(value, Mapping):
                raise ConfigError(
                    key, value, f"must be a table ([{key}] with keys under it), not {_show(value)}"
                )
            top[key] = _build_section(key, value)
        elif key in _SPEC_BY_NAME:
            top[key] = _coerce(_SPEC_BY_NAME[key], value)
        else:
            raise _unknown_key(key, key, None, dotted=False)
    return Config(**top)


def _build_section(section: str, data: Mapping[str, Any]) -> Any:
    values = {}
    for key, value in data.items():
        key = str(key)
        name = f"{section}.{key}"
        if name not in _SPEC_BY_NAME:
            raise _unknown_key(name, key, section, dotted=False)
        values[key] = _coerce(_SPEC_BY_NAME[name], value)
    return _SECTIONS[section](**values)


# --------------------------------------------------------------------------------------
# Reading files: the one way every gradtui file (configs, lessons, themes, settings) is read

MAX_TOML_BYTES = 1 << 20
"""The largest TOML file gradtui reads: a config, a lesson or a theme is a few KiB."""
MAX_TOML_NESTING = 32
"""The deepest nesting of arrays and tables gradtui reads. A config needs 2; ``tomllib``
recurses once per level and fails with RecursionError near 1,000."""


def _file_error(source: str, problem: str) -> ConfigError:
    return ConfigError("", source, problem, source=source)


def _format_size(count: int) -> str:
    for unit, size in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if count >= size:
            return f"{count / size:.1f} {unit}"
    return f"{count} bytes"


def open_regular_file(path: str | os.PathLike[str], *, limit: int | None = None) -> BinaryIO:
    """``path`` opened for reading in binary, if it is a regular file of at most ``limit``
    bytes; else a ``ConfigError`` that names it and says why.

    A device (``/dev/zero``) would be read without end and a pipe would block until a
    writer comes, so only regular files are opened, and without waiting: the type is
    checked again on the open file, in case the path changed in between.
    """
    source = os.fspath(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise _file_error(source, "no such file") from None
    except PermissionError:
        raise _file_error(source, "permission denied") from None
    except (OSError, ValueError) as err:  # ValueError: a NUL byte in the path
        raise _file_error(source, f"cannot read: {_reason(err)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise _file_error(source, "is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise _file_error(source, "is not a regular file (a device, a pipe or a socket)")
    try:
        handle = os.open(
            path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        )
    except PermissionError:
        raise _file_error(source, "permission denied") from None
    except OSError as err:
        raise _file_error(source, f"cannot read: {_reason(err)}") from None
    stream = os.fdopen(handle, "rb")
    info = os.fstat(stream.fileno())
    if not stat.S_ISREG(info.st_mode):
        stream.close()
        raise _file_error(source, "is not a regular file (a device, a pipe or a socket)")
    if limit is not None and info.st_size > limit:
        stream.close()
        raise _file_error(
            source,
            f"is too large ({_format_size(info.st_size)}); gradtui reads such files of at "
            f"most {_format_size(limit)}",
        )
    return stream


def _reason(err: BaseException) -> str:
    return getattr(err, "strerror", None) or str(err) or type(err).__name__


def read_text_file(path: str | os.PathLike[str], *, limit: int = MAX_TOML_BYTES) -> str:
    """The UTF-8 text of a regular file of at most ``limit`` bytes (a byte-order mark is
    allowed); problems are ``ConfigError``s that name the file."""
    source = os.fspath(path)
    with open_regular_file(path, limit=limit) as stream:
        try:
            # One byte more than allowed tells a file that grew since it was opened.
            raw = stream.read(limit + 1)
        except OSError as err:
            raise _file_error(source, f"cannot read: {_reason(err)}") from None
    if len(raw) > limit:
        raise _file_error(
            source, f"is too large; gradtui reads such files of at most {_format_size(limit)}"
        )
    try:
        # utf-8-sig: a byte-order mark (which some Windows editors write) is not an error.
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise _file_error(source, f"is not UTF-8 text (bad byte at offset {err.start})") from None


def parse_toml(text: str, source: str = "<string>") -> dict[str, Any]:
    """TOML text as a dict, or a ``ConfigError`` naming ``source``: a syntax error with its
    line, or text too large or too deeply nested to read safely (refused before ``tomllib``
    recurses into it)."""
    if len(text) > MAX_TOML_BYTES:
        raise _file_error(
            source, f"is too large; gradtui reads TOML of at most {_format_size(MAX_TOML_BYTES)}"
        )
    line = _too_deep(text, MAX_TOML_NESTING)
    if line is not None:
        raise _nesting_error(source, line)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise _syntax_error(err, text, source) from None
    except RecursionError:
        # What the scan above is there to prevent; said the same way if it ever misses.
        raise _nesting_error(source, None) from None
    except ValueError as err:
        # tomllib's other refusal: an integer of more than 4,300 digits.
        raise _file_error(source, f"not valid TOML: {printable(str(err), 120)}") from None
    if _table_depth(data) > MAX_TOML_NESTING:
        # Dotted keys and [a.b.c...] headers nest without brackets.
        raise _nesting_error(source, None)
    return data


def load_toml_file(path: str | os.PathLike[str]) -> tuple[str, dict[str, Any]]:
    """A TOML file's text and its dict, read as ``read_text_file`` and ``parse_toml`` do."""
    text = read_text_file(path)
    return text, parse_toml(text, os.fspath(path))


def _nesting_error(source: str, line: int | None) -> ConfigError:
    where = f"line {line}: " if line else ""
    return _file_error(
        source,
        f"{where}arrays or tables nested more than {MAX_TOML_NESTING} deep; gradtui's "
        "files need at most a few levels",
    )


def _too_deep(text: str, limit: int) -> int | None:
    """The line where brackets and braces outside strings and comments first nest more
    than ``limit`` deep, or ``None``. A scan, not a parse: it only has to see what tomllib
    would recurse into."""
    depth = 0
    line = 1
    index = 0
    length = len(text)
    while index < length:
        character = text[index]
        if character == "\n":
            line += 1
        elif character == "#":
            end = text.find("\n", index)
            index = length if end < 0 else end
            continue
        elif character in "\"'":
            index, line = _skip_string(text, index, line)
            continue
        elif character in "[{":
            depth += 1
            if depth > limit:
                return line
        elif character in "]}":
            depth = max(depth - 1, 0)
        index += 1
    return None


def _skip_string(text: str, index: int, line: int) -> tuple[int, int]:
    """The index just after the string starting at ``index``, and the line it ends on."""
    quote = text[index]
    escapes = quote == '"'
    if text.startswith(quote * 3, index):
        closing, index = quote * 3, index + 3
    else:
        closing, index = quote, index + 1
    length = len(text)
    while index < length:
        character = text[index]
        if escapes and character == "\\":
            if text.startswith("\n", index + 1):
                line += 1
            index += 2
            continue
        if character == "\n":
            line += 1
            if len(closing) == 1:
                # A one-line string ends at the end of its line (tomllib says it is broken).
                return index + 1, line
        if text.startswith(closing, index):
            return index + len(closing), line
        index += 1
    return index, line


def _table_depth(data: object) -> int:
    """How deeply lists and dicts nest in ``data`` (walked without recursion)."""
    deepest = 0
    pending: list[tuple[object, int]] = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_TOML_NESTING:
            return deepest
        if isinstance(value, dict):
            pending.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)
    return deepest


_TOML_POSITION = re.compile(
    r"^(?P<msg>.*) \(at (?:line (?P<line>\d+), column (?P<col>\d+)|end of document)\)$"
)


def loads_config(text: str, source: str = "<string>") -> Config:
    """A validated ``Config`` from TOML text; ``source`` names it in error messages."""
    return config_from_dict(parse_toml(text, source), source)


def _syntax_error(err: tomllib.TOMLDecodeError, text: str, source: str) -> ConfigError:
    """A TOML syntax error as ``"my.toml: line 3: not valid TOML: invalid value (column 5 in
    'depth =')"``."""
    match = _TOML_POSITION.match(str(err))
    if match is None:
        return ConfigError("", None, f"not valid TOML: {printable(str(err), 120)}", source=source)
    message = match["msg"][:1].lower() + match["msg"][1:]
    if match["line"] is None:
        return ConfigError("", None, f"end of file: not valid TOML: {message}", source=source)
    line_number = int(match["line"])
    lines = text.splitlines()
    line_text = lines[line_number - 1].strip() if line_number <= len(lines) else ""
    where = f"column {match['col']}" + (f" in {shown(line_text, 60)}" if line_text else "")
    return ConfigError(
        "", line_number, f"line {line_number}: not valid TOML: {message} ({where})", source=source
    )


def load_config(path: str | os.PathLike[str]) -> Config:
    """A validated ``Config`` from a TOML file."""
    _text, data = load_toml_file(path)
    return config_from_dict(data, os.fspath(path))


def paths_beside(cfg: Config, base: str | os.PathLike[str]) -> Config:
    """``cfg`` with its relative file paths (``data.path``, ``init.path``) made to start from
    ``base``, the folder of the file ``cfg`` came from, so that a config and the files it
    names can be moved together and opened from anywhere."""
    import dataclasses

    data, init = cfg.data, cfg.init
    if data.name == "file" and data.path.strip() and not Path(data.path).is_absolute():
        data = dataclasses.replace(data, path=str(Path(base) / data.path))
    if init.name == "file" and init.path.strip() and not Path(init.path).is_absolute():
        init = dataclasses.replace(init, path=str(Path(base) / init.path))
    if data is cfg.data and init is cfg.init:
        return cfg
    return dataclasses.replace(cfg, data=data, init=init)


def dumps_config(cfg: Config) -> str:
    """``cfg`` as TOML. Its values are validated first (memory is not: a file may be for
    another machine), so what is written loads back."""
    errors = _value_errors(cfg)
    if errors:
        raise errors[0]
    import tomli_w  # only when writing: start-up reads TOML, never writes it

    return tomli_w.dumps(config_to_dict(cfg))


def save_config(cfg: Config, path: str | os.PathLike[str]) -> None:
    """Write ``cfg`` to ``path`` as TOML, atomically: the file is either the old one or the
    new one, whole, even if the machine stops half-way. Problems are ``ConfigError``s."""
    text = dumps_config(cfg)
    source = os.fspath(path)
    target = Path(path)
    if target.is_symlink():
        # Write through the link, as editors do, rather than replacing the link itself.
        target = Path(os.path.realpath(target))
    if target.is_dir():
        raise ConfigError(
            "", source, "is a folder; give a file name such as run.toml", source=source
        )
    folder = target.parent
    try:
        write_atomically(target, text.encode("utf-8"))
    except FileNotFoundError:
        problem = (
            f"cannot save: the folder {shown(os.fspath(folder), PATH_LIMIT)} does not exist; "
            "create it first"
            if not folder.exists()
            else "cannot save: file not found"
        )
        raise ConfigError("", source, problem, source=source) from None
    except NotADirectoryError:
        raise ConfigError(
            "",
            source,
            f"cannot save: {shown(os.fspath(folder), PATH_LIMIT)} is not a folder",
            source=source,
        ) from None
    except PermissionError:
        raise ConfigError("", source, "cannot save: permission denied", source=source) from None
    except OSError as err:
        raise ConfigError(
            "", source, f"cannot save: {err.strerror or err}", source=source
        ) from None


Writer = Callable[[BinaryIO], None]
"""Writes a file's contents to an open binary stream (for data too large to hold twice)."""


def write_atomically(path: str | os.PathLike[str], data: bytes | Writer) -> None:
    """Write ``data`` (bytes, or a function that writes to a stream) to a temporary file
    beside ``path``, flush it to disk, then rename it over ``path``.

    The temporary file is ``.NAME.tmp-PID-XXXXXX`` in the same folder: removed if the write
    fails, is interrupted (ctrl+c) or is stopped by SIGTERM or SIGHUP; a leftover of a
    process that no longer runs (killed by SIGKILL, or the machine stopped) is removed by
    the next write to the same path. Problems are ``OSError``s naming ``path``, never the
    temporary file.
    """
    target = Path(path)
    _remove_stale_temporaries(target)
    try:
        temp, handle = _create_temp_file(target)
        with _removed_on_signal(temp):
            try:
                with os.fdopen(handle, "wb") as stream:
                    if callable(data):
                        data(stream)
                    else:
                        stream.write(data)
                    stream.flush()
                    os.fsync(stream.fileno())
                with contextlib.suppress(FileNotFoundError):
                    # Keep the permissions of the file being replaced.
                    os.chmod(temp, stat.S_IMODE(os.stat(target).st_mode))
                os.replace(temp, target)
            except BaseException:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temp)
                raise
        if hasattr(os, "O_DIRECTORY"):
            # Make the rename itself durable.
            folder = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)
    except OSError as err:
        raise _naming(err, target) from None


def check_writable(path: str | os.PathLike[str]) -> None:
    """Raise an ``OSError`` naming ``path`` if ``write_atomically`` could not write it (a
    missing or read-only folder, a folder at ``path``), by creating and removing the
    temporary file it would use: a long run finds out before it starts, not after."""
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", os.fspath(target))
    try:
        temp, handle = _create_temp_file(target)
        os.close(handle)
        os.unlink(temp)
    except OSError as err:
        raise _naming(err, target) from None


def _naming(err: OSError, target: Path) -> OSError:
    """``err`` as the same kind of error, about ``target`` (not the temporary file)."""
    if err.errno is None:
        return OSError(errno.EIO, str(err) or type(err).__name__, os.fspath(target))
    return OSError(err.errno, err.strerror or os.strerror(err.errno), os.fspath(target))


def _temp_prefix(path: Path) -> str:
    return f".{path.name}.tmp-"


def _create_temp_file(path: Path) -> tuple[Path, int]:
    """A new hidden file beside ``path``, created with the user's umask (unlike mkstemp's
    0600), so the saved file gets the permissions any new file would."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _attempt in range(100):
        temp = path.with_name(f"{_temp_prefix(path)}{os.getpid()}-{secrets.token_hex(3)}")
        try:
            return temp, os.open(temp, flags, 0o666)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "could not create a temporary file", os.fspath(path))


def _remove_stale_temporaries(path: Path) -> None:
    """Remove the temporary files of earlier writes to ``path`` whose process is gone."""
    prefix = _temp_prefix(path)
    try:
        names = os.listdir(path.parent if str(path.parent) else ".")
    except OSError:
        return  # the write itself will say what is wrong with the folder
    for name in names:
        pid_text = name[len(prefix) :].split("-")[0] if name.startswith(prefix) else ""
        if not pid_text.isdigit() or _process_exists(int(pid_text)):
            continue
        with contextlib.suppress(FileNotFoundError, PermissionError):
            os.unlink(path.with_name(name))


def _process_exists(pid: int) -> bool:
    if pid == os.getpid():
        return True  # a write of this process still under way (another thread)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # another user's process, or no way to tell: leave its file alone
    return True


@contextlib.contextmanager
def _removed_on_signal(temp: Path) -> Iterator[None]:
    """While writing, SIGTERM and SIGHUP (whose default is to end the process at once,
    without cleaning up) raise SystemExit instead, so the temporary file is removed. Only
    in the main thread, and only where no one else handles those signals."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) == signal.SIG_DFL:
            previous[number] = signal.signal(number, _exit_on_signal)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _exit_on_signal(number: int, _frame: object) -> None:
    raise SystemExit(128 + number)


# --------------------------------------------------------------------------------------
# --set overrides

_TRUE = ("true", "1", "yes", "on")
_FALSE = ("false", "0", "no", "off")


def apply_overrides(cfg: Config, overrides: Iterable[str]) -> Config:
    """A new validated ``Config``: ``cfg`` with ``key=value`` strings applied in order.

    Keys are dotted paths (``network.depth=20``, ``seed=3``); values are read as the
    field's type: ``true``/``false`` (or yes/no, 1/0) for switches, comma-separated items
    for lists (an empty value is an empty list). ``cfg`` is not changed.
    """
    if isinstance(overrides, str):
        raise TypeError("overrides must be a list of 'key=value' strings, not one string")
    data = config_to_dict(cfg)
    for override in overrides:
        key, equals, text = override.partition("=")
        key = key.strip()
        if not equals or not key:
            raise ConfigError(
                key,
                override,
                f"{shown(override)} is not key=value; write e.g. network.depth=20",
            )
        spec = _override_spec(key)
        value = _parse_text(spec, text.strip())
        holder = data if spec.section is None else data[spec.section]
        holder[spec.key] = value
    return config_from_dict(data, source="")


def _override_spec(key: str) -> _Spec:
    """The field a ``--set`` key names."""
    if key in _SPEC_BY_NAME:
        return _SPEC_BY_NAME[key]
    if key in _SECTIONS:
        example = next(spec.name for spec in _SPECS if spec.section == key)
        raise ConfigError(key, key, f"is a table; set one of its keys, e.g. {example}=...")
    section, dot, leaf = key.partition(".")
    if dot and section in _SECTIONS:
        raise _unknown_key(key, leaf, section, dotted=True)
    raise _unknown_key(key, key, None, dotted=True)


def _parse_text(spec: _Spec, text: str) -> Any:
    """The text of a ``--set`` value as the field's type."""
    if spec.item_kind is None:
        return _parse_scalar(spec, text, spec.kind, spec.name)
    inner = text[1:-1] if text.startswith("[") and text.endswith("]") else text
    if not inner.strip():
        return []
    return [
        _parse_scalar(spec, item.strip(), spec.item_kind, f"{spec.name}[{index}]")
        for index, item in enumerate(inner.split(","))
    ]


def _parse_scalar(spec: _Spec, text: str, kind: Any, location: str) -> Any:
    if kind is str:
        if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
            return text[1:-1]
        return text
    if not text.strip():
        # An emptied field of the form (or ``--set key=``): say so, and what to type.
        if kind is bool:
            problem = Said("empty_bool")
        else:
            allowed = _allowed_text(spec)
            if spec.item_kind:  # one item of a list: its own range, not "each …"
                allowed = allowed.fields["allowed"]
            problem = Said("empty_value", kind=_TYPE_WORDS[kind], allowed=allowed)
        raise ConfigError(spec.name, text, problem, location=location)
    if kind is bool:
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        problem = Said("must_be_bool_text", value=shown(text))
    else:
        try:
            return kind(text)
        except ValueError:
            problem = Said("must_be", value=shown(text), kind=_TYPE_WORDS[kind])
    raise ConfigError(spec.name, text, problem, location=location)


# --------------------------------------------------------------------------------------
# The commented default file


def default_config_text() -> str:
    """The default ``Config`` as TOML, every key with a comment (what ``gradtui init`` prints).

    Values come from ``Config()`` and comments from the field table, so the text always
    loads back to exactly ``Config()``.
    """
    import tomli_w  # only when writing: start-up reads TOML, never writes it

    defaults = config_to_dict(Config())
    lines = [
        "# gradtui configuration: one network and one training run.",
        "# Run it with `gradtui run FILE.toml`; change one value with --set key=value",
        "# (e.g. --set network.depth=20). A missing key takes the default shown here.",
        "",
    ]
    section = None
    for spec in _SPECS:
        if spec.section != section:
            section = spec.section
            lines += ["", f"# {_SECTION_HELP[section]}", f"[{section}]"]
        holder = defaults if spec.section is None else defaults[spec.section]
        lines.append(f"# {_comment(spec)}")
        lines.append(tomli_w.dumps({spec.key: holder[spec.key]}).strip())
    return "\n".join(lines) + "\n"
