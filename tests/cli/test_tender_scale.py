"""Tender scale, the command-line side: each fast path gives what the plain path gives.

Nothing here is timed (bench/scale.py prints the figures). ``rank`` reads the consensus from
the file's columns, ``import-json`` checks scores column by column, the scoring sheet reuses
cell styles and untrusted workbooks are read by SLASelect's own cell reader: every test
below sets one of these beside the plain per-row code and asks for the same result, to the
bit, or for the same sentence when the input is bad.
"""

from __future__ import annotations

import json
import random
import sqlite3
from dataclasses import replace
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from bench.generate import random_evaluation
from slaselect.cli import main
from slaselect.documents import interchange
from slaselect.documents.interchange import reader
from slaselect.documents.scoring_sheet import sheet as layout
from slaselect.documents.scoring_sheet.sheet import write_scoring_sheet
from slaselect.documents.xlsx import untrusted
from slaselect.domain.audit import edit_detail
from slaselect.domain.edits import BatchEdit, SetScore
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import CriterionKind, Evaluation, Score
from slaselect.domain.ranking import consensus_scores
from slaselect.store.project import Project, ProjectError
from tests.documents.openpyxl_reference import read_with_openpyxl


def awkward(evaluation: Evaluation, seed: int) -> Evaluation:
    """Scores with many decimals (their sums depend on the order they are added in), saved
    in shuffled order, and a provider with no scores at all."""
    rng = random.Random(seed)
    low, high = evaluation.scale.min, evaluation.scale.max
    scores = [s._replace(value=round(rng.uniform(low, high), rng.choice((1, 3, 7))))
              for s in evaluation.scores if s.provider != "p1"]
    rng.shuffle(scores)
    return replace(evaluation, scores=tuple(scores))


@pytest.fixture(scope="module")
def tender() -> Evaluation:
    return awkward(random_evaluation(40, 30, 6, seed=5), seed=9)


@pytest.fixture()
def project(tmp_path: Path, tender: Evaluation) -> Path:
    path = tmp_path / "tender.slaselect"
    Project.create(path, tender)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


# --------------------------------------------------------------------------- rank


def test_the_consensus_read_from_columns_is_the_one_every_score_makes(project: Path) -> None:
    with Project.open(project, read_only=True) as opened:
        evaluation, consensus = opened.load_for_ranking()
        full = opened.load()
    assert evaluation == replace(full, scores=())
    expected = consensus_scores(full)
    assert consensus.providers == expected.providers
    assert consensus.criteria == expected.criteria
    for name in ("raw", "on_ten", "sums", "counts", "moderated"):
        assert np.array_equal(getattr(consensus, name), getattr(expected, name),
                              equal_nan=True), name
    assert not consensus.counts[1].any()  # p1 has no score: only its moderated cells
    assert np.isnan(consensus.raw[1][~consensus.moderated[1]]).all()


def test_rank_of_the_project_equals_rank_of_its_json(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = tmp_path / "tender.json"
    assert run(capsys, "export-json", str(project), "-o", str(exported))[0] == 0
    for extra in ([], ["--json"], ["--method", "topsis", "--json"]):
        from_project = run(capsys, "rank", str(project), *extra)
        from_json = run(capsys, "rank", str(exported), *extra)
        assert from_project == from_json
        assert from_project[0] == 0 and "Provider 0000" in from_project[1]


@pytest.mark.parametrize("damage", [
    "UPDATE scores SET value = 'high' WHERE rowid = 17",
    "UPDATE scores SET value = 99 WHERE rowid = 40",
    "UPDATE scores SET value = x'35' WHERE rowid = 3",  # the bytes of "5"
    "UPDATE scores SET evaluator = 'ghost' WHERE rowid = 25",
    "UPDATE scores SET provider = 'ghost' WHERE rowid = 25",
])
def test_a_damaged_score_is_named_by_rank_as_by_a_full_load(project: Path, damage: str) -> None:
    with sqlite3.connect(project) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute(damage)
    with Project.open(project, read_only=True) as opened:
        with pytest.raises(ProjectError) as full:
            opened.load()
        with pytest.raises(ProjectError) as columns:
            opened.load_for_ranking()
    assert str(columns.value) == str(full.value)
    assert "damaged" in str(full.value)


# --------------------------------------------------------------------------- import-json


def _row_by_row(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "scores_in_bulk", lambda *_: None)


def test_scores_read_by_columns_equal_scores_read_row_by_row(
    tender: Evaluation, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = interchange.dumps(tender)
    by_columns = interchange.loads(text.encode())
    assert by_columns == tender
    with monkeypatch.context() as patch:
        _row_by_row(patch)
        assert interchange.loads(text.encode()) == by_columns
    without_rationales = json.loads(text)
    for item in without_rationales["scores"]:
        del item["rationale"]
    read = interchange.evaluation_from_dict(without_rationales)
    assert {s.rationale for s in read.scores} == {""}


def _bad(document: dict[str, object], index: int, **changes: object) -> dict[str, object]:
    changed = json.loads(json.dumps(document))
    changed["scores"][index].update(changes)  # type: ignore[index]
    return changed


@pytest.mark.parametrize("change", [
    {"value": 11}, {"value": True}, {"value": "7"}, {"evaluator": "ghost"},
    {"provider": ["p2"]}, {"criterion": "c3"}, {"rationale": 7}, {"rationale": "x" * 20_001},
    {"comment": "typo field"}, {"provider": "p0", "criterion": "c0", "evaluator": "e0"},
])
def test_a_bad_score_gets_the_row_by_row_sentence(
    tender: Evaluation, monkeypatch: pytest.MonkeyPatch, change: dict[str, object]
) -> None:
    document = interchange.evaluation_to_dict(tender)
    bad = _bad(document, len(tender.scores) // 2, **change)
    with pytest.raises(EvaluationError) as by_columns:
        interchange.evaluation_from_dict(bad)
    with monkeypatch.context() as patch:
        _row_by_row(patch)
        with pytest.raises(EvaluationError) as row_by_row:
            interchange.evaluation_from_dict(bad)
    assert str(by_columns.value) == str(row_by_row.value)
    assert f"scores[{len(tender.scores) // 2}]" in str(by_columns.value) or \
        "second score" in str(by_columns.value)


def test_a_lone_surrogate_or_an_overflow_is_still_refused_from_the_text(
    tender: Evaluation,
) -> None:
    text = interchange.dumps(replace(tender, scores=tender.scores[:5]))
    surrogate = text.replace('"rationale": "because', '"rationale": "\\ud800because', 1)
    with pytest.raises(EvaluationError, match="lone surrogate"):
        interchange.loads(surrogate.encode())
    overflow = text.replace('"horizon_months": 36', '"horizon_months": 1e400', 1)
    with pytest.raises(EvaluationError, match="finite number"):
        interchange.loads(overflow.encode())


# --------------------------------------------------------------------------- import-scores


def test_the_audit_of_an_imported_batch_nests_each_score_edits_own_detail(
    tender: Evaluation,
) -> None:
    cells = tender.scores[:50]
    batch = BatchEdit(tuple(SetScore(s.provider, s.criterion, s.evaluator, 5.0, "agreed")
                            for s in cells), "Import 50 scores from sheet.xlsx")
    _, undo = batch.apply(tender)
    assert isinstance(undo, BatchEdit)
    written = json.loads(edit_detail(batch, undo))
    assert written["edits"] == [json.loads(edit_detail(edit, inverse)) for edit, inverse
                                in zip(batch.edits, reversed(undo.edits), strict=True)]
    assert written["edits"][0]["changed"]["value"] == [cells[0].value, 5.0]


def test_a_tender_sheet_reads_as_openpyxl_reads_it(tender: Evaluation, tmp_path: Path) -> None:
    path = tmp_path / "e0.xlsx"
    marked = replace(tender, scores=(Score("p0", "c0", "e0", 3.0, 'tab\there & <b>"x"</b>'),
                                     *tender.scores))
    write_scoring_sheet(marked, "e0", path)
    workbook = openpyxl.load_workbook(path)
    workbook[layout.SCORES_TITLE].cell(layout.HEADER_ROW + 2, 4).value = "=1+1"
    workbook[layout.SCORES_TITLE].cell(layout.HEADER_ROW + 3, 5).value = "  spaced  "
    workbook[layout.SCORES_TITLE].cell(layout.HEADER_ROW + 4, 5).value = ""
    workbook.save(path)  # as a spreadsheet program saves: shared strings
    ours = untrusted.read_workbook(path)
    assert ours == read_with_openpyxl(path)
    assert ours.sheets[layout.SCORES_TITLE].cell(layout.HEADER_ROW + 2, 4).formula


def test_every_cell_of_a_large_sheet_has_its_own_column_style(
    tender: Evaluation, tmp_path: Path
) -> None:
    path = tmp_path / "e1.xlsx"
    write_scoring_sheet(tender, "e1", path)
    sheet = openpyxl.load_workbook(path)[layout.SCORES_TITLE]
    providers = sum(1 for p in tender.providers if not p.excluded)
    criteria = [c for c in tender.criteria if c.kind is CriterionKind.JUDGEMENT]
    for n, criterion in enumerate(criteria):
        first = layout.HEADER_ROW + 1 + n * providers
        assert sheet.cell(first, 1).value == criterion.name
        assert sheet.cell(first, 1).font.b  # the criterion's name in bold
        assert not sheet.cell(first, 2).font.b  # its rubric is not (bold only in runs)
        for row in (first, first + providers - 1):
            expected = ("SLASelect text", "SLASelect score", "SLASelect rationale")
            suffix = ", new criterion" if row == first else ""
            assert [sheet.cell(row, c).style for c in (3, 4, 5)] == [
                name + suffix for name in expected]


def test_a_full_tender_sheet_imports_as_the_plain_path_imports_it(
    tender: Evaluation, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every score of an evaluator re-typed (some rationales too, some left blank), saved by
    a spreadsheet program, imported twice: as now (SLASelect's own reader, one load of the
    project) and as before (openpyxl's reader, the project loaded and checked again before
    writing). The report, the scores saved and the audit entry are the same."""
    from slaselect.documents.scoring_sheet import score_import
    from slaselect.store.saved_state import EditWatch

    sheet = tmp_path / "e0.xlsx"
    write_scoring_sheet(tender, "e0", sheet)
    workbook = openpyxl.load_workbook(sheet)
    rows = workbook[layout.SCORES_TITLE]
    for number in range(layout.HEADER_ROW + 1, rows.max_row + 1):
        score, rationale = rows.cell(number, 4), rows.cell(number, 5)
        if number % 17 == 0:
            score.value = rationale.value = None
        elif isinstance(score.value, int | float):
            score.value = 10 - score.value
            if number % 5 == 0:
                rationale.value = f"re-read the proposal ({number})"
        else:
            score.value = number % 11
    workbook.save(sheet)

    def imported(project: Path) -> tuple[str, list[Score], tuple[str, str]]:
        code, out = run(capsys, "import-scores", str(project), str(sheet))
        assert code == 0, out
        with Project.open(project, read_only=True) as opened:
            entry = opened.audit_trail()[-1]
            return out, sorted(opened.load().scores), (entry.action, entry.detail)

    now, before = tmp_path / "now" / "tender.slaselect", tmp_path / "before" / "tender.slaselect"
    for path in (now, before):
        path.parent.mkdir()
        Project.create(path, tender)
    as_now = imported(now)
    monkeypatch.setattr(score_import, "read_workbook", read_with_openpyxl)
    monkeypatch.setattr(EditWatch, "unchanged", lambda *_: False)
    as_before = imported(before)
    assert as_now == as_before
    summary = as_now[0].splitlines()[-2]
    assert all(f" {outcome}" in summary for outcome in ("new", "changed", "not scored"))
    assert as_now[1] != sorted(tender.scores)
