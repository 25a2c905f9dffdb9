"""Results: the ranking with eligibility and reasons, contributions chart, TOPSIS cross-check."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from slaselect.domain.completeness import StillMissing, still_missing
from slaselect.domain.cross_checks import topsis_disagreement
from slaselect.domain.errors import EvaluationError
from slaselect.domain.ranking import Ranking, ScoreTable
from slaselect.domain.wording import plural_is
from slaselect.ui.charts import ContributionChart
from slaselect.ui.models.ranking import RankingModel, ScoreMatrixModel, waiting_rows
from slaselect.ui.pages.base import Page
from slaselect.ui.pages.negotiation_view import NegotiationView, negotiation_sentences
from slaselect.ui.pages.robustness_view import RobustnessView
from slaselect.ui.session import Results, Session, is_large
from slaselect.ui.widgets import EmptyState, fit_columns_to_sample
from slaselect.ui.widgets.header import WrappingHeader
from slaselect.ui.widgets.table_fit import ColumnShares
from slaselect.ui.workers import LatestOnly, run_with_progress

if TYPE_CHECKING:
    from collections.abc import Callable

    from slaselect.domain.analysis import Analysis
    from slaselect.domain.model import Evaluation
    from slaselect.domain.ranking import ConsensusScores


def analyse(evaluation: Evaluation, *, table: ScoreTable,
            cancelled: Callable[[], bool] | None = None) -> Analysis:
    """The robustness analysis (imported on first use: it brings scipy, which the window
    does not need to appear); it stops early with ``Cancelled`` once ``cancelled()``."""
    from slaselect.domain.analysis import analyse as run

    return run(evaluation, table=table, cancelled=cancelled)


def analysed(evaluation: Evaluation, table: ScoreTable, cancelled: Callable[[], bool]
             ) -> tuple[Analysis, ScoreTable, tuple[str, ...]]:
    """The analysis with its summary sentences (what the worker hands the Robustness tab)."""
    from slaselect.domain.analysis import summary_sentences

    analysis = analyse(evaluation, table=table, cancelled=cancelled)
    return analysis, table, summary_sentences(analysis)


def _table(model: RankingModel | ScoreMatrixModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return view


def _fit_columns(view: QTableView, shape: tuple[int, int], last: dict[int, tuple[int, int]],
                 alike_from: int | None = None) -> None:
    """Size columns to their contents when the table's shape changes (not on every edit:
    measuring every cell of a large table after each keystroke would be slow)."""
    if last.get(id(view)) != shape:
        last[id(view)] = shape
        fit_columns_to_sample(view, alike_from)


def summary_sentence(wsm: Ranking, topsis: Ranking, waiting: Collection[str] = (),
                     topsis_why: str | None = None) -> str:
    """The headline a buyer reads first: who leads, by how much, and whether TOPSIS agrees.

    ``waiting``: providers not eligible only because their offer or a must-have is not
    entered yet; they are counted as waiting, not as ineligible. ``topsis_why``: when TOPSIS
    puts another provider first, the sentence saying why (``topsis_disagreement``).
    """
    eligible = [r for r in wsm.results if r.eligible]
    pending = sum(1 for r in wsm.results if r.provider in waiting)
    if not eligible and pending == len(wsm.results):
        return ("No provider can be ranked yet: enter their offers on the Terms & "
                "negotiation page.")
    if not eligible:
        return "No provider meets every must-have yet; see the reasons below."
    leader = eligible[0]
    parts = [f"{leader.name} leads with {leader.score:.2f} of 10"]
    if len(eligible) > 1 and leader.score is not None and eligible[1].score is not None:
        margin = leader.score - eligible[1].score
        if margin <= 1e-9:
            parts.append(f"tied with {eligible[1].name}")
        else:
            parts.append(f"{margin:.2f} ahead of {eligible[1].name}")
    sentence = ", ".join(parts) + "."
    topsis_first = next((r for r in topsis.results if r.rank == 1), None)
    if topsis_first is not None and topsis_first.provider != leader.provider:
        sentence += (f" {topsis_why}" if topsis_why else
                     f" TOPSIS ranks {topsis_first.name} first instead: the methods disagree, "
                     "so look at the criterion scores before deciding.")
    elif topsis_first is not None:
        sentence += " TOPSIS agrees on the leader."
    ineligible = len(wsm.results) - len(eligible) - pending
    if ineligible:
        sentence += f" {plural_is(ineligible, 'provider')} not eligible."
    if pending:
        sentence += f" {plural_is(pending, 'provider')} still awaiting an offer or a must-have."
    if not wsm.complete:
        missing = len(wsm.missing)
        sentence += (f" {plural_is(missing, 'judgement score')} missing and "
                     f"count{'s' if missing == 1 else ''} as 0.")
    return sentence


@dataclass(frozen=True)
class RankingShown:
    """What the ranking tab shows of one evaluation state, worked out in one go (on a worker
    for a large evaluation)."""

    results: Results
    missing: StillMissing
    waiting: dict[str, tuple[str, tuple[str, ...]]]
    summary: str


def ranking_shown(evaluation: Evaluation, results: Results) -> RankingShown:
    """The summary, the provisional banner's reasons and the waiting rows of ``results``
    (Qt-free: runs on a worker for a tender)."""
    waiting = waiting_rows(evaluation, results.wsm)
    why = topsis_disagreement(results.table, results.wsm)
    return RankingShown(results, still_missing(evaluation, results.wsm), waiting,
                        summary_sentence(results.wsm, results.topsis, waiting, why))


def provisional_text(missing: StillMissing) -> str:
    """The banner over a ranking that is not final yet: what is missing, one line each."""
    if not missing.provisional:
        return ""
    return "\n".join(("Provisional ranking — still missing:",
                      *(f"• {sentence}" for sentence in missing.sentences)))


class ResultsPage(Page):
    """Who ranks where, why, and how each total is made up."""

    title = "Results"
    help_text = ("Ranked by the weighted sum of 0-10 criterion scores; TOPSIS is shown as a "
                 "cross-check. Ineligible providers fail a must-have or a minimum score.")

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        font = self.summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.summary.setFont(font)
        self.provisional = QLabel()
        self.provisional.setObjectName("ProvisionalBanner")
        self.provisional.setWordWrap(True)
        self.provisional.setTextFormat(Qt.TextFormat.PlainText)
        self.provisional.setStyleSheet(
            "#ProvisionalBanner { border: 1px solid #b06000; border-radius: 4px; "
            "background: rgba(176, 96, 0, 0.10); padding: 6px 10px; }")
        self.updating = QLabel("Working out the ranking…")
        self.updating.setEnabled(False)
        self.updating.hide()
        self.ranking_model = RankingModel()
        self.ranking_view = _table(self.ranking_model)
        self.chart = ContributionChart()
        ranking_tab = QSplitter(Qt.Orientation.Vertical)
        ranking_tab.addWidget(self.ranking_view)
        ranking_tab.addWidget(self.chart)
        ranking_tab.setStretchFactor(0, 2)
        ranking_tab.setStretchFactor(1, 3)
        ranking_tab.setSizes([230, 420])
        self.matrix_model = ScoreMatrixModel()
        self.matrix_view = _table(self.matrix_model)
        # every provider's column in view: names wrap in the header, the columns share the width
        self.matrix_view.setHorizontalHeader(WrappingHeader(self.matrix_view))
        self.matrix_columns = ColumnShares(self.matrix_view, {})
        matrix_tab = QWidget()
        matrix_layout = QVBoxLayout(matrix_tab)
        note = QLabel("Each total is the sum of score x weight share; hover a cell for its "
                      "points.")
        note.setEnabled(False)
        matrix_layout.addWidget(note)
        matrix_layout.addWidget(self.matrix_view)
        self.robustness = RobustnessView()
        robustness_scroll = QScrollArea()
        robustness_scroll.setWidget(self.robustness)
        robustness_scroll.setWidgetResizable(True)
        robustness_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.tabs = QTabWidget()
        self.tabs.addTab(ranking_tab, "Ranking")
        self.tabs.addTab(matrix_tab, "Criterion scores")
        self.robustness_tab = self.tabs.addTab(robustness_scroll, "Robustness")
        self.negotiation = NegotiationView()
        negotiation_scroll = QScrollArea()
        negotiation_scroll.setWidget(self.negotiation)
        negotiation_scroll.setWidgetResizable(True)
        negotiation_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.negotiation_tab = self.tabs.addTab(negotiation_scroll, "Negotiation")
        self.tabs.currentChanged.connect(lambda _: self._update_robustness())
        self.tabs.currentChanged.connect(lambda _: self._update_negotiation())
        self._analysis_stale = True
        # an analysis finished while the page was hidden, drawn when it is shown
        self._analysis_held: tuple[Analysis, ScoreTable, tuple[str, ...]] | None = None
        self._negotiation_stale = True
        # the analysis runs on a worker: an edit while it runs supersedes it, and the stale
        # result is dropped, so the tab only ever shows the evaluation as it is now
        self._analysis_job = LatestOnly(self)
        self._analysis_job.finished.connect(self._show_analysis)
        self._analysis_job.failed.connect(self._analysis_failed)
        # a tender's ranking is worked out on a worker too (see ``is_large``)
        self._ranking_job = LatestOnly(self)
        self._ranking_job.finished.connect(self._ranking_worked)
        self._ranking_job.failed.connect(self._ranking_failed)
        # after an edit the chart and the analysis follow on the next event-loop turn: the
        # rest of the edit (an undo moving to another page) finishes first, without sharing
        # the interpreter with a starting analysis, and a page left by then draws nothing
        self._draw_later = QTimer(self)
        self._draw_later.setSingleShot(True)
        self._draw_later.setInterval(0)
        self._draw_later.timeout.connect(self._draw_after_change)
        self.empty = EmptyState("Nothing to rank yet",
                                "Add providers and criteria, then score them: the ranking "
                                "appears here and updates with every change.")
        self.body.addWidget(self.updating)
        self.body.addWidget(self.provisional)
        self.body.addWidget(self.summary)
        self.body.addWidget(self.tabs, 1)
        self.body.addWidget(self.empty, 1)
        self._chart_stale = True
        self._asked_while_shown = False  # a ranking job was started while on screen
        self._fitted: dict[int, tuple[int, int]] = {}
        self.refresh()

    def refresh(self) -> None:
        evaluation = self.session.evaluation
        has_content = bool(evaluation.providers and evaluation.criteria)
        self.empty.setVisible(not has_content)
        self.tabs.setVisible(has_content)
        self.summary.setVisible(has_content)
        self._chart_stale = True
        self._analysis_stale = True
        self._negotiation_stale = True
        self._analysis_job.cancel()
        self._analysis_held = None
        if not has_content:
            self._ranking_job.cancel()
            self._show_updating(False)
            self.provisional.hide()
            return
        if is_large(evaluation):
            # the window keeps painting while the ranking is worked out; the last one stays
            # on screen, greyed, under a line saying so
            work = self.session.results_work()

            def job(cancelled: Callable[[], bool]
                    ) -> tuple[Evaluation, ConsensusScores, Results, RankingShown]:
                consensus, results = work()
                return evaluation, consensus, results, ranking_shown(evaluation, results)

            self._show_updating(True)
            # a change made on this page is analysed even if the user moves on meanwhile
            self._asked_while_shown = self._asked_while_shown or self.isVisible()
            self._ranking_job.start(job)
            return
        self._ranking_job.cancel()
        self._show_updating(False)
        self._show_ranking(ranking_shown(evaluation, self.session.results()))

    def _ranking_worked(self, done: tuple[Evaluation, ConsensusScores, Results, RankingShown]
                        ) -> None:
        evaluation, consensus, results, shown = done
        if not self.session.adopt_results(evaluation, consensus, results):
            return  # worked out for a state edited since: the newer job follows
        self._show_updating(False)
        asked, self._asked_while_shown = self._asked_while_shown, False
        self._show_ranking(shown, asked)

    def _ranking_failed(self, error: BaseException) -> None:
        self._show_updating(False)
        raise error  # a bug: the application's error dialog reports it

    def _show_updating(self, updating: bool) -> None:
        self.updating.setVisible(updating)
        self.summary.setEnabled(not updating)
        self.provisional.setEnabled(not updating)

    def is_working(self) -> bool:
        """True while the ranking of the evaluation as it is now is being worked out."""
        return self._ranking_job.busy()

    def _show_ranking(self, shown: RankingShown, asked_while_shown: bool = False) -> None:
        results, missing = shown.results, shown.missing
        self.provisional.setVisible(missing.provisional)
        self.provisional.setText(provisional_text(missing))
        self.summary.setText(shown.summary)
        self.ranking_model.set_rankings(results.wsm, results.topsis, waiting=shown.waiting)
        self.matrix_model.set_table(results.table, results.wsm)
        _fit_columns(self.ranking_view, (self.ranking_model.rowCount(),
                                         self.ranking_model.columnCount()), self._fitted)
        providers = self.matrix_model.columnCount() - 2
        if self._fitted.get(id(self.matrix_view)) != (providers, 0):
            self._fitted[id(self.matrix_view)] = (providers, 0)
            self.matrix_columns.set_shares(
                {0: (170, 2.5), 1: (56, 0.0),
                 **{2 + k: (70, 1.0) for k in range(max(0, providers))}})
        # every provider's row in view (up to eight), the chart takes the rest
        rows = min(self.ranking_model.rowCount(), 8)
        self.ranking_view.setMinimumHeight(
            self.ranking_view.horizontalHeader().sizeHint().height() + 2
            + rows * self.ranking_view.verticalHeader().defaultSectionSize()
            + 2 * self.ranking_view.frameWidth())
        if self.isVisible() or asked_while_shown:
            self._draw_later.start()
        if self.isVisible():
            self._update_negotiation()  # on a worker behind its own progress dialog

    def _draw_after_change(self) -> None:
        if self.is_working():
            return  # drawn when the ranking is worked out
        if self.isVisible() and self._chart_stale and self.session.evaluation.providers:
            self._draw_chart()
        # the analysis of a change made on this tab runs even if the user has moved on
        self._update_robustness()

    def _update_negotiation(self) -> None:
        """Work out the negotiation figures off the UI thread when their tab is on screen."""
        if not self._negotiation_stale or self.tabs.currentIndex() != self.negotiation_tab \
                or self.is_working():
            return
        self._negotiation_stale = False
        evaluation, table = self.session.evaluation, self.session.results().table
        found = run_with_progress(
            self, "Working out the fee targets and who can rank first…",
            lambda report, cancelled: negotiation_sentences(evaluation, table, report,
                                                            cancelled))
        if found is None:
            self._negotiation_stale = True  # cancelled or refused: try again next time
            return
        self.negotiation.show_sentences(found)

    def _update_robustness(self) -> None:
        """Run the analysis when its tab is on screen and something changed since."""
        if not self._analysis_stale or self.tabs.currentIndex() != self.robustness_tab \
                or self.is_working():
            return
        self._analysis_stale = False
        evaluation, table = self.session.evaluation, self.session.results().table
        self.robustness.show_working()
        # a newer edit sets ``cancelled``: the stale analysis stops at its next checkpoint
        self._analysis_job.start(lambda cancelled: analysed(evaluation, table, cancelled))

    def analysis_pending(self) -> bool:
        """True while the Robustness tab waits for an analysis of the evaluation as it is now."""
        on_tab = self.tabs.currentIndex() == self.robustness_tab
        return self._analysis_job.busy() or self.is_working() or (
            on_tab and self._analysis_stale)

    def _show_analysis(self, done: tuple[Analysis, ScoreTable, tuple[str, ...]]) -> None:
        if not self.isVisible():
            # an undo made on this tab has moved the window to the score it restored: the
            # analysis is drawn when the page is next shown, not while that page paints
            self._analysis_held = done
            return
        self._analysis_held = None
        analysis, table, sentences = done
        self.robustness.show_analysis(analysis, table, sentences)

    def _analysis_failed(self, error: BaseException) -> None:
        self.robustness.show_working(False)
        if not isinstance(error, EvaluationError):
            raise error  # a bug: the application's error dialog reports it
        self.message.show_info(f"No robustness analysis yet: {error}")

    def _draw_chart(self) -> None:
        results = self.session.results()
        self.chart.show_results(results.table, results.wsm)
        self._chart_stale = False

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Draw the chart lazily: only when the page is actually on screen."""
        super().showEvent(event)
        if self.is_working():
            return  # the chart and the analysis follow the ranking being worked out
        if self._analysis_held is not None:
            self._show_analysis(self._analysis_held)
        if self._chart_stale and self.session.evaluation.providers:
            self._draw_chart()
        self._update_robustness()
        self._update_negotiation()
