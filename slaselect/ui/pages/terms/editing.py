"""How the Terms page changes values: asking first, editing in place or in a dialog, rounds."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from slaselect.domain.edits import (
    DeleteRound,
    Edit,
    InsertRound,
    SetAskValue,
    SetRoundInfo,
    SetTermValue,
    SetWalkAwayValue,
)
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Round, Term
from slaselect.domain.negotiation import next_round
from slaselect.domain.term_values import checked_term_value as checked_value
from slaselect.domain.term_values import term_value_warnings
from slaselect.ui.models.term_rounds import RoundCell, round_title
from slaselect.ui.models.terms import WALK_AWAY_TARGET, Column
from slaselect.ui.pages.terms.dialogs import ReasonDialog, RoundInfoDialog
from slaselect.ui.term_editors import TermValueDialog
from slaselect.ui.text import term_value_text

AnyIndex = QModelIndex | QPersistentModelIndex


class TermsEditing:
    """The editing half of ``TermsPage``: every change of a term value or round, as an edit."""

    def confirm_old_round_edit(self, negotiation_round: Round) -> str | None:
        """Ask whether to change an earlier round and why; the reason, or None to leave it."""
        provider = self._provider_name()
        dialog = ReasonDialog(
            "Change an earlier round?",
            f"{round_title(negotiation_round)} is not {provider}'s latest round. Changing it "
            "rewrites what the provider offered at that time; later rounds keep their own "
            "values. The change is recorded in the audit trail with your reason.",
            self,
        )
        return dialog.reason() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_new_round_info(self, number: int) -> tuple[str, str] | None:
        """Ask the new round's label and date; None when cancelled."""
        label = "Initial proposal" if number == 1 else "Revised offer"
        dialog = RoundInfoDialog(
            f"New round {number}", label, QDate.currentDate().toString("yyyy-MM-dd"), self,
            note=f"Round {number} starts as a copy of {self._provider_name()}'s latest terms; "
                 "then change what the new offer changes.",
        )
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_round_info(self, negotiation_round: Round) -> tuple[str, str] | None:
        """Ask a round's new label and date; None when cancelled."""
        dialog = RoundInfoDialog(f"Round {negotiation_round.number}", negotiation_round.label,
                                 negotiation_round.date, self)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def confirm_remove_round(self, negotiation_round: Round) -> bool:
        """Ask before removing a round."""
        answer = QMessageBox.question(
            self, "Remove round?",
            f"Remove {round_title(negotiation_round)} of {self._provider_name()}? "
            "The terms it records are deleted; you can undo this.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def run_dialog(self, dialog: QDialog) -> bool:
        """Show a modal dialog; True when accepted (tests patch this)."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    # ------------------------------------------------------------------ state

    def _cell_target(self, index: AnyIndex) -> tuple[Term, Round | None] | None:
        """The term and round (None: the ask) of an editable cell."""
        term = self.model.term_at(index.row())
        if term is None or index.column() < Column.ASK:
            return None
        return term, self.model.round_at(index.column())

    def _forget_pending_reason(self, *_args: object) -> None:
        self._pending_reason = None

    def end_round_reason(self, *_args: object) -> None:
        """Forget the reason given for changing an older round (the user moved on)."""
        self._round_reason = None

    def _on_current_cell_changed(self, current: AnyIndex, previous: AnyIndex) -> None:
        """Moving to another round's column ends the batch of changes to the older round."""
        if current.column() != previous.column():
            self.end_round_reason()

    def _reason_given(self, negotiation_round: Round) -> str:
        """The reason already given for this older round in this batch of changes, or ''."""
        given = getattr(self, "_round_reason", None)
        if given is not None and given[:2] == (self._provider_key, negotiation_round.number):
            return str(given[2])
        return ""

    def _ask_reason(self, negotiation_round: Round) -> str:
        """Ask why an older round changes, once per batch of changes to it ('' to leave it)."""
        reason = self._reason_given(negotiation_round)
        if reason:
            return reason
        reason = self.confirm_old_round_edit(negotiation_round) or ""
        if reason:
            self._round_reason = (self._provider_key, negotiation_round.number, reason)
        else:
            self.message.show_info(f"{round_title(negotiation_round)} was left as it was.")
        return reason

    def prepare_edit(self, index: AnyIndex) -> bool:
        """Before an editor opens: an older round needs a confirmed reason. True to go on."""
        self._pending_reason = None
        target = self._cell_target(index)
        if target is None:
            return False
        term, negotiation_round = target
        latest = self._latest()
        if negotiation_round is None or latest is None or negotiation_round == latest:
            return True
        reason = self._ask_reason(negotiation_round)
        if not reason:
            return False
        self._pending_reason = (term.key, negotiation_round.number, reason)
        return True

    def edit_in_dialog(self, index: AnyIndex) -> bool:
        """Edit a cell's value in a dialog (any term type); True when a change was applied."""
        target = self._cell_target(index)
        if target is None:
            return False
        term, negotiation_round = target
        cell = self.model.cell_at(index.row(), index.column())
        value = cell.value if cell is not None else None
        provider = self.model.grid.provider
        number = self.model.target_number(index.column())
        where = (f"{provider.name if provider else ''} — {round_title(negotiation_round)}"
                 if negotiation_round is not None else
                 "Your walk-away limit (the worst value you will sign)"
                 if number == WALK_AWAY_TARGET else "Your ask (the buyer's position)")
        note = ""
        if isinstance(cell, RoundCell) and cell.carried_from is not None:
            note = (f"This round does not state it; the value is carried forward from round "
                    f"{cell.carried_from}. Saving records it in this round.")
        dialog = TermValueDialog(
            term, value, currency=self.session.evaluation.currency, where=where, note=note,
            severity_names=provider.severity_names if provider else None, parent=self,
        )
        if not self.run_dialog(dialog):
            self._pending_reason = None
            return False
        return self._commit(term, number, dialog.result_value())

    def clear_cell(self, index: AnyIndex) -> bool:
        """Clear what the cell's round (or the ask) states; True when something changed."""
        if not index.flags() & Qt.ItemFlag.ItemIsEditable:
            return False
        target = self._cell_target(index)
        if target is None or not self.prepare_edit(index):
            return False
        term, _ = target
        return self._commit(term, self.model.target_number(index.column()), None)

    def _refuse_typed(self, row: int, column: int, sentence: str) -> None:
        """A cell editor could not read what was typed: say why and what the cell keeps."""
        target = self._cell_target(self.model.index(row, column))
        self._pending_reason = None
        if target is None:
            self.message.show_error(sentence)
            return
        term, negotiation_round = target
        self.refuse_value(term, negotiation_round.number if negotiation_round else None,
                          sentence)

    def refuse_value(self, term: Term, round_number: int | None, sentence: str) -> None:
        """Show why a typed value was refused and what the cell keeps."""
        evaluation = self.session.evaluation
        provider = self._provider_key
        if round_number is None:
            old = evaluation.ask.get(term.key)
        elif round_number == WALK_AWAY_TARGET:
            old = evaluation.walk_away.get(term.key)
        elif provider is None:
            old = None
        else:
            old = evaluation.terms_at(provider, round_number).get(term.key)
        kept = ("it stays not stated" if old is None else
                f"it stays {term_value_text(term, old, evaluation.currency)}")
        if not sentence.startswith(term.name):
            sentence = f"{term.name}: {sentence[:1].lower()}{sentence[1:]}"
        self.message.show_error(f"{sentence.rstrip('.')}; {kept}.")

    def _saved_with_warnings(self, term: Term, value: Any, edit: Edit) -> bool:
        """Save the edit; say so when the value is legal but implausible (it is kept as typed)."""
        applied = self.edit(edit)
        warnings = term_value_warnings(term, value) if applied else ()
        if warnings:
            self.message.show_info("Saved as typed. " + " ".join(warnings))
        return applied

    def _commit(self, term: Term, round_number: int | None, value: Any) -> bool:
        """Check and save a value typed into the grid; refusals are shown in place."""
        try:
            value = checked_value(term, value)
        except EvaluationError as error:
            self._pending_reason = None
            self.refuse_value(term, round_number, str(error))
            return False
        evaluation = self.session.evaluation
        if round_number is None:
            if evaluation.ask.get(term.key) == value:
                self.message.clear()  # kept as typed: an earlier refusal no longer applies
                return True
            return self._saved_with_warnings(term, value, SetAskValue(term.key, value))
        if round_number == WALK_AWAY_TARGET:
            if evaluation.walk_away.get(term.key) == value:
                self.message.clear()
                return True
            return self._saved_with_warnings(term, value, SetWalkAwayValue(term.key, value))
        provider = self._provider_key
        if provider is None:
            return False
        negotiation_round = next((r for r in evaluation.rounds_of(provider)
                                  if r.number == round_number), None)
        if negotiation_round is None:
            self.message.show_error(f"Round {round_number} of this provider no longer exists.")
            return False
        stated = term.key in negotiation_round.values
        in_force = evaluation.terms_at(provider, round_number).get(term.key)
        if (stated and negotiation_round.values[term.key] == value) or (
                not stated and (value is None or value == in_force)):
            self._pending_reason = None
            self.message.clear()
            return True  # nothing would change
        reason = ""
        if round_number != evaluation.latest_round_number(provider):
            pending, self._pending_reason = self._pending_reason, None
            if pending is not None and pending[:2] == (term.key, round_number):
                reason = pending[2]
            else:
                reason = self._ask_reason(negotiation_round)
                if not reason:
                    return False
        applied = self.edit(SetTermValue(provider, round_number, term.key, value), reason=reason)
        warnings = term_value_warnings(term, value)
        if applied and warnings:
            self.message.show_info("Saved as typed. " + " ".join(warnings))
        elif applied and value is None:
            now = self.session.evaluation.terms_at(provider, round_number).get(term.key)
            if now is not None:
                shown = term_value_text(term, now, evaluation.currency)
                self.message.show_info(
                    f"Round {round_number} no longer states {term.name}, so the earlier "
                    f"round's {shown} carries forward."
                )
        return applied

    # ------------------------------------------------------------------ rounds

    def new_round(self) -> bool:
        """Add the provider's next round, a full copy of its latest terms; True when added."""
        provider = self._provider_key
        if provider is None:
            return False
        evaluation = self.session.evaluation
        latest = evaluation.latest_round_number(provider)
        number = 1 if latest is None else latest + 1
        info = self.ask_new_round_info(number)
        if info is None:
            return False
        label, date = info
        added = self.edit(InsertRound(next_round(evaluation, provider, label, date)))
        if added:
            column = self.model.column_of(number)
            row = max(self.model.row_of(evaluation.terms[0].key), 0) if evaluation.terms else 0
            if column >= 0:
                self.table.setCurrentIndex(self.model.index(row, column))
                self.table.scrollTo(self.model.index(row, column))
            self.message.show_info(
                f"Round {number} added as a copy of round {latest}'s terms: change what the "
                "new offer changes." if latest is not None else
                f"Round {number} added: fill in what {self._provider_name()} offers."
            )
        return added

    def remove_round(self) -> bool:
        """Remove the selected (or latest) round after confirming; True when removed."""
        chosen = self.selected_round()
        if chosen is None or not self.confirm_remove_round(chosen):
            return False
        return self.edit(DeleteRound(chosen.provider, chosen.number))

    def edit_round_info(self) -> bool:
        """Change the selected (or latest) round's label and date; True when changed."""
        chosen = self.selected_round()
        if chosen is None:
            return False
        info = self.ask_round_info(chosen)
        if info is None or info == (chosen.label, chosen.date):
            return False
        label, date = info
        return self.edit(SetRoundInfo(chosen.provider, chosen.number, label, date))
