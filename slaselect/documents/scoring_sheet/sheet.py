"""An evaluator's offline scoring sheet (.xlsx): the judgement criteria of every provider.

One sheet, "Scores", one row per criterion and provider, criterion by criterion (evaluators
compare providers on one rubric at a time): the criterion and what its scores mean on the left,
then the provider, the Score and the Rationale. The evaluator's scores so far are filled in.
Only the yellow Score and Rationale cells can be changed: the sheet is protected (without a
password; it prevents slips, it is not a lock), the workbook structure too, and the Score
cells accept only a number on the evaluation's scale.

For the way back each row carries hidden keys (provider, criterion, evaluator) and a
fingerprint of the score and rationale as sent, so the import can tell what the evaluator
changed from what changed in SLASelect meanwhile. A hidden sheet "SLASelect" names the format,
its version, the evaluation and the evaluator. ``score_import`` reads it back; the layout
constants below are shared with it. Format version 1.

The thousands of score rows are streamed as XML (``xlsx.streamed``); openpyxl writes the rest.
The file's zip comment notes each part's checksum as written, so that writing a new sheet over
one nobody has touched needs no reading of its rows (``untouched_since_written``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from slaselect.documents.files import write_atomically
from slaselect.documents.xlsx.safety import clean_text, header_footer_text, write_cell
from slaselect.documents.xlsx.streamed import CellStyle, StreamedRows
from slaselect.documents.xml_text import xml_safe
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Criterion, CriterionKind, Evaluation, Evaluator, Provider
from slaselect.domain.wording import ROLE_WORDS, format_number

FORMAT_NAME = "SLASelect scoring sheet"
FORMAT_VERSION = 1
SCORES_TITLE = "Scores"
KEYS_TITLE = "SLASelect"

# Column headings; the import finds the columns by these words (case and spaces ignored).
CRITERION, RUBRIC, PROVIDER, SCORE, RATIONALE = (
    "Criterion", "What the scores mean", "Provider", "Score", "Rationale",
)
PROVIDER_KEY, CRITERION_KEY, EVALUATOR_KEY, AS_SENT = (
    "provider key", "criterion key", "evaluator key", "as sent",
)
HEADINGS = (CRITERION, RUBRIC, PROVIDER, SCORE, RATIONALE,
            PROVIDER_KEY, CRITERION_KEY, EVALUATOR_KEY, AS_SENT)
VISIBLE_COLUMNS = 5
HEADER_ROW = 4

# Fields of the hidden "SLASelect" sheet: label in column A, value in column B.
FIELD_FORMAT, FIELD_VERSION, FIELD_EVALUATION = "format", "version", "evaluation"
FIELD_EVALUATOR, FIELD_EVALUATOR_NAME = "evaluator", "evaluator name"
FIELD_SCALE_MIN, FIELD_SCALE_MAX, FIELD_WRITTEN = "scale min", "scale max", "written"

_WIDTHS = (26, 54, 28, 9, 54, 14, 14, 14, 18)
_CHARACTERS_PER_WIDTH = 1.2  # 10 pt text in a column width unit (the width of "0" at 11 pt)
_LINE_POINTS = 13.0
_MIN_LINES = 2  # room to type a rationale
_MAX_ROW_POINTS = 409.0  # the tallest row a spreadsheet allows
# Printing fits the five visible columns to the page width (about 80 %, landscape A4 or
# Letter); this is the height of rows that fit on one page at that scale, A4's (the shorter)
# less the repeated heading row. A criterion is kept on one page when it fits on one.
_PAGE_POINTS = 600.0
_FIRST_PAGE_POINTS = 510.0  # the title and instructions take the rest

_TEXT_STYLE, _SCORE_STYLE, _RATIONALE_STYLE = (
    "SLASelect text", "SLASelect score", "SLASelect rationale")
_HEADING_STYLE, _FIRST_SUFFIX = "SLASelect heading", ", new criterion"
_COLUMN_STYLES = {4: _SCORE_STYLE, 5: _RATIONALE_STYLE}
_COLUMNS = range(1, len(HEADINGS) + 1)


_INK, _MUTED, _HEADER_FILL, _INPUT_FILL, _LINE = "1F2937", "6B7280", "1F3864", "FFF2CC", "BFBFBF"


def judgement_criteria(evaluation: Evaluation) -> list[Criterion]:
    """The criteria evaluators score by hand, in the evaluation's order."""
    return [c for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT]


def providers_to_score(evaluation: Evaluation) -> list[Provider]:
    """The providers still in the running (an excluded provider is not scored)."""
    return [p for p in evaluation.providers if not p.excluded]


def find_evaluator(evaluation: Evaluation, key: str) -> Evaluator:
    """The evaluator with this key; EvaluationError naming the evaluators when there is none."""
    for evaluator in evaluation.evaluators:
        if evaluator.key == key:
            return evaluator
    known = ", ".join(e.key for e in evaluation.evaluators) or "none"
    raise EvaluationError(f'there is no evaluator "{key}" (evaluators: {known})')


def evaluator_words(evaluator: Evaluator) -> str:
    """ "Dana Whitlock (Procurement)"."""
    return f"{evaluator.name} ({ROLE_WORDS[evaluator.role]})"


def sent_fingerprint(value: float | None, rationale: str) -> str:
    """A short fingerprint of a score and rationale, to tell later whether either changed."""
    return clean_fingerprint(value, clean_text(rationale))


def clean_fingerprint(value: float | None, rationale: str) -> str:
    """``sent_fingerprint`` of a rationale that is clean already (``clean_text`` of it is
    itself), without cleaning it again."""
    number = "" if value is None else repr(float(value))
    return hashlib.sha256(f"{number}\x1f{rationale}".encode()).hexdigest()[:16]


def scale_words(evaluation: Evaluation) -> str:
    """ "0 to 10"."""
    return f"{format_number(evaluation.scale.min)} to {format_number(evaluation.scale.max)}"


def rubric_levels(criterion: Criterion) -> list[tuple[str, str]]:
    """The rubric's (score level, meaning) pairs, lowest score first."""
    def order(item: tuple[str, str]) -> tuple[int, float, str]:
        try:
            return (0, float(item[0]), item[0])
        except ValueError:
            return (1, 0.0, item[0])

    return sorted(criterion.rubric.items(), key=order)


def rubric_text(criterion: Criterion) -> str:
    """The rubric, one level a line, lowest score first: "0 – No verifiable work…"."""
    lines = [f"{level} – {text}" for level, text in rubric_levels(criterion)]
    return "\n".join(lines) if lines else "No rubric: use the whole scale, higher is better."


def write_scoring_sheet(
    evaluation: Evaluation, evaluator_key: str, path: Path, *, today: dt.date | None = None
) -> None:
    """Write the scoring workbook of one evaluator to ``path``, all or nothing.

    Raises EvaluationError when the evaluator does not exist, or when there is nothing to
    score (no judgement criteria, or no provider in the running).
    """
    import openpyxl
    from openpyxl.workbook.protection import WorkbookProtection

    # Only this evaluator's scores go into the sheet; the rest are left out before the
    # cleaning (no control character may reach the workbook's XML) walks every string.
    # The terms, rounds and the like are not in the sheet: they are left out too.
    mine = tuple(s for s in evaluation.scores if s.evaluator == evaluator_key)
    evaluation = xml_safe(dataclasses.replace(
        evaluation, scores=mine, terms=(), rounds=(), consensus=(), conditions=(), ask={},
        walk_away={}))
    evaluator = find_evaluator(evaluation, evaluator_key)
    criteria = judgement_criteria(evaluation)
    providers = providers_to_score(evaluation)
    if not criteria:
        raise EvaluationError("the evaluation has no judgement criteria, so there is nothing "
                              "for an evaluator to score")
    if not providers:
        raise EvaluationError("there is no provider in the running to score")
    written = (today or dt.date.today()).isoformat()

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SCORES_TITLE
    _add_styles(workbook)
    _write_top(sheet, evaluation, evaluator, written)
    rows = _write_rows(sheet, evaluation, evaluator, criteria, providers)
    _finish_scores(sheet, evaluation, rows.last_row)
    _set_print(sheet, evaluation, evaluator, rows.last_row)
    _write_keys(workbook.create_sheet(KEYS_TITLE), evaluation, evaluator, written)
    workbook.security = WorkbookProtection(lockStructure=True)
    workbook.active = 0

    def save(target: Path) -> None:
        rows.save(workbook, target)
        _seal(target)

    write_atomically(Path(path), save)


_SEAL = "SLASelect scoring sheet as written:"


def _seal_of(archive: zipfile.ZipFile) -> str:
    parts = " ".join(f"{info.filename}:{info.CRC:08x}:{info.file_size}"
                     for info in archive.infolist())
    return f"{_SEAL} {parts}"


def _seal(path: Path) -> None:
    """Note in the file's zip comment each part's checksum and size as written."""
    with zipfile.ZipFile(path, "a") as archive:
        archive.comment = _seal_of(archive).encode()


def untouched_since_written(path: Path) -> bool:
    """True when ``path`` is a scoring sheet exactly as SLASelect wrote it: every part has the
    checksum and size noted when it was written, so nobody typed a score into it. Quick (only
    the zip's directory is read); False for anything else, when a full look is needed.

    Saving the workbook in a spreadsheet program rewrites its parts and drops the note; a
    part changed by hand no longer matches it.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            comment = archive.comment.decode("utf-8", "replace")
            return comment.startswith(_SEAL) and comment == _seal_of(archive)
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return False


def _font(**settings: Any) -> Any:
    from openpyxl.styles import Font

    return Font(name="Calibri", size=settings.pop("size", 10), color=settings.pop("color", _INK),
                **settings)


def _write_top(sheet: Any, evaluation: Evaluation, evaluator: Evaluator, written: str) -> None:
    from openpyxl.styles import Alignment

    last = _letter(VISIBLE_COLUMNS)
    title = write_cell(sheet, 1, 1, f"Scoring sheet: {evaluation.name}")
    title.font = _font(size=14, bold=True)
    sheet.row_dimensions[1].height = 22
    who = write_cell(sheet, 2, 1, f"Evaluator: {evaluator_words(evaluator)}     "
                                  f"Scale: {scale_words(evaluation)}     Written: {written}")
    who.font = _font(size=10, bold=True, color=_MUTED)
    scale = scale_words(evaluation)
    how = write_cell(
        sheet, 3, 1,
        f"How to fill in: type a score from {scale} (decimals allowed) in each yellow Score "
        "cell and give your reasons under Rationale; the rubric beside each criterion says "
        "what the scores mean. A blank score leaves that score as it is in SLASelect. Only "
        "the yellow cells can be changed. When you are done, save it as an .xlsx workbook "
        "and send it back to be imported into SLASelect.",
    )
    how.font = _font(size=10)
    how.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[3].height = 3 * _LINE_POINTS + 4
    for row in (1, 2, 3):
        sheet.merge_cells(f"A{row}:{last}{row}")


def _add_styles(workbook: Any) -> None:
    """Named cell styles: set once, then given to thousands of cells cheaply by name."""
    from openpyxl.styles import Alignment, Border, NamedStyle, PatternFill, Protection, Side

    thin, strong = Side(style="thin", color=_LINE), Side(style="medium", color=_HEADER_FILL)
    input_fill = PatternFill("solid", fgColor=_INPUT_FILL)
    top_left = Alignment(vertical="top", wrap_text=True)
    unlocked = Protection(locked=False)
    for first in (False, True):
        border = Border(left=thin, right=thin, bottom=thin, top=strong if first else thin)
        suffix = _FIRST_SUFFIX if first else ""
        workbook.add_named_style(NamedStyle(
            f"{_TEXT_STYLE}{suffix}", font=_font(), alignment=top_left, border=border))
        workbook.add_named_style(NamedStyle(
            f"{_SCORE_STYLE}{suffix}", font=_font(size=11, bold=True), border=border,
            alignment=Alignment(horizontal="center", vertical="top"), fill=input_fill,
            protection=unlocked))
        workbook.add_named_style(NamedStyle(
            f"{_RATIONALE_STYLE}{suffix}", font=_font(), alignment=top_left, border=border,
            fill=input_fill, protection=unlocked, number_format="@"))  # typing stays text
    workbook.add_named_style(NamedStyle(
        _HEADING_STYLE, font=_font(bold=True, color="FFFFFF"),
        fill=PatternFill("solid", fgColor=_HEADER_FILL),
        alignment=Alignment(vertical="center", wrap_text=True)))


def _write_rows(
    sheet: Any,
    evaluation: Evaluation,
    evaluator: Evaluator,
    criteria: Sequence[Criterion],
    providers: Sequence[Provider],
) -> StreamedRows:
    """The heading row in the sheet, and one streamed row per criterion and provider."""
    from openpyxl.styles import Alignment

    for column, heading in enumerate(HEADINGS, start=1):
        cell = write_cell(sheet, HEADER_ROW, column, heading)
        cell.style = _HEADING_STYLE
    sheet.cell(HEADER_ROW, 4).alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[HEADER_ROW].height = 20

    rows = StreamedRows(sheet, len(HEADINGS))
    plain = [CellStyle(_COLUMN_STYLES.get(column, _TEXT_STYLE)) for column in _COLUMNS]
    first_styles = [CellStyle(style.name + _FIRST_SUFFIX) for style in plain]
    bold_name = dataclasses.replace(first_styles[0], font=_font(bold=True))
    scores = {(s.provider, s.criterion): s for s in evaluation.scores
              if s.evaluator == evaluator.key}
    provider_lines = [_lines(provider.name, _WIDTHS[2]) for provider in providers]
    row = HEADER_ROW + 1
    page_left = _FIRST_PAGE_POINTS
    for criterion in criteria:
        first = row
        rubric = rubric_text(criterion)
        shared_lines = max(_lines(rubric, _WIDTHS[1]),
                           _lines(f"{criterion.name}\n{criterion.description}", _WIDTHS[0]))
        least_lines = max(math.ceil(shared_lines / len(providers)), _MIN_LINES)
        group = [scores.get((provider.key, criterion.key)) for provider in providers]
        heights = [
            min(_MAX_ROW_POINTS, _LINE_POINTS * max(
                least_lines, _lines(score.rationale if score else "", _WIDTHS[4]), lines) + 4)
            for lines, score in zip(provider_lines, group, strict=True)
        ]
        if sum(heights) > page_left and row > HEADER_ROW + 1:
            sheet.row_breaks.append(_page_break(row - 1))  # keep a criterion on one page
            page_left = _PAGE_POINTS
        page_left -= sum(heights)
        name, rubric_value, name_style = _criterion_cells(criterion, rubric, first_styles[0],
                                                          bold_name)
        for provider, score, height in zip(providers, group, heights, strict=True):
            value = score.value if score else None
            rationale = score.rationale if score else ""
            values: list[Any] = [None, None, provider.name, value, rationale,
                                 provider.key, criterion.key, evaluator.key,
                                 sent_fingerprint(value, rationale)]
            styles = plain
            if row == first:
                values[0], values[1] = name, rubric_value
                styles = [name_style, *first_styles[1:]]
            rows.add_row(row, zip(values, styles, strict=True), height)
            row += 1
        if row - 1 > first:
            for letter in ("A", "B"):  # the criterion's name and rubric beside its providers
                rows.merge(f"{letter}{first}:{letter}{row - 1}")
    return rows


def _page_break(after_row: int) -> Any:
    from openpyxl.worksheet.pagebreak import Break

    return Break(id=after_row)


def _criterion_cells(criterion: Criterion, rubric: str, style: CellStyle,
                     bold: CellStyle) -> tuple[Any, Any, CellStyle]:
    """The criterion's name (with its description below, smaller and grey) and its rubric,
    and the name cell's style: ``bold`` when there is no description, else ``style``."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    if criterion.description.strip():
        name: Any = CellRichText([
            TextBlock(InlineFont(rFont="Calibri", sz=10, b=True, color=_INK),
                      clean_text(criterion.name)),
            TextBlock(InlineFont(rFont="Calibri", sz=9, color=_MUTED),
                      "\n" + clean_text(criterion.description)),
        ])
    else:
        name, style = criterion.name, bold
    return name, _rubric_rich_text(criterion) if criterion.rubric else rubric, style


def _rubric_rich_text(criterion: Criterion) -> Any:
    """The rubric with each score level in bold."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    bold = InlineFont(rFont="Calibri", sz=10, b=True, color=_INK)
    plain = InlineFont(rFont="Calibri", sz=10, color=_INK)
    blocks: list[TextBlock] = []
    for number, (level, text) in enumerate(rubric_levels(criterion)):
        blocks.append(TextBlock(bold, ("\n" if number else "") + clean_text(level) + " – "))
        blocks.append(TextBlock(plain, clean_text(text)))
    return CellRichText(blocks)


def _finish_scores(sheet: Any, evaluation: Evaluation, last_row: int) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    scale = scale_words(evaluation)
    validation = DataValidation(
        type="decimal", operator="between", allow_blank=True,
        formula1=_number(evaluation.scale.min), formula2=_number(evaluation.scale.max),
        showErrorMessage=True, errorStyle="stop", errorTitle="Score outside the scale",
        error=f"Type a number from {scale}, or leave the cell blank.",
        showInputMessage=True, promptTitle="Score",
        prompt=f"A number from {scale}; decimals allowed. Blank keeps the score as it is.",
    )
    sheet.add_data_validation(validation)
    validation.add(f"D{HEADER_ROW + 1}:D{last_row}")

    for column, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[_letter(column)].width = width
    for column in range(VISIBLE_COLUMNS + 1, len(HEADINGS) + 1):
        sheet.column_dimensions[_letter(column)].hidden = True
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.sheet_view.zoomScale = 100
    sheet.sheet_view.selection[0].activeCell = f"D{HEADER_ROW + 1}"
    sheet.sheet_view.selection[0].sqref = f"D{HEADER_ROW + 1}"
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = False  # widths may be changed: allowed
    protection.formatRows = False
    protection.selectLockedCells = False
    protection.selectUnlockedCells = False


def _set_print(sheet: Any, evaluation: Evaluation, evaluator: Evaluator, last_row: int) -> None:
    sheet.print_area = f"A1:{_letter(VISIBLE_COLUMNS)}{last_row}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    margins = sheet.page_margins
    margins.left = margins.right = 0.4
    margins.top, margins.bottom, margins.header, margins.footer = 0.5, 0.6, 0.25, 0.3
    sheet.oddFooter.left.text = header_footer_text(
        f"Scoring sheet of {evaluator.name}: {evaluation.name}", 120)
    sheet.oddFooter.left.size = 8
    sheet.oddFooter.right.text = "Page &P of &N"
    sheet.oddFooter.right.size = 8


def _write_keys(sheet: Any, evaluation: Evaluation, evaluator: Evaluator, written: str) -> None:
    fields: list[tuple[str, Any]] = [
        ("note", "SLASelect reads these keys to import the scores; do not change them."),
        (FIELD_FORMAT, FORMAT_NAME),
        (FIELD_VERSION, FORMAT_VERSION),
        (FIELD_EVALUATION, evaluation.name),
        (FIELD_EVALUATOR, evaluator.key),
        (FIELD_EVALUATOR_NAME, evaluator.name),
        (FIELD_SCALE_MIN, evaluation.scale.min),
        (FIELD_SCALE_MAX, evaluation.scale.max),
        (FIELD_WRITTEN, written),
    ]
    for row, (label, value) in enumerate(fields, start=1):
        write_cell(sheet, row, 1, label)
        write_cell(sheet, row, 2, value)
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 60
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` units wide (an estimate)."""
    per_line = max(1, int(width * _CHARACTERS_PER_WIDTH))
    return sum(max(1, math.ceil(len(line) / per_line)) for line in text.split("\n"))


def _number(value: float) -> str:
    """A number as a formula literal: "0", "7.5" (never locale commas)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))
