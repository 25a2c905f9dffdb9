"""Scoring sheets: written, filled elsewhere, read back exactly; damage imports nothing."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from slaselect.documents.scoring_sheet import sheet as layout
from slaselect.documents.scoring_sheet.score_import import (
    ImportReport,
    edits_from_report,
    read_scoring_sheet,
    report_text,
)
from slaselect.documents.scoring_sheet.sheet import write_scoring_sheet
from slaselect.domain.edits import SetScore
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Criterion, CriterionKind, Evaluation, Provider, Score
from tests.factories import three_providers

FIRST = layout.HEADER_ROW + 1  # rows: quality a, b, c, then service a, b, c


def evaluation() -> Evaluation:
    """Three providers on 0-5; Eve (e1) has scored Quality but not yet Service."""
    base = three_providers()
    service = Criterion("service", "Service", "Capability", 10, CriterionKind.JUDGEMENT,
                        description="How they work with us day to day.",
                        rubric={"5": "Outstanding.", "0": "Unhelpful.", "3": "Adequate."})
    scores = tuple(s if s != Score("a", "quality", "e1", 4.0)
                   else s._replace(rationale="Solid team") for s in base.scores)
    return replace(base, criteria=base.criteria + (service,), scores=scores)


def write(tmp_path: Path, subject: Evaluation | None = None, evaluator: str = "e1") -> Path:
    path = tmp_path / f"{evaluator}.xlsx"
    write_scoring_sheet(subject or evaluation(), evaluator, path)
    return path


def row_of(sheet: Any, provider: str, criterion: str) -> int:
    for row in range(FIRST, sheet.max_row + 1):
        if (sheet.cell(row, 6).value, sheet.cell(row, 7).value) == (provider, criterion):
            return row
    raise AssertionError(f"no row for {provider}/{criterion}")


def edit_sheet(path: Path, target: Path, **cells: Any) -> Path:
    """Another program fills the sheet: cells given as A1 references (openpyxl, then saved)."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[layout.SCORES_TITLE]
    for reference, value in cells.items():
        if isinstance(value, tuple):  # (value, data_type)
            sheet[reference].value = value[0]
            sheet[reference].data_type = value[1]
        else:
            sheet[reference] = value
    workbook.save(target)
    return target


def apply_all(subject: Evaluation, edits: list[SetScore]) -> Evaluation:
    for edit in edits:
        subject, _ = edit.apply(subject)
    return subject


def e1_scores(subject: Evaluation) -> dict[tuple[str, str], tuple[float, str]]:
    return {(s.provider, s.criterion): (s.value, s.rationale)
            for s in subject.scores if s.evaluator == "e1"}


# --------------------------------------------------------------------------- round trips


def test_a_sheet_read_back_untouched_changes_nothing(tmp_path: Path) -> None:
    report = read_scoring_sheet(evaluation(), write(tmp_path))
    assert report.evaluator == "e1" and report.evaluator_name == "Eve"
    assert [(r.row, r.provider, r.criterion, r.outcome) for r in report.rows] == [
        (FIRST, "a", "quality", "unchanged"), (FIRST + 1, "b", "quality", "unchanged"),
        (FIRST + 2, "c", "quality", "unchanged"), (FIRST + 3, "a", "service", "not scored"),
        (FIRST + 4, "b", "service", "not scored"), (FIRST + 5, "c", "service", "not scored"),
    ]
    assert edits_from_report(report) == []


def test_a_sheet_filled_by_another_program_imports_exactly(tmp_path: Path) -> None:
    subject = evaluation()
    filled = edit_sheet(write(tmp_path, subject), tmp_path / "filled.xlsx", **{
        f"D{FIRST}": 4.5, f"E{FIRST}": "Strong team, two certified leads.",
        f"D{FIRST + 4}": 2, f"E{FIRST + 4}": "Slow answers.\nNo named contact.",
        f"D{FIRST + 5}": 3.25,
    })
    report = read_scoring_sheet(subject, filled)
    assert [r.outcome for r in report.rows] == [
        "changed", "unchanged", "unchanged", "not scored", "new", "new"]
    edits = edits_from_report(report)
    assert edits == [
        SetScore("a", "quality", "e1", 4.5, "Strong team, two certified leads."),
        SetScore("b", "service", "e1", 2.0, "Slow answers.\nNo named contact."),
        SetScore("c", "service", "e1", 3.25, ""),
    ]
    after = apply_all(subject, edits)
    assert e1_scores(after) == {
        ("a", "quality"): (4.5, "Strong team, two certified leads."),
        ("b", "quality"): (3.0, ""), ("c", "quality"): (1.0, ""),
        ("b", "service"): (2.0, "Slow answers.\nNo named contact."), ("c", "service"): (3.25, ""),
    }
    assert [s for s in after.scores if s.evaluator == "e2"] == [
        s for s in subject.scores if s.evaluator == "e2"]


def test_a_workbook_written_from_scratch_in_the_same_layout_imports_exactly(
        tmp_path: Path) -> None:
    """Another tool builds its own sheet: headings in row 1, columns in its own order."""
    workbook = openpyxl.Workbook()
    scores = workbook.active
    scores.title = "Scores"
    scores.append(["Evaluator Key", "criterion key", "provider key", "Rationale", "Score"])
    scores.append(["e1", "quality", "c", "Weak references", 1.5])
    scores.append(["e1", "service", "a", None, 5])
    scores.append([None, None, None, None, None])
    scores.append(["e1", "service", "b", None, None])
    keys = workbook.create_sheet("SLASelect")
    for row in (("format", "SLASelect scoring sheet"), ("version", 1),
                ("evaluation", "Three providers"), ("evaluator", "e1")):
        keys.append(row)
    path = tmp_path / "scratch.xlsx"
    workbook.save(path)
    report = read_scoring_sheet(evaluation(), path)
    assert [(r.row, r.outcome) for r in report.rows] == [(2, "changed"), (3, "new"),
                                                         (5, "not scored")]
    assert edits_from_report(report) == [SetScore("c", "quality", "e1", 1.5, "Weak references"),
                                         SetScore("a", "service", "e1", 5.0, "")]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_sheet_saved_again_by_libreoffice_imports_exactly(tmp_path: Path) -> None:
    subject = evaluation()
    filled = edit_sheet(write(tmp_path, subject), tmp_path / "filled.xlsx", **{
        f"D{FIRST + 1}": 4, f"E{FIRST + 1}": ("=not a formula, Bravo improved", "s"),
        f"D{FIRST + 3}": 0.5, f"E{FIRST + 3}": "Few answers",
    })
    out = tmp_path / "libreoffice"
    result = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(filled)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = read_scoring_sheet(subject, out / "filled.xlsx")
    assert edits_from_report(report) == [
        SetScore("b", "quality", "e1", 4.0, "=not a formula, Bravo improved"),
        SetScore("a", "service", "e1", 0.5, "Few answers"),
    ]
    assert report.count("unchanged") == 2 and report.count("not scored") == 2


# --------------------------------------------------------------------------- damaged rows


DAMAGE: dict[str, tuple[dict[str, Any], str]] = {
    "a formula as the score": ({f"D{FIRST}": "=2+2"}, "the score is a formula (=2+2)"),
    "text as the score": ({f"D{FIRST}": "four"}, 'the score is text ("four")'),
    "a number stored as text": ({f"D{FIRST}": ("4", "s")}, 'the score "4" is stored as text'),
    "an error value as the score": ({f"D{FIRST}": ("#DIV/0!", "e")}, "shows an error"),
    "a score above the scale": ({f"D{FIRST}": 6}, "the score 6 is outside the scale 0 to 5"),
    "a score below the scale": ({f"D{FIRST}": -1}, "outside the scale"),
    "TRUE as the score": ({f"D{FIRST}": True}, "not a number"),
    "a formula as the rationale": ({f"E{FIRST}": "=A1"}, "the rationale is a formula"),
    "an unknown provider": ({f"F{FIRST}": "zulu"}, 'there is no provider "zulu"'),
    "an unknown criterion": ({f"G{FIRST}": "charm"}, 'there is no criterion "charm"'),
    "a criterion scored from the terms": ({f"G{FIRST}": "uptime"}, "scored from the terms"),
    "another evaluator's row": ({f"H{FIRST + 1}": "e2"}, "copied from Ed's sheet"),
    "a duplicate row": ({f"F{FIRST + 1}": "a"}, f"Alpha on Quality is already in row {FIRST}"),
    "a rationale without a score": ({f"E{FIRST + 3}": "Great"}, "rationale but no score"),
    "a row without its keys": ({f"F{FIRST}": None, f"G{FIRST}": None}, "hidden keys"),
}


@pytest.mark.parametrize("case", list(DAMAGE))
def test_a_damaged_row_is_reported_and_nothing_is_imported(tmp_path: Path, case: str) -> None:
    cells, words = DAMAGE[case]
    subject = evaluation()
    damaged = edit_sheet(write(tmp_path, subject), tmp_path / "damaged.xlsx",
                         **{f"D{FIRST + 4}": 4}, **cells)  # plus one good change
    report = read_scoring_sheet(subject, damaged)
    (error,) = report.errors
    assert error.outcome.startswith("error: ") and words in error.outcome, error.outcome
    assert any(r.outcome == "new" for r in report.rows)
    with pytest.raises(EvaluationError, match="1 row has a problem; nothing was imported"):
        edits_from_report(report)
    assert words in report_text(report)


def test_keys_from_the_sheet_cannot_drive_the_terminal(tmp_path: Path) -> None:
    damaged = edit_sheet(write(tmp_path), tmp_path / "damaged.xlsx",
                         **{f"F{FIRST}": "\x9b2J\x9b31mzulu" + "z" * 500})  # 8-bit CSI
    text = report_text(read_scoring_sheet(evaluation(), damaged))
    assert "\x9b" not in text and '"?2J?31mzulu' in text
    assert max(len(line) for line in text.splitlines()) < 250


def test_every_bad_row_is_reported_not_only_the_first(tmp_path: Path) -> None:
    damaged = edit_sheet(write(tmp_path), tmp_path / "damaged.xlsx", **{
        f"D{FIRST}": 9, f"D{FIRST + 1}": "=B2", f"D{FIRST + 2}": "n/a"})
    report = read_scoring_sheet(evaluation(), damaged)
    assert [r.row for r in report.errors] == [FIRST, FIRST + 1, FIRST + 2]
    with pytest.raises(EvaluationError, match="3 rows have problems; nothing was imported"):
        edits_from_report(report)


# --------------------------------------------------------------------------- whole sheets


def _keys_changed(path: Path, target: Path, **fields: Any) -> Path:
    workbook = openpyxl.load_workbook(path)
    keys = workbook[layout.KEYS_TITLE]
    for row in range(1, keys.max_row + 1):
        if keys.cell(row, 1).value in fields:
            keys.cell(row, 2).value = fields[keys.cell(row, 1).value]
    workbook.save(target)
    return target


def test_a_sheet_of_another_evaluation_is_refused(tmp_path: Path) -> None:
    other = _keys_changed(write(tmp_path), tmp_path / "other.xlsx", evaluation="Printers 2025")
    with pytest.raises(EvaluationError, match='written for the evaluation "Printers 2025"'):
        read_scoring_sheet(evaluation(), other)


def test_a_sheet_that_does_not_say_whose_it_is_is_refused(tmp_path: Path) -> None:
    nobody = _keys_changed(write(tmp_path), tmp_path / "x.xlsx", evaluator=None)
    with pytest.raises(EvaluationError, match="does not say whose scores it holds"):
        read_scoring_sheet(evaluation(), nobody)


def test_a_sheet_of_someone_who_is_no_evaluator_is_refused(tmp_path: Path) -> None:
    stranger = _keys_changed(write(tmp_path), tmp_path / "x.xlsx", evaluator="zed",
                             **{"evaluator name": "Zed"})
    with pytest.raises(EvaluationError, match='scores of "Zed", who is not an evaluator'):
        read_scoring_sheet(evaluation(), stranger)


def test_the_sheet_says_whose_it_is_and_a_wrong_one_is_refused(tmp_path: Path) -> None:
    subject = evaluation()
    eds = write(tmp_path, subject, "e2")
    assert read_scoring_sheet(subject, eds).evaluator == "e2"
    with pytest.raises(EvaluationError, match="holds the scores of Ed, not of Eve"):
        read_scoring_sheet(subject, eds, expected_evaluator="e1")


def test_a_sheet_from_a_newer_slaselect_is_refused(tmp_path: Path) -> None:
    newer = _keys_changed(write(tmp_path), tmp_path / "v2.xlsx", version=2)
    with pytest.raises(EvaluationError, match="newer SLASelect"):
        read_scoring_sheet(evaluation(), newer)


def test_an_ordinary_workbook_is_not_a_scoring_sheet(tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(EvaluationError, match="is not a SLASelect scoring sheet"):
        read_scoring_sheet(evaluation(), path)


def test_a_sheet_whose_headings_were_changed_is_refused(tmp_path: Path) -> None:
    changed = edit_sheet(write(tmp_path), tmp_path / "h.xlsx",
                         **{f"D{layout.HEADER_ROW}": "Mark"})
    with pytest.raises(EvaluationError, match="heading row"):
        read_scoring_sheet(evaluation(), changed)


def _zip_bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", bytes(30 * 1024 * 1024))
    return path


@pytest.mark.parametrize("damage", ["not a zip", "truncated", "zip bomb"])
def test_a_damaged_file_is_refused_in_one_sentence(tmp_path: Path, damage: str) -> None:
    sheet = write(tmp_path)
    if damage == "not a zip":
        sheet.write_text("Provider;Score\n", encoding="utf-8")
    elif damage == "truncated":
        sheet.write_bytes(sheet.read_bytes()[:3000])
    else:
        _zip_bomb(sheet)
    with pytest.raises(EvaluationError, match="^cannot read workbook: "):
        read_scoring_sheet(evaluation(), sheet)


# --------------------------------------------------------------------------- changes meanwhile


def test_a_score_changed_in_slaselect_after_the_sheet_was_written_is_kept(
        tmp_path: Path) -> None:
    subject = evaluation()
    sheet = write(tmp_path, subject)  # sent with Alpha 4 on Quality
    moderated, _ = SetScore("a", "quality", "e1", 3.5, "after the demo").apply(subject)
    report = read_scoring_sheet(moderated, sheet)
    assert report.rows[0].outcome == "kept" and edits_from_report(report) == []
    assert "kept (3.5: changed in SLASelect after the sheet was written)" in report_text(report)


def test_a_score_changed_in_both_places_is_a_conflict(tmp_path: Path) -> None:
    subject = evaluation()
    filled = edit_sheet(write(tmp_path, subject), tmp_path / "f.xlsx", **{f"D{FIRST}": 5})
    moderated, _ = SetScore("a", "quality", "e1", 3.5, "").apply(subject)
    (error,) = read_scoring_sheet(moderated, filled).errors
    assert "changed in SLASelect (now 3.5)" in error.outcome


def test_a_blank_score_keeps_the_score_slaselect_holds(tmp_path: Path) -> None:
    cleared = edit_sheet(write(tmp_path), tmp_path / "c.xlsx",
                         **{f"D{FIRST + 1}": None})  # Bravo had 3 and no rationale
    report = read_scoring_sheet(evaluation(), cleared)
    assert report.rows[1].outcome == "not scored" and edits_from_report(report) == []
    assert "not scored (keeps 3)" in report_text(report)


# --------------------------------------------------------------------------- the sheet itself


def test_scores_accept_only_numbers_on_the_scale(tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(write(tmp_path))[layout.SCORES_TITLE]
    (validation,) = sheet.data_validations.dataValidation
    assert (validation.type, validation.operator) == ("decimal", "between")
    assert (validation.formula1, validation.formula2) == ("0", "5")
    assert validation.showErrorMessage and validation.errorStyle == "stop"
    assert "0 to 5" in validation.error
    assert str(validation.sqref) == f"D{FIRST}:D{FIRST + 5}"


def test_only_score_and_rationale_can_be_changed(tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(write(tmp_path))
    assert workbook.security.lockStructure
    sheet = workbook[layout.SCORES_TITLE]
    assert sheet.protection.sheet
    for row in range(FIRST, FIRST + 6):
        unlocked = [col for col in range(1, 10) if not sheet.cell(row, col).protection.locked]
        assert unlocked == [4, 5]
    assert sheet.cell(1, 1).protection.locked
    assert [sheet.column_dimensions[c].hidden for c in "FGHI"] == [True] * 4
    assert workbook[layout.KEYS_TITLE].sheet_state == "hidden"
    assert workbook[layout.KEYS_TITLE].protection.sheet


def test_the_sheet_is_laid_out_for_reading_and_printing(tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(write(tmp_path))[layout.SCORES_TITLE]
    assert sheet.freeze_panes == f"A{FIRST}"
    assert "Eve" in sheet["A2"].value and "0 to 5" in sheet["A2"].value
    assert "How to fill in" in sheet["A3"].value
    assert [sheet.cell(layout.HEADER_ROW, c).value for c in range(1, 6)] == [
        "Criterion", "What the scores mean", "Provider", "Score", "Rationale"]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == f"${layout.HEADER_ROW}:${layout.HEADER_ROW}"
    rubric = str(sheet.cell(FIRST + 3, 2).value)
    assert rubric.index("0 – Unhelpful.") < rubric.index("3 – Adequate.") < rubric.index(
        "5 – Outstanding.")
    assert f"B{FIRST + 3}:B{FIRST + 5}" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.cell(FIRST, 4).value == 4 and sheet.cell(FIRST, 5).value == "Solid team"


NASTY = ['=HYPERLINK("http://evil.example","Click")', "+cmd|' /C calc'!A0", "-2+3",
         "@SUM(A1)", "\tTabbed", "＝1+1", "＠SUM(1)", "Bell\x07 in the text"]


def test_user_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    base = evaluation()
    subject = replace(
        base,
        name=NASTY[0],
        providers=(Provider("a", NASTY[0]), Provider("b", NASTY[1]), Provider("c", "Charlie")),
        criteria=tuple(replace(c, name=NASTY[3], rubric={"0": NASTY[5], "5": NASTY[2]})
                       if c.key == "quality" else c for c in base.criteria),
        evaluators=(replace(base.evaluators[0], name=NASTY[6]), base.evaluators[1]),
        scores=tuple(s._replace(rationale=NASTY[2 + i % 6]) for i, s in enumerate(base.scores)),
    )
    path = write(tmp_path, subject)
    with zipfile.ZipFile(path) as archive:
        for part in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"):
            xml = archive.read(part).decode()
            assert "<f>" not in xml and "<f " not in xml
    sheet = openpyxl.load_workbook(path)[layout.SCORES_TITLE]
    assert sheet.cell(FIRST, 3).value == NASTY[0] and sheet.cell(FIRST, 3).data_type == "s"
    assert sheet.cell(FIRST, 3).quotePrefix
    report = read_scoring_sheet(subject, path)
    assert {r.outcome for r in report.rows} == {"unchanged", "not scored"}


def test_control_characters_do_not_break_the_file_or_count_as_changes(tmp_path: Path) -> None:
    subject = replace(evaluation(), scores=(Score("a", "quality", "e1", 4.0, NASTY[7]),))
    report = read_scoring_sheet(subject, write(tmp_path, subject))
    assert report.rows[0].outcome == "unchanged"


def test_excluded_providers_are_left_out(tmp_path: Path) -> None:
    base = evaluation()
    subject = replace(base, providers=tuple(replace(p, excluded="failed the gate")
                                            if p.key == "c" else p for p in base.providers))
    report = read_scoring_sheet(subject, write(tmp_path, subject))
    assert {r.provider for r in report.rows} == {"a", "b"}


def test_nothing_is_written_for_an_unknown_evaluator_or_nothing_to_score(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match='no evaluator "zed" \\(evaluators: e1, e2\\)'):
        write_scoring_sheet(evaluation(), "zed", tmp_path / "x.xlsx")
    only_terms = replace(evaluation(), criteria=tuple(
        c for c in evaluation().criteria if c.kind is not CriterionKind.JUDGEMENT))
    with pytest.raises(EvaluationError, match="no judgement criteria"):
        write_scoring_sheet(only_terms, "e1", tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def test_the_report_lists_every_row_and_sums_up(tmp_path: Path) -> None:
    filled = edit_sheet(write(tmp_path), tmp_path / "f.xlsx", **{
        f"D{FIRST}": 4.5, f"D{FIRST + 3}": 2})
    text = report_text(read_scoring_sheet(evaluation(), filled))
    lines = text.splitlines()
    assert lines[0] == 'Scoring sheet of Eve for "Three providers", written ' \
        + lines[0].rsplit("written ", 1)[1]
    assert "Row  Provider" in lines[1]
    assert any("Alpha" in line and "changed (4 -> 4.5)" in line for line in lines)
    assert any("Alpha" in line and "Service" in line and "new (2)" in line for line in lines)
    assert lines[-1] == "6 rows: 1 new, 1 changed, 2 unchanged, 2 not scored."


def test_report_counts(tmp_path: Path) -> None:
    report: ImportReport = read_scoring_sheet(evaluation(), write(tmp_path))
    assert (report.count("unchanged"), report.count("not scored"), report.count("error")) == (
        3, 3, 0)
