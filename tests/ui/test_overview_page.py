"""The Overview page driven as a buyer would: type, commit, see it saved, undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from slaselect.domain.figures import provider_figures
from slaselect.domain.model import EvaluatorRole, UptimeOutcome
from slaselect.store.project import Project
from slaselect.ui.pages.overview import OverviewPage
from slaselect.ui.session import Session


def _page(qtbot: QtBot, session: Session) -> OverviewPage:
    page = OverviewPage(session)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    with qtbot.waitActive(page):  # shortcuts such as Delete need an active window
        page.show()
        page.activateWindow()
    return page


def _type(qtbot: QtBot, field: QLineEdit | QAbstractSpinBox, text: str) -> None:
    """Select what the field shows, type over it and press Enter, as a person would."""
    field.setFocus()
    line = field if isinstance(field, QLineEdit) else field.lineEdit()
    line.selectAll()
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)


def _saved(session: Session) -> object:
    assert session.path is not None
    with Project.open(session.path, read_only=True) as reader:
        return reader.load()


def test_currency_change_is_saved_once_and_undoable(
    qtbot: QtBot, small_session: Session
) -> None:
    page = _page(qtbot, small_session)
    assert page.currency_edit.text() == "USD"
    _type(qtbot, page.currency_edit, "eur")
    page.currency_edit.editingFinished.emit()  # leaving the field after Enter saves nothing more
    assert small_session.evaluation.currency == "EUR"
    assert page.currency_edit.text() == "EUR"
    assert small_session.undo_stack.count() == 1
    assert _saved(small_session).currency == "EUR"  # type: ignore[attr-defined]
    small_session.undo_stack.undo()
    assert small_session.evaluation.currency == "USD"
    assert page.currency_edit.text() == "USD"


def test_typing_in_a_number_field_makes_one_edit(qtbot: QtBot, small_session: Session) -> None:
    page = _page(qtbot, small_session)
    _type(qtbot, page.horizon_spin, "48")
    assert small_session.evaluation.horizon_months == 48
    assert small_session.undo_stack.count() == 1


def test_empty_name_is_refused_and_the_name_comes_back(
    qtbot: QtBot, small_session: Session
) -> None:
    page = _page(qtbot, small_session)
    page.name_edit.setFocus()
    page.name_edit.selectAll()
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Delete)
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Return)
    assert "needs a name" in page.message.text()
    assert page.name_edit.text() == "Three providers"
    assert small_session.undo_stack.count() == 0


def test_scale_that_would_strand_scores_is_refused(qtbot: QtBot, small_session: Session) -> None:
    page = _page(qtbot, small_session)
    _type(qtbot, page.scale_max, "3")
    assert "outside the new scale" in page.message.text()
    assert page.scale_max.value() == 5
    assert small_session.evaluation.scale.max == 5


def test_exit_month_changes_the_cost_of_leaving_and_its_score(
    qtbot: QtBot, small_session: Session
) -> None:
    page = _page(qtbot, small_session)

    def exit_cost(provider: str) -> float | None:
        evaluation = small_session.evaluation
        figures = provider_figures(evaluation.terms_at(provider), evaluation.scenario,
                                   evaluation.horizon_months)
        return figures["exit_cost"]

    def leaving_score(provider: str) -> float:
        result = next(r for r in small_session.results().wsm.results if r.provider == provider)
        return result.criteria["leaving"]

    assert exit_cost("a") == 6000  # 1,000 a month x (12 - 6) months left
    assert round(leaving_score("c"), 2) == 3.33  # 10 x 6,000 / 18,000
    _type(qtbot, page.exit_spin, "9")
    assert small_session.evaluation.scenario.exit_month == 9
    assert exit_cost("a") == 3000
    assert leaving_score("c") == 2.0  # 10 x 3,000 / 15,000
    small_session.undo_stack.undo()
    assert page.exit_spin.value() == 6


def test_claim_success_and_weights_are_percent_on_screen(
    qtbot: QtBot, small_session: Session
) -> None:
    page = _page(qtbot, small_session)
    assert page.claim_spin.value() == 70
    _type(qtbot, page.claim_spin, "55")
    assert small_session.evaluation.scenario.claim_success == 0.55
    _type(qtbot, page.weight_spins["P1"], "60")
    scenario = small_session.evaluation.scenario
    assert scenario.severity_weights["P1"] == 0.6
    assert scenario.severity_weights["P2"] == 0.3  # untouched fields keep their exact values
    _type(qtbot, page.incident_spins["P3"], "4.5")
    assert small_session.evaluation.scenario.incidents_per_month["P3"] == 4.5
    assert small_session.undo_stack.count() == 3


def test_business_days_and_hours(qtbot: QtBot, small_session: Session) -> None:
    page = _page(qtbot, small_session)
    assert [c.isChecked() for c in page.day_checks] == [True] * 5 + [False] * 2
    assert page.start_spin.text() == "09:00"
    qtbot.mouseClick(page.day_checks[5], Qt.MouseButton.LeftButton)
    assert small_session.evaluation.scenario.business_hours.days == (0, 1, 2, 3, 4, 5)
    _type(qtbot, page.end_spin, "17:30")
    assert small_session.evaluation.scenario.business_hours.end_hour == 17.5
    _type(qtbot, page.start_spin, "18:00")
    assert "end after they start" in page.message.text()
    assert page.start_spin.text() == "09:00"
    for check in page.day_checks[:6]:
        check.setChecked(False)
    assert "at least one business day" in page.message.text()
    assert small_session.evaluation.scenario.business_hours.days == (5,)  # Saturday stays
    assert page.day_checks[5].isChecked()


def test_uptime_probabilities_must_add_up_to_100(qtbot: QtBot, small_session: Session) -> None:
    page = _page(qtbot, small_session)
    saved = small_session.evaluation.scenario.uptime_scenario
    model = page.uptime_table.model()
    model.setData(model.index(0, 1), 70.0, Qt.ItemDataRole.EditRole)
    assert page.message.text() == "The uptime outcomes' probabilities must add up to 100 %."
    assert small_session.evaluation.scenario.uptime_scenario == saved
    assert "add up to 90 %" in page.uptime_total.text()
    assert page.revert_uptime_button.isVisible()
    # Finishing the balance saves the whole table as one step.
    model.setData(model.index(1, 1), 25.0, Qt.ItemDataRole.EditRole)
    assert small_session.evaluation.scenario.uptime_scenario == (
        UptimeOutcome(100.0, 0.7), UptimeOutcome(99.8, 0.25), UptimeOutcome(99.0, 0.05))
    assert page.message.text() == ""
    assert page.uptime_total.text() == "Total 100 %"
    assert small_session.undo_stack.count() == 1


def test_uptime_rows_added_removed_and_reverted(qtbot: QtBot, small_session: Session) -> None:
    page = _page(qtbot, small_session)
    qtbot.mouseClick(page.add_outcome_button, Qt.MouseButton.LeftButton)
    outcomes = small_session.evaluation.scenario.uptime_scenario
    assert len(outcomes) == 4 and outcomes[-1] == UptimeOutcome(98.5, 0.0)
    page.uptime_table.setCurrentCell(2, 0)  # the 99 % month, 5 %
    qtbot.mouseClick(page.remove_outcome_button, Qt.MouseButton.LeftButton)
    assert "must add up to 100 %" in page.message.text()
    assert len(small_session.evaluation.scenario.uptime_scenario) == 4
    assert page.uptime_table.rowCount() == 3
    qtbot.mouseClick(page.revert_uptime_button, Qt.MouseButton.LeftButton)
    assert page.uptime_table.rowCount() == 4
    assert not page.revert_uptime_button.isVisible()


def test_status_line_counts_and_leader(qtbot: QtBot, small_session: Session) -> None:
    page = _page(qtbot, small_session)
    status = page.status_text()
    assert "3 providers" in status
    assert "2 evaluators" in status
    assert "6 of 6 scores entered" in status
    assert "Not locked" in status
    assert "2 of 3 eligible" in status
    leader = small_session.results().wsm.results[0]
    assert leader.name in status


def test_evaluators_add_rename_role_and_remove(qtbot: QtBot, small_session: Session) -> None:
    page = _page(qtbot, small_session)
    table = page.evaluator_table
    page.ask_evaluator_name = lambda: "Lee Legal"  # type: ignore[method-assign]
    asked: list[str] = []
    page.ask_evaluator_role = (  # type: ignore[method-assign]
        lambda name: asked.append(name) or EvaluatorRole.IT)
    qtbot.mouseClick(page.add_evaluator_button, Qt.MouseButton.LeftButton)
    added = small_session.evaluation.evaluators[-1]
    assert asked == ["Lee Legal"], "adding an evaluator asks for their role"
    assert (added.key, added.name, added.role) == ("lee_legal", "Lee Legal", EvaluatorRole.IT)
    assert "as IT" in page.message.text()
    assert table.rowCount() == 3 and table.item(2, 0).text() == "Lee Legal"
    assert page.selected_evaluator() == added

    # Rename in place and change the role through the table, as the editors do.
    model = table.model()
    model.setData(model.index(2, 0), "Lee Lawson", Qt.ItemDataRole.EditRole)
    model.setData(model.index(2, 1), EvaluatorRole.LEGAL.value, Qt.ItemDataRole.EditRole)
    assert small_session.evaluation.evaluators[-1].name == "Lee Lawson"
    assert small_session.evaluation.evaluators[-1].role is EvaluatorRole.LEGAL
    model.setData(model.index(2, 0), "  ", Qt.ItemDataRole.EditRole)
    assert "needs a name" in page.message.text()
    assert table.item(2, 0).text() == "Lee Lawson"

    # Nobody scored yet: removed without a question.
    page.confirm_evaluator_removal = lambda text: pytest_fail(text)  # type: ignore[method-assign]
    page.select_evaluator("lee_legal")
    qtbot.mouseClick(page.remove_evaluator_button, Qt.MouseButton.LeftButton)
    assert [e.key for e in small_session.evaluation.evaluators] == ["e1", "e2"]


def test_removing_an_evaluator_with_scores_asks_and_undo_restores(
    qtbot: QtBot, small_session: Session
) -> None:
    page = _page(qtbot, small_session)
    asked: list[str] = []

    def refuse(text: str) -> bool:
        asked.append(text)
        return False

    page.confirm_evaluator_removal = refuse  # type: ignore[method-assign]
    page.select_evaluator("e1")
    page.evaluator_table.setFocus()
    qtbot.keyClick(page.evaluator_table, Qt.Key.Key_Delete)
    assert asked and "Eve" in asked[0] and "3 scores" in asked[0]
    assert len(small_session.evaluation.evaluators) == 2

    page.confirm_evaluator_removal = lambda text: True  # type: ignore[method-assign]
    qtbot.mouseClick(page.remove_evaluator_button, Qt.MouseButton.LeftButton)
    assert [e.key for e in small_session.evaluation.evaluators] == ["e2"]
    assert all(s.evaluator != "e1" for s in small_session.evaluation.scores)
    small_session.undo_stack.undo()
    assert len([s for s in small_session.evaluation.scores if s.evaluator == "e1"]) == 3
    assert page.evaluator_table.item(0, 0).text() == "Eve"


def test_evaluator_edited_in_place_with_f2(qtbot: QtBot, small_session: Session) -> None:
    page = _page(qtbot, small_session)
    table = page.evaluator_table
    table.setFocus()
    table.setCurrentCell(1, 0)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Edwina")
    _commit_editor(qtbot, table, editor)
    assert small_session.evaluation.evaluators[1].name == "Edwina"
    assert table.item(1, 0).text() == "Edwina"

    # A refused name typed in the editor comes back as the saved one.
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    _commit_editor(qtbot, table, editor)
    assert "needs a name" in page.message.text()
    assert table.item(1, 0).text() == "Edwina"

    table.setCurrentCell(1, 1)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    combo = table.focusWidget()
    assert isinstance(combo, QComboBox)
    assert combo.currentText() == "Other"
    combo.setCurrentIndex(combo.findText("Legal"))
    _commit_editor(qtbot, table, combo)
    assert small_session.evaluation.evaluators[1].role is EvaluatorRole.LEGAL
    assert table.item(1, 1).data(Qt.ItemDataRole.DisplayRole) == "legal"
    assert small_session.undo_stack.count() == 2


def test_demo_page_shows_the_team_and_scenario(qtbot: QtBot, demo_session: Session) -> None:
    page = _page(qtbot, demo_session)
    assert page.evaluator_table.rowCount() == 3
    assert page.evaluator_table.item(1, 1).data(Qt.ItemDataRole.DisplayRole) == "it"
    assert page.uptime_table.rowCount() == 3
    assert page.grab().width() > 0


def test_read_only_evaluation_shows_but_does_not_edit(
    qtbot: QtBot, small_session: Session
) -> None:
    read_only = Session(small_session.evaluation)
    page = _page(qtbot, read_only)
    assert page.name_edit.isReadOnly() and page.exit_spin.isReadOnly()
    assert not page.add_evaluator_button.isEnabled()
    assert not page.day_checks[0].isEnabled()
    assert page.status_text().startswith("3 providers")


def _commit_editor(qtbot: QtBot, table: QAbstractItemView, editor: QWidget) -> None:
    """Press Enter in a cell editor; the view commits it on the next turn of the event loop."""
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)


def pytest_fail(text: str) -> bool:
    raise AssertionError(f"asked for confirmation without need: {text}")


def test_the_score_counts_keep_no_closed_evaluation_alive(qtbot: QtBot) -> None:
    """The team's counts remember the last evaluation counted (the tiles and the table ask
    for the same one), but only while something else holds it: a closed tender's scores are
    freed with it, not kept until the next project is counted."""
    import gc
    import weakref

    from bench.generate import random_evaluation
    from slaselect.ui.pages.overview.forms import score_counts

    evaluation = random_evaluation(4, 3, 2)
    first = score_counts(evaluation)
    assert score_counts(evaluation) is first  # asked again for the same state: no new pass
    gone = weakref.ref(evaluation)
    del evaluation
    gc.collect()
    assert gone() is None
    assert score_counts(random_evaluation(4, 3, 2)) == first  # the same scores counted anew
