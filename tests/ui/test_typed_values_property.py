"""Property: whatever is typed into any editor is saved exactly, or refused with a message
and nothing changes."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from slaselect.domain.errors import EvaluationError
from slaselect.domain.term_values import checked_term_value
from slaselect.domain.typed_values import checked_score, checked_weight, read_typed_number
from slaselect.ui.models.criteria import Column as CriteriaColumn
from slaselect.ui.models.terms import Column
from slaselect.ui.pages.criteria import CriteriaPage
from slaselect.ui.pages.scoring import ScoringPage
from slaselect.ui.pages.terms import TermsPage
from slaselect.ui.session import Session
from slaselect.ui.widgets.number_edit import NumberEdit

TYPED = st.text(alphabet="0123456789.,-+ e%$a", min_size=1, max_size=9)
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def expected(text: str, check: Callable[[float], Any]) -> float | None | str:
    """What the editor must do: the number to save, None (cleared), or "refused"."""
    try:
        number = read_typed_number(text)
        if number is not None:
            check(number)
    except EvaluationError:
        return "refused"
    return number


def type_and_enter(qtbot: QtBot, view: Any, index: QModelIndex, text: str) -> None:
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.indexWidget(index)
    line = editor if isinstance(editor, NumberEdit) else editor.findChild(NumberEdit)
    assert isinstance(line, NumberEdit)
    line.selectAll()
    qtbot.keyClicks(line, text)
    assert line.text() == text, "no keystroke is dropped"
    qtbot.keyClick(line, Qt.Key.Key_Return)


def check_outcome(outcome: float | None | str, before: Any, after: Any, message: str) -> None:
    if outcome == "refused":
        assert message, "a refusal says why"
        assert after == before, "a refusal changes nothing"
    else:
        assert isinstance(outcome, float) or outcome is None
        assert after == outcome or (
            isinstance(after, int | float) and outcome is not None
            and math.isclose(after, outcome, rel_tol=0, abs_tol=1e-9))


def test_typed_scores(small_session: Session, qtbot: QtBot) -> None:
    page = ScoringPage(small_session)
    qtbot.addWidget(page)
    page.show()
    page.select_evaluator("e1")

    def value() -> float | None:
        return next((s.value for s in small_session.evaluation.scores
                     if (s.provider, s.criterion, s.evaluator) == ("b", "quality", "e1")), None)

    @SETTINGS
    @given(text=TYPED)
    def typed(text: str) -> None:
        page.message.clear()
        before = value()
        outcome = expected(text, lambda n: checked_score(small_session.evaluation.scale, n))
        type_and_enter(qtbot, page.table, page.model.index_of("quality", "b"), text)
        check_outcome(outcome, before, value(), page.message.text())

    typed()


def test_typed_weights(small_session: Session, qtbot: QtBot) -> None:
    page = CriteriaPage(small_session)
    qtbot.addWidget(page)
    page.show()

    @SETTINGS
    @given(text=TYPED)
    def typed(text: str) -> None:
        page.message.clear()
        index = page.model.index_of_criterion("quality", CriteriaColumn.WEIGHT)
        before = small_session.evaluation.criterion("quality").weight
        outcome = expected(text, checked_weight)
        if outcome is None:
            outcome = "refused"  # an emptied weight is no weight
        type_and_enter(qtbot, page.tree, index, text)
        check_outcome(outcome, before, small_session.evaluation.criterion("quality").weight,
                      page.message.text())

    typed()


@pytest.mark.parametrize("key", ["uptime_pct", "monthly_fee", "term_months"])
def test_typed_term_values(small_session: Session, qtbot: QtBot, key: str) -> None:
    page = TermsPage(small_session)
    qtbot.addWidget(page)
    page.show()
    page.select_provider("a")
    term = small_session.evaluation.term(key)

    @SETTINGS
    @given(text=TYPED.filter(lambda t: t.strip() != ""))
    def typed(text: str) -> None:
        page.message.clear()
        index = page.model.index(page.model.row_of(key), Column.FIRST_ROUND)
        before = small_session.evaluation.terms_at("a").get(key)
        outcome = expected(text, lambda n: checked_term_value(term, n))
        type_and_enter(qtbot, page.table, index, text)
        check_outcome(outcome, before, small_session.evaluation.terms_at("a").get(key),
                      page.message.text())

    typed()
