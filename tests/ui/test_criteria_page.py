"""The Criteria & weights page, driven as a buyer would: weights, lock, add, remove, settings."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from slaselect.domain.edits import DeleteCriterion
from slaselect.domain.model import Criterion, CriterionKind, PriceFormula
from slaselect.ui.models.criteria import CRITERION_ROLE, Column, CriteriaModel
from slaselect.ui.pages.criteria import CriteriaPage, NewCriterion, lock_date_text, new_key
from slaselect.ui.session import Session
from slaselect.ui.widgets.number_edit import NumberEdit

EDIT = Qt.ItemDataRole.EditRole


@pytest.fixture
def page(small_session: Session, qtbot: Any) -> CriteriaPage:
    widget = CriteriaPage(small_session)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


def cell(page: CriteriaPage, key: str, column: Column) -> QModelIndex:
    index = page.model.index_of_criterion(key, column)
    assert index.isValid()
    return index


def shown(page: CriteriaPage, key: str, column: Column) -> str:
    return str(cell(page, key, column).data())


def wsm_scores(session: Session) -> dict[str, float | None]:
    return {r.provider: r.score for r in session.results().wsm.results}


def audit(session: Session) -> list[Any]:
    assert session.project is not None
    return session.project.audit_trail()


# ----------------------------------------------------------------------------- weights


def test_weight_change_updates_share_ranking_and_undo(page: CriteriaPage) -> None:
    session = page.session
    before = wsm_scores(session)
    assert shown(page, "quality", Column.SHARE) == "50.0 %"
    assert page.model.setData(cell(page, "quality", Column.WEIGHT), 150, EDIT)
    assert shown(page, "quality", Column.WEIGHT) == "150"
    assert shown(page, "quality", Column.SHARE) == "75.0 %"
    assert shown(page, "uptime", Column.SHARE) == "15.0 %"
    group = page.model.index_of_group("Capability", Column.SHARE)
    assert group.data() == "75.0 %"
    assert wsm_scores(session) != before
    assert "200 points" in page.footer.text()

    session.undo_stack.undo()
    assert shown(page, "quality", Column.WEIGHT) == "50"
    assert shown(page, "quality", Column.SHARE) == "50.0 %"
    assert wsm_scores(session) == before


def test_negative_weight_is_refused_in_place(page: CriteriaPage) -> None:
    assert not page.model.setData(cell(page, "quality", Column.WEIGHT), -5, EDIT)
    assert "0 or more" in page.message.text()
    assert page.message.isVisible()
    assert shown(page, "quality", Column.WEIGHT) == "50"
    assert page.session.undo_stack.count() == 0
    assert not page.model.setData(cell(page, "quality", Column.WEIGHT), "lots", EDIT)
    assert "not a number" in page.message.text()


def test_typing_a_weight_in_the_cell_editor(page: CriteriaPage, qtbot: Any) -> None:
    index = cell(page, "uptime", Column.WEIGHT)
    page.tree.setFocus()
    page.tree.setCurrentIndex(index)
    qtbot.keyClick(page.tree, Qt.Key.Key_F2)
    editor = page.tree.indexWidget(index)
    assert isinstance(editor, NumberEdit)
    assert editor.text() == "30"
    editor.selectAll()
    qtbot.keyClicks(editor, "70")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event loop
    qtbot.waitUntil(lambda: page.session.evaluation.criterion("uptime").weight == 70)
    assert shown(page, "uptime", Column.SHARE) == "50.0 %"


def test_a_longer_weight_widens_its_column_and_the_text_fits(page: CriteriaPage,
                                                             qtbot: Any) -> None:
    """Columns are fitted once per change (not on every layout pass): a weight typed with
    more digits still fits, and the user's own wider column is kept."""
    header = page.tree.header()
    before = header.sectionSize(Column.WEIGHT)
    assert before >= page.tree.sizeHintForColumn(Column.WEIGHT)
    index = cell(page, "uptime", Column.WEIGHT)
    page.tree.setFocus()
    page.tree.setCurrentIndex(index)
    qtbot.keyClick(page.tree, Qt.Key.Key_F2)
    editor = page.tree.indexWidget(index)
    assert isinstance(editor, NumberEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "123456789.25")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.session.evaluation.criterion("uptime").weight == 123456789.25)
    qtbot.waitUntil(lambda: header.sectionSize(Column.WEIGHT) > before)
    assert header.sectionSize(Column.WEIGHT) >= page.tree.sizeHintForColumn(Column.WEIGHT)
    header.resizeSection(Column.KIND, 300)  # the user widens a column: a change keeps it
    page.session.undo_stack.undo()
    qtbot.wait(50)
    assert header.sectionSize(Column.KIND) == 300


def test_minimum_score_outside_the_scale_is_refused(page: CriteriaPage) -> None:
    index = cell(page, "quality", Column.MIN_SCORE)
    assert not page.model.setData(index, 7, EDIT)
    assert "outside the scale" in page.message.text()
    assert index.data() == "2"
    assert page.model.setData(index, None, EDIT)
    assert page.session.evaluation.criterion("quality").min_score is None
    term_row = cell(page, "uptime", Column.MIN_SCORE)
    assert not page.model.flags(term_row) & Qt.ItemFlag.ItemIsEditable


# ----------------------------------------------------------------------------- lock


def test_locked_change_asks_a_reason_and_records_it(page: CriteriaPage) -> None:
    session = page.session
    page.confirm_lock = lambda: True  # type: ignore[method-assign]
    page.lock_criteria()
    assert session.evaluation.criteria_locked_at
    assert page.banner.isVisible()
    assert "were locked on" in page.banner_label.text()
    assert "changes need a reason" in page.banner_label.text()

    asked: list[str] = []

    def reason(what: str) -> str:
        asked.append(what)
        return "Board asked for more weight on uptime"

    page.ask_reason = reason  # type: ignore[method-assign]
    assert page.model.setData(cell(page, "uptime", Column.WEIGHT), 40, EDIT)
    assert asked == ["Change weight"]
    last = audit(session)[-1]
    assert last.action == "Change weight"
    assert last.reason == "Board asked for more weight on uptime"
    assert shown(page, "uptime", Column.WEIGHT) == "40"


def test_cancelled_or_blank_reason_changes_nothing(page: CriteriaPage) -> None:
    session = page.session
    page.confirm_lock = lambda: True  # type: ignore[method-assign]
    page.lock_criteria()
    entries = len(audit(session))
    page.ask_reason = lambda what: None  # type: ignore[method-assign]
    assert not page.model.setData(cell(page, "uptime", Column.WEIGHT), 40, EDIT)
    assert session.evaluation.criterion("uptime").weight == 30
    assert shown(page, "uptime", Column.WEIGHT) == "30"
    page.ask_reason = lambda what: "   "  # type: ignore[method-assign]
    assert not page.model.setData(cell(page, "uptime", Column.WEIGHT), 40, EDIT)
    assert "needs a reason" in page.message.text()
    assert session.evaluation.criterion("uptime").weight == 30
    assert len(audit(session)) == entries


def test_reason_dialog_taking_focus_does_not_ask_twice(page: CriteriaPage) -> None:
    page.confirm_lock = lambda: True  # type: ignore[method-assign]
    page.lock_criteria()
    asked: list[str] = []

    def reason(what: str) -> str:
        asked.append(what)
        # an editor losing the focus to the dialog commits again: that must not ask again
        assert not page.model.setData(cell(page, "uptime", Column.WEIGHT), 40, EDIT)
        return "Agreed with the sponsor"

    page.ask_reason = reason  # type: ignore[method-assign]
    assert page.model.setData(cell(page, "uptime", Column.WEIGHT), 40, EDIT)
    assert asked == ["Change weight"]
    assert page.session.undo_stack.count() == 2  # the lock and one weight change


def test_unlock_asks_a_reason(page: CriteriaPage, qtbot: Any) -> None:
    session = page.session
    page.confirm_lock = lambda: True  # type: ignore[method-assign]
    qtbot.mouseClick(page.lock_button, Qt.MouseButton.LeftButton)
    assert session.evaluation.criteria_locked_at
    why = "Scope changed after the clarification round"
    page.ask_reason = lambda what: why  # type: ignore[method-assign]
    qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    assert session.evaluation.criteria_locked_at == ""
    assert not page.banner.isVisible()
    assert audit(session)[-1].reason == why
    assert audit(session)[-1].action == "Unlock criteria"


def test_lock_date_reads_as_words() -> None:
    assert lock_date_text("2026-03-12T14:05:09+00:00") == "12 Mar 2026 at 14:05 UTC"
    assert lock_date_text("not a date") == "not a date"


# ----------------------------------------------------------------------------- add / remove


def test_add_criterion_then_undo(page: CriteriaPage, qtbot: Any) -> None:
    session = page.session
    page.select_criterion("quality")
    offered: list[tuple[list[str], str]] = []

    def answer(groups: list[str], group: str) -> NewCriterion:
        offered.append((groups, group))
        return NewCriterion("Accessibility know-how", CriterionKind.JUDGEMENT, "Capability", 25)

    page.ask_new_criterion = answer  # type: ignore[method-assign]
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert offered == [(["Capability", "Service", "Cost"], "Capability")]
    added = session.evaluation.criterion("accessibility_know_how")
    assert added.weight == 25 and added.group == "Capability"
    assert [c.key for c in session.evaluation.criteria][:2] == ["quality",
                                                               "accessibility_know_how"]
    assert shown(page, "accessibility_know_how", Column.SHARE) == "20.0 %"
    assert page.details.criterion == added
    assert page.details.name_edit.text() == "Accessibility know-how"

    session.undo_stack.undo()
    assert "accessibility_know_how" not in {c.key for c in session.evaluation.criteria}
    assert not page.model.index_of_criterion("accessibility_know_how").isValid()


def test_add_term_criterion_picks_a_scoreable_term(page: CriteriaPage) -> None:
    page.ask_new_criterion = lambda groups, group: NewCriterion(  # type: ignore[method-assign]
        "Leaving without cause", CriterionKind.TERM, "Contract", 5)
    page.add_criterion()
    added = page.session.evaluation.criterion("leaving_without_cause")
    assert added.term == "termination_for_convenience"  # uptime is already scored
    assert page.model.index_of_group("Contract").isValid()


def test_remove_criterion_says_what_goes_and_undo_brings_it_back(
    page: CriteriaPage, qtbot: Any
) -> None:
    session = page.session
    asked: list[tuple[str, int, int]] = []

    def confirm(criterion: Criterion, scores: int, consensus: int) -> bool:
        asked.append((criterion.key, scores, consensus))
        return True

    page.confirm_remove = confirm  # type: ignore[method-assign]
    page.select_criterion("quality")
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert asked == [("quality", 6, 1)]
    assert "quality" not in {c.key for c in session.evaluation.criteria}
    assert not session.evaluation.scores
    assert not page.model.index_of_group("Capability").isValid()
    assert page.details.criterion is None

    session.undo_stack.undo()
    assert session.evaluation.criteria[0].key == "quality"
    assert len(session.evaluation.scores) == 6 and len(session.evaluation.consensus) == 1
    assert page.model.index_of_criterion("quality").isValid()


def test_remove_cancelled_keeps_the_criterion(page: CriteriaPage) -> None:
    page.confirm_remove = lambda c, s, k: False  # type: ignore[method-assign]
    page.select_criterion("leaving")
    page.remove_criterion()
    assert "leaving" in {c.key for c in page.session.evaluation.criteria}
    assert page.session.undo_stack.count() == 0


def test_new_keys_are_unique_and_plain() -> None:
    assert new_key("Cost & value!", set()) == "cost_value"
    assert new_key("Quality", {"quality", "quality_2"}) == "quality_3"
    assert new_key("Ünïcode only ✓", set()) == "unicode_only"  # accents dropped, not letters
    assert new_key("✓✓", set()) == "criterion"


# ----------------------------------------------------------------------------- details panel


def test_details_show_and_save_a_judgement_criterion(page: CriteriaPage) -> None:
    details = page.details
    page.select_criterion("quality")
    assert details.name_edit.text() == "Quality"
    assert details.kind_boxes[CriterionKind.JUDGEMENT].isVisibleTo(details)
    assert not details.kind_boxes[CriterionKind.PRICE].isVisibleTo(details)
    details.description_edit.setPlainText("How well they build and maintain stores.")
    details.description_edit.editing_finished.emit()
    assert page.session.evaluation.criterion("quality").description.startswith("How well")
    details.weight_spin.setValue(60)
    details.weight_spin.editingFinished.emit()
    assert page.session.evaluation.criterion("quality").weight == 60
    assert page.session.undo_stack.undoText() == "Change weight"


def test_rubric_levels_are_added_and_checked(page: CriteriaPage) -> None:
    details = page.details
    page.select_criterion("quality")
    details.add_level_button.click()
    assert dict(page.session.evaluation.criterion("quality").rubric) == {"0": ""}
    details.rubric.item(0, 1).setText("Cannot show a live store.")
    assert dict(page.session.evaluation.criterion("quality").rubric) == {
        "0": "Cannot show a live store."}
    details.rubric.item(0, 0).setText("9")  # the scale is 0-5
    assert "outside it" in page.message.text()
    assert details.rubric.item(0, 0).text() == "0"
    assert dict(page.session.evaluation.criterion("quality").rubric) == {
        "0": "Cannot show a live store."}


def test_term_criterion_shows_how_its_term_scores(page: CriteriaPage) -> None:
    page.select_criterion("uptime")
    details = page.details
    assert details.kind_boxes[CriterionKind.TERM].isVisibleTo(details)
    keys = [details.term_combo.itemData(i) for i in range(details.term_combo.count())]
    assert keys == ["uptime_pct", "termination_for_convenience"]
    assert "nines" in details.term_summary.text()
    details.term_combo.setCurrentIndex(1)
    details.term_combo.activated.emit(1)
    assert page.session.evaluation.criterion("uptime").term == "termination_for_convenience"
    assert "Yes scores 10" in details.term_summary.text()


def test_fixed_range_needs_distinct_anchors(page: CriteriaPage) -> None:
    page.select_criterion("leaving")
    details = page.details
    combo = details.formula_combo
    combo.setCurrentIndex(combo.findData(PriceFormula.FIXED_RANGE))
    combo.activated.emit(combo.currentIndex())
    saved = page.session.evaluation.criterion("leaving")
    assert saved.formula is PriceFormula.FIXED_RANGE
    assert saved.best == 0 and saved.worst is not None and saved.worst > 0
    assert "Anchors set to" in page.message.text()

    details.worst_spin.setValue(0)
    details.worst_spin.editingFinished.emit()
    assert "must differ" in page.message.text()
    assert page.session.evaluation.criterion("leaving").worst == saved.worst
    assert details.worst_spin.value() == saved.worst


def test_kind_change_of_a_scored_judgement_is_refused(page: CriteriaPage) -> None:
    page.select_criterion("quality")
    details = page.details
    details.kind_combo.setCurrentIndex(details.kind_combo.findData(CriterionKind.PRICE))
    details.kind_combo.activated.emit(details.kind_combo.currentIndex())
    assert "already has evaluators' scores" in page.message.text()
    assert page.session.evaluation.criterion("quality").kind is CriterionKind.JUDGEMENT
    assert CriterionKind(details.kind_combo.currentData()) is CriterionKind.JUDGEMENT


def test_group_row_shows_a_subtotal(page: CriteriaPage) -> None:
    page.tree.setCurrentIndex(page.model.index_of_group("Service"))
    assert page.details.criterion is None
    assert page.details.placeholder_title.text() == "Service"
    assert "30 points" in page.details.placeholder_hint.text()
    assert not page.remove_action.isEnabled()


# ----------------------------------------------------------------------------- model


def test_tree_model_passes_the_model_tester(demo_session: Session, qtmodeltester: Any) -> None:
    model = CriteriaModel(lambda edit: False, lambda text: None)
    model.set_evaluation(demo_session.evaluation)
    qtmodeltester.check(model)
    groups = model.group_names()
    assert groups[0] == "Capability" and len(groups) == 7
    first = model.index(0, 0, model.index(0, 0))
    assert first.data(CRITERION_ROLE).key == "magento_expertise"


def test_empty_evaluation_shows_what_to_do(small_session: Session, qtbot: Any) -> None:
    for key in ("quality", "uptime", "leaving"):
        small_session.apply(DeleteCriterion(key))
    widget = CriteriaPage(small_session)
    qtbot.addWidget(widget)
    assert widget.stack.currentWidget() is widget.empty
    assert widget.footer.text() == ""


def test_enter_edits_the_weight_of_the_current_row(page: CriteriaPage, qtbot: Any) -> None:
    index = cell(page, "leaving", Column.NAME)
    page.tree.setCurrentIndex(index)
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert isinstance(page.tree.indexWidget(cell(page, "leaving", Column.WEIGHT)),
                      NumberEdit)


def test_read_only_session_offers_no_editing(small_session: Session, qtbot: Any) -> None:
    read_only = Session(small_session.evaluation)
    widget = CriteriaPage(read_only)
    qtbot.addWidget(widget)
    index = widget.model.index_of_criterion("quality", Column.WEIGHT)
    assert not widget.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not widget.add_action.isEnabled()
    assert not widget.lock_action.isEnabled()


def test_weigh_by_pairwise_comparison(qtbot: QtBot, demo_session: Session,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Compare three Capability criteria; their 24 points are shared out as AHP says."""
    from slaselect.ui.pages.criteria.ahp_dialog import AhpDialog

    page = CriteriaPage(demo_session)
    qtbot.addWidget(page)
    keys = ["magento_expertise", "mobile_expertise", "ecommerce_practice"]
    criteria = {c.key: c for c in demo_session.evaluation.criteria}
    assert all(k in criteria for k in keys)
    before_points = sum(criteria[k].weight for k in keys)
    untouched = {c.key: c.weight for c in demo_session.evaluation.criteria if c.key not in keys}

    def answer(dialog: AhpDialog) -> bool:
        dialog.select(keys)
        dialog.set_answer("magento_expertise", "mobile_expertise", 3.0)
        dialog.set_answer("magento_expertise", "ecommerce_practice", 5.0)
        dialog.set_answer("mobile_expertise", "ecommerce_practice", 2.0)
        assert dialog.result is not None and dialog.result.acceptable
        assert "Consistency ratio" in dialog.consistency.text()
        return True

    monkeypatch.setattr(page, "ask_comparisons", answer)
    page.weigh_by_comparison()
    after = {c.key: c.weight for c in demo_session.evaluation.criteria}
    assert sum(after[k] for k in keys) == pytest.approx(before_points, abs=1e-3)
    assert after["magento_expertise"] > after["mobile_expertise"] > after["ecommerce_practice"]
    assert {k: after[k] for k in untouched} == untouched
    assert demo_session.undo_stack.undoText().startswith("Weigh 3 criteria by pairwise")
    demo_session.undo_stack.undo()
    assert {c.key: c.weight for c in demo_session.evaluation.criteria}["magento_expertise"] == (
        criteria["magento_expertise"].weight)
