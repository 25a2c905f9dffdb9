"""The Terms & negotiation page, driven as a buyer would on the demo evaluation."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QDialog

from slaselect.domain.gate import must_have_failure
from slaselect.domain.model import Evaluation, Round
from slaselect.domain.term_values import checked_term_value as checked_value
from slaselect.ui.models.marks import BETTER_TINT, FAILURE_TEXT
from slaselect.ui.models.term_rounds import build_term_grid
from slaselect.ui.models.terms import CellRole, Column, TermsModel
from slaselect.ui.pages.compare import ComparePage
from slaselect.ui.pages.terms import TermsPage
from slaselect.ui.session import Session
from slaselect.ui.term_editors import (
    ChecklistEditor,
    CreditTiersEditor,
    DurationEditor,
    MoneyEditor,
    PercentEditor,
    SeverityEditor,
    StructuredEditor,
    TermValueDialog,
    editor_for,
)

ROUND_1, ROUND_2, ROUND_3 = Column.FIRST_ROUND, Column.FIRST_ROUND + 1, Column.FIRST_ROUND + 2


@pytest.fixture
def page(demo_session: Session, qtbot: Any) -> TermsPage:
    shown = TermsPage(demo_session)
    qtbot.addWidget(shown)
    shown.select_provider("aurelgate")
    return shown


def cell(page: TermsPage, term: str, column: int) -> QModelIndex:
    return page.model.index(page.model.row_of(term), column)


def header(page: TermsPage, column: int) -> str:
    return str(page.model.headerData(column, Qt.Orientation.Horizontal))


def brush_colour(index: QModelIndex, role: Qt.ItemDataRole) -> Any:
    brush = index.data(role)
    return brush.color() if isinstance(brush, QBrush) else None


def compare_text(compare: ComparePage, term: str, provider: str) -> str:
    model = compare.model
    return str(model.index(model.row_of(term), model.provider_column(provider)).data())


def test_aurelgate_shows_its_rounds_and_the_uptime_concession(page: TermsPage) -> None:
    assert page.model.columnCount() == Column.FIRST_ROUND + 3
    assert header(page, Column.ASK) == "Buyer's ask"
    assert header(page, ROUND_1) == "Round 1 — Initial proposal (2026-09-21)"
    assert header(page, ROUND_2) == "Round 2 — Revised offer (2026-10-19)"
    assert header(page, ROUND_3) == "Round 3 — Best and final (2026-11-16)"

    assert cell(page, "uptime_pct", ROUND_1).data() == "99.9 %"
    raised = cell(page, "uptime_pct", ROUND_2)
    assert raised.data() == "99.95 %"
    assert brush_colour(raised, Qt.ItemDataRole.BackgroundRole) == BETTER_TINT
    assert "better for you" in raised.data(Qt.ItemDataRole.ToolTipRole)

    carried = cell(page, "uptime_pct", ROUND_3)
    assert carried.data() == "99.95 %"
    assert carried.data(Qt.ItemDataRole.FontRole).italic()
    assert "Carried forward from round 2" in carried.data(Qt.ItemDataRole.ToolTipRole)
    assert carried.data(Qt.ItemDataRole.BackgroundRole) is None  # no change from round 2

    # category header rows group the terms
    assert page.model.is_header(0) and page.model.index(0, 0).data() == "Scope"
    assert page.table.columnSpan(0, 0) == page.model.columnCount()
    assert page.summary.text().startswith("Latest changes — Round 3 (Best and final):")
    assert "monthly retainer fee -$500" in page.summary.text()


def test_must_have_failure_is_marked_with_its_sentence(demo_session: Session,
                                                       qtbot: Any) -> None:
    page = TermsPage(demo_session)
    qtbot.addWidget(page)
    page.select_provider("kestrabyte")
    pci = cell(page, "pci_dss_responsibility", ROUND_2)
    assert pci.data() == "the Client alone"
    assert pci.data(Qt.ItemDataRole.DecorationRole) is not None
    assert brush_colour(pci, Qt.ItemDataRole.ForegroundRole) == FAILURE_TEXT
    evaluation = demo_session.evaluation
    sentence = must_have_failure(evaluation.term("pci_dss_responsibility"), "client_only")
    assert sentence is not None
    assert sentence.startswith("PCI DSS responsibility is the Client alone")
    assert sentence in pci.data(Qt.ItemDataRole.ToolTipRole)


def test_editing_the_latest_round_in_the_cell_changes_the_evaluation_and_compare(
    page: TermsPage, demo_session: Session, qtbot: Any
) -> None:
    compare = ComparePage(demo_session)
    qtbot.addWidget(compare)
    page.show()
    index = cell(page, "uptime_pct", ROUND_3)
    page.table.setCurrentIndex(index)
    page.table.edit(index)
    editor = page.table.viewport().findChild(PercentEditor)
    assert editor is not None, "a percent box opens in the cell"
    line = editor.spin.lineEdit()
    line.selectAll()
    qtbot.keyClicks(line, "99.99")
    page.table.itemDelegate().setModelData(editor, page.model, index)

    assert demo_session.evaluation.terms_at("aurelgate")["uptime_pct"] == 99.99
    assert cell(page, "uptime_pct", ROUND_3).data() == "99.99 %"
    assert compare_text(compare, "uptime_pct", "aurelgate") == "99.99 %"
    assert compare_text(compare, "downtime_minutes_month", "aurelgate") == "4 min 23 s"

    demo_session.undo_stack.undo()
    assert demo_session.evaluation.terms_at("aurelgate")["uptime_pct"] == 99.95
    assert cell(page, "uptime_pct", ROUND_3).data() == "99.95 %"
    assert compare_text(compare, "uptime_pct", "aurelgate") == "99.95 %"


def test_an_impossible_percentage_is_refused_in_place(page: TermsPage,
                                                      demo_session: Session) -> None:
    before = demo_session.evaluation
    steps = demo_session.undo_stack.count()
    index = cell(page, "uptime_pct", ROUND_3)
    assert page.model.setData(index, 120.0) is False
    assert "Uptime guarantee must be between 0 and 100 %" in page.message.text()
    assert page.message.isVisibleTo(page)
    assert index.data() == "99.95 %"
    assert demo_session.evaluation is before
    assert demo_session.undo_stack.count() == steps


def test_new_round_copies_the_latest_terms_and_can_be_removed(
    page: TermsPage, demo_session: Session, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(page, "ask_new_round_info", lambda number: ("Final tweak", "2026-12-01"))
    qtbot.mouseClick(page.new_round_button, Qt.MouseButton.LeftButton)

    evaluation = demo_session.evaluation
    added = evaluation.rounds_of("aurelgate")[-1]
    assert (added.number, added.label, added.date) == (4, "Final tweak", "2026-12-01")
    assert dict(added.values) == evaluation.terms_at("aurelgate", 3)
    assert len(added.values) == len(evaluation.terms)  # a full snapshot, not a diff
    assert header(page, Column.FIRST_ROUND + 3) == "Round 4 — Final tweak (2026-12-01)"
    assert cell(page, "uptime_pct", Column.FIRST_ROUND + 3).data() == "99.95 %"
    assert "no change from round 3" in page.summary.text()
    assert page.remove_round_button.text() == "Remove round 4…"

    monkeypatch.setattr(page, "confirm_remove_round", lambda negotiation_round: True)
    qtbot.mouseClick(page.remove_round_button, Qt.MouseButton.LeftButton)
    assert demo_session.evaluation.latest_round_number("aurelgate") == 3
    assert page.model.columnCount() == Column.FIRST_ROUND + 3


def test_round_label_and_date_are_edited(page: TermsPage, demo_session: Session, qtbot: Any,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    page.table.setCurrentIndex(cell(page, "uptime_pct", ROUND_2))
    monkeypatch.setattr(page, "ask_round_info",
                        lambda negotiation_round: ("Second offer", "2026-10-20"))
    assert page.edit_round_button.text() == "Edit round 2 label/date…"
    qtbot.mouseClick(page.edit_round_button, Qt.MouseButton.LeftButton)
    second = demo_session.evaluation.rounds_of("aurelgate")[1]
    assert (second.label, second.date) == ("Second offer", "2026-10-20")
    assert header(page, ROUND_2) == "Round 2 — Second offer (2026-10-20)"


def test_changing_an_old_round_asks_for_a_reason_kept_in_the_audit_trail(
    page: TermsPage, demo_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[Round] = []

    def decline(negotiation_round: Round) -> str | None:
        asked.append(negotiation_round)
        return None

    monkeypatch.setattr(page, "confirm_old_round_edit", decline)
    index = cell(page, "uptime_pct", ROUND_1)
    assert page.model.setData(index, 99.8) is False
    assert [r.number for r in asked] == [1]
    assert demo_session.evaluation.terms_at("aurelgate", 1)["uptime_pct"] == 99.9
    assert "was left as it was" in page.message.text()

    monkeypatch.setattr(page, "confirm_old_round_edit", lambda r: "Typo when copying the PDF")
    assert page.model.setData(index, 99.8) is True
    assert demo_session.evaluation.terms_at("aurelgate", 1)["uptime_pct"] == 99.8
    assert cell(page, "uptime_pct", ROUND_1).data() == "99.8 %"
    project = demo_session.project
    assert project is not None
    last = project.audit_trail()[-1]
    assert last.reason == "Typo when copying the PDF"

    # the latest round does not ask
    monkeypatch.setattr(page, "confirm_old_round_edit", decline)
    assert page.model.setData(cell(page, "uptime_pct", ROUND_3), 99.9) is True
    assert len(asked) == 1


def test_old_round_dialog_edit_asks_once_before_the_editor_opens(
    page: TermsPage, demo_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[int] = []
    monkeypatch.setattr(page, "confirm_old_round_edit",
                        lambda r: asked.append(r.number) or "Provider corrected its table")

    def fill_in(dialog: QDialog) -> bool:
        assert isinstance(dialog, TermValueDialog)
        editor = dialog.editor
        assert isinstance(editor, SeverityEditor)
        spin, unit, clock = editor.rows["P1"]
        spin.set_number(10)
        unit.setCurrentIndex(0)
        dialog.accept()
        return True

    monkeypatch.setattr(page, "run_dialog", fill_in)
    index = cell(page, "response", ROUND_1)
    page.table.setCurrentIndex(index)
    page.table.edit(index)
    assert asked == [1]
    response = demo_session.evaluation.terms_at("aurelgate", 1)["response"]
    assert response["P1"] == {"minutes": 10, "clock": "24x7"}
    assert response["P4"] == {"minutes": 480, "clock": "business"}
    project = demo_session.project
    assert project is not None
    assert project.audit_trail()[-1].reason == "Provider corrected its table"


def test_the_ask_column_is_edited_and_rounds_are_judged_against_it(
    page: TermsPage, demo_session: Session
) -> None:
    assert page.model.setData(cell(page, "uptime_pct", Column.ASK), 99.99) is True
    assert demo_session.evaluation.ask["uptime_pct"] == 99.99
    assert cell(page, "uptime_pct", Column.ASK).data() == "99.99 %"
    tip = cell(page, "uptime_pct", ROUND_3).data(Qt.ItemDataRole.ToolTipRole)
    assert "Worse than your ask of 99.99 %, within your walk-away of 99.7 %: negotiable." in tip
    demo_session.undo_stack.undo()
    assert demo_session.evaluation.ask["uptime_pct"] == 99.95  # the demo's own ask again


def test_delete_clears_a_round_value_and_says_what_carries_forward(
    page: TermsPage, demo_session: Session, qtbot: Any
) -> None:
    index = cell(page, "governing_law", ROUND_3)
    assert index.data() == "State of Colorado, USA"
    page.table.setCurrentIndex(index)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    latest = demo_session.evaluation.rounds_of("aurelgate")[-1]
    assert "governing_law" not in latest.values
    assert cell(page, "governing_law", ROUND_3).data() == "State of New York, USA"
    assert "carries forward" in page.message.text()


def test_emptied_number_box_clears_the_ask(page: TermsPage, demo_session: Session) -> None:
    page.model.setData(cell(page, "monthly_fee", Column.ASK), 12000)
    editor = MoneyEditor(demo_session.evaluation.term("monthly_fee"))
    editor.set_value(12000)
    assert editor.value() == 12000
    assert editor.spin.prefix() == "$" and editor.spin.suffix() == " a month"
    editor.set_value(None)
    assert editor.value() is None
    assert page.model.setData(cell(page, "monthly_fee", Column.ASK), editor.value()) is True
    assert "monthly_fee" not in demo_session.evaluation.ask


def test_editors_give_back_what_they_were_given(demo_session: Session, qtbot: Any) -> None:
    evaluation = demo_session.evaluation
    offered = evaluation.terms_at("aurelgate")
    for term in evaluation.terms:
        editor = editor_for(term, evaluation.currency)
        qtbot.addWidget(editor)
        editor.set_value(offered.get(term.key))
        assert editor.value() == offered.get(term.key), term.key
        assert checked_value(term, editor.value()) == offered.get(term.key), term.key


def test_duration_units_and_structured_kinds(demo_session: Session, qtbot: Any) -> None:
    evaluation = demo_session.evaluation
    duration = DurationEditor(evaluation.term("rpo"))
    qtbot.addWidget(duration)
    duration.set_value(120)
    assert duration.unit.currentText() == "hours" and duration.spin.value() == 2
    duration.unit.setCurrentIndex(2)  # 2 days
    assert duration.value() == 2880

    fee = StructuredEditor(evaluation.term("early_termination_fee"))
    qtbot.addWidget(fee)
    fee.set_value({"kind": "months", "value": 3})
    fee.kind.setCurrentIndex(fee.kind.findData("flat"))
    fee.amount.set_number(5000)
    assert fee.value() == {"kind": "flat", "value": 5000}
    fee.kind.setCurrentIndex(0)
    assert fee.value() is None

    tiers = CreditTiersEditor(evaluation.term("credit_tiers"))
    qtbot.addWidget(tiers)
    tiers.set_value([{"below": 99.9, "credit_pct": 10}])
    tiers.add_tier()
    assert tiers.value() == [{"below": 99.9, "credit_pct": 10},
                             {"below": 99.4, "credit_pct": 10}]
    tiers.table.setCurrentCell(0, 0)
    tiers.remove_tier()
    assert tiers.value() == [{"below": 99.4, "credit_pct": 10}]

    scope = ChecklistEditor(evaluation.term("magento_scope"))
    qtbot.addWidget(scope)
    scope.set_value(["security_patches"])
    scope.list.item(0).setCheckState(Qt.CheckState.Checked)
    assert scope.value() == ["bug_fixes", "security_patches"]


def test_read_only_session_cannot_edit(demo_session: Session, qtbot: Any) -> None:
    viewer = Session(demo_session.evaluation)
    page = TermsPage(viewer)
    qtbot.addWidget(page)
    index = cell(page, "uptime_pct", ROUND_3)
    assert not index.flags() & Qt.ItemFlag.ItemIsEditable
    assert not page.new_round_button.isEnabled()


def test_no_providers_shows_what_to_do(qtbot: Any) -> None:
    page = TermsPage(Session(Evaluation("Empty")))
    qtbot.addWidget(page)
    assert page.stack.currentWidget() is page.empty


def test_only_changed_terms_filter(page: TermsPage) -> None:
    page.only_changes.setChecked(True)
    assert not page.table.isRowHidden(page.model.row_of("uptime_pct"))
    assert page.table.isRowHidden(page.model.row_of("magento_scope"))
    assert page.table.isRowHidden(0)  # Scope has no change at all


def test_terms_model_passes_the_model_tester(demo_session: Session, qtmodeltester: Any) -> None:
    model = TermsModel()
    model.set_grid(build_term_grid(demo_session.evaluation, "aurelgate"))
    qtmodeltester.check(model)
    assert model.index(model.row_of("uptime_pct"), ROUND_2).data(CellRole).verdict == "better"


def test_keyboard_enter_edits_and_enter_saves(page: TermsPage, demo_session: Session,
                                              qtbot: Any) -> None:
    page.show()
    qtbot.waitExposed(page)
    index = cell(page, "included_hours_month", ROUND_3)
    page.table.setFocus()
    page.table.setCurrentIndex(index)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    editor = page.table.viewport().findChild(editor_for(
        demo_session.evaluation.term("included_hours_month")).__class__)
    assert editor is not None
    line = editor.spin.lineEdit()
    line.selectAll()
    qtbot.keyClicks(line, "40")
    qtbot.keyClick(line, Qt.Key.Key_Return)  # the delegate commits on the next event loop turn
    qtbot.waitUntil(
        lambda: demo_session.evaluation.terms_at("aurelgate")["included_hours_month"] == 40)
    assert cell(page, "included_hours_month", ROUND_3).data() == "40 hours"


def test_several_changes_to_an_older_round_ask_the_reason_once(
    page: TermsPage, demo_session: Session, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    asked: list[int] = []
    monkeypatch.setattr(page, "confirm_old_round_edit",
                        lambda r: asked.append(r.number) or "Figures re-read from the PDF")
    page.show()
    for term, value in (("uptime_pct", 99.8), ("uptime_pct", 99.7)):
        index = cell(page, term, ROUND_1)
        page.table.setCurrentIndex(index)
        assert page.model.setData(index, value) is True
    # the next term of the same round, typed as a person does: still no second question
    index = cell(page, "uptime_pct", ROUND_1)
    page.table.setCurrentIndex(index)
    page.table.edit(index)
    editor = page.table.focusWidget()
    assert editor is not None
    qtbot.keyClicks(editor, "99.6")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert asked == [1]
    assert demo_session.evaluation.terms_at("aurelgate", 1)["uptime_pct"] == 99.6
    project = demo_session.project
    assert project is not None
    reasons = [entry.reason for entry in project.audit_trail()[-3:]]
    assert reasons == ["Figures re-read from the PDF"] * 3
    # moving to another round ends the batch: coming back asks again
    page.table.setCurrentIndex(cell(page, "uptime_pct", ROUND_3))
    index = cell(page, "uptime_pct", ROUND_1)
    page.table.setCurrentIndex(index)
    assert page.model.setData(index, 99.5) is True
    assert asked == [1, 1]
