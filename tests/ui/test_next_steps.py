"""The Overview's next steps open the page and row where each thing still to do is done."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from slaselect.documents import bundled
from slaselect.domain.edits import InsertEvaluator, InsertProvider, SetScore
from slaselect.domain.model import Evaluation, Evaluator, EvaluatorRole, Provider
from slaselect.domain.next_steps import StepKind, next_steps
from slaselect.store.project import Project
from slaselect.ui.main_window import MainWindow
from slaselect.ui.models.scoring import CONSENSUS
from slaselect.ui.pages.overview import OverviewPage
from slaselect.ui.pages.providers import ProvidersPage
from slaselect.ui.pages.scoring import ScoringPage
from slaselect.ui.pages.terms import TermsPage
from tests.first_evaluation import build
from tests.ui.windows import window_on


def _window(qtbot: QtBot, tmp_path: Path, evaluation: Evaluation) -> MainWindow:
    path = tmp_path / "first.slaselect"
    Project.create(path, evaluation)
    main = window_on(qtbot, tmp_path, path)
    main.show_page(OverviewPage)
    return main


def _half_done() -> Evaluation:
    """The first evaluation with a fourth provider awaiting its offer and a second evaluator
    who has not scored yet."""
    evaluation = build()
    evaluation, _ = InsertProvider(Provider("p3", "Delta Systems")).apply(evaluation)
    evaluation, _ = InsertEvaluator(Evaluator("ev2", "Priya", EvaluatorRole.IT)).apply(evaluation)
    return evaluation


def _button(overview: OverviewPage, start: str):  # type: ignore[no-untyped-def]
    return next(b for b in overview.next_steps.buttons if b.text().startswith(start))


def test_next_steps_of_a_half_done_evaluation() -> None:
    kinds = [step.kind for step in next_steps(_half_done())]
    assert kinds == [StepKind.ENTER_OFFER, StepKind.SCORE]
    assert next_steps(bundled.load_template())[0].kind is StepKind.ADD_PROVIDERS
    assert next_steps(bundled.load_demo()) == []


def test_enter_offer_opens_terms_on_that_provider(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path, _half_done())
    overview = window.page(OverviewPage)
    assert isinstance(overview, OverviewPage)
    assert overview.next_steps.isVisible()
    qtbot.mouseClick(_button(overview, "Enter Delta Systems's offer"), Qt.MouseButton.LeftButton)
    terms = window.page(TermsPage)
    assert window.current_page() is terms
    assert isinstance(terms, TermsPage) and terms.selected_provider() == "p3"


def test_score_opens_the_first_empty_cell_of_that_evaluator_and_typing_saves(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = _window(qtbot, tmp_path, _half_done())
    session = window.session
    assert session is not None
    overview = window.page(OverviewPage)
    assert isinstance(overview, OverviewPage)
    qtbot.mouseClick(_button(overview, "Score:"), Qt.MouseButton.LeftButton)
    scoring = window.page(ScoringPage)
    assert isinstance(scoring, ScoringPage) and window.current_page() is scoring
    step = next(s for s in next_steps(session.evaluation) if s.kind is StepKind.SCORE)
    assert scoring.current_evaluator() == step.evaluator
    cell = scoring.model.cell_at(scoring.table.currentIndex())
    assert cell is not None and cell.value is None
    assert (cell.provider.key, cell.criterion.key) == (step.provider, step.criterion)
    scoring.table.edit(scoring.table.currentIndex())
    editor = scoring.table.focusWidget()
    qtbot.keyClicks(editor, "8")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert any((s.provider, s.criterion, s.evaluator, s.value)
               == (cell.provider.key, cell.criterion.key, step.evaluator, 8)
               for s in session.evaluation.scores)


def test_moderate_opens_the_disagreement_on_the_consensus_view(
    qtbot: QtBot, tmp_path: Path
) -> None:
    evaluation = build()
    evaluation, _ = InsertEvaluator(Evaluator("ev2", "Priya", EvaluatorRole.IT)).apply(evaluation)
    for score in [s for s in evaluation.scores if s.evaluator == "ev1"]:
        far = 0.0 if score.value >= 5 else 10.0
        evaluation, _ = SetScore(score.provider, score.criterion, "ev2", far).apply(evaluation)
    window = _window(qtbot, tmp_path, evaluation)
    overview = window.page(OverviewPage)
    assert isinstance(overview, OverviewPage)
    qtbot.mouseClick(_button(overview, "Moderate:"), Qt.MouseButton.LeftButton)
    scoring = window.page(ScoringPage)
    assert isinstance(scoring, ScoringPage) and window.current_page() is scoring
    assert scoring.current_evaluator() == CONSENSUS
    cell = scoring.model.cell_at(scoring.table.currentIndex())
    assert cell is not None and cell.disagreement and not cell.moderated


def test_an_empty_template_leads_to_adding_providers(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path, bundled.load_template())
    overview = window.page(OverviewPage)
    assert isinstance(overview, OverviewPage)
    qtbot.mouseClick(_button(overview, "Add the providers"), Qt.MouseButton.LeftButton)
    assert window.current_page() is window.page(ProvidersPage)
