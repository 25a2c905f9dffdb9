"""How the Criteria page changes criteria: add, remove, change, lock, with a reason once locked."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox

from slaselect.domain.edits import (
    DeleteCriterion,
    Edit,
    InsertCriterion,
    ReplaceCriterion,
    SetCriteriaLock,
    SetWeight,
    check_criterion,
)
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Criterion, CriterionKind, PriceFormula
from slaselect.domain.wording import format_money
from slaselect.ui.pages.criteria.ahp_dialog import AhpDialog
from slaselect.ui.pages.criteria.dialogs import NewCriterionDialog
from slaselect.ui.pages.criteria.texts import (
    LOCK_HELP,
    NewCriterion,
    new_key,
    scoreable_terms,
    suggested_range,
)


class CriteriaEditing:
    """The editing half of ``CriteriaPage``: every change of a criterion, as an edit."""

    def ask_reason(self, what: str) -> str | None:
        """Ask why a locked criterion is being changed; None when the user cancels."""
        text, ok = QInputDialog.getText(
            self, "Reason for the change",
            f"The criteria and weights are locked. Why this change ({what})?\n"
            "The reason is recorded in the audit trail.")
        return text if ok else None

    def ask_new_criterion(self, groups: list[str], group: str) -> NewCriterion | None:
        """Ask for the new criterion's name, kind, group and weight; None when cancelled."""
        dialog = NewCriterionDialog(groups, group, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.answer()

    def confirm_remove(self, criterion: Criterion, scores: int, consensus: int) -> bool:
        """Ask before removing a criterion, saying how many scores go with it."""
        if scores or consensus:
            going = (f"Its {scores} evaluator score{'s' if scores != 1 else ''} and {consensus} "
                     f"agreed score{'s' if consensus != 1 else ''} will be removed too.")
        else:
            going = "Nobody has scored it yet."
        answer = QMessageBox.question(
            self, "Remove criterion",
            f"Remove the criterion “{criterion.name}”?\n{going}\nEdit > Undo brings it back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def ask_comparisons(self, dialog: AhpDialog) -> bool:
        """Show the pairwise comparison dialog (tests replace this)."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def weigh_by_comparison(self) -> None:
        """Weigh up to ten criteria by pairwise comparison; the weights change as one step."""
        evaluation = self.session.evaluation
        dialog = AhpDialog(list(evaluation.criteria), self)
        current = self.model.criterion_at(self.tree.currentIndex())
        group = current.group if current is not None else None
        if group is not None:
            dialog.select([c.key for c in evaluation.criteria if c.group == group])
        if not self.ask_comparisons(dialog):
            return
        edit = dialog.weight_edit()
        if edit is not None:
            self.change(edit)

    def confirm_lock(self) -> bool:
        """Ask before locking the criteria and weights."""
        answer = QMessageBox.question(
            self, "Lock criteria", LOCK_HELP + "\n\nLock them now?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Yes)
        return answer == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------------ changing

    @property
    def locked(self) -> bool:
        """True once the team has locked the criteria and weights."""
        return bool(self.session.evaluation.criteria_locked_at)

    def _reason(self, what: str) -> str | None:
        """The reason for a change to locked criteria ('' when unlocked); None = do nothing."""
        if not self.locked:
            return ""
        answer = self.ask_reason(what)
        if answer is None:
            return None
        if not answer.strip():
            self.message.show_error("The criteria are locked, so a change needs a reason; "
                                    "nothing was changed.")
            return None
        return answer.strip()

    def change(self, edit: Edit) -> bool:
        """Apply an edit to the criteria, asking for a reason when they are locked."""
        if self._changing:
            # The reason dialog takes the focus, and editors commit again when they lose it:
            # one change at a time.
            return False
        self._changing = True
        try:
            reason = self._reason(edit.description)
            if reason is None:
                return False
            return self.edit(edit, reason=reason)
        finally:
            self._changing = False

    def _save_criterion(self, criterion: Criterion) -> None:
        """Save a change made in the details panel (refused: the panel shows the old value)."""
        if self._changing:
            return
        try:
            old = self.session.evaluation.criterion(criterion.key)
        except KeyError:
            self._show_details()
            return
        if criterion.formula is PriceFormula.FIXED_RANGE and old.formula is not \
                PriceFormula.FIXED_RANGE and (criterion.best is None or criterion.worst is None):
            best, worst = suggested_range(self.session.evaluation, criterion.figure)
            criterion = replace(criterion, best=best, worst=worst)
            note = (f"Anchors set to {format_money(best, self.session.evaluation.currency)} "
                    f"(scores 10) and {format_money(worst, self.session.evaluation.currency)} "
                    "(scores 0). Set them to the values agreed before bids were opened.")
        else:
            note = ""
        try:
            check_criterion(self.session.evaluation, criterion)  # before asking a reason
        except EvaluationError as error:
            self.message.show_error(str(error))
            self._show_details()
            return
        only_weight = replace(old, weight=criterion.weight) == criterion
        edit: Edit = SetWeight(old.key, criterion.weight) if only_weight \
            else ReplaceCriterion(criterion)
        if not self.change(edit):
            self._show_details()
        elif note:
            self.message.show_info(note)

    def _refuse_in_panel(self, text: str) -> None:
        self.message.show_error(text)
        self._show_details()

    def add_criterion(self) -> None:
        """Ask for a new criterion and add it after the last one of its group."""
        evaluation = self.session.evaluation
        group = self._current_group or (self.model.group_names() or ["General"])[-1]
        answer = self.ask_new_criterion(self.model.group_names(), group)
        if answer is None:
            return
        key = new_key(answer.name, {c.key for c in evaluation.criteria})
        criterion = Criterion(key, answer.name, answer.group, answer.weight, answer.kind)
        if answer.kind is CriterionKind.TERM:
            used = {c.term for c in evaluation.criteria}
            terms = scoreable_terms(evaluation)
            if not terms:
                self.message.show_error("No term can be scored yet: give a term a value "
                                        "function first, or add a judgement criterion.")
                return
            unused = [t for t in terms if t.key not in used] or terms
            criterion = replace(criterion, term=unused[0].key)
        same_group = [i for i, c in enumerate(evaluation.criteria) if c.group == answer.group]
        index = same_group[-1] + 1 if same_group else None
        if self.change(InsertCriterion(criterion, index)):
            self.select_criterion(key)

    def remove_criterion(self) -> None:
        """Remove the selected criterion and its scores, after asking."""
        criterion = self.details.criterion
        if criterion is None:
            self.message.show_info("Select the criterion to remove first.")
            return
        evaluation = self.session.evaluation
        scores = sum(1 for s in evaluation.scores if s.criterion == criterion.key)
        consensus = sum(1 for c in evaluation.consensus if c.criterion == criterion.key)
        if self.confirm_remove(criterion, scores, consensus):
            self.change(DeleteCriterion(criterion.key))

    def lock_criteria(self) -> None:
        """Lock the criteria and weights now (after asking)."""
        if self.locked or not self.confirm_lock():
            return
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self.edit(SetCriteriaLock(now))  # the banner says what locking means from now on

    def unlock_criteria(self) -> None:
        """Unlock the criteria (asks for a reason, which is recorded)."""
        if not self.locked:
            return
        reason = self._reason("Unlock criteria")
        if reason is not None:
            self.edit(SetCriteriaLock(""), reason=reason)

    # ------------------------------------------------------------------ showing
