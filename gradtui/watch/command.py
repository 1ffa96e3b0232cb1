"""``gradtui watch FILE``: the screen, or with ``--format`` the numbers on stdout."""

from __future__ import annotations

import argparse
import sys

from gradtui.text import MESSAGE_LIMIT, PATH_LIMIT, printable
from gradtui.watch.fileformat import Reader, WatchFileError
from gradtui.watch.headless import FORMATS, to_csv, to_json

__all__ = ["main"]


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gradtui watch",
        description="Show a PyTorch training run's gradients, recorded with "
        "gradtui.watch.watch(model, FILE): live while it trains, or after it ended.",
    )
    parser.add_argument("file", metavar="FILE", help="the .gradtui file the run writes")
    parser.add_argument(
        "--format", choices=FORMATS, help="print the recorded numbers instead of the screen"
    )
    parser.add_argument(
        "--lang", choices=("en", "zh"), help="language of the explanations (en, zh)"
    )
    parser.add_argument("--theme", metavar="NAME", help="colour theme")
    return parser


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    lang = args.lang or "en"
    reader = Reader(args.file)
    try:
        reader.poll()
    except FileNotFoundError:
        if args.format:
            return _fail(f"{printable(args.file, PATH_LIMIT)}: no such file")
        # Live: the training script may not have started yet; the screen waits for it.
    except (OSError, WatchFileError) as error:
        return _fail(f"{printable(args.file, PATH_LIMIT)}: {_reason(error)}")
    if args.format:
        if reader.header is None:
            return _fail(
                f"{printable(args.file, PATH_LIMIT)}: no header yet (is it being written?)"
            )
        if args.format == "json":
            sys.stdout.write(to_json(reader.header, reader.steps, lang, reader.ended))
        else:
            sys.stdout.write(to_csv(reader.header, reader.steps))
        return 0
    from gradtui.watch.app import run_watch_app

    return run_watch_app(args.file, lang=args.lang, theme=args.theme)


def _reason(error: Exception) -> str:
    if isinstance(error, OSError):
        return error.strerror or printable(str(error), MESSAGE_LIMIT)
    return printable(str(error), MESSAGE_LIMIT)


def _fail(message: str) -> int:
    print(f"gradtui watch: {message}", file=sys.stderr)
    return 2
