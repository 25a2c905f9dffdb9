"""What providers offer and what the buyer asks: term values, rounds, the ask,
the walk-away and conditions of award."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from slaselect.domain.edits.base import (
    _ABSENT,
    _RESTORE,
    Edit,
    _criterion,
    _provider,
    _saved_form,
    _term,
)
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import (
    AwardCondition,
    Evaluation,
    Round,
)


@dataclass(frozen=True)
class SetTermValue:
    """Set (or with ``value=None`` clear) what a round states for a term.

    The value is checked against its term (``domain.term_values``) and must be in its saved
    form; the inverse restores the old value as it was.
    """

    provider: str
    number: int
    term: str
    value: Any
    restore: bool = _RESTORE

    @property
    def description(self) -> str:
        return "Clear term value" if self.value is None else "Change term value"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        _provider(evaluation, self.provider)
        term = _term(evaluation, self.term)
        if not self.restore:
            _saved_form(term, self.value)
        target = next((r for r in evaluation.rounds
                       if r.provider == self.provider and r.number == self.number), None)
        if target is None:
            raise EvaluationError(f"Round {self.number} of this provider does not exist.")
        values = dict(target.values)
        old = values.get(self.term, _ABSENT)
        if self.value is None:
            values.pop(self.term, None)
        else:
            values[self.term] = self.value
        rounds = tuple(replace(r, values=values) if r is target else r for r in evaluation.rounds)
        inverse = SetTermValue(self.provider, self.number, self.term, old, restore=True)
        return replace(evaluation, rounds=rounds), inverse


@dataclass(frozen=True)
class InsertRound:
    """Add a negotiation round (a new round usually copies nothing: terms carry forward)."""

    round: Round
    restore: bool = _RESTORE

    @property
    def description(self) -> str:
        return f"Add round {self.round.number}"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        _provider(evaluation, self.round.provider)
        if any(r.provider == self.round.provider and r.number == self.round.number
               for r in evaluation.rounds):
            raise EvaluationError(f"Round {self.round.number} already exists for this provider.")
        for key, value in self.round.values.items():
            term = _term(evaluation, key)
            if not self.restore:
                _saved_form(term, value)
        changed = replace(evaluation, rounds=evaluation.rounds + (self.round,))
        return changed, DeleteRound(self.round.provider, self.round.number)


@dataclass(frozen=True)
class DeleteRound:
    """Remove a negotiation round."""

    provider: str
    number: int

    @property
    def description(self) -> str:
        return f"Remove round {self.number}"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        target = next((r for r in evaluation.rounds
                       if r.provider == self.provider and r.number == self.number), None)
        if target is None:
            raise EvaluationError(f"Round {self.number} of this provider does not exist.")
        rounds = tuple(r for r in evaluation.rounds if r is not target)
        return replace(evaluation, rounds=rounds), InsertRound(target, restore=True)


@dataclass(frozen=True)
class SetRoundInfo:
    """Change a round's label and date."""

    provider: str
    number: int
    label: str
    date: str

    @property
    def description(self) -> str:
        return f"Change round {self.number}"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        target = next((r for r in evaluation.rounds
                       if r.provider == self.provider and r.number == self.number), None)
        if target is None:
            raise EvaluationError(f"Round {self.number} of this provider does not exist.")
        rounds = tuple(replace(r, label=self.label, date=self.date) if r is target else r
                       for r in evaluation.rounds)
        inverse = SetRoundInfo(self.provider, self.number, target.label, target.date)
        return replace(evaluation, rounds=rounds), inverse




@dataclass(frozen=True)
class SetAskValue:
    """Set (or with ``value=None`` clear) the buyer's requested value of a term."""

    term: str
    value: Any
    restore: bool = _RESTORE

    @property
    def description(self) -> str:
        return "Change requested term"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        term = _term(evaluation, self.term)
        if not self.restore:
            _saved_form(term, self.value)
        ask = dict(evaluation.ask)
        old = ask.get(self.term)
        if self.value is None:
            ask.pop(self.term, None)
        else:
            ask[self.term] = self.value
        return replace(evaluation, ask=ask), SetAskValue(self.term, old, restore=True)






@dataclass(frozen=True)
class SetWalkAwayValue:
    """Set (or with ``value=None`` clear) the worst value of a term the buyer will sign."""

    term: str
    value: Any
    restore: bool = _RESTORE

    @property
    def description(self) -> str:
        return "Change walk-away limit"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        term = _term(evaluation, self.term)
        if not self.restore:
            _saved_form(term, self.value)
        limits = dict(evaluation.walk_away)
        old = limits.get(self.term)
        if self.value is None:
            limits.pop(self.term, None)
        else:
            limits[self.term] = self.value
        return (replace(evaluation, walk_away=limits),
                SetWalkAwayValue(self.term, old, restore=True))


@dataclass(frozen=True)
class SetAwardCondition:
    """Mark (``marked``) or unmark a moderation note of a provider as a condition of award.

    ``criterion`` names the moderated score the note belongs to (empty: a general condition);
    ``text`` words the condition (empty: the moderation note itself is the condition).
    """

    provider: str
    criterion: str = ""
    marked: bool = True
    text: str = ""

    @property
    def description(self) -> str:
        return "Mark condition of award" if self.marked else "Unmark condition of award"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        _provider(evaluation, self.provider)
        if self.criterion:
            _criterion(evaluation, self.criterion)
        cell = (self.provider, self.criterion)
        old = next((c for c in evaluation.conditions if (c.provider, c.criterion) == cell), None)
        text = self.text.strip()
        if self.marked and not text:
            note = next((c.rationale for c in evaluation.consensus
                         if (c.provider, c.criterion) == cell), "")
            if not note.strip():
                raise EvaluationError("Write the condition, or a moderation note for this "
                                      "score first: an empty condition binds no one.")
        conditions = list(evaluation.conditions)
        if self.marked:
            condition = AwardCondition(self.provider, self.criterion, text)
            if old is None:
                conditions.append(condition)
            else:
                conditions[conditions.index(old)] = condition
        elif old is not None:
            conditions.remove(old)
        inverse = SetAwardCondition(self.provider, self.criterion, old is not None,
                                    old.text if old is not None else "")
        return replace(evaluation, conditions=tuple(conditions)), inverse
