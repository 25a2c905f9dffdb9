"""The Overview page: the status line, the evaluation's name, currency, horizon and scale."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from slaselect.domain.edits import SetEvaluationInfo
from slaselect.domain.model import Evaluation
from slaselect.domain.next_steps import NextStep, StepKind, next_steps
from slaselect.ui.changes import Place
from slaselect.ui.pages.base import Page
from slaselect.ui.pages.overview.envelopes import EnvelopesSection
from slaselect.ui.pages.overview.fields import set_line, set_value
from slaselect.ui.pages.overview.forms import FormScroll, Tile, expected_scores, form_row, with_help
from slaselect.ui.pages.overview.next_steps import NextStepsRow, place_of_step
from slaselect.ui.pages.overview.scenario import ScenarioSection
from slaselect.ui.pages.overview.team import TeamSection
from slaselect.ui.pages.overview.texts import HELP
from slaselect.ui.session import Results, Session, is_large
from slaselect.ui.widgets import DecimalSpin, IntSpin, show_refusals
from slaselect.ui.workers import LatestOnly

_COUNTED_TILES = ("scores", "eligible", "leader")
"""The tiles worked out from every score (on a worker for a tender)."""


class OverviewPage(ScenarioSection, TeamSection, EnvelopesSection, Page):
    """The evaluation's details, its status, the buyer's scenario and the scoring team."""

    title = "Overview"
    help_text = (
        "What is being chosen and on what assumptions. The scenario is the same for every "
        "provider: it turns their terms into real waiting times, credits and costs."
    )

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._loading = False
        self._uptime_draft = False
        # A tender's status, next steps and team counts go over millions of scores: they
        # are worked out on a worker, and the page shows its fields meanwhile.
        self._counting = LatestOnly(self)
        self._counting.finished.connect(self._counted)

        content = QWidget()
        grid = QGridLayout(content)
        grid.setContentsMargins(0, 0, 8, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(12)
        grid.addLayout(self._build_status(), 0, 0, 1, 2)
        left = QVBoxLayout()
        left.setSpacing(12)
        left.addWidget(self._build_info())
        left.addWidget(self._build_team(), 1)
        self._left = left
        self._scenario_box = self._build_scenario()
        self._grid = grid
        self._side_by_side: bool | None = None
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(3, 1)
        self._place_scenario(side_by_side=True)

        scroll = FormScroll()
        scroll.setWidget(content)
        self.body.addWidget(scroll, 1)
        show_refusals(content, self.message.show_error)
        self.refresh()

    def _place_scenario(self, *, side_by_side: bool) -> None:
        """The scenario beside the evaluation on a wide page, below it on a narrow one."""
        if side_by_side == self._side_by_side:
            return
        self._side_by_side = side_by_side
        self._grid.removeWidget(self._scenario_box)
        self._grid.removeItem(self._left)
        if side_by_side:
            self._grid.addLayout(self._left, 1, 0)
            self._grid.addWidget(self._scenario_box, 1, 1)
        else:
            self._grid.addLayout(self._left, 1, 0, 1, 2)
            self._grid.addWidget(self._scenario_box, 2, 0, 1, 2)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """Stack the two halves when they would not fit side by side (no sideways scrolling)."""
        self._place_scenario(side_by_side=event.size().width() >= 1080)
        super().resizeEvent(event)

    # ------------------------------------------------------------------ building: status

    def _build_status(self) -> QVBoxLayout:
        self.tiles = {
            "providers": Tile("providers", "Providers in the evaluation, excluded ones too."),
            "evaluators": Tile("evaluators", "People on the scoring team."),
            "criteria": Tile("criteria", "Weighted criteria the providers are ranked on."),
            "scores": Tile("scores entered",
                            "Evaluators' scores entered, of one per evaluator, provider and "
                            "judgement criterion."),
            "lock": Tile("criteria and weights",
                          "Lock criteria and weights before scoring starts, so nobody tunes "
                          "them to a favourite."),
            "eligible": Tile("eligible",
                              "Providers meeting every must-have and minimum score, and not "
                              "excluded by the team."),
            "leader": Tile("leads by weighted sum", "The current first place of the ranking."),
        }
        row = QHBoxLayout()
        row.setSpacing(8)
        for key, tile in self.tiles.items():
            row.addWidget(tile, 1 if key == "leader" else 0)
        status = QVBoxLayout()
        status.setSpacing(6)
        status.addLayout(row)
        self.next_steps = NextStepsRow(self._go_to_step)
        status.addWidget(self.next_steps)
        return status

    def _go_to_step(self, step: NextStep) -> None:
        """Open the page and row where a next step is done."""
        if step.kind is StepKind.ADD_EVALUATORS:
            self.add_evaluator_button.setFocus()  # on this page, in the scoring team box
            return
        self.session.show_place.emit(place_of_step(step, self.session.evaluation))

    # ------------------------------------------------------------------ building: evaluation

    def _build_info(self) -> QGroupBox:
        box = QGroupBox("Evaluation")
        form = QFormLayout(box)
        form.setSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name_edit = QLineEdit()
        self.currency_edit = QLineEdit()
        self.currency_edit.setMaxLength(8)
        self.currency_edit.setFixedWidth(90)
        self.horizon_spin = IntSpin(1, 600, " months")
        self.horizon_spin.setFixedWidth(130)
        self.scale_min = DecimalSpin(-1000, 1000, 2)
        self.scale_max = DecimalSpin(-1000, 1000, 2)
        for spin in (self.scale_min, self.scale_max):
            spin.setFixedWidth(90)
        form.addRow("&Name", with_help(self.name_edit, HELP["name"]))
        form.addRow("&Currency", with_help(form_row(self.currency_edit), HELP["currency"]))
        form.addRow("Cost &horizon", with_help(form_row(self.horizon_spin), HELP["horizon"]))
        form.addRow("Scoring &scale", with_help(
            form_row(self.scale_min, "to", self.scale_max), HELP["scale"]))
        form.addRow("Price envelopes", self._build_envelopes())
        self.currency_edit.setToolTip("Three-letter currency code, e.g. USD, EUR, GBP, CHF.")
        self.scale_min.setToolTip("The lowest score an evaluator can give.")
        self.scale_max.setToolTip("The highest score an evaluator can give.")
        self.name_edit.editingFinished.connect(lambda: self._commit_info(
            lambda info: replace(info, name=self.name_edit.text().strip())))
        self.currency_edit.editingFinished.connect(lambda: self._commit_info(
            lambda info: replace(info, currency=self.currency_edit.text().strip().upper())))
        self.horizon_spin.valueChanged.connect(lambda months: self._commit_info(
            lambda info: replace(info, horizon_months=int(months))))
        self.scale_min.valueChanged.connect(lambda low: self._commit_info(
            lambda info: replace(info, scale=replace(info.scale, min=low))))
        self.scale_max.valueChanged.connect(lambda high: self._commit_info(
            lambda info: replace(info, scale=replace(info.scale, max=high))))
        return box

    # ------------------------------------------------------------------ building: scenario

    def refresh(self) -> None:
        """Show the evaluation as it is now (fields being typed in keep the user's text)."""
        evaluation = self.session.evaluation
        on_worker = is_large(evaluation)
        self._loading = True
        try:
            if on_worker:
                self._count_on_worker(evaluation)
            else:
                self._counting.cancel()
                self._load_status(evaluation, self.session.results())
                self.next_steps.show_steps(next_steps(evaluation, self.session.consensus()))
            self._load_info(evaluation)
            self._load_scenario(evaluation.scenario)
            if not self._uptime_draft:
                self._load_uptime(evaluation.scenario)
            self._load_team(evaluation, counted=not on_worker)
        finally:
            self._loading = False
        self._update_uptime_total()
        self._update_team_buttons()
        self._set_editable(not self.session.read_only)

    def _count_on_worker(self, evaluation: Evaluation) -> None:
        """Work the status, the next steps and the team's counts out off the UI thread; the
        tiles that depend on them are greyed until ``_counted`` shows them."""
        work = self.session.results_work()

        def job(cancelled: object) -> tuple[Evaluation, object, Results, list[NextStep]]:
            consensus, results = work()
            expected_scores(evaluation)  # kept for the page: shown without another pass
            return evaluation, consensus, results, next_steps(evaluation, consensus)

        self._load_plain_status(evaluation)
        for key in _COUNTED_TILES:
            self.tiles[key].setEnabled(False)
        self._counting.start(job)

    def _counted(self, done: tuple[Evaluation, Any, Results, list[NextStep]]) -> None:
        evaluation, consensus, results, steps = done
        if not self.session.adopt_results(evaluation, consensus, results):
            return  # counted for a state edited since: the newer count follows
        for key in _COUNTED_TILES:
            self.tiles[key].setEnabled(True)
        self._load_status(evaluation, results)
        self.next_steps.show_steps(steps)
        self._load_team(evaluation)

    def is_working(self) -> bool:
        """True while a tender's status and next steps are being worked out."""
        return self._counting.busy()

    def show_place(self, place: Place) -> None:
        """Select the evaluator of ``place`` in the scoring team."""
        if place.evaluator:
            self.select_evaluator(place.evaluator)

    def _set_editable(self, editable: bool) -> None:
        """Fields become read-only (still selectable and copyable) when nothing can be saved."""
        for line in (self.name_edit, self.currency_edit):
            line.setReadOnly(not editable)
        for spin in self.findChildren(QAbstractSpinBox):
            if spin.parent() is not self.uptime_table.viewport():
                spin.setReadOnly(not editable)
        for check in self.day_checks:
            check.setEnabled(editable)
        triggers = (QAbstractItemView.EditTrigger.DoubleClicked
                    | QAbstractItemView.EditTrigger.EditKeyPressed
                    if editable else QAbstractItemView.EditTrigger.NoEditTriggers)
        self.evaluator_table.setEditTriggers(triggers)
        self.uptime_table.setEditTriggers(
            triggers | QAbstractItemView.EditTrigger.AnyKeyPressed if editable else triggers)
        for button in (self.add_outcome_button, self.add_evaluator_button,
                       self.envelopes_button):
            button.setEnabled(editable)
        if not editable:
            for button in (self.remove_outcome_button, self.rename_evaluator_button,
                           self.remove_evaluator_button):
                button.setEnabled(False)

    def status_text(self) -> str:
        """The status line as one sentence (what the tiles show)."""
        parts = []
        for tile in self.tiles.values():
            parts.append(f"{tile.value.text()} {tile.caption.text()}")
        return " · ".join(parts)

    def _load_plain_status(self, evaluation: Evaluation) -> None:
        """The tiles that need no pass over the scores."""
        self.tiles["providers"].show_value(str(len(evaluation.providers)))
        self.tiles["evaluators"].show_value(str(len(evaluation.evaluators)))
        self.tiles["criteria"].show_value(str(len(evaluation.criteria)))
        locked = evaluation.criteria_locked_at
        self.tiles["lock"].show_value(
            "Locked" if locked else "Not locked",
            f"criteria and weights, since {locked[:10]}" if locked else "criteria and weights",
        )

    def _load_status(self, evaluation: Evaluation, results: Results) -> None:
        entered, expected = expected_scores(evaluation)
        wsm = results.wsm
        eligible = sum(1 for r in wsm.results if r.eligible)
        self._load_plain_status(evaluation)
        self.tiles["scores"].show_value(f"{entered} of {expected}")
        self.tiles["eligible"].show_value(f"{eligible} of {len(evaluation.providers)}")
        leader = wsm.results[0] if wsm.results and wsm.results[0].eligible else None
        if leader is None:
            self.tiles["leader"].show_value("No leader yet", "no eligible provider")
        else:
            tied = [r for r in wsm.results if r.rank == 1]
            names = " and ".join(r.name for r in tied)
            score = f"{leader.score:.2f}" if leader.score is not None else "—"
            verb = "tie" if len(tied) > 1 else "leads"
            note = "" if wsm.complete else ", scores still missing"
            self.tiles["leader"].show_value(names, f"{verb} by weighted sum, {score} of 10{note}")

    def _load_info(self, evaluation: Evaluation) -> None:
        self._load_envelopes(evaluation.price_envelopes_opened_at)
        set_line(self.name_edit, evaluation.name)
        set_line(self.currency_edit, evaluation.currency)
        set_value(self.horizon_spin, evaluation.horizon_months)
        set_value(self.scale_min, evaluation.scale.min)
        set_value(self.scale_max, evaluation.scale.max)

    def _commit_info(self, change: Callable[[SetEvaluationInfo], SetEvaluationInfo]) -> None:
        """Save the evaluation's details with one field changed; a refusal shows the saved."""
        if self._loading:
            return
        for line in (self.name_edit, self.currency_edit):
            line.setModified(False)  # committed: the saved value may be shown in it now
        evaluation = self.session.evaluation
        current = SetEvaluationInfo(evaluation.name, evaluation.currency,
                                    evaluation.horizon_months, evaluation.scale)
        edit = change(current)
        if edit == current or not self.edit(edit):
            # unchanged ("eur" is the saved "EUR") or refused: show what is saved
            self._revert(lambda: self._load_info(self.session.evaluation))

    # ------------------------------------------------------------------ scenario

    def _revert(self, load: Callable[[], None]) -> None:
        self._loading = True
        try:
            load()
        finally:
            self._loading = False

    # ------------------------------------------------------------------ uptime scenario
