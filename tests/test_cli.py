"""The headless command: formats, export, errors with exit code 2 and no traceback."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import numpy as np
import pytest

from gradtui.cli import main
from gradtui.config import Config, loads_config


def run_cli(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_table(capsys):
    code, out, err = run_cli(capsys, "run", "--lesson", "exploding-constant-5")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Exploding gradients: every weight is 5"
    assert "‖∂L/∂W‖" in lines[1]
    assert len([line for line in lines if line.split()[0].isdigit()]) == 10
    assert lines[-1].startswith("loss 9.53674e+13 after 0 training steps")


def test_json(capsys):
    code, out, _ = run_cli(capsys, "run", "--format", "json", "--set", "network.depth=4")
    assert code == 0
    document = json.loads(out)
    assert document["phase"] == "backward"
    assert [row["layer"] for row in document["layers"]] == [1, 2, 3, 4]
    assert document["config"]["network"]["depth"] == 4
    assert all(row["grad_w_norm"] > 0 for row in document["layers"])


def test_csv_after_training(capsys):
    code, out, _ = run_cli(capsys, "run", "--format", "csv", "--steps", "20")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 10
    assert float(rows[0]["update_ratio"]) > 0  # the update of step 20 is reported
    assert rows[0]["fprime_hist"].count(";") == 9


def test_json_reports_overflow_as_text(capsys):
    code, out, _ = run_cli(
        capsys,
        "run",
        "--lesson",
        "exploding-constant-5",
        "--set",
        "network.depth=500",
        "--format",
        "json",
    )
    assert code == 0
    document = json.loads(out)
    assert document["first_nonfinite"].startswith("forward layer")
    assert "inf" in {row["a_norm"] for row in document["layers"]}


def test_export_written_atomically(tmp_path, capsys):
    target = tmp_path / "pass.npz"
    assert main(["run", "--export", str(target)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pass.npz"]
    with np.load(target) as data:
        assert data["W1"].shape == (8, 8)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run", "--set", "network.depth=0"], "network.depth: 0 is not allowed; use 1 to 1000"),
        (["run", "--set", "network.widht=3"], "did you mean 'network.width'?"),
        (["run", "missing.toml"], "missing.toml: no such file"),
        (["run", "--lesson", "nope"], "no lesson named 'nope'"),
        (["run", "--export", "out.txt"], "must end in .npz"),
        (["run", "--export", "/no/such/folder/x.npz"], "does not exist"),
        (["run", "--steps", "-1"], "--steps must be from 0 to 1,000,000, not -1"),
        (["run", "--steps", "99999999999999999999"], "--steps must be from 0 to 1,000,000"),
        (["run", "--history", "x.csv"], "give --steps N as well"),
        (
            ["run", "--set", "network.depth=1000", "--set", "network.width=16384"],
            "GiB",
        ),
        (
            ["run", "--set", "data.name=file", "--set", "data.path=nothing.npz"],
            "nothing.npz",
        ),
    ],
)
def test_errors_exit_2_without_traceback(capsys, argv, message):
    code, out, err = run_cli(capsys, *argv)
    assert code == 2
    assert message in err
    assert "Traceback" not in err and out == ""


def test_init_prints_a_loadable_default(capsys):
    code, out, _ = run_cli(capsys, "init")
    assert code == 0 and out.lstrip().startswith("#")
    assert loads_config(out) == Config()


def test_lessons_are_listed(capsys):
    code, out, _ = run_cli(capsys, "lessons")
    assert code == 0
    assert "vanishing-sigmoid" in out and "exploding-constant-5" in out and "[C4]" in out


def test_data_file_beside_the_config(tmp_path):
    rng = np.random.default_rng(0)
    np.savez(tmp_path / "mine.npz", x=rng.normal(size=(40, 3)), y=rng.normal(size=(40, 1)))
    (tmp_path / "my.toml").write_text(
        '[network]\ndepth = 3\nwidth = 4\n[data]\nname = "file"\npath = "mine.npz"\n'
        "batch_size = 8\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "gradtui", "run", str(tmp_path / "my.toml"), "--format", "csv"],
        capture_output=True,
        text=True,
        cwd="/",
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("layer,fan_in,fan_out")


def test_a_lesson_transcript_in_chinese(capsys, tmp_path):
    path = tmp_path / "handout.md"
    code, _, err = run_cli(
        capsys, "run", "--lesson", "vanishing-sigmoid", "--lang", "zh", "--transcript", str(path)
    )
    assert code == 0 and "wrote" in err
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 深层 sigmoid 网络中的梯度消失")
    for expected in ("## 怎么做", "前向 → 1", "反向 ← 1", "梯度消失了", "## 模拟器测得的结果", "✓"):
        assert expected in text
    english = tmp_path / "handout-en.md"
    assert (
        run_cli(capsys, "run", "--lesson", "vanishing-sigmoid", "--transcript", str(english))[0]
        == 0
    )
    assert "The gradient has vanished" in english.read_text(encoding="utf-8")


def test_transcript_needs_a_lesson_and_a_markdown_name(capsys, tmp_path):
    code, _, err = run_cli(capsys, "run", "--transcript", str(tmp_path / "x.md"))
    assert code == 2 and "--transcript needs --lesson" in err
    code, _, err = run_cli(
        capsys, "run", "--lesson", "relu-he", "--transcript", str(tmp_path / "x.pdf")
    )
    assert code == 2 and "must end in .md" in err


def test_check_in_chinese(capsys):
    code, out, _ = run_cli(
        capsys, "run", "--lesson", "vanishing-sigmoid", "--check", "--lang", "zh"
    )
    assert "第 1 层得到的梯度比第 10 层小一千倍以上" in out and "测得" in out
    # --check also walks the lesson in the app, at both sizes in both languages.
    assert "walk (80×24, 120×40; en, zh)" in out and "problem: " not in out
    assert code == 0


def test_history_csv(capsys, tmp_path):
    path = tmp_path / "run.csv"
    code, _, _ = run_cli(
        capsys, "run", "--lesson", "vanishing-sigmoid", "--steps", "30", "--history", str(path)
    )
    assert code == 0
    rows = list(csv.reader(path.open()))
    assert rows[0][:3] == ["step", "loss", "grad_a_1"] and "alpha_10" in rows[0]
    assert len(rows) == 31 and rows[-1][0] == "30"
    code, _, err = run_cli(capsys, "run", "--steps", "3", "--history", str(tmp_path / "x.txt"))
    assert code == 2 and "must end in .csv" in err


def test_compare_names_a_bad_side(capsys):
    code, _, err = run_cli(capsys, "compare", "no-such-lesson", "relu-he")
    assert code == 2 and "no lesson named 'no-such-lesson'" in err
    code, _, err = run_cli(capsys, "compare", "relu-he", "batchnorm-rescue:nope")
    assert code == 2 and "no variant named 'nope'" in err


def test_through_time_csv_and_bounds(capsys):
    code, out, _ = run_cli(capsys, "run", "--through-time", "50", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 50 and set(rows[0]) == {
        "t",
        "rnn_grad_h",
        "lstm_grad_h",
        "lstm_forget_gate",
    }
    rnn = float(rows[0]["rnn_grad_h"]) / float(rows[-1]["rnn_grad_h"])
    lstm = float(rows[0]["lstm_grad_h"]) / float(rows[-1]["lstm_grad_h"])
    assert lstm > 1000 * rnn
    code, _, err = run_cli(capsys, "run", "--through-time", "1")
    assert code == 2 and "T must be from 2 to 1000" in err


def test_svg_of_the_chart(capsys, tmp_path):
    path = tmp_path / "slide.svg"
    code, _, err = run_cli(capsys, "run", "--lesson", "vanishing-sigmoid", "--svg", str(path))
    assert code == 0 and "wrote" in err
    text = path.read_text(encoding="utf-8").replace("&#160;", " ")
    assert text.startswith("<svg") and "vs row 10: ▽" in text and "3.64×10⁻⁴" in text
    code, _, err = run_cli(capsys, "run", "--lesson", "relu-he", "--svg", str(tmp_path / "x.png"))
    assert code == 2 and "must end in .svg" in err


def test_serve_without_textual_serve_says_how_to_install_it(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    code, _, err = run_cli(capsys, "serve")
    assert code == 2 and "pip install 'gradtui[serve]'" in err


def test_run_in_chinese_titles_the_lesson_and_says_a_bad_value_in_chinese(capsys):
    code, out, _ = run_cli(capsys, "run", "--lesson", "vanishing-sigmoid", "--lang", "zh")
    assert code == 0 and out.startswith("深层 sigmoid 网络中的梯度消失\n")
    code, _, err = run_cli(capsys, "run", "--set", "network.depth=0", "--lang=zh")
    assert code == 2 and err == "gradtui: network.depth: 不能用 0；请使用 1 到 1000\n"
    code, _, err = run_cli(capsys, "run", "--set", "network.depth=0")
    assert code == 2 and err == "gradtui: network.depth: 0 is not allowed; use 1 to 1000\n"


# --------------------------------------------------------------------------------------
# Hardening: every number bounded, every message one printable line, every output file
# checked before the run and never left half-written


def test_update_statistics_do_not_overwrite_the_pass_ones(capsys):
    code, out, _ = run_cli(capsys, "run", "--set", "network.depth=3", "--format", "json")
    layer = json.loads(out)["layers"][0]
    assert code == 0
    assert layer["weight_norm"] > 0  # ‖W‖ during the pass, before any update
    assert layer["updated_weight_norm"] is None
    assert layer["forward_finite"] is True and layer["backward_finite"] is True
    code, out, _ = run_cli(
        capsys, "run", "--set", "network.depth=3", "--steps", "2", "--format", "csv"
    )
    header = out.splitlines()[0].split(",")
    assert len(header) == len(set(header))
    assert {"weight_norm", "updated_weight_norm"} <= set(header)


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "--set", "\x1b[2Jnetwork.depth=3"],
        ["run", "--set", "net\nwork.depth=3"],
        ["run", "--set", "network.activation=\x1b]0;owned\x07"],
        ["run", "--lesson", "no\x1b[31mne"],
        ["run", "/tmp/\x1b[2J\nnothing.toml"],
        ["compare", "\x1b[2J", "vanishing-sigmoid"],
        ["run", "--set", "network.widths=" + ",".join(["0x"] * 100_000)],
    ],
)
def test_messages_are_one_printable_line(capsys, argv):
    code, _out, err = run_cli(capsys, *argv)
    message = err.removesuffix("\n")
    assert code == 2 and message.startswith("gradtui: ")
    assert message.isprintable() and len(message) < 1000, message[:300]
    assert "\x1b" not in err


def test_deeply_nested_toml_is_refused_with_the_file_named(capsys, tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text("seed = " + "[" * 1000 + "]" * 1000 + "\n")
    code, _, err = run_cli(capsys, "run", str(path))
    assert code == 2 and f"{path}: line 1: arrays or tables nested more than 32 deep" in err


@pytest.mark.parametrize("option", ["--export", "--history", "--svg", "--transcript"])
def test_an_output_folder_that_cannot_be_written_is_refused_before_training(
    capsys, tmp_path, monkeypatch, option
):
    from gradtui.config import files

    ending = {"--export": "npz", "--history": "csv", "--svg": "svg", "--transcript": "md"}
    locked = tmp_path / "locked"
    locked.mkdir()
    target = locked / f"out.{ending[option]}"
    real_open = files.os.open

    def refuse_in_locked(path, *args, **kwargs):
        # As a read-only folder does (the suite may run as root, whom chmod does not stop).
        if str(path).startswith(str(locked)):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(files.os, "open", refuse_in_locked)
    trained = []
    monkeypatch.setattr("gradtui.sim.Stepper.train", lambda *args, **kwargs: trained.append(1))
    argv = ["run", "--steps", "1000", option, str(target)]
    if option == "--transcript":
        argv += ["--lesson", "vanishing-sigmoid"]
    code, _, err = run_cli(capsys, *argv)
    assert code == 2 and f"{option} {target}: cannot write there (Permission denied)" in err
    assert not trained
    assert list(locked.iterdir()) == []


def test_a_read_only_folder_is_refused(capsys, tmp_path):
    import os

    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        code, _, err = run_cli(capsys, "run", "--export", str(locked / "x.npz"))
    finally:
        locked.chmod(0o755)
    assert code == 2 and "cannot write there" in err


def test_a_full_disk_names_the_file_and_leaves_nothing_behind(capsys, tmp_path, monkeypatch):
    from gradtui.config import files

    def full(_descriptor):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    for option, name in (("--export", "pass.npz"), ("--history", "run.csv"), ("--svg", "c.svg")):
        target = tmp_path / name
        argv = ["run", "--set", "network.depth=2", "--steps", "1", option, str(target)]
        code, _, err = run_cli(capsys, *argv)
        assert code == 2 and str(target) in err and "No space left on device" in err, err
        assert ".tmp" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_killed_write_leaves_no_temporary_file(tmp_path):
    import signal

    target = tmp_path / "big.npz"
    # The child starts from the default signal handlers whatever it inherits: a pytest
    # started in the background (``cmd &`` in a script, some CI runners) ignores SIGINT,
    # and an ignored SIGINT is inherited, so the child never saw the ctrl+c and the test
    # waited 30 s and failed. The write then waits on stdin, not on a timer: it is
    # interrupted by the signal or nothing, and ends at once if this test stops early.
    script = (
        "import signal, sys\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "signal.signal(signal.SIGTERM, signal.SIG_DFL)\n"
        "from gradtui.config import write_atomically\n"
        "def slow(stream):\n"
        "    stream.write(b'x' * 1000); stream.flush()\n"
        "    print('writing', flush=True); sys.stdin.read()\n"
        f"write_atomically({str(target)!r}, slow)\n"
    )
    ended = {signal.SIGTERM: 128 + signal.SIGTERM, signal.SIGINT: -signal.SIGINT}
    for kill in (signal.SIGTERM, signal.SIGINT, signal.SIGKILL):
        child = subprocess.Popen(
            [sys.executable, "-c", script],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        try:
            assert child.stdout.readline() == b"writing\n"
            assert next(path.name for path in tmp_path.iterdir()).startswith(".big.npz.tmp-")
            child.send_signal(kill)
            # SIGTERM: SystemExit(143) from write_atomically's handler; SIGINT: Python's
            # KeyboardInterrupt, which ends it by SIGINT; SIGKILL: no cleanup at all.
            assert child.wait(timeout=30) == ended.get(kill, -signal.SIGKILL), kill
        finally:
            child.stdin.close()
            child.stdout.close()
            if child.poll() is None:
                child.kill()
                child.wait()
        left = list(tmp_path.iterdir())
        if kill == signal.SIGKILL:
            # Nothing can run on SIGKILL: the next write to the same file removes it (the
            # child has been waited for, so its process is gone).
            assert len(left) == 1
            from gradtui.config import write_atomically

            write_atomically(target, b"new")
            assert [path.name for path in tmp_path.iterdir()] == ["big.npz"]
        else:
            assert left == [], (kill, left)


def test_a_crash_inside_the_app_exits_non_zero(tmp_path):
    script = (
        "import sys\n"
        "from gradtui.tui.app import GradtuiApp\n"
        "def crash(self):\n"
        "    raise RuntimeError('boom from a test')\n"
        "GradtuiApp.on_mount = crash\n"
        "from gradtui.cli import main\n"
        "sys.exit(main(['--lesson', 'vanishing-sigmoid']))\n"
    )
    env = {**__import__("os").environ, "XDG_CONFIG_HOME": str(tmp_path), "TERM": "dumb"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 1, (done.returncode, done.stderr[-2000:])
    assert "boom from a test" in done.stdout + done.stderr


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "must be one of decades, compare, pick"), ("zh", "必须是")]
)
def test_a_bad_checkpoint_is_told_on_the_command_line_in_the_language_asked(
    capsys, tmp_path, lang, words
):
    from pathlib import Path

    import gradtui

    shipped = Path(gradtui.__file__).parent / "lessons" / "mnist-mlp.toml"
    bad = tmp_path / "bad.toml"
    bad.write_text(shipped.read_text(encoding="utf-8").replace('kind = "compare"', 'kind = "x"'))
    assert main(["run", "--lesson", str(bad), "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert "bad.toml" in err and "[[checkpoint]] #1" in err and words in err, err
