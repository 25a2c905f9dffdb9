"""The ``slaselect`` command: headless commands, and the desktop app when asked.

Exit status: 0 success; 1 a problem the user can fix, explained on stderr in one line starting
with ``error:``; 2 bad usage (argparse). A failing command never leaves a partial output file
and never changes the project it reads.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from slaselect import __version__
from slaselect.documents import bundled, interchange
from slaselect.documents.plain_text import ranking_text
from slaselect.domain.checks import evaluation_warnings
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Evaluation
from slaselect.domain.ranking import Method, rank_table, score_table
from slaselect.store.project import Project, inspect_file

COMMANDS = ("new", "demo", "import-json", "export-json", "rank", "check")


# --------------------------------------------------------------------------- helpers


def load_evaluation(path: Path) -> Evaluation:
    """Read FILE: an interchange ``.json`` in memory, or a project file opened read-only."""
    if path.suffix.lower() == ".json":
        return interchange.load_json_file(path)
    with Project.open(path, read_only=True) as project:
        return project.load()


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Write an output file via a temporary sibling, so a failure leaves no partial file."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise EvaluationError(f"cannot write {path}: the folder {folder} does not exist")
    if path.is_dir():
        raise EvaluationError(f"cannot write {path}: it is a folder")
    handle, temporary_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    os.close(handle)
    temporary = Path(temporary_name)
    try:
        write(temporary)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


# --------------------------------------------------------------------------- commands


def cmd_new(args: argparse.Namespace) -> int:
    evaluation = bundled.load_template(args.template)
    Project.create(args.file, evaluation)
    print(f"Created {args.file} from the {args.template} template.")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    Project.create(args.file, bundled.load_demo())
    print(f"Wrote the demo evaluation to {args.file}.")
    return 0


def cmd_import_json(args: argparse.Namespace) -> int:
    evaluation = interchange.load_json_file(args.json)
    if args.file.suffix.lower() == ".json":
        raise EvaluationError(
            f"{args.file.name} would be a project file; give it the {'.slaselect'} extension"
        )
    Project.create(args.file, evaluation, overwrite=args.force)
    print(
        f"Imported {len(evaluation.providers)} providers, {len(evaluation.criteria)} criteria "
        f"and {len(evaluation.scores)} scores into {args.file}."
    )
    return 0


def cmd_export_json(args: argparse.Namespace) -> int:
    text = interchange.dumps(load_evaluation(args.file))
    if args.output is None:
        sys.stdout.write(text)
    else:
        write_atomically(args.output, lambda p: p.write_text(text, encoding="utf-8"))
    return 0


def cmd_rank(args: argparse.Namespace) -> int:
    evaluation = load_evaluation(args.file)
    table = score_table(evaluation)
    ranking = rank_table(table, Method(args.method))
    if args.json:
        print(json.dumps(ranking.to_dict(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(ranking_text(evaluation, ranking, table))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    path: Path = args.file
    if path.suffix.lower() == ".json":
        evaluation = interchange.load_json_file(path)
        print(f"{path.name}: valid interchange JSON (format version {interchange.VERSION}).")
    else:
        facts = inspect_file(path)
        print(
            f"{path.name}: SLASelect project, file format {facts.schema_version}, "
            f"{facts.size_bytes:,} bytes, integrity {facts.integrity}."
        )
        evaluation = load_evaluation(path)
        # The stored evaluation must pass the same strict rules as an import.
        interchange.evaluation_from_dict(interchange.evaluation_to_dict(evaluation))
        print("Evaluation content: valid.")
    print(
        f"{len(evaluation.providers)} providers, {len(evaluation.evaluators)} evaluators, "
        f"{len(evaluation.criteria)} criteria, {len(evaluation.terms)} terms, "
        f"{len(evaluation.scores)} scores, {len(evaluation.rounds)} negotiation rounds."
    )
    warnings = evaluation_warnings(evaluation)
    if warnings:
        print(f"{len(warnings)} warning(s):")
        for warning in warnings:
            print(f"  - {warning}")
    else:
        print("No warnings.")
    return 0


# --------------------------------------------------------------------------- parsing


def _command_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="slaselect",
        description="Choose a service provider and negotiate its SLA.",
        epilog="Run 'slaselect' with no command to open the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"slaselect {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    new = sub.add_parser("new", help="create an empty project from a template")
    new.add_argument("file", type=Path, metavar="FILE")
    new.add_argument("--template", default=bundled.DEFAULT_TEMPLATE, metavar="NAME",
                     help=f"template name (default: {bundled.DEFAULT_TEMPLATE})")
    new.set_defaults(run=cmd_new)

    demo = sub.add_parser("demo", help="write the bundled demo evaluation to FILE")
    demo.add_argument("file", type=Path, metavar="FILE")
    demo.set_defaults(run=cmd_demo)

    imp = sub.add_parser("import-json", help="build project FILE from an interchange JSON")
    imp.add_argument("json", type=Path, metavar="JSON")
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    imp.set_defaults(run=cmd_import_json)

    exp = sub.add_parser("export-json", help="write the interchange JSON")
    exp.add_argument("file", type=Path, metavar="FILE")
    exp.add_argument("-o", "--output", type=Path, metavar="OUT", help="file (default: stdout)")
    exp.set_defaults(run=cmd_export_json)

    rank = sub.add_parser("rank", help="rank the providers")
    rank.add_argument("file", type=Path, metavar="FILE")
    rank.add_argument("--method", choices=[m.value for m in Method], default="wsm")
    rank.add_argument("--json", action="store_true", help="machine-readable output")
    rank.set_defaults(run=cmd_rank)

    check = sub.add_parser("check", help="check file integrity and the evaluation")
    check.add_argument("file", type=Path, metavar="FILE")
    check.set_defaults(run=cmd_check)
    return parser


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="slaselect",
        description="Open the SLASelect desktop app. Commands: " + ", ".join(COMMANDS)
        + " (see 'slaselect COMMAND --help').",
    )
    parser.add_argument("--version", action="version", version=f"slaselect {__version__}")
    parser.add_argument("file", nargs="?", type=Path, metavar="FILE", help="project to open")
    parser.add_argument("--demo", action="store_true", help="open a fresh copy of the demo")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and arguments[0] in COMMANDS:
        args = _command_parser().parse_args(arguments)
        try:
            return int(args.run(args))
        except EvaluationError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        except OSError as error:
            print(f"error: {error.strerror or error} ({error.filename or 'file'})",
                  file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            return 130
    args = _app_parser().parse_args(arguments)
    if args.demo and args.file is not None:
        _app_parser().error("give either FILE or --demo, not both")
    from slaselect.app import run_app  # Qt is imported only when the window is wanted

    return run_app(args.file, demo=args.demo)
