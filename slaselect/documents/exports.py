"""The export jobs, the same from the command line and the Export page.

Each job makes one file from an evaluation, all or nothing: the writers go through
``files.write_atomically``, so a failure leaves any previous file as it was. The heavy
libraries (reportlab, openpyxl) load only when a job runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from slaselect.documents.files import (
    SQLITE_HEADER,
    is_regular_file,
    same_file,
    starts_with,
    write_atomically,
)
from slaselect.domain.audit import AuditEntry
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Evaluation

if TYPE_CHECKING:
    from slaselect.documents.term_sheet import TermSheet
    from slaselect.domain.analysis import Analysis
    from slaselect.domain.service.report import ServiceAssessment


class RefusedOutput(EvaluationError):
    """An output refused by ``check_output``; ``why`` is ``"input"`` (it is a file being read),
    ``"project"`` (an existing project file) or ``"scores"`` (a scoring sheet with scores typed
    in), so that the app can say it in its own words. The message is the command line's."""

    def __init__(self, message: str, path: Path, why: str) -> None:
        super().__init__(message)
        self.path = path
        self.why = why


def check_output(path: Path, sources: Sequence[Path] = (), *, force: bool = False) -> None:
    """Refuse an output that is one of the ``sources`` or that would destroy the user's work.

    The same file as an input is refused even with ``force``. Without ``force``, an existing
    project file (any SQLite database, or a file named ``.slaselect``) and a scoring sheet with
    scores typed in are kept; with it they are replaced. Raises RefusedOutput naming the file.
    """
    for source in sources:
        if same_file(path, source):
            through = "" if path.name == source.name else f" (through {path.name})"
            raise RefusedOutput(
                f"that would overwrite {source.name}{through}, the file this command reads; "
                "choose another output name", source, "input"
            )
    if force or not is_regular_file(path):
        return
    if path.suffix.lower() == ".slaselect" or starts_with(path, SQLITE_HEADER):
        raise RefusedOutput(
            f"{path.name} is a project file; choose another output name, or give --force to "
            "replace it", path, "project"
        )
    if path.suffix.lower() == ".xlsx" and not _surely_no_scoring_sheet(path):
        from slaselect.documents.scoring_sheet.score_import import holds_scores
        from slaselect.documents.scoring_sheet.sheet import untouched_since_written

        # A sheet just as it was written is replaced without reading its thousands of rows.
        if not untouched_since_written(path) and holds_scores(path):
            raise RefusedOutput(
                f"{path.name} is a scoring sheet with scores typed in; choose another output "
                "name, or give --force to replace it", path, "scores"
            )


def _surely_no_scoring_sheet(path: Path) -> bool:
    """True when the workbook's list of sheets cannot name the key sheet every scoring sheet
    has: a workbook written earlier (re-exported over) is then not read in full to find out.
    False whenever in doubt (no standard workbook part, a large one, character references),
    leaving the question to ``holds_scores``."""
    import zipfile

    from slaselect.documents.scoring_sheet.sheet import KEYS_TITLE

    try:
        with zipfile.ZipFile(path) as archive:
            part = archive.getinfo("xl/workbook.xml")
            if part.file_size > 4_000_000:
                return False
            listing = archive.read(part).lower()
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False
    return b"&#" not in listing and KEYS_TITLE.lower().encode() not in listing


def memo_analysis(evaluation: Evaluation) -> Analysis | None:
    """The sensitivity analysis the memo reports (default samples and seed, as ``slaselect
    analyse``); None when there is nothing to analyse, e.g. no eligible provider."""
    from slaselect.domain.analysis import analyse

    try:
        return analyse(evaluation)
    except EvaluationError:
        return None


def export_memo(
    evaluation: Evaluation,
    path: Path,
    *,
    paper: str = "A4",
    status: str = "DRAFT",
    prepared_by: str = "",
    with_analysis: bool = True,
    audit_trail: Sequence[AuditEntry] = (),
    brief: bool = False,
) -> None:
    """The decision memo as a PDF at ``path``, with the sensitivity analysis unless told not;
    with ``brief`` only the board brief (the memo's first two pages)."""
    from slaselect.documents.memo import write_memo

    analysis = memo_analysis(evaluation) if with_analysis else None
    write_memo(evaluation, path, paper=paper, status=status, prepared_by=prepared_by,
               analysis=analysis, audit_trail=audit_trail, brief=brief)


def export_workbook(
    evaluation: Evaluation, path: Path, *, audit_trail: Sequence[AuditEntry] | None = None,
    service: ServiceAssessment | None = None,
) -> None:
    """The term-sheet and scoring workbook (.xlsx) at ``path``; ``audit_trail`` None for an
    interchange file (no history); with ``service`` (the signed contract's assessment) it has
    a Service sheet."""
    from slaselect.documents.workbook import write_workbook

    write_workbook(evaluation, path, audit_trail=audit_trail, service=service)


def export_scoring_sheet(evaluation: Evaluation, evaluator: str, path: Path) -> None:
    """The offline scoring sheet (.xlsx) of the evaluator with key ``evaluator`` at ``path``."""
    from slaselect.documents.scoring_sheet.sheet import write_scoring_sheet

    write_scoring_sheet(evaluation, evaluator, path)


def export_term_sheet(
    evaluation: Evaluation, provider: str, path: Path, *, paper: str = "A4",
    round_number: int | None = None,
) -> TermSheet:
    """One provider's term sheet for legal at ``path`` (.docx or .pdf), marked against the
    buyer's ask and, when the evaluation records one, the walk-away limits."""
    from slaselect.documents.term_sheet import write_term_sheet

    walk_away = dict(evaluation.walk_away) or None
    return write_term_sheet(evaluation, provider, path, walk_away=walk_away,
                            round_number=round_number, page_size=paper)


def export_json(evaluation: Evaluation, path: Path) -> None:
    """The whole evaluation as interchange JSON at ``path``."""
    from slaselect.documents import interchange

    text = interchange.dumps(evaluation)
    write_atomically(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))
