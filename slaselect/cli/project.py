"""Project files: ``new``, ``demo``, ``import-json``, ``export-json`` and ``check``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from slaselect.cli.common import (
    Commands,
    add_force_option,
    check_output,
    is_json,
    load_audit_trail,
    load_evaluation,
    settled,
)
from slaselect.documents.resources import DEFAULT_TEMPLATE
from slaselect.domain.errors import EvaluationError


def add_commands(sub: Commands) -> None:
    """Declare the project-file commands."""
    new = sub.add_parser("new", help="create an empty project from a template")
    new.add_argument("file", type=Path, metavar="FILE")
    new.add_argument("--template", default=DEFAULT_TEMPLATE, metavar="NAME",
                     help=f"template name (default: {DEFAULT_TEMPLATE})")
    new.set_defaults(run=new_project)

    demo = sub.add_parser("demo", help="write the bundled demo evaluation to FILE")
    demo.add_argument("file", type=Path, metavar="FILE")
    demo.set_defaults(run=demo_project)

    imp = sub.add_parser("import-json", help="build project FILE from an interchange JSON")
    imp.add_argument("json", type=Path, metavar="JSON")
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    imp.set_defaults(run=import_json)

    exp = sub.add_parser("export-json", help="write the interchange JSON")
    exp.add_argument("file", type=Path, metavar="FILE")
    exp.add_argument("-o", "--output", type=Path, metavar="OUT", help="file (default: stdout)")
    add_force_option(exp)
    exp.set_defaults(run=export_json)

    check = sub.add_parser("check", help="check file integrity and the evaluation")
    check.add_argument("file", type=Path, metavar="FILE")
    check.set_defaults(run=check_file)


def new_project(args: argparse.Namespace) -> int:
    """``new FILE [--template NAME]``."""
    from slaselect.documents import bundled
    from slaselect.store.project import Project

    Project.create(args.file, bundled.load_template(args.template))
    print(f"Created {args.file} from the {args.template} template.")
    return 0


def demo_project(args: argparse.Namespace) -> int:
    """``demo FILE``."""
    from slaselect.documents import bundled
    from slaselect.store.project import Project

    evaluation = bundled.load_demo()
    Project.create(args.file, evaluation)
    # The demo goes on past the award: the same edits any buyer's project records.
    with Project.open(args.file) as project:
        for edit in bundled.demo_service_edits(evaluation):
            evaluation, _ = project.apply(evaluation, edit, who="SLASelect demo")
    print(f"Wrote the demo evaluation to {args.file}.")
    return 0


def import_json(args: argparse.Namespace) -> int:
    """``import-json JSON FILE [--force]``."""
    from slaselect.documents import interchange
    from slaselect.store.project import Project

    if is_json(args.file):
        raise EvaluationError(
            f"{args.file.name} would be a project file; give it the .slaselect extension"
        )
    # Even with --force the project is never built over the JSON it is built from.
    check_output(args.file, args.json, force=True)
    evaluation = settled(interchange.load_json_file(args.json))
    Project.create(args.file, evaluation, overwrite=args.force)
    print(
        f"Imported {len(evaluation.providers)} providers, {len(evaluation.criteria)} criteria "
        f"and {len(evaluation.scores)} scores into {args.file}."
    )
    return 0


def export_json(args: argparse.Namespace) -> int:
    """``export-json FILE [-o OUT]``: stdout without ``-o``."""
    from slaselect.documents import exports, interchange

    if args.output is not None:
        check_output(args.output, args.file, force=args.force)
    evaluation = load_evaluation(args.file)
    if args.output is None:
        sys.stdout.write(interchange.dumps(evaluation))
    else:
        exports.export_json(evaluation, args.output)
    return 0


def check_file(args: argparse.Namespace) -> int:
    """``check FILE``: integrity of a project file, then the evaluation's rules and warnings."""
    from slaselect.documents import interchange
    from slaselect.documents.text.plain_text import check_text
    from slaselect.domain.checks import evaluation_warnings

    path: Path = args.file
    if is_json(path):
        evaluation = interchange.load_json_file(path)
        print(f"{path.name}: valid interchange JSON (format version {interchange.VERSION}).")
    else:
        from slaselect.store.project import inspect_file

        facts = inspect_file(path)
        print(
            f"{path.name}: SLASelect project, file format {facts.schema_version}, "
            f"{facts.size_bytes:,} bytes, integrity {facts.integrity}."
        )
        evaluation = load_evaluation(path)
        # The stored evaluation must pass the same strict rules as an import.
        interchange.evaluation_from_dict(interchange.evaluation_to_dict(evaluation))
        print("Evaluation content: valid.")
    sys.stdout.write(check_text(evaluation, evaluation_warnings(evaluation,
                                                                load_audit_trail(path))))
    return 0
