"""Extra headless commands, one module each, found by ``slaselect.cli`` at start-up.

A module here defines ``NAME`` (the command word), ``HELP`` (one line) and
``add_arguments(parser)``, and ``run(args) -> int``. It must import heavy libraries
(reportlab, openpyxl) inside ``run`` so that start-up stays fast. User errors raise
``EvaluationError``; the CLI prints them as ``error: …`` and exits 1.
"""

from __future__ import annotations

from pathlib import Path

from slaselect.documents import interchange
from slaselect.domain.audit import AuditEntry
from slaselect.domain.model import Evaluation
from slaselect.store.project import Project


def load_evaluation(path: Path) -> Evaluation:
    """Read FILE: an interchange ``.json`` in memory, or a project file opened read-only."""
    if path.suffix.lower() == ".json":
        return interchange.load_json_file(path)
    with Project.open(path, read_only=True) as project:
        return project.load()


def load_audit_trail(path: Path) -> list[AuditEntry]:
    """The recorded changes of a project file (none for an interchange .json)."""
    if path.suffix.lower() == ".json":
        return []
    with Project.open(path, read_only=True) as project:
        return project.audit_trail()
