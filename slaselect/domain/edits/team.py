"""Providers and evaluators."""

from __future__ import annotations

from dataclasses import dataclass, replace

from slaselect.domain.edits.base import (
    Edit,
    _evaluator,
    _provider,
    _unused_key,
)
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import (
    Consensus,
    Evaluation,
    Evaluator,
    Provider,
    Round,
    Score,
)
from slaselect.domain.text_limits import check_length

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
