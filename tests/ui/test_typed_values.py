"""Every value typed is the value kept, or it is refused in place with a sentence.

Real keystrokes into the real editors (F2 or Enter opens a cell, the digits, Enter or
Escape); the saved value is read back from the project file, reopened.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from slaselect.domain.model import Evaluation
from slaselect.store.project import Project
from slaselect.ui.models.terms import Column
from slaselect.ui.pages.criteria import CriteriaPage
from slaselect.ui.pages.scoring import ScoringPage
from slaselect.ui.pages.terms import TermsPage
from slaselect.ui.session import Session
from slaselect.ui.term_editors import SeverityEditor, TermValueDialog
from slaselect.ui.widgets.number_edit import NumberEdit

LATEST = Column.FIRST_ROUND + 2  # Aurelgate's third round in the demo


def saved(session: Session) -> Evaluation:
    """The evaluation as the project file holds it, read from a fresh open of the file."""
    project = session.project
    assert project is not None
    path = Path(project.path)
    session.close()
    reopened = Project.open(path)
    try:
        return reopened.load()
    finally:
        reopened.close()


def type_into_cell(qtbot: QtBot, view: Any, index: QModelIndex, text: str,
                   key: Qt.Key = Qt.Key.Key_Return) -> QWidget:
    """Open the cell's editor with F2, replace its text with ``text``, then press ``key``."""
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.indexWidget(index)
    assert editor is not None, "the cell opens an editor"
    line = editor if isinstance(editor, NumberEdit) else editor.findChild(NumberEdit)
    assert isinstance(line, NumberEdit)
    line.selectAll()
    qtbot.keyClicks(line, text)
    assert line.text() == text, "every keystroke is kept"
    qtbot.keyClick(line, key)
    return editor


def score(evaluation: Evaluation, provider: str, criterion: str, evaluator: str) -> float | None:
    return next((s.value for s in evaluation.scores if (s.provider, s.criterion, s.evaluator)
                 == (provider, criterion, evaluator)), None)


@pytest.fixture
def scoring(demo_session: Session, qtbot: QtBot) -> ScoringPage:
    page = ScoringPage(demo_session)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.select_evaluator("ecom_it")
    return page


def test_a_score_above_the_scale_is_refused_not_saved_as_its_first_digit(
    scoring: ScoringPage, demo_session: Session, qtbot: QtBot
) -> None:
    index = scoring.model.index_of("magento_expertise", "aurelgate")  # holds 9.5
    type_into_cell(qtbot, scoring.table, index, "11")
    assert scoring.message.text() == (
        "Aurelgate Digital on Magento 2 experience & expertise: 11 is above the top of the "
        "scale (10); the score stays 9.5.")
    assert scoring.table.currentIndex().row() == index.row(), "a refusal stays on the cell"
    assert score(saved(demo_session), "aurelgate", "magento_expertise", "ecom_it") == 9.5


@pytest.mark.parametrize(("typed", "sentence"), [
    ("7.3", "7.3 is not on the scale's steps of 0.5; the score stays 9.5."),
    ("abc", "'abc' is not a number; the score stays 9.5."),
    ("-1", "-1 is below the bottom of the scale (0); the score stays 9.5."),
])
def test_a_score_off_the_scale_or_no_number_is_refused_with_a_sentence(
    scoring: ScoringPage, demo_session: Session, qtbot: QtBot, typed: str, sentence: str
) -> None:
    index = scoring.model.index_of("magento_expertise", "aurelgate")
    type_into_cell(qtbot, scoring.table, index, typed)
    assert scoring.message.text().endswith(sentence)
    assert score(saved(demo_session), "aurelgate", "magento_expertise", "ecom_it") == 9.5


def test_a_good_score_is_saved_and_enter_moves_down_like_a_spreadsheet(
    scoring: ScoringPage, demo_session: Session, qtbot: QtBot
) -> None:
    index = scoring.model.index_of("magento_expertise", "aurelgate")
    type_into_cell(qtbot, scoring.table, index, "7.5")
    assert scoring.message.text() == ""
    assert scoring.table.currentIndex().row() == index.row() + 1
    assert scoring.table.currentIndex().column() == index.column()
    assert score(saved(demo_session), "aurelgate", "magento_expertise", "ecom_it") == 7.5


def test_escape_leaves_the_score_as_it_was(
    scoring: ScoringPage, demo_session: Session, qtbot: QtBot
) -> None:
    index = scoring.model.index_of("magento_expertise", "aurelgate")
    type_into_cell(qtbot, scoring.table, index, "3", Qt.Key.Key_Escape)
    assert score(saved(demo_session), "aurelgate", "magento_expertise", "ecom_it") == 9.5


@pytest.fixture
def terms(demo_session: Session, qtbot: QtBot) -> TermsPage:
    page = TermsPage(demo_session)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.select_provider("aurelgate")
    return page


def term_cell(page: TermsPage, key: str) -> QModelIndex:
    return page.model.index(page.model.row_of(key), LATEST)


@pytest.mark.parametrize(("key", "typed", "sentence"), [
    ("uptime_pct", "101",
     "Uptime guarantee must be between 0 and 100 %; 101 is outside that; it stays 99.95 %."),
    ("monthly_fee", "-500",
     "Monthly retainer fee must be between 0 and 1,000,000,000,000; -500 is outside that; "
     "it stays $12,400 a month."),
    ("monthly_fee", "abc",
     "Monthly retainer fee: 'abc' is not a number; it stays $12,400 a month."),
])
def test_a_term_value_that_does_not_fit_is_refused_and_the_old_value_kept(
    terms: TermsPage, demo_session: Session, qtbot: QtBot, key: str, typed: str, sentence: str
) -> None:
    before = demo_session.evaluation.terms_at("aurelgate")[key]
    type_into_cell(qtbot, terms.table, term_cell(terms, key), typed)
    assert terms.message.text() == sentence
    assert saved(demo_session).terms_at("aurelgate")[key] == before


@pytest.mark.parametrize(("key", "typed", "kept"), [
    ("uptime_pct", "99.99", 99.99),
    ("uptime_pct", "100", 100),
    ("monthly_fee", "18,250.5", 18250.5),
])
def test_a_term_value_that_fits_is_saved_exactly_as_typed(
    terms: TermsPage, demo_session: Session, qtbot: QtBot, key: str, typed: str, kept: float
) -> None:
    type_into_cell(qtbot, terms.table, term_cell(terms, key), typed)
    assert terms.message.text() == ""
    assert saved(demo_session).terms_at("aurelgate")[key] == kept


def test_response_times_that_are_unlikely_save_with_a_visible_warning(
    terms: TermsPage, demo_session: Session, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    def fill_in(dialog: QDialog) -> bool:
        assert isinstance(dialog, TermValueDialog)
        editor = dialog.editor
        assert isinstance(editor, SeverityEditor)
        for severity, hours in (("P1", "0"), ("P3", "8"), ("P4", "2")):
            spin, unit, _clock = editor.rows[severity]
            unit.setCurrentIndex(1)  # hours
            spin.lineEdit().selectAll()
            qtbot.keyClicks(spin.lineEdit(), hours)
        dialog.accept()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(terms, "run_dialog", fill_in)
    index = term_cell(terms, "response")
    terms.table.setCurrentIndex(index)
    terms.table.edit(index)
    text = terms.message.text()
    assert "P1 is 0 minutes" in text and "P4 is faster than P3" in text
    response = saved(demo_session).terms_at("aurelgate")["response"]
    assert response["P1"]["minutes"] == 0
    assert response["P3"]["minutes"] == 480 and response["P4"]["minutes"] == 120


def test_a_response_time_that_is_no_number_keeps_the_dialog_open(
    terms: TermsPage, demo_session: Session, qtbot: QtBot
) -> None:
    term = demo_session.evaluation.term("response")
    before = demo_session.evaluation.terms_at("aurelgate")["response"]
    dialog = TermValueDialog(term, before)
    qtbot.addWidget(dialog)
    assert isinstance(dialog.editor, SeverityEditor)
    spin = dialog.editor.rows["P2"][0]
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "two")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.text().startswith("P2: 'two' is not a number; type a time such as 30")


def test_a_negative_weight_is_refused_in_the_cell_with_a_sentence(
    demo_session: Session, qtbot: QtBot
) -> None:
    from slaselect.ui.models.criteria import Column as CriteriaColumn

    page = CriteriaPage(demo_session)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    key = demo_session.evaluation.criteria[0].key
    before = demo_session.evaluation.criteria[0].weight
    index = page.model.index_of_criterion(key, CriteriaColumn.WEIGHT)
    type_into_cell(qtbot, page.tree, index, "-5")
    assert "-5 is below 0: a weight must be 0 or more" in page.message.text()
    assert "stays" in page.message.text()
    assert saved(demo_session).criterion(key).weight == before


@pytest.mark.parametrize(("typed", "sentence"), [
    ("101", "101 is above the highest value here (100); the field stays 70 %."),
    ("55.5", "55.5 has more decimals than this field keeps (0); the field stays 70 %."),
    ("-5", "-5 is below the lowest value here (0); the field stays 70 %."),
])
def test_a_form_field_keeps_every_keystroke_and_refuses_what_does_not_fit(
    small_session: Session, qtbot: QtBot, typed: str, sentence: str
) -> None:
    from slaselect.ui.pages.overview import OverviewPage

    page = OverviewPage(small_session)
    qtbot.addWidget(page)
    page.show()
    spin = page.claim_spin
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), typed)
    assert spin.lineEdit().text() == typed + " %", "no keystroke is dropped"
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)
    assert page.message.text() == sentence
    assert spin.value() == 70
    assert saved(small_session).scenario.claim_success == 0.7


def test_a_time_of_day_that_is_no_time_is_refused_with_a_sentence(
    small_session: Session, qtbot: QtBot
) -> None:
    from slaselect.ui.pages.overview import OverviewPage

    page = OverviewPage(small_session)
    qtbot.addWidget(page)
    page.show()
    before = small_session.evaluation.scenario
    page.end_spin.setFocus()
    page.end_spin.lineEdit().selectAll()
    qtbot.keyClicks(page.end_spin.lineEdit(), "25:00")
    qtbot.keyClick(page.end_spin.lineEdit(), Qt.Key.Key_Return)
    assert page.message.text().startswith("25:00 is not a time of day (00:00 to 24:00)")
    assert saved(small_session).scenario == before


@pytest.fixture
def criteria(demo_session: Session, qtbot: QtBot) -> CriteriaPage:
    page = CriteriaPage(demo_session)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.select_criterion("magento_expertise")  # 10 points, no minimum score
    return page


def type_into_field(qtbot: QtBot, spin: Any, text: str) -> None:
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), text)
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)


@pytest.mark.parametrize(("typed", "sentence"), [
    ("12.345", "12.345 has more decimals than this field keeps (2); the field stays 10 points."),
    ("-5", "-5 is below the lowest value here (0); the field stays 10 points."),
])
def test_the_weight_field_of_the_details_panel_refuses_and_shows_the_saved_weight(
    criteria: CriteriaPage, demo_session: Session, qtbot: QtBot, typed: str, sentence: str
) -> None:
    spin = criteria.details.weight_spin
    type_into_field(qtbot, spin, typed)
    assert criteria.message.text() == sentence
    assert spin.value() == 10, "the field shows what is saved, not the first digits typed"
    assert saved(demo_session).criterion("magento_expertise").weight == 10


def test_a_minimum_score_above_the_scale_leaves_the_field_as_it_was_not_at_its_first_digit(
    criteria: CriteriaPage, demo_session: Session, qtbot: QtBot
) -> None:
    spin = criteria.details.min_spin
    type_into_field(qtbot, spin, "7.5")
    assert demo_session.evaluation.criterion("magento_expertise").min_score == 7.5
    type_into_field(qtbot, spin, "11")
    assert criteria.message.text() == (
        "11 is above the highest value here (10); the field stays 7.5.")
    assert spin.value() == 7.5
    assert saved(demo_session).criterion("magento_expertise").min_score == 7.5


def test_a_negative_duration_is_refused_in_days_not_minutes(
    terms: TermsPage, demo_session: Session, qtbot: QtBot
) -> None:
    index = term_cell(terms, "security_patch_window")
    before = demo_session.evaluation.terms_at("aurelgate")["security_patch_window"]
    type_into_cell(qtbot, terms.table, index, "-3")
    text = terms.message.text()
    assert text.startswith("Critical security patch window cannot be negative; -3 days")
    assert "minutes" not in text and "2,629,745" not in text
    # typing the value the cell already holds takes the refusal away
    type_into_cell(qtbot, terms.table, index, "2")
    assert terms.message.text() == ""
    assert saved(demo_session).terms_at("aurelgate")["security_patch_window"] == before == 2880


def test_typing_the_score_a_cell_holds_after_a_refusal_takes_the_refusal_away(
    scoring: ScoringPage, demo_session: Session, qtbot: QtBot
) -> None:
    index = scoring.model.index_of("magento_expertise", "aurelgate")
    type_into_cell(qtbot, scoring.table, index, "11")
    assert scoring.message.text()
    type_into_cell(qtbot, scoring.table, index, "9.5")
    assert scoring.message.text() == ""


def test_the_add_criterion_dialog_stays_open_on_a_weight_that_is_no_weight(
    qtbot: QtBot
) -> None:
    from slaselect.ui.pages.criteria.dialogs import NewCriterionDialog

    dialog = NewCriterionDialog(["Capability"], "Capability")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name_edit, "Accessibility expertise")
    dialog.weight_spin.setFocus()
    dialog.weight_spin.lineEdit().selectAll()
    qtbot.keyClicks(dialog.weight_spin.lineEdit(), "-5")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.problem.text() == "-5 is below the lowest value here (0); the field stays 5 " \
                                    "points."
    dialog.weight_spin.lineEdit().selectAll()
    qtbot.keyClicks(dialog.weight_spin.lineEdit(), "7.5")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.answer().weight == 7.5


def test_the_claim_dialog_keeps_the_amount_typed_or_says_why_not(qtbot: QtBot) -> None:
    from slaselect.ui.pages.service.dialogs import ClaimDialog

    dialog = ClaimDialog("2027-03", 620.0)
    qtbot.addWidget(dialog)
    dialog.show()
    line = dialog.amount.lineEdit()
    line.selectAll()
    qtbot.keyClicks(line, "-500")
    assert line.text() == "-500"
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.problem.text().startswith("-500 is below the lowest value here (0)")
    line.selectAll()
    qtbot.keyClicks(line, "1,234.56")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.edit().amount == 1234.56
