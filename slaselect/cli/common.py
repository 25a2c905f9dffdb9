"""What every command needs: reading FILE, printing JSON, checking an output path."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from slaselect.domain.audit import AuditEntry
    from slaselect.domain.model import Evaluation
    from slaselect.domain.ranking import ConsensusScores

Commands = Any
"""argparse's sub-command registry (``argparse._SubParsersAction``, private in typeshed)."""


_ONE_COMMAND_PROCESS = False
"""True when this process runs one command from its command line and then exits."""


def one_command_process() -> None:
    """Say that this process runs one command and exits (``main`` without an argv does):
    what it reads then stays until the end, and the collector may stop looking at it."""
    global _ONE_COMMAND_PROCESS
    _ONE_COMMAND_PROCESS = True


def settled(evaluation: Evaluation) -> Evaluation:
    """``evaluation``, just read, kept out of the cyclic garbage collector's passes when the
    process runs one command: a tender's hundreds of thousands of score tuples (which hold no
    cycle) were walked again by every full collection, a tenth of ``analyse``. Freed as ever
    when the process ends; inside a longer-lived process (the tests) nothing changes."""
    if _ONE_COMMAND_PROCESS:
        import gc

        gc.freeze()
    return evaluation


def load_evaluation(path: Path) -> Evaluation:
    """Read FILE: an interchange ``.json`` in memory, or a project file opened read-only."""
    if is_json(path):
        from slaselect.documents import interchange

        return settled(interchange.load_json_file(path))
    from slaselect.store.project import Project  # sqlite-utils loads only when a project is read

    with Project.open(path, read_only=True) as project:
        return settled(project.load())


def load_for_ranking(path: Path) -> tuple[Evaluation, ConsensusScores | None]:
    """FILE for ranking: an interchange .json as ``load_evaluation`` reads it (no consensus
    yet: None); a project file without a ``Score`` per row, its consensus table read from the
    file's columns (``Project.load_for_ranking``; the evaluation holds no scores then)."""
    if is_json(path):
        return load_evaluation(path), None
    from slaselect.store.project import Project

    with Project.open(path, read_only=True) as project:
        evaluation, consensus = project.load_for_ranking()
    return settled(evaluation), consensus


def load_audit_trail(path: Path) -> list[AuditEntry]:
    """The recorded changes of a project file (none for an interchange .json)."""
    if is_json(path):
        return []
    from slaselect.store.project import Project

    with Project.open(path, read_only=True) as project:
        return project.audit_trail()


def is_json(path: Path) -> bool:
    """True for an interchange file, told by its extension as everywhere in SLASelect."""
    return path.suffix.lower() == ".json"


def print_json(document: object) -> None:
    """A ``--json`` document on stdout, readable and with non-ASCII names as they are."""
    import json  # only when a command prints JSON: start-up stays light

    print(json.dumps(document, ensure_ascii=False, indent=2))


def add_json_option(parser: argparse.ArgumentParser) -> None:
    """The ``--json`` switch of the reporting commands."""
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def add_force_option(parser: argparse.ArgumentParser) -> None:
    """``--force``: replace an existing project file or a filled scoring sheet at OUT."""
    parser.add_argument("--force", action="store_true",
                        help="replace OUT even when it is a project file or a scoring sheet "
                             "with scores typed in")


def check_output(output: Path, *sources: Path, force: bool = False) -> None:
    """Refuse OUT when it is any file the command reads, or (without ``--force``) someone's
    work; the same check as the Export page (``documents.exports.check_output``)."""
    from slaselect.documents.exports import check_output as check

    check(output, sources, force=force)
