"""The evaluators' scores indexed by provider, criterion and evaluator, as numpy columns.

``Evaluation.scores`` stays a plain tuple of ``Score`` (what the store, the readers and the
writers exchange). ``ScoreIndex`` is built from it once per evaluation state, in one pass, and
answers what the rest of the domain and the pages ask of large evaluations without scanning
every score again: where a given score sits, how many scores a provider, criterion or
evaluator has, and the scores as columns of codes and values for vectorised maths. An edit of
one score derives the next state's index from this one (``with_score``) instead of building
it again, so typing a score into a 200 x 100 x 20 evaluation touches one cell.

Codes index ``providers``, ``criteria`` and ``evaluators`` (the evaluation's order); a score
whose key the evaluation does not list gets code -1 (the readers never let one in).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, TypeVar

import numpy as np
import numpy.typing as npt

from slaselect.domain.model import Score

if TYPE_CHECKING:
    from slaselect.domain.model import Evaluation

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

PENDING_VALUE_CHANGES = 4096
"""How many changed values an index keeps beside its value column before it writes them into
a copy of it (see ``ScoreIndex.value``)."""


_Array = TypeVar("_Array", IntArray, FloatArray)


def _frozen(array: _Array) -> _Array:
    # Indexes are shared between evaluation states: nobody may write into them.
    array.flags.writeable = False
    return array


@dataclass(frozen=True, eq=False)
class ScoreIndex:
    """Columns of one evaluation state's scores, and where each (provider, criterion,
    evaluator) cell sits in ``Evaluation.scores``."""

    providers: tuple[str, ...]
    criteria: tuple[str, ...]
    evaluators: tuple[str, ...]
    provider: IntArray  # per score: index into providers, -1 when unknown
    criterion: IntArray
    evaluator: IntArray
    values_before: FloatArray  # per score, on the evaluation's scale, before value_changes
    first: IntArray  # per cell (provider, criterion, evaluator): position of its score, or -1
    value_changes: Mapping[int, float] = field(default_factory=dict)
    """Values changed since ``values_before`` (position -> value): typing a score into a
    tender keeps its new value here instead of copying two million values on the window's
    thread; ``value`` writes them into a copy when first read (by an analysis, on a worker)."""

    @property
    def value(self) -> FloatArray:
        """Every score's value, on the evaluation's scale (read-only)."""
        if not self.value_changes:
            return self.values_before
        found: FloatArray | None = self.__dict__.get("_value")
        if found is None:  # two threads may both write it: the same values either way
            found = self.__dict__["_value"] = _with_values(self.values_before,
                                                            self.value_changes)
        return found

    @classmethod
    def of(cls, evaluation: Evaluation) -> ScoreIndex:
        """Index every score of ``evaluation`` in one pass."""
        providers = tuple(p.key for p in evaluation.providers)
        criteria = tuple(c.key for c in evaluation.criteria)
        evaluators = tuple(e.key for e in evaluation.evaluators)
        scores = evaluation.scores
        count = len(scores)

        def codes(keys: tuple[str, ...], column: int) -> IntArray:
            lookup = defaultdict(lambda: -1, {key: i for i, key in enumerate(keys)})
            return np.fromiter(map(lookup.__getitem__, map(itemgetter(column), scores)),
                               dtype=np.int64, count=count)

        provider, criterion, evaluator = codes(providers, 0), codes(criteria, 1), codes(
            evaluators, 2)
        value = np.fromiter(map(itemgetter(3), scores), dtype=np.float64, count=count)
        return cls.from_columns(providers, criteria, evaluators, provider, criterion, evaluator,
                                value)

    @classmethod
    def from_columns(cls, providers: tuple[str, ...], criteria: tuple[str, ...],
                     evaluators: tuple[str, ...], provider: IntArray, criterion: IntArray,
                     evaluator: IntArray, value: FloatArray) -> ScoreIndex:
        """The index of scores given as columns (in the order of ``Evaluation.scores``):
        codes into ``providers``, ``criteria`` and ``evaluators``, -1 for a key not listed."""
        provider, criterion, evaluator = (np.asarray(c, dtype=np.int64)
                                          for c in (provider, criterion, evaluator))
        value = np.asarray(value, dtype=np.float64)
        first = np.full(len(providers) * len(criteria) * len(evaluators), -1, dtype=np.int64)
        known = np.flatnonzero((provider >= 0) & (criterion >= 0) & (evaluator >= 0))
        cells = _cell(provider[known], criterion[known], evaluator[known], len(criteria),
                      len(evaluators))
        # Reversed, so that of two scores of one cell the earlier one is found (as a scan would).
        first[cells[::-1]] = known[::-1]
        return cls(providers, criteria, evaluators, _frozen(provider), _frozen(criterion),
                   _frozen(evaluator), _frozen(value), _frozen(first))

    def position(self, provider: str, criterion: str, evaluator: str) -> int | None:
        """Where this evaluator's score of the provider on the criterion is, None if unscored."""
        try:
            cell = self._cell_of(provider, criterion, evaluator)
        except ValueError:
            return None
        found = int(self.first[cell])
        return found if found >= 0 else None

    def _cell_of(self, provider: str, criterion: str, evaluator: str) -> int:
        return int(_cell(self.providers.index(provider), self.criteria.index(criterion),
                         self.evaluators.index(evaluator), len(self.criteria),
                         len(self.evaluators)))

    def counts(self, by: str) -> dict[str, int]:
        """How many scores each provider, criterion or evaluator has (``by`` names which)."""
        keys, codes = {
            "provider": (self.providers, self.provider),
            "criterion": (self.criteria, self.criterion),
            "evaluator": (self.evaluators, self.evaluator),
        }[by]
        known = codes[codes >= 0]
        tally = np.bincount(known, minlength=len(keys)).tolist()
        return dict(zip(keys, tally, strict=True))

    def with_score(self, position: int | None, score: Score | None, size: int) -> ScoreIndex:
        """The index after the score at ``position`` was replaced by ``score``.

        ``position`` None appends ``score`` at the end; ``score`` None deletes the score at
        ``position`` (later scores move up one). ``size`` is the number of scores before.
        Each column is copied at most once (a memory copy, no Python loop over the scores),
        and only the columns that change: a new value for the same cell copies nothing (it
        joins ``value_changes``); removing the last score (undoing an added one) shares every
        column but the cells'. The columns are read-only, so states can share them.
        """
        codes = None if score is None else (
            _code(self.providers, score.provider), _code(self.criteria, score.criterion),
            _code(self.evaluators, score.evaluator))
        if position is not None and score is not None and codes == self._codes_at(position):
            return self.with_values({position: score.value})
        first = self.first.copy()
        if position is not None:
            self._forget(position, first)
        if score is None:
            assert position is not None
            if position == size - 1:  # the last one: the other columns are a shorter view
                provider, criterion, evaluator = (self.provider[:position],
                                                  self.criterion[:position],
                                                  self.evaluator[:position])
                value = self.value[:position]
            else:
                provider, criterion, evaluator = (np.delete(self.provider, position),
                                                  np.delete(self.criterion, position),
                                                  np.delete(self.evaluator, position))
                value = np.delete(self.value, position)
                first[first > position] -= 1
            return ScoreIndex(self.providers, self.criteria, self.evaluators, _frozen(provider),
                              _frozen(criterion), _frozen(evaluator), _frozen(value),
                              _frozen(first))
        assert codes is not None
        if position is None:
            position = size
            provider, criterion, evaluator = (np.append(self.provider, codes[0]),
                                              np.append(self.criterion, codes[1]),
                                              np.append(self.evaluator, codes[2]))
            value = np.append(self.value, score.value)
        else:
            provider, criterion, evaluator, value = (
                self.provider.copy(), self.criterion.copy(), self.evaluator.copy(),
                self.value.copy())
            provider[position], criterion[position], evaluator[position] = codes
            value[position] = score.value
        if min(codes) >= 0:
            cell = _cell(*codes, len(self.criteria), len(self.evaluators))
            if first[cell] < 0 or first[cell] > position:
                first[cell] = position
        return ScoreIndex(self.providers, self.criteria, self.evaluators, _frozen(provider),
                          _frozen(criterion), _frozen(evaluator), _frozen(value), _frozen(first))

    def with_values(self, changes: Mapping[int, float]) -> ScoreIndex:
        """The index with new values at these positions (the same cells: codes and positions
        stay). A few are kept beside the value column (``value_changes``); many are written
        into a copy of it at once."""
        before = self.__dict__.get("_value")
        if before is None:
            before, pending = self.values_before, {**self.value_changes, **changes}
        else:
            pending = dict(changes)
        if len(pending) > PENDING_VALUE_CHANGES:
            before, pending = _with_values(before, pending), {}
        return ScoreIndex(self.providers, self.criteria, self.evaluators, self.provider,
                          self.criterion, self.evaluator, before, self.first, pending)

    def _codes_at(self, position: int) -> tuple[int, int, int]:
        return (int(self.provider[position]), int(self.criterion[position]),
                int(self.evaluator[position]))

    def _forget(self, position: int, first: IntArray) -> None:
        codes = self._codes_at(position)
        if min(codes) < 0:
            return
        cell = _cell(*codes, len(self.criteria), len(self.evaluators))
        if first[cell] == position:
            # A duplicate of the cell further down (only in a hand-made evaluation) takes over.
            same = np.flatnonzero((self.provider == codes[0]) & (self.criterion == codes[1])
                                  & (self.evaluator == codes[2]))
            later = same[same != position]
            first[cell] = int(later[0]) if later.size else -1

    def matches(self, evaluation: Evaluation) -> bool:
        """True when this index was made for the same providers, criteria and evaluators."""
        return (len(self.provider) == len(evaluation.scores)
                and self.providers == tuple(p.key for p in evaluation.providers)
                and self.criteria == tuple(c.key for c in evaluation.criteria)
                and self.evaluators == tuple(e.key for e in evaluation.evaluators))


def _with_values(values: FloatArray, changes: Mapping[int, float]) -> FloatArray:
    changed = values.copy()
    changed[np.fromiter(changes.keys(), dtype=np.int64, count=len(changes))] = np.fromiter(
        changes.values(), dtype=np.float64, count=len(changes))
    return _frozen(changed)


def _code(keys: tuple[str, ...], key: str) -> int:
    try:
        return keys.index(key)
    except ValueError:
        return -1


def _cell(provider: IntArray | int, criterion: IntArray | int, evaluator: IntArray | int,
          criteria: int, evaluators: int) -> IntArray:
    return np.asarray((np.asarray(provider) * criteria + criterion) * evaluators + evaluator,
                      dtype=np.int64)


def scores_per_provider(evaluation: Evaluation) -> dict[str, int]:
    """How many evaluator scores each provider has, in one pass over the scores."""
    return evaluation.score_index.counts("provider")


def scores_per_criterion(evaluation: Evaluation) -> dict[str, int]:
    """How many evaluator scores each criterion has, in one pass over the scores."""
    return evaluation.score_index.counts("criterion")


def scores_per_evaluator(evaluation: Evaluation) -> dict[str, int]:
    """How many scores each evaluator has given, in one pass over the scores."""
    return evaluation.score_index.counts("evaluator")
