"""The open evaluation in the app: the project file, the evaluation, undo, and cached results.

Every page edits through ``Session.apply``: the edit is checked by the domain, saved in its
own transaction, pushed on the undo stack, and ``changed`` is emitted with a ``Change`` saying
which parts changed, so each page redraws only what depends on them.
A refused edit raises ``EvaluationError`` for the page to show in place; nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from slaselect.domain.edits import Edit, SetConsensus, SetScore
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Evaluation, Score
from slaselect.ui.changes import Change, change_of, place_of

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from slaselect.domain.ranking import ConsensusScores, Ranking, ScoreTable
    from slaselect.store.project import Project


@dataclass(frozen=True)
class Results:
    """Everything the result views show, computed once per evaluation state."""

    table: ScoreTable
    wsm: Ranking
    topsis: Ranking


def compute_results(evaluation: Evaluation, consensus: ConsensusScores,
                    last_table: ScoreTable | None = None) -> Results:
    """The score table and both rankings of an evaluation (``last_table`` lends its terms)."""
    # numpy and the ranking maths load with the first evaluation, not with the window
    from slaselect.domain.ranking import Method, rank_table, score_table

    table = score_table(evaluation, consensus, last_table)
    return Results(table, rank_table(table, Method.WSM), rank_table(table, Method.TOPSIS))


LARGE_EVALUATION = 20_000
"""Scores plus provider x criterion cells from which an evaluation is large: its pages work
out rankings on a worker (a tender's take a few hundred milliseconds) instead of on the UI
thread, with a line saying so meanwhile."""


def is_large(evaluation: Evaluation) -> bool:
    """True when the pages should work this evaluation's rankings out on a worker."""
    cells = len(evaluation.providers) * len(evaluation.criteria)
    return len(evaluation.scores) + cells >= LARGE_EVALUATION


@dataclass(frozen=True)
class SessionParts:
    """An opened project with its evaluation and first results, made off the UI thread."""

    project: Project
    evaluation: Evaluation
    consensus: ConsensusScores
    results: Results


def open_session_parts(path: Path, read_only: bool) -> SessionParts | EvaluationError:
    """Open, check and read a project and rank it (Qt-free: runs on a worker thread).

    A file the user cannot open comes back as the error to show (``ProjectLocked`` when
    another window writes it); anything else is raised.
    """
    from slaselect.store.project import Project  # the store loads with the first file

    try:
        project = Project.open(path, read_only=read_only)
    except EvaluationError as error:
        return error
    try:
        evaluation = project.load()
        from slaselect.domain.ranking import consensus_scores

        consensus = consensus_scores(evaluation)
        results = compute_results(evaluation, consensus)
        if is_large(evaluation):
            _keep_scores_list(evaluation)
    except BaseException:
        project.close()
        raise
    return SessionParts(project, evaluation, consensus, results)


def _keep_scores_list(evaluation: Evaluation, step: int = 65_536) -> None:
    """Hand the evaluation the list its first score edit builds the next scores in
    (``Evaluation.scores_to_change``), so that even that edit copies a tender's scores only
    once. Built here on the worker, in steps short enough for the UI thread to get the
    interpreter between them."""
    scores = evaluation.scores
    building: list[Score] = []
    for start in range(0, len(scores), step):
        building.extend(scores[start:start + step])
    evaluation.keeping_scores_list(building)


class Session(QObject):
    """One open evaluation: file, in-memory state, undo stack and change notifications."""

    changed = Signal(object)
    """Emitted with a ``Change`` after every applied edit, undo or redo."""
    saved = Signal(str)
    """Emitted with a short status text after each save."""
    show_place = Signal(object)
    """Emitted with a ``Place`` to bring to the front: where an undo or redo changed things,
    or the next thing to do chosen on the Overview."""

    def __init__(
        self,
        evaluation: Evaluation,
        project: Project | None = None,
        path: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._evaluation = evaluation
        self._project = project
        self.path = path if path is not None else (project.path if project else None)
        self.undo_stack = QUndoStack(self)
        self._results: Results | None = None
        self._consensus: ConsensusScores | None = None
        self._last_table: ScoreTable | None = None  # reused for its terms part

    # ------------------------------------------------------------------ state

    @property
    def evaluation(self) -> Evaluation:
        """The evaluation as it is now (immutable; replaced by every edit)."""
        return self._evaluation

    @property
    def read_only(self) -> bool:
        """True when edits cannot be saved (no file, or opened read-only)."""
        return self._project is None or self._project.read_only

    @property
    def project(self) -> Project | None:
        """The open project file, if any."""
        return self._project

    @classmethod
    def from_parts(cls, parts: SessionParts) -> Session:
        """A session on a project opened by ``open_session_parts``, its results known."""
        session = cls(parts.evaluation, parts.project)
        session._consensus = parts.consensus
        session._results = parts.results
        session._last_table = parts.results.table
        return session

    def consensus(self) -> ConsensusScores:
        """The team's consensus score of every judgement cell (kept up to date cell by cell)."""
        if self._consensus is None:
            from slaselect.domain.ranking import consensus_scores

            self._consensus = consensus_scores(self._evaluation)
        return self._consensus

    def results(self) -> Results:
        """Score table and both rankings for the current evaluation (cached until it changes)."""
        if self._results is None:
            self._results = compute_results(self._evaluation, self.consensus(),
                                            self._last_table)
            self._last_table = self._results.table
        return self._results

    def results_work(self) -> Callable[[], tuple[ConsensusScores, Results]]:
        """The results of the evaluation as it is now, as work for a worker thread: it reads
        nothing of the session when it runs, so later edits do not disturb it. Hand what it
        returns to ``adopt_results``."""
        evaluation, consensus = self._evaluation, self._consensus
        known, last_table = self._results, self._last_table

        def work() -> tuple[ConsensusScores, Results]:
            from slaselect.domain.ranking import consensus_scores

            agreed = consensus if consensus is not None else consensus_scores(evaluation)
            if known is not None:
                return agreed, known
            return agreed, compute_results(evaluation, agreed, last_table)

        return work

    def adopt_results(self, evaluation: Evaluation, consensus: ConsensusScores,
                      results: Results) -> bool:
        """Keep results worked out on a worker, if the evaluation has not changed since;
        True when they are the current ones."""
        if evaluation is not self._evaluation:
            return False
        if self._consensus is None:
            self._consensus = consensus
        if self._results is None:
            self._results = results
            self._last_table = results.table
        return True

    # ------------------------------------------------------------------ editing

    def apply(self, edit: Edit, *, reason: str = "") -> None:
        """Check, save and record one edit as an undoable step; raise EvaluationError if refused.

        Service records (award, imports, claims, reviews) are saved but kept off the undo
        stack: they record what happened (``slaselect.domain.service.edits.UNDOABLE``).
        """
        from slaselect.domain.service.edits import SERVICE_EDITS

        if isinstance(edit, SERVICE_EDITS):
            self._apply_now(edit, reason)
            return
        inverse = self._apply_now(edit, reason)
        self.undo_stack.push(_EditCommand(self, edit, inverse, reason))

    def apply_on_worker(self, parent: QWidget, edit: Edit, label: str) -> bool:
        """Save a large service record (a ticket import of a million rows) on a worker while
        a progress dialog keeps the window painting; like every service record it stays off
        the undo stack. False when the save was refused (the dialog has said why)."""
        from slaselect.domain.service.edits import SERVICE_EDITS
        from slaselect.ui.workers import run_with_progress

        if not isinstance(edit, SERVICE_EDITS):
            raise TypeError("only service records are saved on a worker")
        project, evaluation = self._writable(), self._evaluation
        outcome = run_with_progress(
            parent, label, lambda report, cancelled: project.apply(evaluation, edit),
            cancellable=False)
        if outcome is None:
            return False
        changed, inverse = outcome
        self._saved(edit, changed, inverse)
        return True

    def _writable(self) -> Project:
        if self._project is None or self._project.read_only:
            raise EvaluationError(
                "This evaluation is open read-only, so changes cannot be saved. "
                "Use File > Save As to keep an editable copy."
            )
        return self._project

    def _apply_now(self, edit: Edit, reason: str = "", action: str = "") -> Edit:
        changed, inverse = self._writable().apply(self._evaluation, edit, reason=reason,
                                                  action=action)
        self._saved(edit, changed, inverse)
        return inverse

    def _saved(self, edit: Edit, changed: Evaluation, inverse: Edit) -> None:
        self._consensus = self._updated_consensus(edit, inverse)
        self._set(changed, change_of(edit))
        self.saved.emit(f"Saved: {edit.description}")

    def _updated_consensus(self, edit: Edit, inverse: Edit) -> ConsensusScores | None:
        """The consensus table after a score edit, updated cell-wise; None: recompute."""
        known = self._consensus
        if known is None:
            return None
        if isinstance(edit, SetScore) and isinstance(inverse, SetScore):
            return known.after_score_change(edit.provider, edit.criterion, inverse.value,
                                            edit.value)
        if isinstance(edit, SetConsensus):
            return known.after_consensus_change(edit.provider, edit.criterion, edit.value)
        return None

    def _set(self, evaluation: Evaluation, change: Change) -> None:
        from slaselect.ui.workers import let_go_later

        # the state before is freed on the next turn of the event loop (it is large)
        let_go_later(self._evaluation, self._results)
        self._evaluation = evaluation
        self._results = None
        self.changed.emit(change)

    def close(self) -> None:
        """Close the project file (releasing the writer lock)."""
        if self._project is not None:
            self._project.close()
            self._project = None


class _EditCommand(QUndoCommand):
    """Undo/redo adapter: the edit was already applied when pushed; undo applies its inverse."""

    def __init__(self, session: Session, edit: Edit, inverse: Edit, reason: str = "") -> None:
        super().__init__(edit.description)
        self._session = session
        self._redo = edit
        self._undo = inverse
        self._reason = reason
        self._first = True

    def redo(self) -> None:
        if self._first:  # QUndoStack.push calls redo(); the edit is already saved
            self._first = False
            return
        reason = f"Redo: {self._reason}" if self._reason else ""
        self._undo = self._session._apply_now(self._redo, reason,
                                              f"Redo: {self._redo.description}")
        self._session.show_place.emit(place_of(self._redo))

    def undo(self) -> None:
        reason = f"Undo: {self._reason}" if self._reason else ""
        applied = self._undo
        self._redo = self._session._apply_now(applied, reason,
                                              f"Undo: {self._redo.description}")
        self._session.show_place.emit(place_of(applied))  # the inverse knows the restored row
