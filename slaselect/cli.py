"""The ``slaselect`` command: headless commands, and the desktop app when asked.

Exit status: 0 success; 1 a problem the user can fix, explained on stderr in one line starting
with ``error:``; 2 bad usage (argparse). A failing command never leaves a partial output file
and never changes the project it reads.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from slaselect import __version__, commands
from slaselect.commands import load_evaluation
from slaselect.documents import bundled, interchange
from slaselect.documents.files import write_atomically
from slaselect.documents.text.plain_text import (
    comparison_text,
    diff_text,
    figures_text,
    ranking_text,
)
from slaselect.documents.text.reports import comparison_document, diff_document, figures_entries
from slaselect.domain.checks import evaluation_warnings
from slaselect.domain.comparison import compare
from slaselect.domain.errors import EvaluationError
from slaselect.domain.negotiation import concession_summary, round_changes
from slaselect.domain.ranking import Method, rank_table, score_table
from slaselect.store.project import Project, inspect_file

BUILT_IN_COMMANDS = (
    "new", "demo", "import-json", "export-json", "rank", "figures", "compare", "diff", "check",
)


def _extra_commands() -> list[ModuleType]:
    """The command modules of ``slaselect.commands`` (memo, workbook, analyse, ...)."""
    found = []
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        if hasattr(module, "NAME") and hasattr(module, "run"):
            found.append(module)
    return found


EXTRA_COMMANDS = _extra_commands()
COMMANDS = BUILT_IN_COMMANDS + tuple(m.NAME for m in EXTRA_COMMANDS)


# --------------------------------------------------------------------------- helpers


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


def _print_json(document: object) -> None:
    print(json.dumps(document, ensure_ascii=False, indent=2))


def cmd_figures(args: argparse.Namespace) -> int:
    evaluation = load_evaluation(args.file)
    entries = figures_entries(evaluation, args.provider, args.round)
    if args.json:
        _print_json({"providers": entries})
    else:
        sys.stdout.write(figures_text(evaluation, entries))
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    evaluation = load_evaluation(args.file)
    comparison = compare(evaluation, args.round)
    if args.json:
        _print_json(comparison_document(comparison))
    else:
        sys.stdout.write(comparison_text(evaluation, comparison))
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    evaluation = load_evaluation(args.file)
    if args.provider not in {p.key for p in evaluation.providers}:
        known = ", ".join(p.key for p in evaluation.providers) or "none"
        raise EvaluationError(f'there is no provider "{args.provider}" (providers: {known})')
    changes = round_changes(evaluation, args.provider, args.a, args.b)
    target = next(r for r in evaluation.rounds
                  if r.provider == args.provider and r.number == args.b)
    summary = concession_summary(changes, ", ".join(p for p in (target.label, target.date) if p))
    if args.json:
        _print_json(diff_document(changes, summary))
    else:
        sys.stdout.write(diff_text(evaluation, changes, summary))
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

    figures = sub.add_parser("figures", help="derived SLA figures: downtime, real response, costs")
    figures.add_argument("file", type=Path, metavar="FILE")
    figures.add_argument("--provider", metavar="KEY", help="one provider only")
    figures.add_argument("--round", type=int, metavar="N", help="as of round N (default: latest)")
    figures.add_argument("--json", action="store_true", help="machine-readable output")
    figures.set_defaults(run=cmd_figures)

    comparison = sub.add_parser("compare", help="the terms of all providers side by side")
    comparison.add_argument("file", type=Path, metavar="FILE")
    comparison.add_argument("--round", type=int, metavar="N", help="as of round N")
    comparison.add_argument("--json", action="store_true", help="machine-readable output")
    comparison.set_defaults(run=cmd_compare)

    diff = sub.add_parser("diff", help="what a provider changed between two rounds")
    diff.add_argument("file", type=Path, metavar="FILE")
    diff.add_argument("provider", metavar="PROVIDER")
    diff.add_argument("a", type=int, metavar="A", help="earlier round number")
    diff.add_argument("b", type=int, metavar="B", help="later round number")
    diff.add_argument("--json", action="store_true", help="machine-readable output")
    diff.set_defaults(run=cmd_diff)

    for module in EXTRA_COMMANDS:
        extra = sub.add_parser(module.NAME, help=module.HELP)
        module.add_arguments(extra)
        extra.set_defaults(run=module.run)

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
