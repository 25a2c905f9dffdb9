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
