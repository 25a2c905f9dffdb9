"""scoring-sheet and import-scores on a project: round trip, dry run, all or nothing."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from slaselect.cli import main
from slaselect.documents.scoring_sheet import sheet as layout
from slaselect.domain.model import Evaluation
from slaselect.store.project import Project

FIRST = layout.HEADER_ROW + 1


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load(path: Path) -> Evaluation:
    with Project.open(path, read_only=True) as project:
        return project.load()


def assert_user_error(code: int, err: str, *words: str) -> None:
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err
    for word in words:
        assert word in lines[0], lines[0]


@pytest.fixture
def demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "demo.slaselect"
    assert run(capsys, "demo", str(path))[0] == 0
    return path


@pytest.fixture
def sheet(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """Priya Raman's (ecom_it) sheet of the demo."""
    path = tmp_path / "priya.xlsx"
    code, out, err = run(capsys, "scoring-sheet", str(demo), "--evaluator", "ecom_it",
                         "-o", str(path))
    assert (code, err) == (0, "")
    assert out == (f"Wrote the scoring sheet of Priya Raman (IT) to {path}: "
                   "5 providers x 9 criteria.\n")
    return path


def fill(path: Path, target: Path, **cells: object) -> Path:
    workbook = openpyxl.load_workbook(path)
    scores = workbook[layout.SCORES_TITLE]
    for reference, value in cells.items():
        scores[reference] = value
    workbook.save(target)
    return target


def test_a_filled_sheet_is_imported_into_the_project(
        demo: Path, sheet: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    filled = fill(sheet, tmp_path / "filled.xlsx", **{
        f"D{FIRST}": 7.5, f"E{FIRST}": "Fewer certified developers than they claimed.",
        f"D{FIRST + 1}": 9})
    before = load(demo)
    with Project.open(demo, read_only=True) as project:
        demo_history = len(project.audit_trail())  # the demo's own story after the award
    code, out, err = run(capsys, "import-scores", str(demo), str(filled))
    assert (code, err) == (0, "")
    assert "changed (9.5 -> 7.5, rationale changed)" in out
    assert "changed (8 -> 9)" in out
    assert "45 rows: 2 changed, 43 unchanged." in out
    assert out.endswith("Imported 2 scores of Priya Raman from filled.xlsx into "
                        "demo.slaselect.\n")
    after = load(demo)
    changed = set(after.scores) - set(before.scores)
    assert {(s.provider, s.criterion, s.evaluator, s.value) for s in changed} == {
        ("aurelgate", "magento_expertise", "ecom_it", 7.5),
        ("marrowfield", "magento_expertise", "ecom_it", 9.0)}
    assert len(after.scores) == len(before.scores)
    with Project.open(demo, read_only=True) as project:
        trail = project.audit_trail()
    assert [e.action for e in trail[demo_history:]] == [
        "Import 2 scores from filled.xlsx"]  # as the app says
    # importing the same sheet again changes nothing more
    code, out, _ = run(capsys, "import-scores", str(demo), str(filled))
    assert code == 0 and out.endswith("Nothing to import: the project already holds every "
                                      "score in the sheet.\n")


def test_a_dry_run_reports_and_leaves_the_file_byte_for_byte(
        demo: Path, sheet: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    filled = fill(sheet, tmp_path / "filled.xlsx", **{f"D{FIRST}": 3})
    untouched = digest(demo)
    code, out, err = run(capsys, "import-scores", str(demo), str(filled), "--dry-run")
    assert (code, err) == (0, "")
    assert "changed (9.5 -> 3)" in out
    assert out.endswith("Dry run: nothing was changed; importing would change 1 score.\n")
    assert digest(demo) == untouched


def test_a_bad_row_imports_nothing_and_says_so(
        demo: Path, sheet: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    filled = fill(sheet, tmp_path / "filled.xlsx", **{
        f"D{FIRST}": 7, f"D{FIRST + 2}": 12, f"D{FIRST + 3}": "=D5+1"})
    before, untouched = load(demo), digest(demo)
    for extra in ([], ["--dry-run"]):
        code, out, err = run(capsys, "import-scores", str(demo), str(filled), *extra)
        assert_user_error(code, err, "2 rows have problems; nothing was imported")
        assert f"{FIRST + 2}  Kestrabyte Solutions" in out
        assert "error: the score 12 is outside the scale 0 to 10" in out
        assert "error: the score is a formula (=D5+1)" in out
    assert load(demo) == before and digest(demo) == untouched


def test_a_failure_while_saving_leaves_the_project_as_it_was(
        demo: Path, sheet: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The file refuses the third score: the two already written are rolled back too."""
    filled = fill(sheet, tmp_path / "filled.xlsx", **{
        f"D{FIRST + n}": 3 if n == 2 else 1 for n in range(5)})
    before = load(demo)
    with Project.open(demo, read_only=True) as project:
        history = project.audit_trail()
    # The database itself refuses (as a full disk would), whatever statement writes the score.
    with sqlite3.connect(demo) as connection:
        for event in ("INSERT", "UPDATE"):
            connection.execute(
                f"CREATE TRIGGER refuse_{event.lower()} BEFORE {event} ON scores "
                "WHEN NEW.value = 3 BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END")
    connection.close()
    code, _, err = run(capsys, "import-scores", str(demo), str(filled))
    assert_user_error(code, err, "could not save to demo.slaselect", "disk I/O error",
                      "nothing was changed")
    assert load(demo) == before
    with Project.open(demo, read_only=True) as project:
        assert project.audit_trail() == history


def test_another_evaluators_sheet_is_refused_when_one_is_named(
        demo: Path, sheet: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "import-scores", str(demo), str(sheet), "--evaluator",
                       "procurement")
    assert_user_error(code, err, "holds the scores of Priya Raman, not of Dana Whitlock")


def test_import_needs_a_project_not_a_json(
        sheet: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    json_file = tmp_path / "demo.json"
    json_file.write_text("{}", encoding="utf-8")
    code, _, err = run(capsys, "import-scores", str(json_file), str(sheet))
    assert_user_error(code, err, "import-scores needs a project file")


def test_a_file_that_is_no_workbook_is_refused(
        demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake = tmp_path / "scores.xlsx"
    fake.write_text("Provider,Score\n", encoding="utf-8")
    untouched = digest(demo)
    code, out, err = run(capsys, "import-scores", str(demo), str(fake))
    assert_user_error(code, err, "cannot read workbook: it is not an .xlsx file")
    assert out == "" and digest(demo) == untouched


def test_a_sheet_from_a_json_evaluation_works_too(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from slaselect.documents import bundled, interchange

    json_file = tmp_path / "demo.json"
    json_file.write_text(interchange.dumps(bundled.load_demo()), encoding="utf-8")
    out_file = tmp_path / "dana.xlsx"
    code, _, err = run(capsys, "scoring-sheet", str(json_file), "--evaluator", "procurement",
                       "-o", str(out_file))
    assert (code, err) == (0, "") and out_file.stat().st_size > 5000


def test_scoring_sheet_refuses_an_unknown_evaluator_and_leaves_no_file(
        demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "x.xlsx"
    code, _, err = run(capsys, "scoring-sheet", str(demo), "--evaluator", "zed",
                       "-o", str(out_file))
    assert_user_error(code, err, 'there is no evaluator "zed"', "procurement")
    assert list(tmp_path.glob("*.xlsx*")) == [] and list(tmp_path.glob(".x.xlsx*")) == []


def test_scoring_sheet_needs_an_xlsx_name(
        demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    untouched = digest(demo)
    code, _, err = run(capsys, "scoring-sheet", str(demo), "--evaluator", "ecom_it",
                       "-o", str(demo))
    assert_user_error(code, err, "ending in .xlsx")
    assert digest(demo) == untouched


def test_a_failed_sheet_leaves_the_previous_one_intact(
        demo: Path, sheet: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from openpyxl.workbook.workbook import Workbook

    previous = digest(sheet)

    def broken(workbook: object, filename: object) -> None:
        Path(str(filename)).write_bytes(b"half a workbook")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Workbook, "save", broken)
    code, _, err = run(capsys, "scoring-sheet", str(demo), "--evaluator", "ecom_it",
                       "-o", str(sheet), "--force")
    assert_user_error(code, err, "No space left on device")
    assert digest(sheet) == previous
    assert sorted(p.name for p in sheet.parent.iterdir()) == ["demo.slaselect", "priya.xlsx"]


# --------------------------------------------------------------------------- checked at writing


def _row_keys(sheet: Path, row: int) -> tuple[str, str]:
    cells = openpyxl.load_workbook(sheet)[layout.SCORES_TITLE]
    return str(cells.cell(row, 6).value), str(cells.cell(row, 7).value)


def _count_loads(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Record each Project.load (True when the project was open for writing)."""
    loads: list[bool] = []
    real = Project.load

    def counted(project: Project, **options: Any) -> Evaluation:
        loads.append(not project.read_only)
        return real(project, **options)

    monkeypatch.setattr(Project, "load", counted)
    return loads


def test_a_sheet_is_read_against_the_project_once_when_nobody_saves_meanwhile(
        demo: Path, sheet: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    filled = fill(sheet, tmp_path / "filled.xlsx", **{f"D{FIRST}": 3})
    loads = _count_loads(monkeypatch)
    code, out, _ = run(capsys, "import-scores", str(demo), str(filled))
    assert code == 0 and out.endswith("Imported 1 score of Priya Raman from filled.xlsx into "
                                      "demo.slaselect.\n")
    assert loads == [False]  # the read-only view only: nothing was saved before writing


def test_a_score_saved_by_someone_else_meanwhile_is_checked_again_before_writing(
        demo: Path, sheet: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Between the read-only check and opening the project to write, a colleague saves a
    new score for the very row the sheet changes: the import sees it and imports nothing."""
    from slaselect.domain.edits import SetScore

    filled = fill(sheet, tmp_path / "filled.xlsx", **{f"D{FIRST}": 3, f"D{FIRST + 1}": 4})
    provider, criterion = _row_keys(sheet, FIRST)
    real_open = Project.open.__func__  # type: ignore[attr-defined]

    def open_after_a_colleague(cls: type[Project], path: Path, *, read_only: bool = False,
                               **options: Any) -> Project:
        if not read_only:
            with real_open(cls, path) as colleague:
                colleague.apply(colleague.load(), SetScore(provider, criterion, "ecom_it", 2.0,
                                                           "agreed in the meeting"))
        return real_open(cls, path, read_only=read_only,  # type: ignore[no-any-return]
                         **options)

    monkeypatch.setattr(Project, "open", classmethod(open_after_a_colleague))
    loads = _count_loads(monkeypatch)
    code, out, err = run(capsys, "import-scores", str(demo), str(filled))
    assert_user_error(code, err, "1 row has a problem; nothing was imported")
    assert ("error: this score was changed in SLASelect (now 2) after the sheet was written, "
            "and in the sheet too") in out
    assert loads == [False, True, True]  # read-only, the colleague's, then checked again
    monkeypatch.undo()
    saved = {(s.provider, s.criterion): s for s in load(demo).scores if s.evaluator == "ecom_it"}
    assert saved[provider, criterion].value == 2.0  # the colleague's score stands
    assert saved[_row_keys(sheet, FIRST + 1)].value != 4  # and nothing of the sheet went in
