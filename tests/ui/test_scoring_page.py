"""The Scoring page: scores per evaluator, consensus and moderation, blind mode, rationale."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from pytestqt.qtbot import QtBot

from slaselect.domain import ranking as ranking_module
from slaselect.domain.edits import SetRoundInfo
from slaselect.domain.model import Score
from slaselect.domain.ranking import consensus_scores
from slaselect.store.project import Project
from slaselect.ui.models.scoring import (
    CELL_ROLE,
    CONSENSUS,
    Column,
    ScoreCell,
    ScoringModel,
    provider_alias,
    scoring_grid,
)
from slaselect.ui.models.scoring import grid as scoring_grid_module
from slaselect.ui.pages.scoring import ScoringPage
from slaselect.ui.pages.scoring import page as scoring_page
from slaselect.ui.session import Session
from slaselect.ui.widgets.number_edit import NumberEdit

EDIT = Qt.ItemDataRole.EditRole
DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def demo_page(demo_session: Session, qtbot: QtBot) -> ScoringPage:
    page = ScoringPage(demo_session)
    qtbot.addWidget(page)
    return page


def _score(session: Session, provider: str, criterion: str, evaluator: str) -> Score | None:
    return next((s for s in session.evaluation.scores
                 if (s.provider, s.criterion, s.evaluator) == (provider, criterion, evaluator)),
                None)


def _wsm(session: Session) -> dict[str, float | None]:
    return {r.provider: r.score for r in session.results().wsm.results}


def _cell(page: ScoringPage, criterion: str, provider: str) -> ScoreCell:
    cell = page.model.data(page.model.index_of(criterion, provider), CELL_ROLE)
    assert isinstance(cell, ScoreCell)
    return cell


def test_typing_a_score_saves_it_changes_the_ranking_and_undo_restores(
    demo_page: ScoringPage, demo_session: Session
) -> None:
    demo_page.select_evaluator("procurement")
    assert demo_page.progress.text().startswith("45 of 45 scores entered for Dana Whitlock")
    index = demo_page.model.index_of("magento_expertise", "aurelgate")
    before_score = _score(demo_session, "aurelgate", "magento_expertise", "procurement")
    assert before_score is not None and before_score.value == 9.0
    before_wsm = _wsm(demo_session)

    assert demo_page.model.setData(index, 2.5, EDIT)

    after = _score(demo_session, "aurelgate", "magento_expertise", "procurement")
    assert after is not None and after.value == 2.5
    assert after.rationale == before_score.rationale  # the rationale stays with the score
    assert index.data(DISPLAY) == "2.5"
    wsm = _wsm(demo_session)
    assert wsm["aurelgate"] is not None and before_wsm["aurelgate"] is not None
    assert wsm["aurelgate"] < before_wsm["aurelgate"]
    assert wsm["marrowfield"] == before_wsm["marrowfield"]

    demo_session.undo_stack.undo()
    assert _score(demo_session, "aurelgate", "magento_expertise", "procurement") == before_score
    assert index.data(DISPLAY) == "9"
    assert _wsm(demo_session) == before_wsm


def test_a_score_outside_the_scale_is_refused_in_place_and_the_old_value_kept(
    demo_page: ScoringPage, demo_session: Session
) -> None:
    demo_page.select_evaluator("ecom_it")
    index = demo_page.model.index_of("security_focus", "kestrabyte")
    old = index.data(DISPLAY)
    before = demo_session.evaluation

    assert not demo_page.model.setData(index, 11, EDIT)
    assert "above the top of the scale (10)" in demo_page.message.text()
    assert "the score stays" in demo_page.message.text()
    assert index.data(DISPLAY) == old
    assert demo_session.evaluation is before
    assert demo_session.undo_stack.count() == 0

    assert not demo_page.model.setData(index, "very good", EDIT)
    assert "'very good' is not a number" in demo_page.message.text()
    assert demo_session.evaluation is before

    # A good value afterwards goes through and the message goes away.
    assert demo_page.model.setData(index, "3,5", EDIT)
    assert demo_page.message.text() == ""
    assert index.data(DISPLAY) == "3.5"


def test_disagreement_is_marked_where_evaluators_differ_by_three_points(
    demo_page: ScoringPage, demo_session: Session
) -> None:
    demo_page.select_evaluator(CONSENSUS)
    by_cell: dict[tuple[str, str], list[float]] = {}
    for score in demo_session.evaluation.scores:
        by_cell.setdefault((score.criterion, score.provider), []).append(score.value)
    disagreeing = {key for key, values in by_cell.items() if max(values) - min(values) >= 3}
    assert disagreeing, "the demo has cells the team disagreed on"
    model = demo_page.model
    for (criterion, provider), values in by_cell.items():
        index = model.index_of(criterion, provider)
        marked = index.data(Qt.ItemDataRole.DecorationRole) is not None
        assert marked == ((criterion, provider) in disagreeing), (criterion, provider, values)
    criterion, provider = sorted(disagreeing)[0]
    tooltip = model.index_of(criterion, provider).data(Qt.ItemDataRole.ToolTipRole)
    for evaluator in demo_session.evaluation.evaluators:
        assert evaluator.name in tooltip
    assert "differ by" in tooltip
    # The marker belongs to the consensus view only.
    demo_page.select_evaluator("procurement")
    assert model.index_of(criterion, provider).data(Qt.ItemDataRole.DecorationRole) is None


def test_disagreement_is_measured_on_a_zero_to_ten_scale(
    small_session: Session, qtbot: QtBot
) -> None:
    page = ScoringPage(small_session)
    qtbot.addWidget(page)
    page.select_evaluator("e2")
    # On the 0-5 scale Eve gave Alpha 4; 2.5 is 1.5 points away, i.e. 3 points on 0-10.
    assert page.model.setData(page.model.index_of("quality", "a"), 3.0, EDIT)
    page.select_evaluator(CONSENSUS)
    assert not _cell(page, "quality", "a").disagreement
    page.select_evaluator("e2")
    assert page.model.setData(page.model.index_of("quality", "a"), 2.5, EDIT)
    page.select_evaluator(CONSENSUS)
    assert _cell(page, "quality", "a").disagreement
    assert "1 disagreement to moderate" in page.progress.text()


def test_setting_the_consensus_is_used_by_the_ranking(
    demo_page: ScoringPage, demo_session: Session
) -> None:
    demo_page.select_evaluator(CONSENSUS)
    index = demo_page.model.index_of("magento_expertise", "kestrabyte")
    assert index.data(DISPLAY) == "5.83"  # the mean of 6, 5.5 and 6 before moderation
    font = index.data(Qt.ItemDataRole.FontRole)
    assert not (isinstance(font, QFont) and font.bold())
    column = [c.key for c in demo_session.evaluation.criteria].index("magento_expertise")
    row = [p.key for p in demo_session.evaluation.providers].index("kestrabyte")

    assert demo_page.model.setData(index, 8, EDIT)

    agreed = [c for c in demo_session.evaluation.consensus
              if (c.provider, c.criterion) == ("kestrabyte", "magento_expertise")]
    assert [c.value for c in agreed] == [8.0]
    assert demo_session.results().table.scores[row, column] == pytest.approx(8.0)
    result = next(r for r in demo_session.results().wsm.results if r.provider == "kestrabyte")
    assert result.criteria["magento_expertise"] == pytest.approx(8.0)
    assert index.data(DISPLAY) == "8"
    assert index.data(Qt.ItemDataRole.FontRole).bold()
    assert "agreed in moderation" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert "rationale" in demo_page.message.text()  # asks for the moderation rationale

    # The rationale box now records why the team agreed it.
    demo_page.select_cell("magento_expertise", "kestrabyte")
    assert demo_page.rationale_edit.isEnabled()
    demo_page.rationale_edit.setPlainText("Certified team confirmed at the reference call.")
    demo_page.rationale_edit.document().setModified(True)
    assert demo_page.save_rationale()
    agreed = [c for c in demo_session.evaluation.consensus
              if (c.provider, c.criterion) == ("kestrabyte", "magento_expertise")]
    assert agreed[0].rationale == "Certified team confirmed at the reference call."
    assert agreed[0].value == 8.0

    # Delete in the consensus view removes the agreed score: back to the mean.
    demo_session.undo_stack.undo()
    demo_session.undo_stack.undo()
    assert index.data(DISPLAY) == "5.83"


def test_blind_mode_hides_provider_names(
    demo_page: ScoringPage, demo_session: Session, qtbot: QtBot
) -> None:
    demo_page.select_evaluator(CONSENSUS)
    demo_page.select_cell("responsiveness", "aurelgate")
    qtbot.mouseClick(demo_page.blind_check, Qt.MouseButton.LeftButton)
    assert demo_page.blind_check.isChecked()
    model = demo_page.model
    names = [p.name for p in demo_session.evaluation.providers]
    headers = [
        str(model.headerData(c, Qt.Orientation.Horizontal, role))
        for c in range(model.columnCount())
        for role in (DISPLAY, Qt.ItemDataRole.ToolTipRole)
    ]
    assert [model.headerData(c, Qt.Orientation.Horizontal, DISPLAY)
            for c in range(Column.FIRST_PROVIDER, model.columnCount())] == [
        provider_alias(i) for i in range(len(names))]
    tooltips = [
        str(model.index(r, c).data(Qt.ItemDataRole.ToolTipRole))
        for r in range(model.rowCount()) for c in range(model.columnCount())
    ]
    shown = " ".join(headers + tooltips + [
        demo_page.cell_heading.text(), demo_page.scores_label.text(),
        demo_page.rationale_edit.toPlainText(), demo_page.progress.text(),
    ])
    for name in names:
        assert name not in shown
    assert "Aurelgate" not in shown  # the short name used in rationales is hidden too
    assert "Provider A" in demo_page.cell_heading.text()

    # A refusal does not give the name away either.
    assert not model.setData(model.index_of("references", "aurelgate"), -2, EDIT)
    assert "Provider A" in demo_page.message.text()
    assert "Aurelgate" not in demo_page.message.text()

    # What is written about "Provider A" while blind is kept under the provider's name.
    demo_page.select_evaluator("procurement")
    demo_page.select_cell("references", "aurelgate")
    demo_page.rationale_edit.setPlainText("Provider A has the best retail references.")
    demo_page.rationale_edit.document().setModified(True)
    assert demo_page.save_rationale()
    saved = _score(demo_session, "aurelgate", "references", "procurement")
    assert saved is not None
    assert saved.rationale == "Aurelgate Digital has the best retail references."
    assert demo_page.rationale_edit.toPlainText() == "Provider A has the best retail references."

    qtbot.mouseClick(demo_page.blind_check, Qt.MouseButton.LeftButton)
    assert demo_page.rationale_edit.toPlainText().startswith("Aurelgate Digital has")
    assert model.headerData(Column.FIRST_PROVIDER, Qt.Orientation.Horizontal,
                            DISPLAY) == "Aurelgate Digital"


def test_delete_clears_a_score(
    demo_page: ScoringPage, demo_session: Session, qtbot: QtBot
) -> None:
    demo_page.select_evaluator("business")
    demo_page.resize(1280, 800)
    demo_page.show()
    qtbot.waitExposed(demo_page)
    demo_page.activateWindow()
    demo_page.select_cell("scalability", "tidemark")
    demo_page.table.setFocus()
    qtbot.waitUntil(demo_page.table.hasFocus, timeout=2000)

    qtbot.keyClick(demo_page.table, Qt.Key.Key_Delete)

    assert _score(demo_session, "tidemark", "scalability", "business") is None
    index = demo_page.model.index_of("scalability", "tidemark")
    assert index.data(DISPLAY) == ""
    assert index.data(Qt.ItemDataRole.BackgroundRole) is not None  # visibly empty
    assert demo_page.progress.text().startswith("44 of 45 scores entered for Marcus Feld")
    assert "1 empty cell still to score" in demo_page.progress.text()
    assert not demo_page.rationale_edit.isEnabled()  # no rationale without a score
    demo_session.undo_stack.undo()
    assert index.data(DISPLAY) == "5"


def test_clearing_several_cells_is_one_undo_step(
    demo_page: ScoringPage, demo_session: Session
) -> None:
    demo_page.select_evaluator("procurement")
    selection = demo_page.table.selectionModel()
    first = demo_page.model.index_of("references", "aurelgate")
    last = demo_page.model.index_of("references", "marrowfield")
    selection.select(first, selection.SelectionFlag.ClearAndSelect)
    selection.select(last, selection.SelectionFlag.Select)
    demo_page.clear_action.trigger()
    assert _score(demo_session, "aurelgate", "references", "procurement") is None
    assert _score(demo_session, "marrowfield", "references", "procurement") is None
    assert demo_session.undo_stack.count() == 1
    demo_session.undo_stack.undo()
    assert _score(demo_session, "aurelgate", "references", "procurement") is not None
    assert _score(demo_session, "marrowfield", "references", "procurement") is not None


def test_the_score_editor_is_a_half_point_spin_box_on_the_scale(
    small_session: Session, qtbot: QtBot
) -> None:
    page = ScoringPage(small_session)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.waitExposed(page)
    page.select_evaluator("e1")
    index = page.model.index_of("quality", "b")
    page.table.setCurrentIndex(index)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter edits the cell, as F2 does
    editor = page.table.viewport().findChild(NumberEdit)
    assert isinstance(editor, NumberEdit)
    assert editor.placeholderText() == "not scored"
    assert editor.maximum == 5.0 and editor.step == 0.5
    editor.selectAll()
    qtbot.keyClicks(editor, "4.5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the view commits it on the next event loop

    def saved() -> bool:
        score = _score(small_session, "b", "quality", "e1")
        return score is not None and score.value == 4.5

    qtbot.waitUntil(saved, timeout=2000)
    assert index.data(DISPLAY) == "4.5"


def test_rationale_is_saved_with_the_score(
    demo_page: ScoringPage, demo_session: Session, qtbot: QtBot
) -> None:
    demo_page.select_evaluator("ecom_it")
    demo_page.select_cell("transition_plan", "pelican")
    assert "Rubric" in demo_page.rubric_box.title()
    assert "▶" in demo_page.rubric_label.text()  # the level the score reaches
    assert "Priya Raman" in demo_page.scores_label.text()
    before = _score(demo_session, "pelican", "transition_plan", "ecom_it")
    assert before is not None
    demo_page.rationale_edit.selectAll()
    qtbot.keyClicks(demo_page.rationale_edit, "Plan names the leads but skips app signing keys.")
    assert demo_page.save_button.isEnabled()
    qtbot.mouseClick(demo_page.save_button, Qt.MouseButton.LeftButton)
    after = _score(demo_session, "pelican", "transition_plan", "ecom_it")
    assert after == before._replace(rationale="Plan names the leads but skips app signing keys.")
    assert not demo_page.save_button.isEnabled()
    demo_session.undo_stack.undo()
    assert _score(demo_session, "pelican", "transition_plan", "ecom_it") == before
    assert demo_page.rationale_edit.toPlainText() == before.rationale


def test_empty_state_says_what_to_add_first(small_session: Session, qtbot: QtBot) -> None:
    no_team = Session(replace(small_session.evaluation, evaluators=(), scores=()))
    page = ScoringPage(no_team)
    qtbot.addWidget(page)
    assert page.empty_reason == "evaluators"
    assert page.stack.currentIndex() == 1
    nothing = Session(replace(small_session.evaluation, criteria=(), evaluators=()))
    page = ScoringPage(nothing)
    qtbot.addWidget(page)
    assert page.empty_reason == "criteria"
    assert page.model.rowCount() == 0


def test_read_only_grid_cannot_be_edited(small_session: Session, qtbot: QtBot) -> None:
    page = ScoringPage(Session(small_session.evaluation))
    qtbot.addWidget(page)
    index = page.model.index_of("quality", "a")
    assert not index.flags() & Qt.ItemFlag.ItemIsEditable
    assert "read-only" in page.legend.text()


@pytest.mark.parametrize("evaluator", ["e1", CONSENSUS])
def test_scoring_model_passes_the_model_tester(
    small_session: Session, qtmodeltester: object, evaluator: str
) -> None:
    model = ScoringModel()
    model.set_grid(scoring_grid(small_session.evaluation, evaluator))
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.set_blind(True)
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_demo_model_passes_the_model_tester(
    demo_page: ScoringPage, qtmodeltester: object
) -> None:
    demo_page.select_evaluator(CONSENSUS)
    qtmodeltester.check(demo_page.model)  # type: ignore[attr-defined]


def _no_rebuild(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, rebuilding the whole grid or the whole consensus fails the test."""
    def rebuilt(*_: object) -> None:
        raise AssertionError("one score edit rebuilt the whole grid or consensus")
    monkeypatch.setattr(scoring_page, "scoring_grid", rebuilt)
    monkeypatch.setattr(scoring_grid_module, "consensus_scores", rebuilt)
    monkeypatch.setattr(ranking_module, "consensus_scores", rebuilt)  # the session looks it up here


def _typed_into_editor(page: ScoringPage, qtbot: QtBot, criterion: str, provider: str,
                       text: str) -> None:
    """Type a score into the grid's own cell editor, as a user does: F2, the digits, Enter."""
    page.show()
    index = page.model.index_of(criterion, provider)
    page.table.setFocus()
    page.table.setCurrentIndex(index)
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    editor = page.table.indexWidget(index)
    assert isinstance(editor, NumberEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_a_typed_score_redraws_only_its_cell_and_updates_the_mean(
    demo_page: ScoringPage, demo_session: Session, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_page.select_evaluator("procurement")
    resets: list[int] = []
    redrawn: list[tuple[int, int, int, int]] = []
    demo_page.model.modelReset.connect(lambda: resets.append(1))
    demo_page.model.dataChanged.connect(lambda top, bottom, roles=(): redrawn.append(
        (top.row(), top.column(), bottom.row(), bottom.column())))
    index = demo_page.model.index_of("magento_expertise", "aurelgate")
    neighbour = demo_page.model.index_of("magento_expertise", "marrowfield").data(DISPLAY)

    _no_rebuild(monkeypatch)
    _typed_into_editor(demo_page, qtbot, "magento_expertise", "aurelgate", "3")
    qtbot.waitUntil(lambda: _score(demo_session, "aurelgate", "magento_expertise",
                                   "procurement") is not None
                    and _score(demo_session, "aurelgate", "magento_expertise",
                               "procurement").value == 3.0)  # type: ignore[union-attr]

    assert index.data(DISPLAY) == "3"
    assert demo_page.model.index_of("magento_expertise", "marrowfield").data(DISPLAY) == neighbour
    assert not resets
    assert redrawn == [(index.row(), index.column(), index.row(), index.column())]
    # Enter moved down a row, as in a spreadsheet; back on the cell, the team's mean moves
    # with it: (3 + 9.5 + 9) / 3
    assert demo_page.table.currentIndex().row() == index.row() + 1
    demo_page.table.setCurrentIndex(index)
    assert "Mean: 7.17" in demo_page.scores_label.text()
    assert demo_session.consensus().raw_value("aurelgate", "magento_expertise") == \
        pytest.approx(21.5 / 3)
    path = demo_session.path
    assert path is not None
    with Project.open(path, read_only=True) as reader:
        saved = reader.load()
    assert [s.value for s in saved.scores if (s.provider, s.criterion, s.evaluator)
            == ("aurelgate", "magento_expertise", "procurement")] == [3.0]
    assert consensus_scores(saved).raw_value("aurelgate", "magento_expertise") == \
        pytest.approx(21.5 / 3)


def test_an_agreed_score_typed_in_the_consensus_view_redraws_only_its_cell(
    demo_page: ScoringPage, demo_session: Session, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_page.select_evaluator(CONSENSUS)
    resets: list[int] = []
    demo_page.model.modelReset.connect(lambda: resets.append(1))
    index = demo_page.model.index_of("magento_expertise", "aurelgate")
    assert index.data(DISPLAY) == "9.17"  # the mean of 9, 9.5 and 9

    _no_rebuild(monkeypatch)
    _typed_into_editor(demo_page, qtbot, "magento_expertise", "aurelgate", "6")
    qtbot.waitUntil(lambda: index.data(DISPLAY) == "6")

    assert not resets
    assert _cell(demo_page, "magento_expertise", "aurelgate").moderated
    assert index.data(Qt.ItemDataRole.FontRole).bold()
    assert demo_page.progress.text().startswith("45 of 45 cells have a consensus score · "
                                                "7 agreed in moderation")
    with Project.open(demo_session.path, read_only=True) as reader:  # type: ignore[arg-type]
        agreed = [c.value for c in reader.load().consensus
                  if (c.provider, c.criterion) == ("aurelgate", "magento_expertise")]
    assert agreed == [6.0]


def test_editing_terms_leaves_the_scoring_grid_alone(
    demo_page: ScoringPage, demo_session: Session
) -> None:
    resets: list[int] = []
    redrawn: list[int] = []
    demo_page.model.modelReset.connect(lambda: resets.append(1))
    demo_page.model.dataChanged.connect(lambda *_: redrawn.append(1))
    provider = demo_session.evaluation.providers[0].key
    demo_session.apply(SetRoundInfo(provider, 1, "First offer, revised", "2026-05-02"))
    assert not resets and not redrawn
