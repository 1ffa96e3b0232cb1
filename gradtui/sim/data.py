"""Data sets: seeded synthetic sets and the learner's own file, and the batches drawn from them.

``make_dataset(cfg.data, cfg.seed, cfg.dtype)`` builds a read-only :class:`Dataset`;
``dataset.batch(index, batch_size, seed)`` gives batch number ``index`` of an endless,
reproducible stream (reshuffled every epoch) and ``dataset.targets(y, loss)`` turns its
labels into what the loss consumes. Problems with the learner's file are :class:`DataError`
messages that say what to do.
"""

from __future__ import annotations

import math
import os
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import numpy as np

from gradtui.config import MAX_SAMPLES, ConfigError, open_regular_file
from gradtui.config.words import Said, SaidError
from gradtui.text import printable

if TYPE_CHECKING:
    from gradtui.config import DataConfig

__all__ = ["DataError", "Dataset", "make_dataset"]

LOSSES = ("mse", "cross_entropy", "bce")
MAX_FILE_CLASSES = 1000
"""A file's whole-number targets 0..MAX_FILE_CLASSES-1 are read as class labels."""

# Random streams are (seed, tag, ...) so that data, batch order and the network's weights
# (drawn from default_rng(seed)) never share random numbers.
_DATA_TAG = 0x64617461  # "data"
_ORDER_TAG = 0x6F72646572  # "order"
_TEACHER_HIDDEN = 32
_TEACHER_CALIBRATION = 4096
"""Draws used to scale the teacher's output to unit variance."""
_TEACHER_BLOCK = 512
"""Rows of those draws transformed at a time."""
_SPIRAL_TURNS = 0.75
_BLOB_RADIUS = 2.0
_MIN_BLOB_STD = 0.05
_IMAGE_SIDE = 28
_IMAGE_CLASSES = 10
_MAX_SHIFT = 2


class DataError(SaidError):
    """A data set that cannot be built or used, said so that a learner knows what to do, in
    one printable line (``message_in(lang)``: in the learner's language, for a learner's
    own file)."""


MAX_FILE_BYTES = 1 << 30
"""The largest data file gradtui reads (a .csv is read whole, as text, before parsing)."""
MAX_FILE_COLUMNS = 100_000
"""The most features (or target columns) of a file, as ``data.features`` allows."""
_MEMORY_SHARE = 0.5
"""A file's arrays may take at most this share of the free memory (as a network may)."""


@dataclass(frozen=True, eq=False)
class Dataset:
    """Examples ``x`` with targets ``y``, both read-only.

    ``x`` has shape ``(samples, features)`` in the run's dtype. ``y`` is ``(samples,
    outputs)`` in the same dtype for regression, or ``(samples,)`` int64 labels
    ``0..n_classes-1`` for classification. (``eq=False``: arrays have no single truth value.)
    """

    name: str
    x: np.ndarray
    y: np.ndarray
    task: str
    n_classes: int
    _orders: dict[tuple[int, int], np.ndarray] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.task not in ("regression", "classification"):
            raise DataError(f"task must be 'regression' or 'classification', not {self.task!r}")
        if self.x.ndim != 2 or len(self.x) != len(self.y) or len(self.x) == 0:
            raise DataError(
                f"x must be (samples, features) with one row of y per row; got x of shape "
                f"{self.x.shape} and y of shape {self.y.shape}"
            )
        if self.task == "regression" and (self.y.ndim != 2 or self.n_classes != 0):
            raise DataError("regression targets must be (samples, outputs) with n_classes = 0")
        if self.task == "classification" and (self.y.ndim != 1 or self.n_classes < 2):
            raise DataError("classification labels must be (samples,) with n_classes >= 2")

    @property
    def features(self) -> int:
        """Inputs per example: the network's input width."""
        return self.x.shape[1]

    @property
    def samples(self) -> int:
        """Examples in the data set."""
        return self.x.shape[0]

    def output_size(self, loss: str) -> int:
        """The network's output width for ``loss``: the target columns for regression; for
        classification one unit per class (``cross_entropy``, and ``mse`` on one-hot
        targets) or a single sigmoid unit (``bce``, two classes only)."""
        self._check_loss(loss, self.y)
        if self.task == "regression":
            return self.y.shape[1]
        return 1 if loss == "bce" else self.n_classes

    def targets(self, y_batch: np.ndarray, loss: str) -> np.ndarray:
        """What ``loss`` compares the output with, for the batch's ``y_batch``.

        Regression: ``y_batch`` itself. Classification: int64 labels ``(batch,)`` for
        ``cross_entropy``; one-hot rows ``(batch, n_classes)`` in x's dtype for ``mse``;
        0/1 as ``(batch, 1)`` in x's dtype for ``bce``.
        """
        self._check_loss(loss, y_batch)
        if self.task == "regression":
            return y_batch
        if loss == "cross_entropy":
            return np.ascontiguousarray(y_batch, dtype=np.int64)
        if loss == "mse":
            one_hot = np.zeros((len(y_batch), self.n_classes), dtype=self.x.dtype)
            one_hot[np.arange(len(y_batch)), y_batch] = 1.0
            return one_hot
        return y_batch.astype(self.x.dtype).reshape(-1, 1)

    def batch(self, index: int, batch_size: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
        """Batch number ``index`` (0, 1, 2, ...) of an endless stream: ``(x, y)`` copies.

        Each epoch visits the samples in a new order drawn from ``(seed, epoch)``, in
        ``samples // batch_size`` batches (the incomplete last one is dropped); a
        ``batch_size`` of at least ``samples`` makes every batch the whole set, reshuffled.
        The same arguments always give the same arrays, bit for bit.
        """
        index, batch_size, seed = int(index), int(batch_size), int(seed)
        if index < 0:
            raise DataError(f"batch index must be 0 or more, not {index}")
        if batch_size < 1:
            raise DataError(f"batch_size must be at least 1, not {batch_size}")
        size = min(batch_size, self.samples)
        epoch, position = divmod(index, self.samples // size)
        rows = self._order(seed, epoch)[position * size : (position + 1) * size]
        # Fancy indexing copies: the caller owns (and may keep or change) the result.
        return self.x[rows], self.y[rows]

    def _order(self, seed: int, epoch: int) -> np.ndarray:
        """The permutation of the samples for ``epoch``; the last two are kept."""
        key = (seed, epoch)
        order = self._orders.get(key)
        if order is None:
            rng = np.random.default_rng((seed, _ORDER_TAG, epoch))
            order = rng.permutation(self.samples)
            order.flags.writeable = False
            if len(self._orders) >= 2:
                self._orders.pop(next(iter(self._orders)))
            self._orders[key] = order
        return order

    def _check_loss(self, loss: str, y: np.ndarray) -> None:
        """Refuse a loss these targets cannot feed, saying what to use instead."""
        if loss not in LOSSES:
            raise DataError(f"unknown loss {loss!r}; use one of {', '.join(LOSSES)}")
        if self.task == "classification":
            if loss == "bce" and self.n_classes != 2:
                raise DataError(
                    f"loss 'bce' needs 2 classes, but the {self.name} data have "
                    f"{self.n_classes}; use loss 'cross_entropy'"
                )
            return
        if loss == "cross_entropy":
            raise DataError(
                f"loss 'cross_entropy' needs class labels, but the {self.name} data have "
                "numbers to predict (regression); use loss 'mse', or a classification data "
                "set (spirals, blobs, mnist-like)"
            )
        if loss == "bce" and (y.shape[1] != 1 or not np.all((y >= 0) & (y <= 1))):
            raise DataError(
                f"loss 'bce' needs one target between 0 and 1 per example, but the "
                f"{self.name} data have {y.shape[1]} target column(s) with values from "
                f"{y.min():g} to {y.max():g}; use loss 'mse'"
            )


def make_dataset(cfg: DataConfig, seed: int, dtype: str | np.dtype = "float64") -> Dataset:
    """The data set ``cfg`` describes; the same ``seed`` gives bit-identical arrays.

    Synthetic sets are drawn in float64 and then rounded to ``dtype``, so a float32 run
    sees the float64 run's data to float32 precision. Files ignore ``samples`` and
    ``features``: the file decides.
    """
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise DataError(f"dtype must be float32 or float64, not {dtype}")
    make = _MAKERS.get(cfg.name)
    if make is None:
        raise DataError(f"unknown data set {cfg.name!r}; choose one of {', '.join(_MAKERS)}")
    if cfg.name != "file":
        _check_sizes(cfg)
    x, y, n_classes = make(cfg, _data_rng(seed, cfg.name))
    if cfg.name == "file":
        _check_range(cfg, x, "x", dtype)
        if not n_classes:
            _check_range(cfg, y, "y", dtype)
    x = _read_only(x, dtype)
    if n_classes:
        return Dataset(cfg.name, x, _read_only(y, np.int64), "classification", n_classes)
    return Dataset(cfg.name, x, _read_only(y, dtype), "regression", 0)


def _check_range(cfg: DataConfig, array: np.ndarray, name: str, dtype: np.dtype) -> None:
    """Refuse finite values that would become inf in ``dtype`` (float32 tops out at 3.4e38)."""
    largest = np.finfo(dtype).max
    if array.size and np.abs(array).max() > largest:
        where = os.fspath(Path(cfg.path.strip()).expanduser())
        raise DataError(
            f"{where}: {name} has values too large for {dtype} (above {largest:.3g}); "
            "use dtype float64 or rescale the data"
        )


def _check_sizes(cfg: DataConfig) -> None:
    for name, value, least in (
        ("samples", cfg.samples, 1),
        ("features", cfg.features, 1),
        ("outputs", cfg.outputs, 1),
        ("classes", cfg.classes, 2),
    ):
        if int(value) < least:
            raise DataError(f"data.{name} must be at least {least}, not {value}")
    if not math.isfinite(cfg.noise) or cfg.noise < 0:
        raise DataError(f"data.noise must be 0 or more, not {cfg.noise}")


def _data_rng(seed: int, name: str) -> np.random.Generator:
    # zlib.crc32 is stable across runs and machines (str hash() is not).
    return np.random.default_rng((int(seed), _DATA_TAG, zlib.crc32(name.encode())))


def _read_only(array: np.ndarray, dtype: np.dtype | type) -> np.ndarray:
    # Every maker returns arrays of its own, so one already in the right dtype and layout is
    # kept rather than copied (a copy doubled the peak memory of a large set). Noise of up
    # to 1e100 (valid) is inf in float32: data to show, not a warning.
    with np.errstate(over="ignore"):
        result = np.ascontiguousarray(array, dtype=dtype)
    result.flags.writeable = False
    return result


# --------------------------------------------------------------------------------------
# Synthetic sets: each returns (x, y, n_classes), n_classes = 0 for regression.

Arrays = tuple[np.ndarray, np.ndarray, int]


def _balanced_labels(samples: int, classes: int) -> np.ndarray:
    """0, 1, ..., classes-1, 0, 1, ...: class sizes differ by at most one."""
    return np.arange(samples) % classes


def _teacher(cfg: DataConfig, rng: np.random.Generator) -> Arrays:
    """y = a random 2-layer tanh network of x (features -> 32 -> outputs), plus N(0, noise²).

    The output layer is scaled so that, over x ~ N(0, I), each clean target has mean 0 and
    standard deviation 1: a fresh network's mse loss starts near 1 for any sizes and seed.
    """
    weights_rng, x_rng, noise_rng = rng.spawn(3)
    hidden = _TEACHER_HIDDEN
    # LeCun-normal first layer: each pre-activation is N(b1, ~1) for x ~ N(0, I).
    w1 = weights_rng.standard_normal((cfg.features, hidden)) / math.sqrt(cfg.features)
    b1 = weights_rng.uniform(-0.5, 0.5, hidden)
    w2 = weights_rng.standard_normal((hidden, cfg.outputs))
    # Calibrate on pre-activations drawn straight from their law N(0, W1ᵀW1) (a 32-wide
    # draw whatever the number of features): u = g·diag(√λ)·Vᵀ has covariance VλVᵀ.
    eigenvalues, eigenvectors = np.linalg.eigh(w1.T @ w1)
    root = np.sqrt(np.clip(eigenvalues, 0.0, None))[:, None] * eigenvectors.T
    # Drawn and transformed a block of rows at a time, in place: the same numbers (the
    # generator's stream and each row's product do not depend on the block), but at most
    # one block of temporaries besides the result. The app builds this set at every start,
    # and a transient megabyte stays resident (see keep_freed_memory). The product with w2
    # stays whole: split into blocks, a matrix product of several outputs can round
    # differently.
    reference = np.empty((_TEACHER_CALIBRATION, hidden))
    for start in range(0, _TEACHER_CALIBRATION, _TEACHER_BLOCK):
        block = reference[start : start + _TEACHER_BLOCK]
        np.matmul(weights_rng.standard_normal(block.shape), root, out=block)
        block += b1
        np.tanh(block, out=block)
    reference_y = reference @ w2
    scale = 1.0 / np.maximum(reference_y.std(axis=0), 1e-12)
    w2 *= scale
    b2 = -reference_y.mean(axis=0) * scale
    # Separate streams: more samples extend the same data instead of redrawing it.
    x = x_rng.standard_normal((cfg.samples, cfg.features))
    y = np.tanh(x @ w1 + b1) @ w2 + b2
    _add_noise(y, cfg.noise, noise_rng)
    return x, y, 0


def _spirals(cfg: DataConfig, rng: np.random.Generator) -> Arrays:
    """``classes`` interleaved spiral arms in 2-D, within roughly [-1, 1]²."""
    labels = _balanced_labels(cfg.samples, cfg.classes)
    along = rng.uniform(0.0, 1.0, cfg.samples)  # 0 at the centre, 1 at the arm's tip
    angle = 2 * np.pi * (labels / cfg.classes + _SPIRAL_TURNS * along)
    angle += cfg.noise * rng.standard_normal(cfg.samples)
    radius = 0.1 + 0.9 * along + 0.5 * cfg.noise * rng.standard_normal(cfg.samples)
    x = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    return x, labels, cfg.classes


def _blobs(cfg: DataConfig, rng: np.random.Generator) -> Arrays:
    """``classes`` round Gaussian blobs (std = noise) centred evenly on a circle of radius 2."""
    labels = _balanced_labels(cfg.samples, cfg.classes)
    angles = rng.uniform(0.0, 2 * np.pi) + 2 * np.pi * np.arange(cfg.classes) / cfg.classes
    centres = _BLOB_RADIUS * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    spread = max(cfg.noise, _MIN_BLOB_STD)
    x = centres[labels] + spread * rng.standard_normal((cfg.samples, 2))
    return x, labels, cfg.classes


# A seven-segment display: the segments lit for each digit 0-9, so every class has a
# distinct, recognisable prototype. Corners: 0 top-left, 1 top-right, 2 middle-left,
# 3 middle-right, 4 bottom-left, 5 bottom-right.
_SEGMENTS = np.array([(0, 1), (1, 3), (3, 5), (4, 5), (2, 4), (0, 2), (2, 3)])  # a-g
_DIGIT_SEGMENTS = ("abcdef", "bc", "abged", "abgcd", "fgbc", "afgcd", "afgedc", "abc", "abcdefg")
_DIGIT_SEGMENTS += ("abcdfg",)
_CORNERS = np.array([(5, 9), (5, 19), (14, 9), (14, 19), (23, 9), (23, 19)], dtype=float)


def _digit_prototypes(rng: np.random.Generator) -> np.ndarray:
    """Ten 28×28 images in [0, 1]: seven-segment digits, each with its own seeded
    corner positions, slant and stroke width, drawn inside the central 20×20 box as
    MNIST's digits are."""
    corners = _CORNERS + rng.uniform(-1.0, 1.0, (_IMAGE_CLASSES, len(_CORNERS), 2))
    slant = rng.uniform(-0.2, 0.2, (_IMAGE_CLASSES, 1))
    corners[:, :, 1] += slant * (_IMAGE_SIDE / 2 - corners[:, :, 0])
    half_width = rng.uniform(0.9, 1.5, (_IMAGE_CLASSES, 1, 1))
    start = corners[:, _SEGMENTS[:, 0]][:, :, None, :]  # (classes, segments, 1, 2)
    end = corners[:, _SEGMENTS[:, 1]][:, :, None, :]
    rows, cols = np.mgrid[0:_IMAGE_SIDE, 0:_IMAGE_SIDE]
    pixels = np.stack([rows.ravel(), cols.ravel()], axis=1).astype(float)  # (784, 2)
    # Distance from each pixel centre to each segment (nearest point on the segment).
    direction = end - start
    along = np.sum((pixels - start) * direction, axis=-1) / np.sum(direction**2, axis=-1)
    nearest = start + np.clip(along, 0.0, 1.0)[..., None] * direction
    distance = np.sqrt(np.sum((pixels - nearest) ** 2, axis=-1))
    ink = np.clip(half_width + 0.5 - distance, 0.0, 1.0)  # anti-aliased stroke
    lit = np.array([[letter in digit for letter in "abcdefg"] for digit in _DIGIT_SEGMENTS])
    images = np.max(ink * lit[:, :, None], axis=1)
    return images.reshape(_IMAGE_CLASSES, _IMAGE_SIDE, _IMAGE_SIDE)


def _mnist_like(cfg: DataConfig, rng: np.random.Generator) -> Arrays:
    """A stand-in for MNIST: 28×28 images (784 values in [0, 1]) of 10 classes. Each example
    is its class's prototype shifted by up to 2 pixels, dimmed a little, plus pixel noise."""
    prototypes = _digit_prototypes(rng)
    labels = _balanced_labels(cfg.samples, _IMAGE_CLASSES)
    margin = _MAX_SHIFT
    padded = np.pad(prototypes, ((0, 0), (margin, margin), (margin, margin)))
    # windows[c, i, j] is prototype c moved by (margin - i, margin - j) pixels.
    windows = np.lib.stride_tricks.sliding_window_view(
        padded, (_IMAGE_SIDE, _IMAGE_SIDE), axis=(1, 2)
    )
    offsets = rng.integers(0, 2 * margin + 1, (cfg.samples, 2))
    images = windows[labels, offsets[:, 0], offsets[:, 1]].reshape(cfg.samples, -1)
    images *= rng.uniform(0.8, 1.0, (cfg.samples, 1))
    _add_noise(images, cfg.noise, rng)
    np.clip(images, 0.0, 1.0, out=images)
    return images, labels, _IMAGE_CLASSES


_NOISE_BLOCK = 1 << 18
"""Numbers of noise drawn at a time (2 MiB): a whole set's noise at once would double its
memory."""


def _add_noise(array: np.ndarray, noise: float, rng: np.random.Generator) -> None:
    """``array += noise · N(0, 1)`` in place, drawn in blocks of rows. The generator draws
    one number after another, so the blocks give the very numbers of a single draw."""
    rows = max(1, _NOISE_BLOCK // max(1, array[0].size if len(array) else 1))
    for start in range(0, len(array), rows):
        block = array[start : start + rows]
        draw = rng.standard_normal(block.shape)
        draw *= noise
        block += draw


def _ones(cfg: DataConfig, rng: np.random.Generator) -> Arrays:
    """Every input 1 and every target 0: numbers a learner can check by hand."""
    return np.ones((cfg.samples, cfg.features)), np.zeros((cfg.samples, cfg.outputs)), 0


# --------------------------------------------------------------------------------------
# The learner's own file


def _file(cfg: DataConfig, rng: np.random.Generator) -> Arrays:
    if not cfg.path.strip():
        raise DataError(Said("data_path_empty"))
    path = Path(cfg.path.strip()).expanduser()
    where = os.fspath(path)
    if not path.exists():
        raise DataError(Said("data_missing", where=where, cwd=os.getcwd()))
    if path.is_dir():
        raise DataError(Said("data_folder", where=where))
    suffix = path.suffix.lower()
    if suffix not in (".npz", ".csv"):
        kind = Said("data_suffix_files", suffix=suffix) if suffix else Said("data_no_suffix")
        raise DataError(Said("data_suffix", where=where, kind=kind))
    try:
        # Only a regular file, opened without waiting: a device would be read without end
        # and a pipe would block until something writes to it.
        stream = open_regular_file(path, limit=MAX_FILE_BYTES)
    except ConfigError as err:
        raise DataError(Said("data_unreadable", problem=err)) from None
    with stream:
        if os.fstat(stream.fileno()).st_size == 0:
            raise DataError(Said("data_zero_bytes", where=where))
        if suffix == ".npz":
            x, y = _read_npz(stream, where)
        else:
            x, y = _read_csv(stream, where)
    if len(x) != len(y):
        raise DataError(Said("data_rows", where=where, x_rows=len(x), y_rows=len(y)))
    if len(x) == 0:
        raise DataError(Said("data_no_examples", where=where))
    if x.shape[1] == 0:
        raise DataError(Said("data_no_columns", where=where))
    labels = _class_labels(y)
    if labels is not None:
        return x, labels, int(labels.max()) + 1
    return x, y.reshape(len(y), -1), 0


def _class_labels(y: np.ndarray) -> np.ndarray | None:
    """``y`` as int64 class labels if it is one column of whole numbers from 0 up to at most
    MAX_FILE_CLASSES - 1 that includes 0 and 1 or more; otherwise None (regression)."""
    if y.ndim == 2 and y.shape[1] != 1:
        return None
    y = y.reshape(-1)
    low, high = y.min(), y.max()
    if low != 0 or not 1 <= high < MAX_FILE_CLASSES or not np.all(np.floor(y) == y):
        return None
    return y.astype(np.int64)


def _npz_arrays(stream: BinaryIO, where: str) -> dict[str, np.ndarray]:
    """The arrays ``x`` and ``y`` of an open .npz file."""
    advice = Said("data_npz_advice")
    start = stream.read(len(np.lib.format.MAGIC_PREFIX))
    stream.seek(0)
    if start.startswith(np.lib.format.MAGIC_PREFIX):
        raise DataError(Said("data_single_array", where=where, advice=advice))
    if not start.startswith(b"PK"):
        raise DataError(Said("data_not_npz", where=where, advice=advice))
    # A damaged file can make zipfile and NumPy raise almost anything (BadZipFile, EOFError,
    # NotImplementedError for an unknown compression, RuntimeError if encrypted, ...): each
    # is reported, with its text, as a DataError rather than a traceback.
    try:
        archive = np.load(stream, allow_pickle=False)
    except MemoryError:
        raise
    except Exception as err:
        raise DataError(f"{where} is not a readable .npz file ({_reason(err)}); {advice}") from None
    if not isinstance(archive, np.lib.npyio.NpzFile):
        raise DataError(f"{where} is not a readable .npz file; {advice}")
    arrays = {}
    with archive:
        for name in ("x", "y"):
            if name not in archive.files:
                found = ", ".join(repr(key) for key in archive.files) or "none"
                raise DataError(
                    Said("data_no_array", where=where, name=repr(name), found=found, advice=advice)
                )
            _check_declared_size(archive, name, where)
            try:
                arrays[name] = archive[name]
            except ValueError as err:
                # NumPy refuses arrays of Python objects (dtype=object) without pickle.
                problem = "it holds Python objects" if "pickle" in str(err) else _reason(err)
                raise DataError(
                    f"{where}: cannot read array {name!r} ({problem}); save numbers only, "
                    f"e.g. np.savez(path, {name}=np.asarray({name}, dtype=float), ...)"
                ) from None
            except MemoryError:
                raise
            except Exception as err:  # a damaged file, as above
                raise DataError(
                    f"{where}: cannot read array {name!r} ({_reason(err)}); {advice}"
                ) from None
    return arrays


def npy_header(archive: np.lib.npyio.NpzFile, member: str) -> tuple[tuple[int, ...], np.dtype, int]:
    """The shape and dtype that ``member`` (an .npy in ``archive``) declares in its header,
    and the bytes of data it stores, read without loading it; a damaged header raises
    whatever zipfile or NumPy raise."""
    with archive.zip.open(member) as npy:
        version = np.lib.format.read_magic(npy)
        read_header = (
            np.lib.format.read_array_header_1_0
            if version == (1, 0)
            else np.lib.format.read_array_header_2_0
        )
        shape, _fortran, dtype = read_header(npy)
        header_size = npy.tell()
    return shape, dtype, archive.zip.getinfo(member).file_size - header_size


def _check_declared_size(archive: np.lib.npyio.NpzFile, name: str, where: str) -> None:
    """Refuse an array whose header declares more than gradtui can hold, or more than the
    archive holds, before NumPy allocates it (a 538-byte file can declare 8 TB)."""
    member = f"{name}.npy"
    if member not in archive.zip.namelist():
        # NumPy would hand back such a member's raw bytes, of any size.
        raise DataError(
            f"{where}: {name!r} is not a NumPy array (no {member} in the archive); save it "
            "with np.savez(path, x=..., y=...)"
        )
    try:
        shape, dtype, stored = npy_header(archive, member)
    except Exception as err:  # a damaged header: zipfile and NumPy raise many kinds
        raise DataError(
            f"{where}: cannot read array {name!r} ({_reason(err)}); save it with "
            "np.savez(path, x=..., y=...)"
        ) from None
    count = math.prod(shape)
    declared = count * dtype.itemsize
    rows = shape[0] if shape else 1
    columns = math.prod(shape[1:]) if len(shape) > 1 else 1
    if declared > stored:
        raise DataError(
            f"{where}: array {name!r} declares shape {printable(shape)} but holds only "
            f"{stored} bytes of data; the file is damaged, save it again"
        )
    if rows > MAX_SAMPLES or columns > MAX_FILE_COLUMNS:
        raise DataError(
            f"{where}: array {name!r} has shape {printable(shape)}; gradtui takes at most "
            f"{MAX_SAMPLES} examples of at most {MAX_FILE_COLUMNS} values"
        )
    _check_fits(declared, where)


def _check_fits(size: int, where: str) -> None:
    """Refuse data of ``size`` bytes (as float64) when it would not fit in memory."""
    from gradtui.config import available_memory_bytes

    available = available_memory_bytes()
    if available is not None and size > available * _MEMORY_SHARE:
        raise DataError(
            f"{where}: its arrays would need {size / 2**30:.1f} GiB of memory but "
            f"{available / 2**30:.1f} GiB is available (gradtui uses at most half); use "
            "fewer examples"
        )


def _reason(error: Exception) -> str:
    return str(error) or type(error).__name__


def _numeric(array: np.ndarray, name: str, where: str) -> np.ndarray:
    """``array`` as float64, or a DataError if it does not hold real numbers."""
    if array.dtype.kind not in "biuf":
        kind = {"c": "complex numbers", "U": "text", "S": "bytes", "O": "Python objects"}.get(
            array.dtype.kind, f"values of type {array.dtype}"
        )
        raise DataError(Said("data_kind", where=where, name=name, kind=kind))
    return array.astype(np.float64)


def _check_finite(array: np.ndarray, name: str | Said, where: str, locate: Callable) -> None:
    bad = ~np.isfinite(array)
    if bad.any():
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        raise DataError(
            Said(
                "data_nonfinite",
                where=where,
                name=name,
                count=int(bad.sum()),
                at=locate(first),
                value=array[first],
            )
        )


def _read_npz(stream: BinaryIO, where: str) -> tuple[np.ndarray, np.ndarray]:
    # The file is opened by the caller: np.load(path) leaks its handle when the zip is broken.
    try:
        arrays = _npz_arrays(stream, where)
    except OSError as err:
        raise DataError(f"{where}: cannot read it ({err.strerror or err})") from None
    x = _numeric(arrays["x"], "x", where)
    y = _numeric(arrays["y"], "y", where)
    if x.ndim != 2:
        hint = {
            0: "give one row per example",
            1: "for one feature per example, save x.reshape(-1, 1)",
        }.get(x.ndim, "flatten each example: save x.reshape(len(x), -1)")
        raise DataError(
            f"{where}: x must be 2-D (examples, features) but has shape {x.shape}; {hint}"
        )
    if y.ndim not in (1, 2):
        raise DataError(
            f"{where}: y must be 1-D (one target per example) or 2-D (examples, targets) "
            f"but has shape {y.shape}; save y.reshape(len(y), -1)"
        )
    _check_finite(x, "x", where, lambda index: Said("data_at", at=f"x[{index[0]}, {index[1]}]"))
    _check_finite(
        y, "y", where, lambda index: Said("data_at", at=f"y[{', '.join(map(str, index))}]")
    )
    return x, y


_TARGET_COLUMN = re.compile(r"y\d*", re.IGNORECASE)


def _parse_number(cell: str) -> float | None:
    text = cell.strip()
    # NumPy's loadtxt (the fast path) refuses digit separators that float() accepts.
    if not text or "_" in text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _read_csv(stream: BinaryIO, where: str) -> tuple[np.ndarray, np.ndarray]:
    import csv  # here: only a data file needs it, not every start of the app

    size = os.fstat(stream.fileno()).st_size
    # The text, its lines and the numbers all live at once: about 6 bytes per byte of file.
    _check_fits(6 * size, where)
    try:
        text = stream.read().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DataError(Said("data_not_utf8", where=where, offset=err.start)) from None
    except OSError as err:
        raise DataError(f"{where}: cannot read it ({err.strerror or err})") from None
    lines, line_numbers = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            lines.append(line)
            line_numbers.append(number)
    if not lines:
        raise DataError(Said("data_csv_empty", where=where))
    first = next(csv.reader([lines[0]]))
    # A first row of numbers (blanks aside: those are reported as empty cells) is data.
    has_header = any(cell.strip() and _parse_number(cell) is None for cell in first)
    if has_header:
        columns = [cell.strip() for cell in first]
        targets = [i for i, name in enumerate(columns) if _TARGET_COLUMN.fullmatch(name)]
        if not targets:
            separator = next((s for s in (";", "\t") if s in lines[0] and "," not in lines[0]), "")
            if separator:
                raise DataError(Said("data_separator", where=where, separator=repr(separator)))
            raise DataError(Said("data_no_target", where=where, columns=", ".join(columns)))
        if len(targets) == len(columns):
            raise DataError(Said("data_all_targets", where=where, columns=", ".join(columns)))
        body, body_lines = lines[1:], line_numbers[1:]
    else:
        if len(first) < 2:
            raise DataError(Said("data_one_column", where=where))
        columns = [f"column {i + 1}" for i in range(len(first))]
        targets = [len(first) - 1]
        body, body_lines = lines, line_numbers
    if not body:
        raise DataError(Said("data_header_only", where=where))
    table = _parse_table(body, body_lines, columns, where)

    def locate(index: tuple[int, ...]) -> Said:
        column = _column_name(columns, index[1])
        return Said("data_on_line", line=body_lines[index[0]], column=column)

    _check_finite(table, Said("data_the_data"), where, locate)
    features = [i for i in range(len(columns)) if i not in targets]
    return table[:, features], table[:, targets]


def _column_name(columns: list[str], index: int) -> Said:
    """``column 3`` of a file without a header, ``column 3 ('b')`` of one with."""
    name = columns[index]
    if name.startswith("column "):
        return Said("data_column", number=index + 1)
    return Said("data_column_named", number=index + 1, name=repr(name))


def _parse_table(
    body: list[str], body_lines: list[int], columns: list[str], where: str
) -> np.ndarray:
    """The rows of numbers as float64 (n, len(columns)), or a DataError naming the first bad
    line and column. NumPy parses; Python only looks for the culprit if NumPy fails."""
    try:
        table = np.loadtxt(
            body, delimiter=",", ndmin=2, dtype=np.float64, comments=None, quotechar='"'
        )
    except ValueError as err:
        numpy_message = str(err)
    else:
        # A quote left open can join lines: then the rows no longer match the lines.
        if table.shape == (len(body), len(columns)):
            return table
        numpy_message = f"{table.shape[0]} rows of {table.shape[1]} values"
    import csv  # only to name the bad line (see _read_csv)

    for number, line in zip(body_lines, body, strict=True):
        row = next(csv.reader([line]))
        if len(row) != len(columns):
            values = Said("data_values" if len(row) != 1 else "data_value")
            raise DataError(
                Said(
                    "data_row_length",
                    where=where,
                    line=number,
                    count=len(row),
                    values=values,
                    columns=len(columns),
                )
            )
        for index, cell in enumerate(row):
            if _parse_number(cell) is None:
                column = _column_name(columns, index)
                if not cell.strip():
                    raise DataError(
                        Said("data_cell_empty", where=where, line=number, column=column)
                    )
                raise DataError(
                    Said(
                        "data_cell_text",
                        where=where,
                        line=number,
                        column=column,
                        cell=repr(cell.strip()),
                    )
                )
    raise DataError(f"{where}: cannot read the numbers ({numpy_message})")


_MAKERS: dict[str, Callable[[DataConfig, np.random.Generator], Arrays]] = {
    "teacher": _teacher,
    "spirals": _spirals,
    "blobs": _blobs,
    "mnist-like": _mnist_like,
    "ones": _ones,
    "file": _file,
}
