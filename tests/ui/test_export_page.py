"""Export: memo preview and files written as a person would, scoring sheets out and back in."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from slaselect.ui.pages.export import ExportPage
from slaselect.ui.session import Session
from slaselect.ui.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings in a file of the test's own, never the user's."""
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def page(qtbot: QtBot, demo_session: Session, settings: Settings) -> ExportPage:
    export = ExportPage(demo_session, settings=settings)
    qtbot.addWidget(export)
    export.show()
    return export


def test_memo_preview_and_save(page: ExportPage, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    page.preview_memo()
    assert page.pdf.pageCount() > 3
    target = tmp_path / "memo.pdf"
    monkeypatch.setattr(page, "choose_path", lambda *args: target)
    page.save_memo()
    assert target.read_bytes().startswith(b"%PDF")
    assert page.last_saved == target and "Saved the memo" in page.saved_label.text()
    assert page.show_folder.isVisibleTo(page)


def test_workbook_and_json(page: ExportPage, tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    for name, action in (("book.xlsx", page.save_workbook), ("all.json", page.save_json)):
        target = tmp_path / name
        monkeypatch.setattr(page, "choose_path", lambda *args, t=target: t)
        action()
        assert target.stat().st_size > 1000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all.json", "book.xlsx"]


def test_a_failed_export_leaves_the_previous_file(page: ExportPage, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    target = tmp_path / "book.xlsx"
    target.write_bytes(b"the previous workbook")
    monkeypatch.setattr(page, "choose_path", lambda *args: target)

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("slaselect.documents.workbook.write_workbook", broken)
    page.save_workbook()
    assert target.read_bytes() == b"the previous workbook"
    assert "No space left on device" in page.message.text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx"]


def test_scoring_sheet_round_trip_is_one_undo_step(page: ExportPage, demo_session: Session,
                                                   tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl

    sheet = tmp_path / "sheet.xlsx"
    monkeypatch.setattr(page, "choose_path", lambda *args: sheet)
    page.evaluator.setCurrentIndex(0)
    evaluator = page.evaluator.currentData()
    page.save_scoring_sheet()
    # the evaluator changes two scores in their spreadsheet program
    workbook = openpyxl.load_workbook(sheet)
    changed = 0
    for worksheet in workbook.worksheets:
        for row in worksheet.iter_rows():
            for cell in row:
                if (changed < 2 and isinstance(cell.value, int | float)
                        and not isinstance(cell.value, bool) and 0 <= cell.value <= 9
                        and cell.protection.locked is False):
                    cell.value = cell.value + 1
                    changed += 1
    assert changed == 2
    workbook.save(sheet)
    before = demo_session.evaluation
    monkeypatch.setattr(page, "choose_sheet", lambda: sheet)
    seen: list[object] = []
    monkeypatch.setattr(page, "confirm_import", lambda report: seen.append(report) or True)
    page.import_scoring_sheet()
    assert seen and len(seen[0].changes) == 2  # type: ignore[attr-defined]
    after = demo_session.evaluation
    differences = set(after.scores) - set(before.scores)
    assert len(differences) == 2 and all(s.evaluator == evaluator for s in differences)
    assert demo_session.undo_stack.undoText().startswith("Import 2 scores")
    demo_session.undo_stack.undo()
    assert set(demo_session.evaluation.scores) == set(before.scores)


def test_the_page_remembers_paper_and_prepared_by(
        page: ExportPage, demo_session: Session, settings: Settings, qtbot: QtBot,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert (page.paper.currentText(), page.prepared_by.text()) == ("A4", "")
    page.paper.setCurrentText("Letter")
    page.prepared_by.setText("  Dana Whitlock ")
    # the next time the page opens (a new session of the app), the choices are still there
    again = ExportPage(demo_session, settings=settings)
    qtbot.addWidget(again)
    assert (again.paper.currentText(), again.prepared_by.text()) == ("Letter", "Dana Whitlock")
    # and the memo is made with them
    made: list[dict[str, object]] = []
    monkeypatch.setattr("slaselect.documents.exports.export_memo",
                        lambda evaluation, path, **kwargs: made.append(kwargs))
    monkeypatch.setattr(again, "choose_path", lambda *args: tmp_path / "memo.pdf")
    again.save_memo()
    assert (made[0]["paper"], made[0]["prepared_by"]) == ("Letter", "Dana Whitlock")


def test_term_sheet_of_the_chosen_provider(page: ExportPage, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import docx

    page.term_provider.setCurrentIndex(page.term_provider.findData("marrowfield"))
    page.term_format.setCurrentIndex(page.term_format.findData(".docx"))
    target = tmp_path / "legal.docx"
    monkeypatch.setattr(page, "choose_path", lambda *args: target)
    page.save_term_sheet()
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "Marrowfield Commerce" in text
    assert "term sheet of Marrowfield Commerce" in page.saved_label.text()


def test_board_brief_choice_saves_two_pages(page: ExportPage, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtPdf import QPdfDocument

    page.memo_kind.setCurrentIndex(page.memo_kind.findData(True))
    target = tmp_path / "brief.pdf"
    monkeypatch.setattr(page, "choose_path", lambda *args: target)
    page.save_memo()
    document = QPdfDocument(page)
    document.load(str(target))
    assert document.pageCount() == 2
    assert "Saved the board brief" in page.saved_label.text()


@pytest.mark.parametrize("save", ["save_memo", "save_workbook", "save_scoring_sheet",
                                  "save_json"])
def test_saving_over_the_open_project_is_refused(save: str, page: ExportPage,
                                                 demo_session: Session,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from slaselect.domain import edits
    from slaselect.store.project import Project

    project = demo_session.path
    assert project is not None
    before = project.read_bytes()
    folder = sorted(p.name for p in project.parent.iterdir())
    monkeypatch.setattr(page, "choose_path", lambda *args: project)  # the user picks it
    getattr(page, save)()
    message = page.message.text()
    assert message.startswith("Not saved:") and "demo.slaselect" in message
    assert "open in this window" in message and "--force" not in message
    assert project.read_bytes() == before
    assert sorted(p.name for p in project.parent.iterdir()) == folder
    assert page.last_saved is None
    # and the window still saves its edits into that same file
    provider = demo_session.evaluation.providers[0]
    demo_session.apply(edits.ReplaceProvider(dataclasses.replace(provider, notes="kept")))
    with Project.open(project, read_only=True) as reopened:
        assert reopened.load().provider(provider.key).notes == "kept"


def test_saving_over_another_project_or_a_filled_sheet_is_refused(
        page: ExportPage, demo_session: Session, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl

    from slaselect.documents import bundled
    from slaselect.store.project import Project

    other = tmp_path / "out" / "other.slaselect"
    other.parent.mkdir()
    Project.create(other, bundled.load_template())
    sheet = tmp_path / "out" / "filled.xlsx"
    monkeypatch.setattr(page, "choose_path", lambda *args: sheet)
    page.save_scoring_sheet()
    workbook = openpyxl.load_workbook(sheet)  # the evaluator changes a score
    typed = next(cell for ws in workbook.worksheets for row in ws.iter_rows() for cell in row
                 if cell.protection.locked is False and isinstance(cell.value, int | float)
                 and not isinstance(cell.value, bool) and 0 <= cell.value <= 9)
    typed.value += 1
    workbook.save(sheet)
    files = {p: p.read_bytes() for p in (other, sheet)}
    for target, save, words in ((other, page.save_workbook, "is a project file"),
                                (sheet, page.save_workbook, "scores typed in"),
                                (sheet, page.save_scoring_sheet, "scores typed in")):
        monkeypatch.setattr(page, "choose_path", lambda *args, t=target: t)
        save()
        assert page.message.text().startswith("Not saved:") and words in page.message.text()
        assert {p: p.read_bytes() for p in files} == files
    assert sorted(p.name for p in other.parent.iterdir()) == ["filled.xlsx", "other.slaselect"]
