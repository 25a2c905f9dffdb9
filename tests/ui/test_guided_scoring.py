"""The consensus view marks a cell scored by only some of the team, not as if agreed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from slaselect.domain.edits import InsertEvaluator
from slaselect.domain.model import Evaluator, EvaluatorRole
from slaselect.store.project import Project
from slaselect.ui.models.scoring import CONSENSUS
from slaselect.ui.pages.scoring import ScoringPage
from slaselect.ui.session import Session
from tests.first_evaluation import build


def test_a_cell_scored_by_one_of_three_reads_1_of_3_scored(tmp_path: Path, qtbot: QtBot) -> None:
    evaluation = build()  # Dana scored every cell
    for key, name in (("ev2", "Priya"), ("ev3", "Sam")):
        evaluation, _ = InsertEvaluator(Evaluator(key, name, EvaluatorRole.IT)).apply(evaluation)
    path = tmp_path / "first.slaselect"
    Project.create(path, evaluation)
    project = Project.open(path)
    session = Session(project.load(), project)
    page = ScoringPage(session)
    qtbot.addWidget(page)
    page.select_evaluator(CONSENSUS)
    criterion = page.model.grid.criteria[0]
    index = page.model.index_of(criterion.key, "p0")
    shown = page.model.data(index, Qt.ItemDataRole.DisplayRole)
    assert shown.endswith("(1 of 3 scored)")
    tip = page.model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert "1 of 3 scored" in tip and "not yet the team" in tip
    # Typing an agreed score makes it the team's: the mark goes, the agreed value is saved.
    page.table.setCurrentIndex(index)
    page.table.edit(index)
    editor = page.table.focusWidget()
    assert editor is not None
    qtbot.keyClicks(editor, "7")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    saved = next(c for c in session.evaluation.consensus
                 if (c.provider, c.criterion) == ("p0", criterion.key))
    assert saved.value == 7
    assert page.model.data(page.model.index_of(criterion.key, "p0"),
                           Qt.ItemDataRole.DisplayRole) == "7"
    session.close()


def test_a_moderation_note_is_marked_as_a_condition_of_award(
    demo_session: Session, qtbot: QtBot
) -> None:
    page = ScoringPage(demo_session)
    qtbot.addWidget(page)
    page.show()
    page.select_evaluator(CONSENSUS)
    agreed = next(c for c in demo_session.evaluation.consensus
                  if c.rationale and not any((a.provider, a.criterion)
                                             == (c.provider, c.criterion)
                                             for a in demo_session.evaluation.conditions))
    page.select_cell(agreed.criterion, agreed.provider)
    check = page.condition_check
    assert check.isVisible() and check.isEnabled() and not check.isChecked()
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    assert any((a.provider, a.criterion) == (agreed.provider, agreed.criterion)
               for a in demo_session.evaluation.conditions)
    assert check.isChecked()
    assert "now a condition of award" in page.message.text()
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    assert not any((a.provider, a.criterion) == (agreed.provider, agreed.criterion)
                   for a in demo_session.evaluation.conditions)
    # an evaluator's own view has no such box; a cell with no agreed score cannot be marked
    page.select_evaluator(demo_session.evaluation.evaluators[0].key)
    assert not check.isVisible()


def test_an_unmoderated_cell_cannot_be_a_condition(tmp_path: Path, qtbot: QtBot) -> None:
    path = tmp_path / "first.slaselect"
    Project.create(path, build())
    project = Project.open(path)
    session = Session(project.load(), project)
    page = ScoringPage(session)
    qtbot.addWidget(page)
    page.show()
    page.select_evaluator(CONSENSUS)
    assert page.condition_check.isVisible() and not page.condition_check.isEnabled()
    session.close()
