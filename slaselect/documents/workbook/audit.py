"""The Audit trail sheet: every recorded change, oldest first, for auditors.

When (a real date and time, local, so it sorts and filters), who, what, the edit's settings
in words, why, and the time exactly as recorded (UTC). Every text goes in through
``xlsx.safety`` (via ``workbook.style.put``): a reason such as ``=cmd|' /C calc'!A0`` stays
text. Imports openpyxl: load only when writing a workbook.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from slaselect.documents.workbook import style as s
from slaselect.domain.audit import AuditEntry
from slaselect.domain.audit_words import change_lines, no_changes_words, times_words
from slaselect.domain.model import Evaluation

AUDIT_TRAIL = "Audit trail"
HEADER_ROW = 4
HEADERS = ("#", "When (local time)", "Who", "What", "Detail", "Why", "Recorded (UTC)")
WIDTHS = (6, 17, 18, 28, 52, 52, 24)
WHEN_FORMAT = "yyyy-mm-dd hh:mm"


def write_audit_trail(workbook: Workbook, evaluation: Evaluation,
                      entries: Sequence[AuditEntry] | None) -> Worksheet:
    """The sheet of every recorded change (a note saying there is none when empty).

    ``entries`` is None for an interchange file, which keeps no history."""
    sheet = workbook.create_sheet(AUDIT_TRAIL)
    s.set_widths(sheet, WIDTHS)
    explanation = ("Every change saved to this evaluation, oldest first, from the project "
                   "file's append-only record.")
    if entries:
        explanation += (f" {times_words(entries)} The last column gives each time exactly as "
                        "recorded (UTC). Detail gives each setting the change made, and what "
                        "it replaced as old -> new.")
    s.title(sheet, "Audit trail", explanation, len(HEADERS))
    header = HEADER_ROW
    s.header_row(sheet, header, HEADERS)
    row = header
    for line in change_lines(entries or (), evaluation):
        row += 1
        s.put(sheet, row, 1, line.number, alignment=s.TOP_RIGHT)
        when = line.moment if line.moment is not None else line.when
        s.put(sheet, row, 2, when, number_format=WHEN_FORMAT, alignment=s.TOP)
        s.put(sheet, row, 3, line.who, alignment=s.WRAP)
        s.put(sheet, row, 4, line.what, alignment=s.WRAP, font=s.BOLD)
        s.put(sheet, row, 5, line.detail, alignment=s.WRAP, font=s.NOTE_FONT)
        s.put(sheet, row, 6, line.why, alignment=s.WRAP)
        s.put(sheet, row, 7, line.recorded, alignment=s.TOP, font=s.MUTED)
        s.fit_row(sheet, row, (3, 4, 5, 6))
    if row > header:
        sheet.auto_filter.ref = f"A{header}:{get_column_letter(len(HEADERS))}{row}"
    else:
        s.put(sheet, header + 1, 1, no_changes_words(entries is None), font=s.MUTED,
              border=None)
        sheet.merge_cells(start_row=header + 1, start_column=1, end_row=header + 1,
                          end_column=len(HEADERS))
    sheet.freeze_panes = sheet.cell(row=header + 1, column=1)
    s.prepare_printing(sheet, f"{header}:{header}", None, evaluation.name)
    return sheet
