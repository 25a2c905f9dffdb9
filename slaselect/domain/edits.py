"""Every user edit as data: ``edit.apply(evaluation) -> (new_evaluation, inverse_edit)``.

An edit checks itself against the evaluation and raises ``EvaluationError`` with a sentence a
buyer understands when it cannot be applied (a negative weight, a score outside the scale),
leaving the evaluation untouched. Applying the inverse gives back the evaluation as it was, so
undo is just another edit. The store writes each edit in one transaction
(``store.repository.apply_edit``); the UI wraps them in QUndoCommands.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, Protocol, cast

from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import (
    AwardCondition,
    Consensus,
    Criterion,
    CriterionKind,
    Evaluation,
    Evaluator,
    PriceFormula,
    Provider,
    Round,
    Scale,
    Scenario,
    Score,
    Term,
)
from slaselect.domain.term_values import checked_term_value
from slaselect.domain.text_limits import check_length
from slaselect.domain.wording import format_number


class Edit(Protocol):
    """A change to an evaluation that knows how to undo itself."""

    @property
    def description(self) -> str:
        """Short words for the Edit menu: "Change Quality weight"."""
        ...

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        """The evaluation with this edit made, and the edit that reverts it."""
        ...


def _criterion(evaluation: Evaluation, key: str) -> Criterion:
    try:
        return evaluation.criterion(key)
    except KeyError:
        raise EvaluationError(f"There is no criterion {key!r} any more.") from None


def _provider(evaluation: Evaluation, key: str) -> Provider:
    try:
        return evaluation.provider(key)
    except KeyError:
        raise EvaluationError(f"There is no provider {key!r} any more.") from None


def _evaluator(evaluation: Evaluation, key: str) -> Evaluator:
    for evaluator in evaluation.evaluators:
        if evaluator.key == key:
            return evaluator
    raise EvaluationError(f"There is no evaluator {key!r} any more.")


def _term(evaluation: Evaluation, key: str) -> Term:
    try:
        return evaluation.term(key)
    except KeyError:
        raise EvaluationError(f"There is no term {key!r} any more.") from None


def _check_on_scale(evaluation: Evaluation, value: float, what: str) -> None:
    scale = evaluation.scale
    if not math.isfinite(value) or not scale.min <= value <= scale.max:
        raise EvaluationError(
            f"{what} must be between {format_number(scale.min)} and {format_number(scale.max)}; "
            f"{format_number(value) if math.isfinite(value) else value} is outside the scale."
        )


def _judgement(evaluation: Evaluation, key: str) -> Criterion:
    criterion = _criterion(evaluation, key)
    if criterion.kind is not CriterionKind.JUDGEMENT:
        raise EvaluationError(
            f"{criterion.name} is scored from the terms, not by evaluators."
        )
    return criterion


def _unused_key(key: str, taken: set[str], what: str) -> None:
    if key in taken:
        raise EvaluationError(f"There is already a {what} with the key {key!r}.")


# --------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class SetScore:
    """Set (or with ``value=None`` clear) one evaluator's score of a provider on a criterion."""

    provider: str
    criterion: str
    evaluator: str
    value: float | None
    rationale: str = ""

    @property
    def description(self) -> str:
        return "Clear score" if self.value is None else "Change score"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        provider = _provider(evaluation, self.provider)
        criterion = _judgement(evaluation, self.criterion)
        _evaluator(evaluation, self.evaluator)
        if self.value is not None:
            _check_on_scale(evaluation, self.value, f"{provider.name}'s score on {criterion.name}")
        new = (None if self.value is None else
               Score(self.provider, self.criterion, self.evaluator, float(self.value),
                     self.rationale))
        index = evaluation.score_index.position(self.provider, self.criterion, self.evaluator)
        old = evaluation.scores[index] if index is not None else None
        inverse = SetScore(self.provider, self.criterion, self.evaluator,
                           old.value if old else None, old.rationale if old else "")
        if old is None and new is None:
            return evaluation, inverse
        return with_scores_changed(evaluation, ((index, new),)), inverse


def with_scores_changed(
    evaluation: Evaluation, changes: tuple[tuple[int | None, Score | None], ...]
) -> Evaluation:
    """The evaluation with each (position, score) change made: replace the score at
    ``position``, append when it is None, delete when ``score`` is None.

    Positions refer to ``evaluation.scores``. The scores tuple is rebuilt once (a C-level copy,
    no Python scan of it); one change also carries the score index forward cell by cell, so
    the next edit needs no new index either.
    """
    scores = evaluation.scores
    index = evaluation.score_index
    if len(changes) == 1:
        position, score = changes[0]
        if position is None:
            assert score is not None
            changed_scores = (*scores, score)
        elif score is None:
            changed_scores = scores[:position] + scores[position + 1:]
        else:
            changed_scores = scores[:position] + (score,) + scores[position + 1:]
        changed = replace(evaluation, scores=changed_scores)
        # Seed the new state's cached index (cached_property keeps it in the instance dict).
        vars(changed)["score_index"] = index.with_score(position, score, len(scores))
        return changed
    replaced = {p: s for p, s in changes if p is not None}
    appended = [s for p, s in changes if p is None and s is not None]
    if replaced:
        kept: list[Score | None] = list(scores)
        for position, score in replaced.items():
            kept[position] = score
        if any(score is None for score in replaced.values()):
            changed_scores = tuple(s for s in kept if s is not None) + tuple(appended)
        else:
            changed_scores = cast(tuple[Score, ...], tuple(kept)) + tuple(appended)
    else:
        changed_scores = scores + tuple(appended)
    return replace(evaluation, scores=changed_scores)


@dataclass(frozen=True)
class SetConsensus:
    """Set (or with ``value=None`` clear) the moderated score of a provider on a criterion."""

    provider: str
    criterion: str
    value: float | None
    rationale: str = ""

    @property
    def description(self) -> str:
        return "Clear consensus score" if self.value is None else "Set consensus score"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        provider = _provider(evaluation, self.provider)
        criterion = _judgement(evaluation, self.criterion)
        if self.value is not None:
            _check_on_scale(evaluation, self.value,
                            f"The consensus score of {provider.name} on {criterion.name}")
        items = list(evaluation.consensus)
        index = next((i for i, c in enumerate(items)
                      if c.provider == self.provider and c.criterion == self.criterion), None)
        old = items[index] if index is not None else None
        if self.value is None:
            if index is not None:
                del items[index]
        else:
            new = Consensus(self.provider, self.criterion, float(self.value), self.rationale)
            if index is None:
                items.append(new)
            else:
                items[index] = new
        inverse = SetConsensus(self.provider, self.criterion, old.value if old else None,
                               old.rationale if old else "")
        return replace(evaluation, consensus=tuple(items)), inverse


# --------------------------------------------------------------------------- criteria


def check_criterion(evaluation: Evaluation, criterion: Criterion) -> None:
    """Refuse a criterion definition that cannot be scored (EvaluationError, one sentence)."""
    if not criterion.name.strip():
        raise EvaluationError("A criterion needs a name.")
    check_length(criterion.name, "A criterion's name")
    if not math.isfinite(criterion.weight) or criterion.weight < 0:
        raise EvaluationError(
            f"The weight of {criterion.name} must be 0 or more; "
            f"{format_number(criterion.weight)} is not allowed."
        )
    if criterion.kind is CriterionKind.PRICE:
        if criterion.formula is PriceFormula.FIXED_RANGE:
            if criterion.best is None or criterion.worst is None:
                raise EvaluationError(
                    f"{criterion.name} needs both a Best and a Worst anchor for a fixed range."
                )
            if criterion.best == criterion.worst:
                raise EvaluationError(
                    f"The Best and Worst anchors of {criterion.name} are both "
                    f"{format_number(criterion.best)}; they must differ so costs between them "
                    "can be scored."
                )
            if criterion.best > criterion.worst:
                raise EvaluationError(
                    f"The Best anchor of {criterion.name} must be the lower cost: "
                    f"{format_number(criterion.best)} is above the Worst anchor, "
                    f"{format_number(criterion.worst)}."
                )
        if criterion.formula is PriceFormula.LOG and not criterion.a > 1:
            raise EvaluationError(
                f"'a' for {criterion.name} must be more than 1 (2 means twice the cheapest "
                f"scores 0); {format_number(criterion.a)} is not allowed."
            )
    if criterion.kind is CriterionKind.TERM:
        if criterion.term is None:
            raise EvaluationError(f"{criterion.name} must name the term it scores.")
        _term(evaluation, criterion.term)
    if criterion.min_score is not None:
        _check_on_scale(evaluation, criterion.min_score, f"The minimum score of {criterion.name}")


@dataclass(frozen=True)
class SetWeight:
    """Change a criterion's weight (relative points, 0 or more)."""

    criterion: str
    weight: float

    @property
    def description(self) -> str:
        return "Change weight"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        old = _criterion(evaluation, self.criterion)
        return ReplaceCriterion(replace(old, weight=self.weight)).apply(evaluation)


@dataclass(frozen=True)
class ReplaceCriterion:
    """Replace a criterion's definition (same key): name, group, weight, kind, settings."""

    criterion: Criterion

    @property
    def description(self) -> str:
        return f"Change {self.criterion.name}"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        old = _criterion(evaluation, self.criterion.key)
        check_criterion(evaluation, self.criterion)
        if old.kind is CriterionKind.JUDGEMENT and self.criterion.kind is not old.kind:
            scored = any(s.criterion == old.key for s in evaluation.scores) or any(
                c.criterion == old.key for c in evaluation.consensus
            )
            if scored:
                raise EvaluationError(
                    f"{old.name} already has evaluators' scores; clear them before scoring it "
                    "another way."
                )
        criteria = tuple(self.criterion if c.key == old.key else c for c in evaluation.criteria)
        return replace(evaluation, criteria=criteria), ReplaceCriterion(old)


@dataclass(frozen=True)
class InsertCriterion:
    """Add a criterion at a position, with any scores it brings back (the undo of a delete)."""

    criterion: Criterion
    index: int | None = None
    scores: tuple[Score, ...] = ()
    consensus: tuple[Consensus, ...] = ()

    @property
    def description(self) -> str:
        return f"Add criterion {self.criterion.name}"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        _unused_key(self.criterion.key, {c.key for c in evaluation.criteria}, "criterion")
        check_criterion(evaluation, self.criterion)
        criteria = list(evaluation.criteria)
        criteria.insert(len(criteria) if self.index is None else self.index, self.criterion)
        changed = replace(
            evaluation,
            criteria=tuple(criteria),
            scores=evaluation.scores + self.scores,
            consensus=evaluation.consensus + self.consensus,
        )
        return changed, DeleteCriterion(self.criterion.key)


@dataclass(frozen=True)
class DeleteCriterion:
    """Remove a criterion and its scores."""

    key: str

    @property
    def description(self) -> str:
        return "Remove criterion"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        criterion = _criterion(evaluation, self.key)
        index = evaluation.criteria.index(criterion)
        scores = tuple(s for s in evaluation.scores if s.criterion == self.key)
        consensus = tuple(c for c in evaluation.consensus if c.criterion == self.key)
        changed = replace(
            evaluation,
            criteria=tuple(c for c in evaluation.criteria if c.key != self.key),
            scores=tuple(s for s in evaluation.scores if s.criterion != self.key),
            consensus=tuple(c for c in evaluation.consensus if c.criterion != self.key),
        )
        return changed, InsertCriterion(criterion, index, scores, consensus)


# --------------------------------------------------------------------------- providers


@dataclass(frozen=True)
class ReplaceProvider:
    """Rename a provider or change its notes (same key)."""

    provider: Provider

    @property
    def description(self) -> str:
        return f"Change provider {self.provider.name}"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        old = _provider(evaluation, self.provider.key)
        if not self.provider.name.strip():
            raise EvaluationError("A provider needs a name.")
        check_length(self.provider.name, "A provider's name")
        providers = tuple(self.provider if p.key == old.key else p for p in evaluation.providers)
        return replace(evaluation, providers=providers), ReplaceProvider(old)


@dataclass(frozen=True)
class InsertProvider:
    """Add a provider (with what it brings back when undoing a removal)."""

    provider: Provider
    index: int | None = None
    scores: tuple[Score, ...] = ()
    consensus: tuple[Consensus, ...] = ()
    rounds: tuple[Round, ...] = ()

    @property
    def description(self) -> str:
        return f"Add provider {self.provider.name}"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        _unused_key(self.provider.key, {p.key for p in evaluation.providers}, "provider")
        if not self.provider.name.strip():
            raise EvaluationError("A provider needs a name.")
        check_length(self.provider.name, "A provider's name")
        providers = list(evaluation.providers)
        providers.insert(len(providers) if self.index is None else self.index, self.provider)
        changed = replace(
            evaluation,
            providers=tuple(providers),
            scores=evaluation.scores + self.scores,
            consensus=evaluation.consensus + self.consensus,
            rounds=evaluation.rounds + self.rounds,
        )
        return changed, DeleteProvider(self.provider.key)


@dataclass(frozen=True)
class DeleteProvider:
    """Remove a provider with its scores and negotiation rounds."""

    key: str

    @property
    def description(self) -> str:
        return "Remove provider"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        provider = _provider(evaluation, self.key)
        index = evaluation.providers.index(provider)
        inverse = InsertProvider(
            provider,
            index,
            tuple(s for s in evaluation.scores if s.provider == self.key),
            tuple(c for c in evaluation.consensus if c.provider == self.key),
            tuple(r for r in evaluation.rounds if r.provider == self.key),
        )
        changed = replace(
            evaluation,
            providers=tuple(p for p in evaluation.providers if p.key != self.key),
            scores=tuple(s for s in evaluation.scores if s.provider != self.key),
            consensus=tuple(c for c in evaluation.consensus if c.provider != self.key),
            rounds=tuple(r for r in evaluation.rounds if r.provider != self.key),
        )
        return changed, inverse


# --------------------------------------------------------------------------- evaluators


@dataclass(frozen=True)
class ReplaceEvaluator:
    """Rename an evaluator or change their role (same key)."""

    evaluator: Evaluator

    @property
    def description(self) -> str:
        return f"Change evaluator {self.evaluator.name}"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        old = _evaluator(evaluation, self.evaluator.key)
        if not self.evaluator.name.strip():
            raise EvaluationError("An evaluator needs a name.")
        check_length(self.evaluator.name, "An evaluator's name")
        evaluators = tuple(
            self.evaluator if e.key == old.key else e for e in evaluation.evaluators
        )
        return replace(evaluation, evaluators=evaluators), ReplaceEvaluator(old)


@dataclass(frozen=True)
class InsertEvaluator:
    """Add an evaluator (with their scores when undoing a removal)."""

    evaluator: Evaluator
    index: int | None = None
    scores: tuple[Score, ...] = ()

    @property
    def description(self) -> str:
        return f"Add evaluator {self.evaluator.name}"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        _unused_key(self.evaluator.key, {e.key for e in evaluation.evaluators}, "evaluator")
        if not self.evaluator.name.strip():
            raise EvaluationError("An evaluator needs a name.")
        check_length(self.evaluator.name, "An evaluator's name")
        evaluators = list(evaluation.evaluators)
        evaluators.insert(len(evaluators) if self.index is None else self.index, self.evaluator)
        changed = replace(evaluation, evaluators=tuple(evaluators),
                          scores=evaluation.scores + self.scores)
        return changed, DeleteEvaluator(self.evaluator.key)


@dataclass(frozen=True)
class DeleteEvaluator:
    """Remove an evaluator and their scores."""

    key: str

    @property
    def description(self) -> str:
        return "Remove evaluator"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        evaluator = _evaluator(evaluation, self.key)
        index = evaluation.evaluators.index(evaluator)
        inverse = InsertEvaluator(
            evaluator, index, tuple(s for s in evaluation.scores if s.evaluator == self.key)
        )
        changed = replace(
            evaluation,
            evaluators=tuple(e for e in evaluation.evaluators if e.key != self.key),
            scores=tuple(s for s in evaluation.scores if s.evaluator != self.key),
        )
        return changed, inverse


# --------------------------------------------------------------------------- negotiation


_ABSENT: Any = None


def _saved_form(term: Term, value: Any) -> Any:
    """The value checked by THE term-value check; refused unless already in its saved form.

    The store writes the edit's own value, so an edit must not hold a value that differs
    from what the evaluation will hold (unsorted tiers, blank text): callers pass
    ``checked_term_value(term, value)``, which is also where a buyer's mistake is refused.
    """
    saved = checked_term_value(term, value)
    if saved != value:
        raise ValueError(f"{term.key}: pass the value as checked_term_value gives it")
    return saved


# An inverse puts back what was there, even a value that older rules let into a file.
_RESTORE = field(default=False, compare=False, repr=False, metadata={"audit": False})


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


# --------------------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class SetEvaluationInfo:
    """Change the evaluation's name, currency, horizon or scoring scale."""

    name: str
    currency: str
    horizon_months: int
    scale: Scale = field(default_factory=Scale)

    @property
    def description(self) -> str:
        return "Change evaluation details"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        if not self.name.strip():
            raise EvaluationError("The evaluation needs a name.")
        check_length(self.name, "The evaluation's name")
        if not self.currency.strip():
            raise EvaluationError("The currency needs a code such as USD or EUR.")
        if not 1 <= self.horizon_months <= 600:
            raise EvaluationError("The cost horizon must be between 1 and 600 months.")
        if not self.scale.max > self.scale.min:
            raise EvaluationError("The top of the scoring scale must be above its bottom.")
        outside = [s for s in evaluation.scores
                   if not self.scale.min <= s.value <= self.scale.max]
        if outside:
            raise EvaluationError(
                f"{len(outside)} score(s) would fall outside the new scale; change them first."
            )
        inverse = SetEvaluationInfo(evaluation.name, evaluation.currency,
                                    evaluation.horizon_months, evaluation.scale)
        changed = replace(evaluation, name=self.name, currency=self.currency,
                          horizon_months=self.horizon_months, scale=self.scale)
        return changed, inverse


@dataclass(frozen=True)
class SetScenario:
    """Change the buyer's scenario (incident mix, business hours, uptime outcomes, exit month)."""

    scenario: Scenario

    @property
    def description(self) -> str:
        return "Change scenario"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        scenario = self.scenario
        if abs(sum(o.p for o in scenario.uptime_scenario) - 1.0) > 1e-6:
            raise EvaluationError("The uptime outcomes' probabilities must add up to 100 %.")
        if not 0.0 <= scenario.claim_success <= 1.0:
            raise EvaluationError("Claim success must be between 0 and 100 %.")
        if scenario.exit_month < 0 or scenario.support_hours_month < 0:
            raise EvaluationError("Exit month and support hours cannot be negative.")
        hours = scenario.business_hours
        if not 0 <= hours.start_hour < hours.end_hour <= 24:
            raise EvaluationError("Business hours must end after they start, within the day.")
        if not hours.days:
            raise EvaluationError("Tick at least one business day: commitments in business "
                                  "hours are counted on those days.")
        if any(v < 0 for v in scenario.incidents_per_month.values()) or any(
                w < 0 for w in scenario.severity_weights.values()):
            raise EvaluationError("Incidents and severity weights cannot be negative.")
        if any(not 0 <= o.uptime <= 100 or o.p < 0 for o in scenario.uptime_scenario):
            raise EvaluationError("Each uptime must be 0-100 % and each probability 0 % or more.")
        return replace(evaluation, scenario=scenario), SetScenario(evaluation.scenario)


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
class SetCriteriaLock:
    """Lock the criteria and weights before scoring (a time), or unlock them (empty)."""

    locked_at: str

    @property
    def description(self) -> str:
        return "Lock criteria" if self.locked_at else "Unlock criteria"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        changed = replace(evaluation, criteria_locked_at=self.locked_at)
        return changed, SetCriteriaLock(evaluation.criteria_locked_at)


@dataclass(frozen=True)
class BatchEdit:
    """Several edits made, saved and undone together (e.g. importing a scoring sheet).

    Applied in order; if any is refused, none is applied. The inverse undoes them in reverse.
    """

    edits: tuple[Edit, ...]
    label: str = "Change several values"

    @property
    def description(self) -> str:
        return self.label

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        inverses: list[Edit] = []
        edits = self.edits
        start = 0
        while start < len(edits):
            # A run of score edits (a whole imported sheet) is made in one pass.
            end = start
            while end < len(edits) and isinstance(edits[end], SetScore):
                end += 1
            if end - start > 1:
                runs = tuple(e for e in edits[start:end] if isinstance(e, SetScore))
                evaluation, undo = _score_run(evaluation, runs)
                inverses.extend(undo)
                start = end
                continue
            evaluation, inverse = edits[start].apply(evaluation)
            inverses.append(inverse)
            start += 1
        label = self.label if self.label.startswith("Undo") else f"Undo {self.label.lower()}"
        return evaluation, BatchEdit(tuple(reversed(inverses)), label)


def _score_run(evaluation: Evaluation, run: tuple[SetScore, ...]) -> tuple[Evaluation, list[Edit]]:
    """Several score edits made together: checked one by one, the scores rebuilt once.

    Gives the same evaluation and inverses as applying them in order. Refuses (raises) before
    changing anything when any edit is refused.
    """
    index = evaluation.score_index
    providers = {p.key: p for p in evaluation.providers}
    judgement = {c.key: c for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT}
    evaluators = {e.key for e in evaluation.evaluators}
    # Cell -> (position in the scores, score now); later edits of a cell see earlier ones.
    current: dict[tuple[str, str, str], tuple[int | None, Score | None]] = {}
    inverses: list[Edit] = []
    for edit in run:
        if (edit.provider not in providers or edit.criterion not in judgement
                or edit.evaluator not in evaluators):
            edit.apply(evaluation)  # raises the refusal with its usual words
        if edit.value is not None:
            _check_on_scale(evaluation, edit.value,
                            f"{providers[edit.provider].name}'s score on "
                            f"{judgement[edit.criterion].name}")
        cell = (edit.provider, edit.criterion, edit.evaluator)
        if cell in current:
            position, old = current[cell]
        else:
            position = index.position(*cell)
            old = evaluation.scores[position] if position is not None else None
        inverses.append(SetScore(*cell, old.value if old else None, old.rationale if old else ""))
        new = None if edit.value is None else Score(*cell, float(edit.value), edit.rationale)
        current[cell] = (position, new)
    changes: list[tuple[int | None, Score | None]] = []
    for position, score in current.values():
        if position is None and score is None:
            continue
        changes.append((position, score))
    if not changes:
        return evaluation, inverses
    return with_scores_changed(evaluation, tuple(changes)), inverses


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
