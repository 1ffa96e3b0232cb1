"""The ``gradtui`` command: the app, and the headless ``run``, ``init``, ``lessons``, ``serve``.

Errors a learner can cause (a bad config, a missing file) go to stderr with exit code 2
and no traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path

from gradtui import __version__


def _source_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("config", nargs="?", help="a config file (.toml)")
    parser.add_argument(
        "--lesson", metavar="NAME", help="start from a lesson (see `gradtui lessons`)"
    )
    parser.add_argument(
        "--exercise",
        metavar="ID|FILE",
        help="start from an exercise (see `gradtui exercises`); with run --check, mark CONFIG "
        "(or the exercise's own network with --set) against its goal",
    )
    parser.add_argument(
        "--code",
        metavar="CODE",
        help="start from a share code (gradtui share, or S in the app, prints one)",
    )
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a config value, e.g. --set network.depth=20 (repeatable)",
    )


def _lang_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang", choices=("en", "zh"), default=None, help="explanations in English or Chinese"
    )


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gradtui",
        description="Watch a gradient travel through a neural network, one layer at a time.",
        epilog="Other commands: gradtui run | init | lessons | exercises | compare | share | "
        "serve | watch (each has --help).",
    )
    _source_arguments(parser)
    parser.add_argument(
        "--theme",
        metavar="NAME",
        help="colour theme: gradtui-dark, gradtui-light, high-contrast, colorblind, or your own",
    )
    _lang_argument(parser)
    parser.add_argument(
        "--resume",
        action="store_true",
        help="reopen the network last applied on this account (without it: the default lesson)",
    )
    parser.add_argument("--version", action="version", version=f"gradtui {__version__}")
    return parser


def _run_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gradtui run",
        description="Run a network headlessly and print its per-layer statistics: "
        "after --steps training steps, one more forward and backward pass (no update).",
    )
    _source_arguments(parser)
    parser.add_argument("--steps", type=int, default=0, metavar="N", help="training steps first")
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table")
    parser.add_argument("--export", metavar="FILE.npz", help="save every array of the last pass")
    parser.add_argument(
        "--check",
        action="store_true",
        help="with --lesson: check the lesson's expectations (exit 0 if all hold, else 1); with "
        "--exercise: whether the network meets its goal (exit 0 met, 1 not met, 2 bad file)",
    )
    parser.add_argument(
        "--svg",
        metavar="FILE.svg",
        help="save the gradient chart of the last pass as an SVG picture (for slides)",
    )
    parser.add_argument(
        "--through-time",
        type=int,
        metavar="T",
        help="C17: instead of a network, print ‖∂L/∂h_t‖ for t = 1..T of a tanh RNN and an "
        "LSTM on the seeded memory task (T from 2 to 1000), and the LSTM's forget gate",
    )
    parser.add_argument(
        "--history",
        metavar="FILE.csv",
        help="write the loss and per-layer series of every training step (bounded: long runs "
        "are downsampled, the recent steps kept one row per step)",
    )
    parser.add_argument(
        "--transcript",
        metavar="FILE.md",
        help="with --lesson: step the lesson and write its explanations as Markdown",
    )
    _lang_argument(parser)
    return parser


def command_through_time(args: argparse.Namespace) -> int:
    import csv
    import json

    from gradtui.explain.through_time import through_time_verdict
    from gradtui.sim.recurrent import compare_cells

    if not 2 <= args.through_time <= 1000:
        raise UsageError("--through-time T: T must be from 2 to 1000")
    config, _ = _load(args)
    results = compare_cells(args.through_time, config.seed)
    rnn, lstm = results["rnn"], results["lstm"]
    rows = [
        {
            "t": t + 1,
            "rnn_grad_h": float(rnn.grad_h_norms[t]),
            "lstm_grad_h": float(lstm.grad_h_norms[t]),
            "lstm_forget_gate": float(lstm.forget_gate_mean[t]),
        }
        for t in range(args.through_time)
    ]
    if args.format == "json":
        summary = through_time_verdict(results, args.lang or "en")
        sys.stdout.write(json.dumps({"summary": summary, "steps": rows}, indent=2) + "\n")
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows({key: repr(value) for key, value in row.items()} for row in rows)
    else:
        print(f"{'t':>5}  {'‖∂L/∂h_t‖ RNN':>14}  {'‖∂L/∂h_t‖ LSTM':>15}  forget gate")
        for row in rows:
            print(
                f"{row['t']:>5}  {row['rnn_grad_h']:>14.4g}  {row['lstm_grad_h']:>15.4g}  "
                f"{row['lstm_forget_gate']:.3f}"
            )
        print(through_time_verdict(results, args.lang or "en"))
    return 0


def command_transcript(args: argparse.Namespace) -> int:
    from gradtui.explain.transcript import lesson_transcript, write_transcript
    from gradtui.lessons import load_lesson_file

    if not args.lesson:
        raise UsageError("--transcript needs --lesson ID (see gradtui lessons)")
    lesson = load_lesson_file(args.lesson)
    if args.overrides:
        from gradtui.config import apply_overrides

        lesson = dataclasses.replace(lesson, config=apply_overrides(lesson.config, args.overrides))
    write_transcript(args.transcript, lesson_transcript(lesson, args.lang or "en"))
    print(f"wrote {args.transcript}", file=sys.stderr)
    return 0


def command_check(args: argparse.Namespace) -> int:
    from gradtui.lessons import load_lesson_file
    from gradtui.lessons.expect import check_lesson

    if not args.lesson:
        raise UsageError("--check needs --lesson ID (see gradtui lessons)")
    lesson = load_lesson_file(args.lesson)
    if args.overrides:
        from gradtui.config import apply_overrides

        lesson = dataclasses.replace(lesson, config=apply_overrides(lesson.config, args.overrides))
    if not lesson.expectations:
        raise UsageError(f"lesson {lesson.id} has no [[expect]] to check")
    results = check_lesson(lesson)
    lang = args.lang or "en"
    print(f"{lesson.id}: {lesson.text('title', lang)}")
    for result in results:
        print(result.line(lang))
    failed = sum(not result.passed for result in results)
    print(f"{len(results) - failed} passed, {failed} failed")
    unanswered = _check_checkpoints(lesson, lang, as_lesson=not args.overrides)
    return 1 if _walk_lesson(lesson) or failed or unanswered else 0


def _check_checkpoints(lesson, lang: str, as_lesson: bool) -> int:
    """Compute every checkpoint's answer on the lesson's network (as ``--set`` left it);
    print each; the number that cannot be computed (or have no right option)."""
    from gradtui.config import ConfigError
    from gradtui.explain.predict import checkpoint_line
    from gradtui.lessons.checkpoint import answer_checkpoint
    from gradtui.lessons.measure import MeasureError

    unanswered = 0
    for checkpoint in lesson.checkpoints:
        try:
            answer = answer_checkpoint(lesson, checkpoint)
        except (MeasureError, ConfigError) as error:
            print(f"✗ {checkpoint.where}: the answer cannot be computed: {error}")
            unanswered += 1
            continue
        mark = "✓" if answer.correct is not None else "✗"
        unanswered += answer.correct is None
        line = checkpoint_line(checkpoint, answer, lang, lesson.variants, as_lesson)
        print(f"{mark} {line}")
    answered = len(lesson.checkpoints) - unanswered
    print(f"checkpoints: {answered} answered, {unanswered} cannot be")
    return unanswered


def _exercise_code(args: argparse.Namespace) -> bool:
    """Whether ``--code`` gives an exercise's network (run --check then marks it)."""
    if not getattr(args, "code", None):
        return False
    from gradtui.share import read_code

    return read_code(args.code).kind == "exercise"


def command_check_exercise(args: argparse.Namespace) -> int:
    from gradtui.exercises.commands import marking_report
    from gradtui.explain import say

    config, _title = _load(args)

    if args.config:
        name = Path(args.config).name
    elif getattr(args, "code", None):
        name = f"--code {args.code}"
    else:
        name = say("exercise_start", args.lang or "en")
    if args.overrides:
        name += " --set " + " --set ".join(args.overrides)
    report, met = marking_report(args.loaded_exercise, config, name, args.lang or "en")
    sys.stdout.write(report)
    return 0 if met else 1


def command_exercises(argv: list[str]) -> int:
    from gradtui.exercises.commands import exercises_listing

    parser = argparse.ArgumentParser(prog="gradtui exercises", description="List the exercises.")
    parser.add_argument(
        "--teacher", action="store_true", help="with each goal, its solution and why it works"
    )
    _lang_argument(parser)
    args = parser.parse_args(argv)
    sys.stdout.write(exercises_listing(args.lang or "en", teacher=args.teacher))
    return 0


def _walk_lesson(lesson) -> int:
    """Walk the lesson's steps in the app at 80×24 and 120×40, in English and Chinese;
    print what a learner would miss; the number of problems (warnings are not counted)."""
    from gradtui.tui.walk import walk_lesson_everywhere

    problems = walk_lesson_everywhere(lesson)
    for problem in problems:
        print(problem.line())
    failed = sum(not problem.warning for problem in problems)
    warnings = len(problems) - failed
    print(f"walk (80×24, 120×40; en, zh): {failed} problems, {warnings} warnings")
    return failed


class UsageError(Exception):
    """A mistake on the command line; the message says what to do."""


def _load(args: argparse.Namespace):
    """The Config chosen by the arguments, and a title for it (and the lesson, if any)."""
    from gradtui.config import apply_overrides, load_config, paths_beside
    from gradtui.lessons import DEFAULT_LESSON, load_lesson_file

    sources = (args.config, args.lesson, getattr(args, "code", None))
    if sum(bool(source) for source in sources) > 1:
        raise UsageError("give one of a config file, --lesson and --code")
    lesson = args.loaded_exercise = None
    args.origin = None
    if getattr(args, "exercise", None):
        from gradtui.exercises import load_exercise

        if args.lesson or getattr(args, "code", None):
            raise UsageError("give --exercise or --lesson or --code, not two")
        args.loaded_exercise = load_exercise(args.exercise)
    if getattr(args, "code", None):
        config, title, lesson, args.origin, code_exercise = _from_code(args.code)
        if code_exercise is not None:
            args.loaded_exercise = code_exercise
        base = Path()
    elif args.config:
        config, title = load_config(args.config), Path(args.config).name
        base = Path(args.config).parent
    elif args.loaded_exercise is not None:
        config, title = args.loaded_exercise.config, args.loaded_exercise.title
        base = Path(args.loaded_exercise.source).parent
    else:
        lesson = load_lesson_file(args.lesson or DEFAULT_LESSON)
        config, title = lesson.config, lesson.title
        base = Path(lesson.source).parent if Path(lesson.source).is_file() else Path()
    # A data or weights file named in a config is found beside that config, wherever
    # gradtui runs.
    config = paths_beside(config, base)
    if args.overrides:
        config = apply_overrides(config, args.overrides)
    args.loaded_lesson = lesson
    return config, title


def _from_code(code: str):
    """A share code's network, a title for it, its lesson (if this release still has it),
    the lesson's or exercise's own network when the code changed it (else None), and its
    exercise (for an exercise's code)."""
    from gradtui.exercises import exercise_ids, load_exercise
    from gradtui.lessons import lesson_ids, load_lesson_file
    from gradtui.share import read_code

    shared = read_code(code)
    if shared.kind == "lesson" and shared.base_id in lesson_ids():
        lesson = load_lesson_file(shared.base_id)
        if lesson.config == shared.config:
            return shared.config, lesson.title, lesson, None, None
        title = f"your network (edited from {lesson.title})"
        return shared.config, title, lesson, lesson.config, None
    if shared.kind == "exercise" and shared.base_id in exercise_ids():
        exercise = load_exercise(shared.base_id)
        origin = None if exercise.config == shared.config else exercise.config
        return shared.config, exercise.title, None, origin, exercise
    # The app's header says this in the learner's language (a label of gradtui.explain).
    return shared.config, "a network from a share code", None, None, None


def command_share(argv: list[str]) -> int:
    """Print the share code of a network: a lesson's (with --set edits), a config file's."""
    from gradtui.lessons import lesson_ids
    from gradtui.share import changes, find_base, share_code

    parser = argparse.ArgumentParser(
        prog="gradtui share",
        description="Print a short code for a network, to read aloud or write on the board: "
        "gradtui --code CODE opens exactly that network (and its lesson), gradtui run --code "
        "CODE runs it headless.",
        epilog="example: gradtui share --lesson vanishing-sigmoid --set network.depth=20",
    )
    _source_arguments(parser)
    args = parser.parse_args(argv)
    kind, base_id = "", ""
    if args.exercise:
        if args.config or args.lesson or args.code:
            raise UsageError("give one of a config file, --lesson, --exercise and --code")
        base = find_base("exercise", args.exercise)
        if base is None:
            raise UsageError(f"--exercise {args.exercise}: no exercise of that name has a code")
        config, kind, base_id = _base_config(base), "exercise", args.exercise
        if args.overrides:
            from gradtui.config import apply_overrides

            config = apply_overrides(config, args.overrides)
    else:
        config, _title = _load(args)
        lesson = args.loaded_lesson
        if lesson is not None and lesson.id in lesson_ids():
            kind, base_id = "lesson", lesson.id
        elif lesson is not None:
            print(
                f"gradtui share: {lesson.source} is not a shipped lesson: the code holds its "
                "network, not its texts",
                file=sys.stderr,
            )
    code = share_code(config, kind=kind, base_id=base_id)
    print(code)
    said = f"{kind} {base_id}" if kind else "the default config"
    edits = changes(config, kind=kind, base_id=base_id)
    what = f"{said} with {', '.join(edits)}" if edits else said
    print(
        f"{len(code.replace('-', ''))} characters: {what}. Open it with: gradtui --code {code}",
        file=sys.stderr,
    )
    return 0


def _base_config(base):
    from gradtui.share import base_config

    return base_config(base)


def _progress(done: int, total: int) -> None:
    if done == total or done % max(1, total // 100) == 0:
        print(f"\rtraining: {done}/{total} steps", end="", file=sys.stderr, flush=True)
        if done == total:
            print(file=sys.stderr)


MAX_STEPS = 1_000_000
"""The most training steps ``gradtui run --steps`` takes (the default network does about
10,000 a second; a million is minutes, not forever)."""

# Each file option, the ending its name must have, and what it is.
_OUTPUTS = (
    ("export", "--export", (".npz",), "FILE.npz"),
    ("history", "--history", (".csv",), "FILE.csv"),
    ("svg", "--svg", (".svg",), "FILE.svg"),
    ("transcript", "--transcript", (".md", ".markdown", ".txt"), "FILE.md"),
)


def _check_outputs(args: argparse.Namespace) -> None:
    """Refuse an output file that could not be written, before any training: a missing or
    read-only folder was found only when the run was over."""
    from gradtui.config import check_writable

    for attribute, option, endings, example in _OUTPUTS:
        path = getattr(args, attribute, None)
        if not path:
            continue
        if not path.lower().endswith(endings):
            raise UsageError(f"{option} {path}: the file name must end in {endings[0]}")
        try:
            check_writable(path)
        except IsADirectoryError:
            raise UsageError(
                f"{option} {path}: is a folder; give a file name such as {example}"
            ) from None
        except FileNotFoundError:
            folder = os.fspath(Path(path).parent)
            raise UsageError(f"{option} {path}: the folder {folder!r} does not exist") from None
        except OSError as error:
            folder = os.fspath(Path(path).parent)
            raise UsageError(
                f"{option} {path}: cannot write there ({error.strerror}); give a {example} in "
                f"a folder you can write to (not {folder!r})"
            ) from None


def save_npz_atomically(path: str, arrays: dict) -> None:
    """Write arrays to ``path`` (.npz) through a temporary file, so a reader never sees half."""
    import numpy as np

    from gradtui.config import write_atomically

    target = Path(path)
    if target.suffix != ".npz":
        raise UsageError(f"--export {path}: the file name must end in .npz")
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise UsageError(f"--export {path}: the folder {directory} does not exist")
    write_atomically(target, lambda stream: np.savez(stream, **arrays))


def save_chart_svg(path: str, snapshot, title: str, *, clipping: bool = False) -> None:
    """The chart as SVG, in the default theme's regime colours, written atomically;
    ``clipping``: the network clips its gradients (the chart then says ‖∂L/∂W‖ is drawn
    before clipping)."""
    from gradtui.config import ConfigError, write_atomically
    from gradtui.tui.draw.chart import chart_svg
    from gradtui.tui.themes import GRADIENT_VARIABLE_DEFAULTS, regime_palette

    if not path.endswith(".svg"):
        raise UsageError(f"--svg {path}: the file name must end in .svg")
    palette = regime_palette(GRADIENT_VARIABLE_DEFAULTS)
    text = chart_svg(snapshot, "both", palette, f"gradtui · {title}", clipping=clipping)
    try:
        write_atomically(Path(path), text.encode("utf-8"))
    except OSError as error:
        raise ConfigError(
            "", path, f"cannot write: {error.strerror or error}", source=path
        ) from None
    print(f"wrote {path}", file=sys.stderr)


def command_run(argv: list[str]) -> int:
    from gradtui import report
    from gradtui.config import config_to_dict
    from gradtui.sim import Stepper

    args = _run_parser().parse_args(argv)
    if args.check and (args.exercise or _exercise_code(args)):
        return command_check_exercise(args)
    if args.check:
        return command_check(args)
    if args.transcript:
        _check_outputs(args)
        return command_transcript(args)
    if args.through_time is not None:
        return command_through_time(args)
    if not 0 <= args.steps <= MAX_STEPS:
        raise UsageError(f"--steps must be from 0 to {MAX_STEPS:,}, not {args.steps}")
    if args.history and not args.steps:
        # A history of no steps is a header alone: say what gives it rows.
        raise UsageError("--history records the training steps: give --steps N as well")
    _check_outputs(args)
    config, title = _load(args)
    if args.loaded_lesson is not None and args.lang:
        title = args.loaded_lesson.text("title", args.lang)
    stepper = Stepper(config)
    if args.history:
        from gradtui.sim.history import History

        history = History(stepper.depth)
        show = sys.stderr.isatty() and args.steps >= 100
        for done in range(1, args.steps + 1):
            stepper.train(1)
            history.record(stepper.snapshot)
            if show:
                _progress(done, args.steps)
        history.to_csv(args.history)
    elif args.steps:
        show = _progress if sys.stderr.isatty() and args.steps >= 100 else None
        stepper.train(args.steps, progress=show)
    snapshot = stepper.finish_pass()
    if args.export:
        save_npz_atomically(args.export, stepper.pass_arrays())
    if args.svg:
        clip = stepper.config.clip
        save_chart_svg(
            args.svg, snapshot, title, clipping=clip.grad_norm > 0 or clip.grad_value > 0
        )
    layers = stepper.layers
    if args.format == "json":
        extra = {"title": title, "config": config_to_dict(config)}
        sys.stdout.write(report.to_json(snapshot, layers, extra))
    elif args.format == "csv":
        sys.stdout.write(report.to_csv(snapshot, layers))
    else:
        sys.stdout.write(f"{title}\n")
        sys.stdout.write(report.to_table(snapshot, layers))
    return 0


def command_init(argv: list[str]) -> int:
    from gradtui.config import default_config_text

    argparse.ArgumentParser(
        prog="gradtui init", description="Print a commented default config (TOML)."
    ).parse_args(argv)
    sys.stdout.write(default_config_text())
    return 0


def command_lessons(argv: list[str]) -> int:
    from gradtui.lessons import list_lessons
    from gradtui.lessons.course import COURSE, COURSE_MINUTES, course_index

    parser = argparse.ArgumentParser(
        prog="gradtui lessons",
        description="List the lessons: first the course, in its order, then the others.",
    )
    _lang_argument(parser)
    lang = parser.parse_args(argv).lang or "en"
    lessons = {lesson.id: lesson for lesson in list_lessons()}
    width = max(len(lesson_id) for lesson_id in lessons)

    def line(lesson) -> str:
        return (
            f"{lesson.id.ljust(width)}  {lesson.text('title', lang)}  [{', '.join(lesson.claims)}]"
        )

    zh = lang == "zh"
    print(
        f"课程：{len(COURSE)} 课，一堂 {COURSE_MINUTES} 分钟的课，按此顺序"
        "（一课的步骤都完成后按 n 打开下一课）："
        if zh
        else f"The course: {len(COURSE)} lessons for a {COURSE_MINUTES}-minute class, in this "
        "order (n opens the next once a lesson's steps are done):"
    )
    for number, stop in enumerate(COURSE, start=1):
        minutes = f"{stop.minutes} 分钟" if zh else f"{stop.minutes} min"
        print(f"{number:>3}. {minutes:<7} {line(lessons[stop.lesson])}  · {stop.text(lang)}")
    print("\n其他课程：" if zh else "\nThe other lessons:")
    for lesson_id, lesson in sorted(lessons.items()):
        if course_index(lesson_id) is None:
            print(f"     {' ' * 7} {line(lesson)}")
    print(
        "\n打开一课：gradtui --lesson ID    （无界面：gradtui run --lesson ID）"
        if zh
        else "\nOpen one with: gradtui --lesson ID    (headless: gradtui run --lesson ID)"
    )
    return 0


def _config_or_lesson(name: str):
    """A config file, a lesson id, or ``LESSON:VARIANT``: (config, a name for it)."""
    from gradtui.config import ConfigError, load_config
    from gradtui.lessons import load_lesson_file

    if name.endswith(".toml") and Path(name).is_file():
        try:
            return load_config(name), Path(name).name
        except ConfigError:
            # A lesson file given by path is a lesson, not a config.
            lesson = load_lesson_file(name)
            return lesson.config, lesson.id
    lesson_name, _, variant = name.partition(":")
    lesson = load_lesson_file(lesson_name)
    if variant:
        return lesson.variant_config(variant), f"{lesson.id} ({variant})"
    return lesson.config, lesson.id


def command_compare(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="gradtui compare",
        description="Two networks side by side, on the same seed and data, stepped together. "
        "Each is a config file, a lesson id, or LESSON:VARIANT.",
        # The example on a line of its own: wrapped, "batchnorm-rescue" would break at its
        # hyphen and could not be copied.
        epilog="example: gradtui compare batchnorm-rescue batchnorm-rescue:plain",
    )
    parser.add_argument("first")
    parser.add_argument("second")
    parser.add_argument(
        "--theme",
        metavar="NAME",
        help="colour theme: gradtui-dark, gradtui-light, high-contrast, colorblind, or your own",
    )
    _lang_argument(parser)
    args = parser.parse_args(argv)
    first, first_name = _config_or_lesson(args.first)
    second, second_name = _config_or_lesson(args.second)
    from gradtui.sim import Stepper

    Stepper(second)  # a config that cannot build a network fails here, with its message
    from gradtui.tui import run_app

    return run_app(
        first,
        title=first_name,
        theme=args.theme,
        lang=args.lang,
        compare_with=(second, (f"A: {first_name}", f"B: {second_name}")),
    )


def command_serve(argv: list[str]) -> int:
    from gradtui.serve import (
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_MAX_SESSIONS,
        IDLE_TIMEOUT_RANGE,
        MAX_SESSIONS_RANGE,
        serve,
    )

    parser = argparse.ArgumentParser(
        prog="gradtui serve",
        description="Show gradtui in a web browser (textual-serve): one app per browser tab. "
        "Other arguments (a config, --lesson, --lang, ...) go to each app.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument(
        "--max-sessions",
        type=int,
        default=DEFAULT_MAX_SESSIONS,
        metavar="N",
        help=f"browser tabs served at once, each an app of about 64 MB "
        f"(default {DEFAULT_MAX_SESSIONS})",
    )
    parser.add_argument(
        "--idle-timeout",
        type=float,
        default=DEFAULT_IDLE_TIMEOUT,
        metavar="SECONDS",
        help=f"end a session after this long without input (default {DEFAULT_IDLE_TIMEOUT})",
    )
    args, app_args = parser.parse_known_args(argv)
    if not 1 <= args.port <= 65535:
        raise UsageError(f"--port must be between 1 and 65535, not {args.port}")
    low, high = MAX_SESSIONS_RANGE
    if not low <= args.max_sessions <= high:
        raise UsageError(
            f"--max-sessions must be between {low} and {high} (each session is an app "
            f"process of about 64 MB), not {args.max_sessions}"
        )
    low, high = IDLE_TIMEOUT_RANGE
    if not low <= args.idle_timeout <= high:  # also refuses nan
        raise UsageError(
            f"--idle-timeout must be between {low} and {high} seconds (a day), "
            f"not {args.idle_timeout:g}"
        )
    # Every session starts from these arguments: a mistake is found now, not once per tab.
    config, _title = _load(_app_parser().parse_args(app_args))
    if config.data.name == "file":
        raise UsageError(
            'gradtui serve does not read data files (data.name = "file"): a served session '
            "reads nothing from this machine; choose a generated data set"
        )
    if config.init.name == "file":
        raise UsageError(
            'gradtui serve does not read weights files (init.name = "file"): a served session '
            "reads nothing from this machine; choose an initialiser that draws the weights"
        )
    return serve(
        args.host,
        args.port,
        app_args,
        max_sessions=args.max_sessions,
        idle_timeout=args.idle_timeout,
    )


def command_app(argv: list[str]) -> int:
    args = _app_parser().parse_args(argv)
    if args.resume and (args.config or args.lesson or args.code):
        raise UsageError("--resume reopens the last network: give it no config, --lesson or --code")
    config, title = _load(args)
    exercise = args.loaded_exercise
    if exercise is not None and (args.config or args.resume):
        raise UsageError("--exercise opens the exercise's own network: give no config or --resume")
    if exercise is not None and exercise.locked_changes(config):
        locked = ", ".join(name for name, _, _ in exercise.locked_changes(config))
        raise UsageError(
            f"--set {locked}: locked in exercise {exercise.id}; it lets you change "
            + ", ".join(exercise.may_change)
        )
    if args.resume:
        # Only when asked: on a shared account a fresh start must not meet the last learner's
        # network, so without --resume gradtui opens the default lesson.
        from gradtui.tui.settings import load_settings

        remembered = load_settings().last_config
        if remembered is None:
            raise UsageError("--resume: no network applied yet on this account; run gradtui")
        config, title = remembered, "your last applied network"
        if args.overrides:
            from gradtui.config import apply_overrides

            config = apply_overrides(config, args.overrides)
        args.loaded_lesson = None
    from gradtui.config import validate

    validate(config)
    from gradtui.tui import run_app

    return run_app(
        config,
        title=title,
        config_path=args.config,
        theme=args.theme,
        lang=args.lang,
        lesson=args.loaded_lesson,
        exercise=exercise,
        origin=args.origin,
    )


def command_watch(argv: list[str]) -> int:
    from gradtui.watch.command import main as watch_main

    return watch_main(argv)


def _asked_lang(argv: list[str]) -> str:
    """The language ``--lang`` asks for in ``argv`` (parsed or not), else English."""
    for index, word in enumerate(argv):
        if (word == "--lang" and argv[index + 1 : index + 2] == ["zh"]) or word == "--lang=zh":
            return "zh"
    return "en"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from gradtui.config import ConfigError
    from gradtui.lessons import LessonError
    from gradtui.lessons.measure import MeasureError
    from gradtui.sim.data import DataError
    from gradtui.text import MESSAGE_LIMIT, PATH_LIMIT, printable

    commands = {
        "run": command_run,
        "init": command_init,
        "lessons": command_lessons,
        "exercises": command_exercises,
        "serve": command_serve,
        "compare": command_compare,
        "watch": command_watch,
        "share": command_share,
    }
    try:
        if argv and argv[0] in commands:
            return commands[argv[0]](argv[1:])
        return command_app(argv)
    except ConfigError as error:
        print(f"gradtui: {error.message_in(_asked_lang(argv))}", file=sys.stderr)
        return 2
    except (LessonError, DataError, MeasureError, UsageError) as error:
        # A message may quote a path or a value from the command line: one printable line,
        # in the language asked for where the error can say itself in it.
        said = error.message_in(_asked_lang(argv)) if hasattr(error, "message_in") else str(error)
        print(f"gradtui: {printable(said, MESSAGE_LIMIT)}", file=sys.stderr)
        return 2
    except OSError as error:
        where = f"{printable(error.filename, PATH_LIMIT)}: " if error.filename else ""
        print(f"gradtui: {where}{error.strerror or printable(str(error))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except ValueError as error:
        # A share code's problem. gradtui.share is imported by the commands that read or
        # write a code, not by every start of the app: without it, no ShareError was raised.
        share = sys.modules.get("gradtui.share")
        if share is None or not isinstance(error, share.ShareError):
            raise
        print(
            f"gradtui: {printable(error.message_in(_asked_lang(argv)), MESSAGE_LIMIT)}",
            file=sys.stderr,
        )
        return 2
