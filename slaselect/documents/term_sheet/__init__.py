"""A provider's term sheet for legal, as a Word document or a PDF with the same content.

``write_term_sheet(evaluation, "aurelgate", Path("aurelgate.docx"))`` writes the agreed (for
now: latest round's) terms in contract language, grouped as the SLA is, marked against the
Client's ask and walk-away, open points first, with the negotiation history.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from slaselect.documents.files import write_atomically
from slaselect.documents.term_sheet.content import TermSheet, build_term_sheet
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Evaluation

FORMATS = (".docx", ".pdf")
PAGE_SIZES = ("A4", "Letter")

__all__ = ["FORMATS", "PAGE_SIZES", "TermSheet", "build_term_sheet", "write_term_sheet"]


def write_term_sheet(
    evaluation: Evaluation,
    provider: str,
    path: Path,
    walk_away: Mapping[str, Any] | None = None,
    round_number: int | None = None,
    page_size: str = "A4",
    prepared: date | None = None,
) -> TermSheet:
    """Write one provider's term sheet to ``path`` (.docx or .pdf), all or nothing.

    Returns what was written, so a caller can tell the user how many open points it has.
    """
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise EvaluationError(f"cannot write a term sheet as {path.name}: name the file "
                              ".docx (Word) or .pdf")
    if page_size not in PAGE_SIZES:
        raise EvaluationError(f'unknown page size "{page_size}": use A4 or Letter')
    sheet = build_term_sheet(evaluation, provider, walk_away, round_number)
    if suffix == ".docx":
        from slaselect.documents.term_sheet.docx_writer import write_docx

        write_atomically(path, lambda temporary: write_docx(sheet, temporary, page_size,
                                                            prepared))
    else:
        from slaselect.documents.term_sheet.pdf_writer import write_pdf

        write_atomically(path, lambda temporary: write_pdf(sheet, temporary, page_size,
                                                           prepared))
    return sheet
