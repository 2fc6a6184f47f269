"""Command line: ``python -m casebook validate|report|new-case|new-notebook``.

User errors (bad paths, bad case data, unreadable files) print one clear message and exit
non-zero; they never print a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

__all__ = ["UserError", "main"]


class UserError(Exception):
    """An error the user can fix; the CLI prints its message without a traceback."""


def _validate(args: argparse.Namespace) -> int:
    from casebook.loading import validate_paths

    ok_lines, problems = validate_paths(args.paths)
    for line in ok_lines:
        print(line)
    if problems:
        print(problems, file=sys.stderr)
        return 1
    return 0


def _report(args: argparse.Namespace) -> int:
    from casebook.report import run_report

    return run_report(args.inputs, args.output, out=sys.stdout, cases=args.cases)


def _new_case(args: argparse.Namespace) -> int:
    from casebook.authoring import new_case

    try:
        folder = new_case(args.path)
    except (FileExistsError, ValueError) as exc:
        raise UserError(str(exc)) from exc
    except OSError as exc:
        where = exc.filename or args.path
        raise UserError(f"cannot write the starter case to {where}: {exc.strerror or exc}") from exc
    print(f"Wrote a starter case to {folder}. Check it with: python -m casebook validate {folder}")
    return 0


def _new_notebook(args: argparse.Namespace) -> int:
    from casebook.authoring import write_notebook
    from casebook.loading import CaseDataError

    try:
        path, case = write_notebook(args.case, args.output, force=args.force)
    except CaseDataError as exc:
        print(exc, file=sys.stderr)
        print(
            "error: the case has problems (listed above); fix them, check with "
            f"'python -m casebook validate {args.case}', then run new-notebook again",
            file=sys.stderr,
        )
        return 1
    except (FileExistsError, ValueError) as exc:
        raise UserError(str(exc)) from exc
    except OSError as exc:
        where = exc.filename or args.output
        raise UserError(f"cannot write the notebook to {where}: {exc.strerror or exc}") from exc
    print(
        f"Wrote {path}: the notebook of case {case.id} ({len(case.exams)} ICE exercise"
        f"{'' if len(case.exams) == 1 else 's'}, "
        f"{len(case.decisions)} decision point{'' if len(case.decisions) == 1 else 's'}), "
        "not yet executed. Edit its prose where teaching needs it, then store its outputs "
        "with: make notebooks"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m casebook",
        description="ICANS casebook tools (education only, not for clinical decisions).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check case folders and name every problem")
    p.add_argument("paths", nargs="+", metavar="PATH", help="case folder(s) or bundled case id(s)")
    p.set_defaults(func=_validate)

    p = sub.add_parser("report", help="class report from learners' response files")
    p.add_argument("inputs", nargs="+", metavar="FILE_OR_DIR", help="response files or folders")
    p.add_argument("-o", "--output", default="report.html", help="HTML file to write")
    p.add_argument(
        "--cases",
        nargs="+",
        default=[],
        metavar="CASE_DIR",
        help="your own case folders, so their decisions and options show by label "
        "(the bundled cases are always read)",
    )
    p.set_defaults(func=_report)

    p = sub.add_parser("new-case", help="write a complete, valid starter case folder")
    p.add_argument(
        "path", help="folder to create (must not exist or be empty); its name is the case id"
    )
    p.set_defaults(func=_new_case)

    p = sub.add_parser(
        "new-notebook", help="write a case notebook generated from the case's own data"
    )
    p.add_argument("case", metavar="CASE", help="case folder or bundled case id")
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="NOTEBOOK",
        help="notebook to write, e.g. notebooks/06_case3.ipynb",
    )
    p.add_argument("--force", action="store_true", help="overwrite an existing notebook")
    p.set_defaults(func=_new_notebook)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
