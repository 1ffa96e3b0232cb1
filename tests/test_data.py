"""Data sets: seeded synthetic sets, the learner's own files, batches and loss targets."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradtui.config import DATASETS, DataConfig
from gradtui.sim.data import DataError, Dataset, make_dataset

SYNTHETIC = tuple(name for name in DATASETS if name != "file")
CLASSIFICATION = ("spirals", "blobs", "mnist-like")


def data(name: str, **fields) -> DataConfig:
    return dataclasses.replace(DataConfig(), name=name, **fields)


def file_data(path: Path, **fields) -> DataConfig:
    return data("file", path=str(path), **fields)


def raises(*fragments: str):
    """pytest.raises(DataError) whose message contains every fragment, in order."""
    return pytest.raises(DataError, match=".*".join(re.escape(f) for f in fragments))


# --------------------------------------------------------------------------------------
# Every data set


def test_every_configurable_name_is_built():
    for name in SYNTHETIC:
        assert make_dataset(data(name, samples=20), seed=0).name == name
    with raises("unknown data set 'moons'", "teacher", "file"):
        make_dataset(data("moons"), seed=0)


@pytest.mark.parametrize("name", SYNTHETIC)
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_same_seed_gives_identical_data(name, dtype):
    first = make_dataset(data(name, samples=300), seed=7, dtype=dtype)
    second = make_dataset(data(name, samples=300), seed=7, dtype=np.dtype(dtype))
    assert first.x.tobytes() == second.x.tobytes()
    assert first.y.tobytes() == second.y.tobytes()


@pytest.mark.parametrize("name", [name for name in SYNTHETIC if name != "ones"])
def test_another_seed_gives_other_data(name):
    first = make_dataset(data(name, samples=300), seed=7)
    second = make_dataset(data(name, samples=300), seed=8)
    assert not np.array_equal(first.x, second.x)


EXPECTED = {
    # name: (features, y shape after samples, task, n_classes)
    "teacher": (5, (3,), "regression", 0),
    "spirals": (2, (), "classification", 4),
    "blobs": (2, (), "classification", 4),
    "mnist-like": (784, (), "classification", 10),
    "ones": (5, (3,), "regression", 0),
}


@pytest.mark.parametrize("name", SYNTHETIC)
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_shapes_dtypes_and_read_only(name, dtype):
    dataset = make_dataset(
        data(name, samples=120, features=5, outputs=3, classes=4), seed=1, dtype=dtype
    )
    features, y_tail, task, n_classes = EXPECTED[name]
    assert dataset.x.shape == (120, features)
    assert (dataset.samples, dataset.features) == (120, features)
    assert dataset.y.shape == (120, *y_tail)
    assert (dataset.task, dataset.n_classes) == (task, n_classes)
    assert dataset.x.dtype == np.dtype(dtype)
    assert dataset.y.dtype == (np.int64 if task == "classification" else np.dtype(dtype))
    assert dataset.x.flags.c_contiguous and dataset.y.flags.c_contiguous
    assert not dataset.x.flags.writeable and not dataset.y.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        dataset.x[0, 0] = 1.0
    assert np.all(np.isfinite(dataset.x))


@pytest.mark.parametrize("name", SYNTHETIC)
def test_float32_data_is_the_float64_data_rounded(name):
    wide = make_dataset(data(name, samples=50), seed=3, dtype="float64")
    narrow = make_dataset(data(name, samples=50), seed=3, dtype="float32")
    assert np.array_equal(narrow.x, wide.x.astype(np.float32))
    assert np.array_equal(narrow.y, wide.y.astype(narrow.y.dtype))


def test_only_float_dtypes():
    with raises("dtype must be float32 or float64, not int32"):
        make_dataset(data("teacher"), seed=0, dtype="int32")


@pytest.mark.parametrize("name", CLASSIFICATION)
@pytest.mark.parametrize("samples", [1, 99, 100, 101, 997])
def test_classes_are_balanced(name, samples):
    dataset = make_dataset(data(name, samples=samples, classes=7), seed=0)
    counts = np.bincount(dataset.y, minlength=dataset.n_classes)
    assert counts.sum() == samples
    assert counts.max() - counts.min() <= 1
    assert dataset.y.min() >= 0 and dataset.y.max() < dataset.n_classes


def test_invalid_sizes_are_refused():
    with raises("data.samples must be at least 1, not 0"):
        make_dataset(data("teacher", samples=0), seed=0)
    with raises("data.classes must be at least 2, not 1"):
        make_dataset(data("blobs", classes=1), seed=0)
    with raises("data.noise must be 0 or more, not -1"):
        make_dataset(data("spirals", noise=-1.0), seed=0)


# --------------------------------------------------------------------------------------
# The synthetic sets, one by one


@pytest.mark.parametrize("features", [1, 8, 100])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_teacher_targets_have_mean_zero_and_std_one(features, seed):
    dataset = make_dataset(
        data("teacher", samples=4000, features=features, outputs=3, noise=0), seed=seed
    )
    assert np.all(np.abs(dataset.y.mean(axis=0)) < 0.15)
    assert np.all(np.abs(dataset.y.std(axis=0) - 1) < 0.15)
    assert abs(dataset.x.std() - 1) < 0.05


def test_teacher_noise_is_added_to_the_same_teacher():
    clean = make_dataset(data("teacher", samples=5000, noise=0.0), seed=4)
    noisy = make_dataset(data("teacher", samples=5000, noise=0.5), seed=4)
    assert np.array_equal(clean.x, noisy.x)
    assert abs((noisy.y - clean.y).std() - 0.5) < 0.02


def test_more_teacher_samples_extend_the_same_data():
    small = make_dataset(data("teacher", samples=100), seed=5)
    large = make_dataset(data("teacher", samples=300), seed=5)
    assert np.array_equal(large.x[:100], small.x)
    assert np.array_equal(large.y[:100], small.y)


def test_spirals_fill_the_unit_square_and_arms_differ():
    dataset = make_dataset(data("spirals", samples=3000, classes=3, noise=0.1), seed=0)
    assert np.abs(dataset.x).max() < 1.5
    assert np.percentile(np.abs(dataset.x), 99) > 0.8
    # Every arm runs from the centre to the rim.
    radius = np.hypot(*dataset.x.T)
    for label in range(3):
        assert 0.4 < radius[dataset.y == label].mean() < 0.65


def test_blobs_sit_on_a_circle_of_radius_two_with_std_noise():
    dataset = make_dataset(data("blobs", samples=6000, classes=5, noise=0.3), seed=0)
    for label in range(5):
        points = dataset.x[dataset.y == label]
        assert abs(np.hypot(*points.mean(axis=0)) - 2.0) < 0.05
        assert np.allclose(points.std(axis=0), 0.3, atol=0.03)
    tight = make_dataset(data("blobs", samples=600, noise=0.0), seed=0)
    assert tight.x.std() > 0  # a zero noise still gives a small spread


def test_mnist_like_looks_like_an_image_task():
    dataset = make_dataset(data("mnist-like", samples=500, features=3, classes=3), seed=0)
    assert dataset.x.shape == (500, 784) and dataset.n_classes == 10
    assert dataset.x.min() >= 0.0 and dataset.x.max() <= 1.0
    images = dataset.x.reshape(-1, 28, 28)
    # Ink in the middle, not at the border, as in MNIST.
    assert images[:, 8:20, 8:20].mean() > 3 * images[:, :2, :].mean()


def test_mnist_like_prototypes_are_distinct():
    dataset = make_dataset(data("mnist-like", samples=2000, noise=0.0), seed=11)
    means = np.stack([dataset.x[dataset.y == label].mean(axis=0) for label in range(10)])
    distances = np.linalg.norm(means[:, None] - means[None], axis=-1)
    assert distances[~np.eye(10, dtype=bool)].min() > 1.0


@pytest.mark.parametrize("seed", [0, 1])
def test_mnist_like_classes_are_learnable(seed):
    """Softmax regression, trained on half the examples, labels the other half."""
    dataset = make_dataset(data("mnist-like", samples=1000), seed=seed)
    x_train, x_test = dataset.x[:500], dataset.x[500:]
    y_train, y_test = dataset.y[:500], dataset.y[500:]
    one_hot = dataset.targets(y_train, "mse")
    weights = np.zeros((784, 10))
    for _ in range(60):
        logits = x_train @ weights
        probabilities = np.exp(logits - logits.max(axis=1, keepdims=True))
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        weights -= 0.5 * x_train.T @ (probabilities - one_hot) / len(x_train)
    assert np.mean((x_test @ weights).argmax(axis=1) == y_test) > 0.9


def test_ones_is_all_ones_in_and_zeros_out():
    dataset = make_dataset(data("ones", samples=4, features=1, outputs=1), seed=9)
    assert dataset.x.tolist() == [[1.0]] * 4
    assert dataset.y.tolist() == [[0.0]] * 4
    wide = make_dataset(data("ones", samples=3, features=2, outputs=5), seed=0)
    assert np.all(wide.x == 1) and wide.x.shape == (3, 2)
    assert np.all(wide.y == 0) and wide.y.shape == (3, 5)


# --------------------------------------------------------------------------------------
# Batches


def numbered(samples: int) -> Dataset:
    """A data set whose x and y hold each example's row number."""
    rows = np.arange(samples, dtype=np.float64)
    return Dataset("numbered", rows[:, None], rows[:, None].copy(), "regression", 0)


@settings(max_examples=200, deadline=None)
@given(
    samples=st.integers(1, 60),
    batch_size=st.integers(1, 80),
    index=st.integers(0, 500),
    seed=st.integers(0, 2**32 - 1),
)
def test_batch_is_reproducible_and_shaped(samples, batch_size, index, seed):
    dataset = numbered(samples)
    x, y = dataset.batch(index, batch_size, seed)
    size = min(batch_size, samples)
    assert x.shape == (size, 1) and y.shape == (size, 1)
    assert x.flags.c_contiguous and x.flags.writeable and y.flags.writeable
    assert np.array_equal(x, y)
    # Bit-identical from the same object (cached order) and from a fresh one.
    for source in (dataset, numbered(samples)):
        again_x, again_y = source.batch(index, batch_size, seed)
        assert again_x.tobytes() == x.tobytes() and again_y.tobytes() == y.tobytes()
    # The caller owns the copy.
    x[:] = -1
    assert np.all(dataset.x >= 0)


@settings(max_examples=200, deadline=None)
@given(
    samples=st.integers(1, 60),
    batch_size=st.integers(1, 80),
    epoch=st.integers(0, 20),
    seed=st.integers(0, 2**32 - 1),
)
def test_each_epoch_visits_every_sample_at_most_once(samples, batch_size, epoch, seed):
    dataset = numbered(samples)
    size = min(batch_size, samples)
    per_epoch = samples // size
    rows = np.concatenate(
        [
            dataset.batch(index, batch_size, seed)[0][:, 0]
            for index in range(epoch * per_epoch, (epoch + 1) * per_epoch)
        ]
    )
    assert len(rows) == per_epoch * size == samples - samples % size
    assert len(np.unique(rows)) == len(rows)
    if samples % size == 0:
        assert sorted(rows) == list(range(samples))


def test_every_epoch_is_reshuffled():
    dataset = numbered(100)
    epochs = [
        np.concatenate([dataset.batch(epoch * 10 + i, 10, seed=0)[0] for i in range(10)])
        for epoch in range(3)
    ]
    assert not np.array_equal(epochs[0], epochs[1])
    assert not np.array_equal(epochs[1], epochs[2])
    assert not np.array_equal(epochs[0][:, 0], np.arange(100))
    assert not np.array_equal(dataset.batch(0, 10, seed=0)[0], dataset.batch(0, 10, seed=1)[0])


def test_a_batch_larger_than_the_data_is_the_whole_set_reshuffled():
    dataset = numbered(20)
    first, _ = dataset.batch(0, 64, seed=3)
    second, _ = dataset.batch(1, 64, seed=3)
    assert sorted(first[:, 0]) == sorted(second[:, 0]) == list(range(20))
    assert not np.array_equal(first, second)


def test_the_incomplete_last_batch_is_dropped():
    dataset = numbered(10)
    # 10 // 4 = 2 batches per epoch: batch 2 starts the second epoch.
    epoch_one = np.concatenate([dataset.batch(i, 4, seed=0)[0] for i in (0, 1)])
    epoch_two = np.concatenate([dataset.batch(i, 4, seed=0)[0] for i in (2, 3)])
    assert len(np.unique(epoch_one)) == len(np.unique(epoch_two)) == 8


def test_batches_of_labels_stay_int64():
    dataset = make_dataset(data("blobs", samples=50), seed=0)
    x, y = dataset.batch(3, 16, seed=0)
    assert x.shape == (16, 2) and y.shape == (16,) and y.dtype == np.int64


def test_bad_batch_arguments():
    dataset = numbered(10)
    with raises("batch index must be 0 or more, not -1"):
        dataset.batch(-1, 4, seed=0)
    with raises("batch_size must be at least 1, not 0"):
        dataset.batch(0, 0, seed=0)


# --------------------------------------------------------------------------------------
# What each loss consumes


def test_regression_targets_are_y_itself():
    dataset = make_dataset(data("teacher", samples=40, outputs=2), seed=0)
    _, y = dataset.batch(0, 8, seed=0)
    assert dataset.output_size("mse") == 2
    assert dataset.targets(y, "mse") is y


def test_regression_refuses_cross_entropy():
    dataset = make_dataset(data("teacher"), seed=0)
    message = ("loss 'cross_entropy' needs class labels", "teacher", "use loss 'mse'")
    with raises(*message):
        dataset.output_size("cross_entropy")
    with raises(*message):
        dataset.targets(dataset.y[:4], "cross_entropy")


def test_regression_bce_needs_one_target_in_zero_one():
    ones = make_dataset(data("ones", samples=4, features=1, outputs=1), seed=0)
    assert ones.output_size("bce") == 1
    assert ones.targets(ones.y[:2], "bce").shape == (2, 1)
    teacher = make_dataset(data("teacher"), seed=0)
    with raises("loss 'bce' needs one target between 0 and 1", "use loss 'mse'"):
        teacher.output_size("bce")


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_classification_targets_for_each_loss(dtype):
    dataset = make_dataset(data("spirals", samples=60, classes=3), seed=0, dtype=dtype)
    _, labels = dataset.batch(0, 12, seed=0)
    assert dataset.output_size("cross_entropy") == 3
    assert dataset.output_size("mse") == 3

    cross_entropy = dataset.targets(labels, "cross_entropy")
    assert cross_entropy.dtype == np.int64 and cross_entropy.shape == (12,)
    assert np.array_equal(cross_entropy, labels)

    one_hot = dataset.targets(labels, "mse")
    assert one_hot.dtype == np.dtype(dtype) and one_hot.shape == (12, 3)
    assert np.array_equal(one_hot.argmax(axis=1), labels)
    assert np.all(one_hot.sum(axis=1) == 1) and set(np.unique(one_hot)) <= {0.0, 1.0}


def test_bce_targets_for_two_classes():
    dataset = make_dataset(data("blobs", samples=40, classes=2), seed=0, dtype="float32")
    _, labels = dataset.batch(0, 10, seed=0)
    assert dataset.output_size("bce") == 1
    target = dataset.targets(labels, "bce")
    assert target.shape == (10, 1) and target.dtype == np.float32
    assert np.array_equal(target[:, 0], labels)


def test_bce_refuses_more_than_two_classes():
    dataset = make_dataset(data("mnist-like", samples=20), seed=0)
    message = ("loss 'bce' needs 2 classes", "mnist-like data have 10", "'cross_entropy'")
    with raises(*message):
        dataset.output_size("bce")
    with raises(*message):
        dataset.targets(dataset.y[:4], "bce")


def test_unknown_loss():
    dataset = make_dataset(data("blobs"), seed=0)
    with raises("unknown loss 'hinge'; use one of mse, cross_entropy, bce"):
        dataset.output_size("hinge")


# --------------------------------------------------------------------------------------
# The learner's files


def test_npz_with_integer_labels_is_classification(tmp_path):
    path = tmp_path / "digits.npz"
    x = np.arange(12.0).reshape(6, 2)
    np.savez(path, x=x, y=np.array([0, 1, 2, 0, 1, 2]))
    dataset = make_dataset(file_data(path, samples=999, features=7), seed=0, dtype="float32")
    assert (dataset.task, dataset.n_classes, dataset.samples, dataset.features) == (
        "classification",
        3,
        6,
        2,
    )
    assert dataset.x.dtype == np.float32 and np.array_equal(dataset.x, x)
    assert dataset.y.dtype == np.int64 and dataset.y.tolist() == [0, 1, 2, 0, 1, 2]
    assert not dataset.x.flags.writeable and not dataset.y.flags.writeable


@pytest.mark.parametrize(
    "y",
    [
        np.array([0.0, 1.0, 1.0, 0.0]),  # whole floats count as labels
        np.array([[0], [1], [1], [0]]),  # one column
        np.array([False, True, True, False]),
    ],
)
def test_npz_whole_number_targets_are_labels(tmp_path, y):
    path = tmp_path / "labels.npz"
    np.savez(path, x=np.zeros((4, 3)), y=y)
    dataset = make_dataset(file_data(path), seed=0)
    assert dataset.task == "classification" and dataset.n_classes == 2
    assert dataset.y.tolist() == [0, 1, 1, 0]


@pytest.mark.parametrize(
    ("y", "shape"),
    [
        (np.array([0.5, 1.0, 2.0, 0.0]), (4, 1)),  # not whole numbers
        (np.array([1, 2, 3, 1]), (4, 1)),  # does not start at 0
        (np.array([0, 0, 0, 0]), (4, 1)),  # a single value
        (np.array([0, 1000, 3, 2]), (4, 1)),  # too many classes
        (np.array([[0, 1], [1, 0], [1, 1], [0, 0]]), (4, 2)),  # two columns
    ],
)
def test_npz_other_targets_are_regression(tmp_path, y, shape):
    path = tmp_path / "values.npz"
    np.savez(path, x=np.zeros((4, 3)), y=y)
    dataset = make_dataset(file_data(path), seed=0)
    assert (dataset.task, dataset.n_classes) == ("regression", 0)
    assert dataset.y.shape == shape and dataset.y.dtype == np.float64
    assert np.array_equal(dataset.y, y.reshape(shape))


def test_csv_with_header(tmp_path):
    path = tmp_path / "houses.csv"
    path.write_text('rooms,y, "area"\n3,1.5,70\n\n4, 2.25 ,"95"\n')
    dataset = make_dataset(file_data(path), seed=0)
    assert dataset.x.tolist() == [[3.0, 70.0], [4.0, 95.0]]
    assert dataset.y.tolist() == [[1.5], [2.25]]
    assert dataset.task == "regression"


def test_csv_with_several_targets_and_labels(tmp_path):
    several = tmp_path / "several.csv"
    several.write_text("a,y0,b,Y1\n1,0.5,2,7\n3,0.25,4,8\n")
    dataset = make_dataset(file_data(several), seed=0)
    assert dataset.x.tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert dataset.y.tolist() == [[0.5, 7.0], [0.25, 8.0]]
    labels = tmp_path / "labels.csv"
    labels.write_bytes("\ufeffx1,x2,y\r\n0.1,0.2,0\r\n0.3,0.4,1\r\n".encode())  # BOM, CRLF
    classes = make_dataset(file_data(labels), seed=0)
    assert (classes.task, classes.n_classes, classes.y.tolist()) == ("classification", 2, [0, 1])


def test_csv_without_header_has_the_target_last(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("1,2,0\n3,4,1\n5,6,2\n")
    dataset = make_dataset(file_data(path), seed=0)
    assert dataset.x.tolist() == [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]
    assert (dataset.task, dataset.n_classes, dataset.y.tolist()) == ("classification", 3, [0, 1, 2])


def test_file_data_does_not_depend_on_the_seed_but_batches_do(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("".join(f"{i},{i * 0.5}\n" for i in range(50)))
    first, second = (make_dataset(file_data(path), seed=seed) for seed in (0, 1))
    assert np.array_equal(first.x, second.x)
    assert not np.array_equal(first.batch(0, 10, seed=0)[0], first.batch(0, 10, seed=1)[0])


def npz(tmp_path: Path, **arrays) -> Path:
    path = tmp_path / "my.npz"
    np.savez(path, **arrays)
    return path


def csv_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "my.csv"
    path.write_text(text)
    return path


def test_file_errors_about_the_path(tmp_path):
    with raises("data.path is empty", ".npz or .csv"):
        make_dataset(file_data(Path("  ")), seed=0)
    with raises("nothere.npz: no such file", "check data.path"):
        make_dataset(file_data(tmp_path / "nothere.npz"), seed=0)
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    with raises("folder.csv is a folder", ".npz or .csv file"):
        make_dataset(file_data(folder), seed=0)
    text = tmp_path / "data.txt"
    text.write_text("1,2\n")
    with raises("data.txt: gradtui reads .npz and .csv files, not .txt files", "np.savez"):
        make_dataset(file_data(text), seed=0)


@pytest.mark.parametrize("suffix", [".npz", ".csv"])
def test_empty_files(tmp_path, suffix):
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    with raises(f"empty{suffix} is empty (0 bytes)"):
        make_dataset(file_data(path), seed=0)


def test_npz_errors(tmp_path):
    advice = "save it with np.savez(path, x=..., y=...)"
    with raises("my.npz has no array named 'y' (it has 'x')", advice):
        make_dataset(file_data(npz(tmp_path, x=np.zeros((3, 2)))), seed=0)
    with raises("my.npz has no array named 'x' (it has 'inputs', 'y')", advice):
        make_dataset(file_data(npz(tmp_path, inputs=np.zeros((3, 2)), y=np.zeros(3))), seed=0)
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"PK\x03\x04 not really a zip file")
    with raises("broken.npz is not a readable .npz file", advice):
        make_dataset(file_data(broken), seed=0)
    pickled = tmp_path / "text.npz"
    pickled.write_text("x,y\n1,2\n")
    with raises("text.npz is not a .npz file (NumPy's zip archive of arrays)", advice):
        make_dataset(file_data(pickled), seed=0)
    single = tmp_path / "single.npz"
    with single.open("wb") as stream:
        np.save(stream, np.zeros((3, 2)))
    with raises("single.npz holds a single array, not arrays named x and y", advice):
        make_dataset(file_data(single), seed=0)


def test_npz_array_errors(tmp_path):
    def load(**arrays):
        return make_dataset(file_data(npz(tmp_path, **arrays)), seed=0)

    with raises("my.npz: x must be 2-D (examples, features) but has shape (4,)", "reshape(-1, 1)"):
        load(x=np.zeros(4), y=np.zeros(4))
    with raises("x must be 2-D", "shape (4, 28, 28)", "x.reshape(len(x), -1)"):
        load(x=np.zeros((4, 28, 28)), y=np.zeros(4))
    with raises("y must be 1-D", "shape (4, 2, 2)"):
        load(x=np.zeros((4, 2)), y=np.zeros((4, 2, 2)))
    with raises("my.npz: x has 4 rows but y has 3", "one target row per example"):
        load(x=np.zeros((4, 2)), y=np.zeros(3))
    with raises("my.npz has no examples"):
        load(x=np.zeros((0, 2)), y=np.zeros(0))
    with raises("my.npz: x has no columns"):
        load(x=np.zeros((3, 0)), y=np.zeros(3))
    with raises("my.npz: y holds text, not real numbers"):
        load(x=np.zeros((2, 2)), y=np.array(["cat", "dog"]))
    with raises("my.npz: x holds complex numbers"):
        load(x=np.zeros((2, 2), dtype=complex), y=np.zeros(2))
    with raises("my.npz: cannot read array 'x' (it holds Python objects)", "dtype=float"):
        load(x=np.array([[{}]], dtype=object), y=np.zeros(1))


def test_npz_nan_and_inf(tmp_path):
    x = np.zeros((5, 3))
    x[2, 1] = np.nan
    x[4, 0] = np.inf
    with raises("my.npz: x has 2 NaN or infinite value(s), the first at x[2, 1] (nan)", "remove"):
        make_dataset(file_data(npz(tmp_path, x=x, y=np.zeros(5))), seed=0)
    y = np.zeros(5)
    y[3] = -np.inf
    with raises("my.npz: y has 1 NaN or infinite value(s), the first at y[3] (-inf)"):
        make_dataset(file_data(npz(tmp_path, x=np.zeros((5, 3)), y=y)), seed=0)


def test_values_too_large_for_float32(tmp_path):
    path = npz(tmp_path, x=np.array([[1.0], [1e300]]), y=np.array([0.5, 0.25]))
    assert make_dataset(file_data(path), seed=0, dtype="float64").x[1, 0] == 1e300
    with raises("my.npz: x has values too large for float32", "use dtype float64 or rescale"):
        make_dataset(file_data(path), seed=0, dtype="float32")


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        (
            "a,b,y\n1,2,3\n\n4,oops,6\n",
            ("my.csv: line 4, column 2 ('b') is 'oops', not a number", "every value"),
        ),
        ("a,b,y\n1,,3\n", ("line 2, column 2 ('b') is empty",)),
        ("1,2,3\n4,5\n", ("line 2 has 2 values but there are 3 columns", "same number")),
        ("1,2,3\n4,5,six\n", ("line 2, column 3 is 'six', not a number",)),
        (
            "a,b,y\n1,2,nan\n3,4,5\n",
            ("the data has 1 NaN or infinite", "on line 2, column 3 ('y')"),
        ),
        ("1,2,3\n4,inf,6\n", ("on line 2, column 2 (inf)",)),
        (
            "a,b,c\n1,2,3\n",
            ("no target column in the header (a, b, c)", "name the target column 'y'"),
        ),
        ("y,y1\n1,2\n", ("every column is a target (y, y1)", "feature column")),
        ("a,b,y\n\n", ("has a header but no examples",)),
        ("1\n2\n3\n", ("has one column", "last column is the target")),
        ("a;b;y\n1;2;3\n", ("separated by ';'", "comma-separated")),
        ("\n  \n\n", ("my.csv is empty",)),
        ("a,b,y\n1_0,2,3\n", ("line 2, column 1 ('a') is '1_0', not a number",)),
        ("1,,3\n4,5,6\n", ("line 1, column 2 is empty",)),
        ('a,b,y\n"1,2,3\n4,5,6\n', ("line 2 has 1 value but there are 3 columns",)),
    ],
)
def test_csv_errors(tmp_path, text, fragments):
    with raises(*fragments):
        make_dataset(file_data(csv_file(tmp_path, text)), seed=0)


def test_csv_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("a,b,y\n1,2,3\n\xe9,1,2\n".encode("latin-1"))
    with raises("latin.csv is not UTF-8 text (bad byte at offset 12)", "save it as UTF-8"):
        make_dataset(file_data(path), seed=0)


def test_data_error_is_a_value_error():
    assert issubclass(DataError, ValueError)


def test_dataset_checks_its_arrays():
    with raises("x must be (samples, features)"):
        Dataset("bad", np.zeros((3, 2)), np.zeros((2, 1)), "regression", 0)
    with raises("classification labels must be (samples,)"):
        Dataset("bad", np.zeros((3, 2)), np.zeros(3, dtype=np.int64), "classification", 1)
    with raises("task must be 'regression' or 'classification'"):
        Dataset("bad", np.zeros((3, 2)), np.zeros((3, 1)), "ranking", 0)


def test_the_data_module_imports_no_screen_library():
    code = (
        "import sys, gradtui.sim.data; "
        "print(sorted(m for m in ('textual', 'rich', 'scipy', 'pandas') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# --------------------------------------------------------------------------------------
# Files that claim more than they hold, or are not files


def npz_with_header(path: Path, shape: tuple, body: bytes = b"") -> Path:
    import io
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        for name in ("x", "y"):
            header = io.BytesIO()
            np.lib.format.write_array_header_1_0(
                header, {"descr": "<f8", "fortran_order": False, "shape": shape}
            )
            archive.writestr(f"{name}.npy", header.getvalue() + body)
    return path


def test_an_npz_declaring_a_huge_array_is_refused_before_allocating(tmp_path):
    path = npz_with_header(tmp_path / "huge.npz", (10**6, 10**6))
    assert path.stat().st_size < 1000
    with raises("huge.npz: array 'x' declares shape (1000000, 1000000) but holds only 0 bytes"):
        make_dataset(file_data(path), seed=0)


def test_an_npz_with_too_many_examples_or_columns_is_refused(tmp_path):
    import zipfile

    path = tmp_path / "wide.npz"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, shape in (("x", (4, 200_000)), ("y", (4,))):
            archive.writestr(f"{name}.npy", npy_bytes(np.zeros(shape)))
    with raises("wide.npz: array 'x' has shape (4, 200000)", "at most 100000 values"):
        make_dataset(file_data(path), seed=0)


def npy_bytes(array: np.ndarray) -> bytes:
    import io

    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def test_an_npz_member_that_is_not_an_array_is_refused(tmp_path):
    import zipfile

    path = tmp_path / "raw.npz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("x", b"\0" * 64)
        archive.writestr("y", b"\0" * 8)
    with raises("raw.npz: 'x' is not a NumPy array (no x.npy in the archive)"):
        make_dataset(file_data(path), seed=0)


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_pipe_or_a_device_is_refused_without_reading(tmp_path, kind):
    import os

    path = tmp_path / "data.csv"
    if kind == "fifo":
        os.mkfifo(path)  # opening it to read would block until a writer came
    else:
        path.symlink_to("/dev/zero")  # reading it would never end
    with raises("data.csv: is not a regular file (a device, a pipe or a socket)"):
        make_dataset(file_data(path), seed=0)


def test_a_file_name_with_control_characters_is_quoted_printably(tmp_path):
    path = tmp_path / "bad\x1b[2J\nname.npz"
    path.write_bytes(b"not a zip")
    with pytest.raises(DataError) as caught:
        make_dataset(file_data(path), seed=0)
    assert str(caught.value).isprintable() and "\\x1b[2J\\nname.npz" in str(caught.value)


def test_generated_sets_are_made_without_doubling_their_memory():
    """Noise is drawn in blocks (the same numbers as one draw) and the arrays are not copied
    again once made: the peak of a large set is about its own size."""
    import tracemalloc

    cfg = data("mnist-like", samples=5000)
    tracemalloc.start()
    dataset = make_dataset(cfg, seed=0)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    size = dataset.x.nbytes + dataset.y.nbytes
    assert peak < 1.3 * size, (peak / 2**20, size / 2**20)


def test_a_data_file_problem_is_said_in_chinese_too(tmp_path):
    from gradtui.config import DataConfig
    from gradtui.sim.data import DataError, make_dataset

    path = tmp_path / "mine.csv"
    path.write_text("a,y\n1,2\nx,3\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        make_dataset(DataConfig(name="file", path=str(path)), 0)
    error = caught.value
    assert (
        str(error)
        == f"{path}: line 3, column 1 ('a') is 'x', not a number; every value must be a number"
    )
    assert (
        error.message_in("zh") == f"{path}：第 3 行，第 1 列（'a'）是 'x'，不是数；每个值都必须是数"
    )
    with pytest.raises(DataError) as caught:
        make_dataset(DataConfig(name="file", path=str(tmp_path / "none.npz")), 0)
    assert caught.value.message_in("zh").startswith(f"{tmp_path / 'none.npz'}：没有这个文件")
