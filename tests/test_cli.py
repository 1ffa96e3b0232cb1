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
        (["run", "--steps", "-1"], "--steps must be 0 or more"),
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
    assert code == 2 and "end the file name in .md" in err


def test_check_in_chinese(capsys):
    code, out, _ = run_cli(
        capsys, "run", "--lesson", "vanishing-sigmoid", "--check", "--lang", "zh"
    )
    assert "第 1 层得到的梯度比第 10 层小一千倍以上" in out and "测得" in out
    # --check also walks the lesson in the app; it fails only for what the walk found.
    assert "walk (80×24, 120×40; en, zh)" in out
    assert code == (1 if "problem: " in out else 0)


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
    text = path.read_text(encoding="utf-8")
    assert (
        text.startswith("<svg") and "vanish" in text and "3.64×10⁻⁴" in text.replace("&#160;", " ")
    )
    code, _, err = run_cli(capsys, "run", "--lesson", "relu-he", "--svg", str(tmp_path / "x.png"))
    assert code == 2 and "must end in .svg" in err


def test_serve_passes_the_app_and_warns_beyond_loopback(capsys, monkeypatch):
    import types

    served = []

    class FakeServer:
        def __init__(self, command, host, port, title):
            served.append((command, host, port, title))

        def serve(self):
            served.append("serving")

    package = types.ModuleType("textual_serve")
    module = types.ModuleType("textual_serve.server")
    module.Server = FakeServer
    monkeypatch.setitem(sys.modules, "textual_serve", package)
    monkeypatch.setitem(sys.modules, "textual_serve.server", module)
    code, _, err = run_cli(capsys, "serve", "--lesson", "relu-he")
    assert code == 0 and served[-1] == "serving"
    command, host, port, _ = served[0]
    assert host == "127.0.0.1" and port == 8000 and command.endswith("-m gradtui --lesson relu-he")
    assert "warning" not in err and "http://127.0.0.1:8000" in err
    code, _, err = run_cli(capsys, "serve", "--host", "0.0.0.0", "--port", "9001")
    assert code == 0 and "warning: binding 0.0.0.0" in err


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
