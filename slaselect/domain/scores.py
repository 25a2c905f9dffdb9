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
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, TypeVar

import numpy as np
import numpy.typing as npt

from slaselect.domain.model import Score

if TYPE_CHECKING:
    from slaselect.domain.model import Evaluation

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


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
    value: FloatArray  # per score, on the evaluation's scale
    first: IntArray  # per cell (provider, criterion, evaluator): position of its score, or -1

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
        Copies the columns (a memory copy, no Python loop over the scores); a new value for
        the same cell copies only the values and shares the rest (the columns are read-only).
        """
        if position is not None and score is not None:
            codes = (_code(self.providers, score.provider), _code(self.criteria, score.criterion),
                     _code(self.evaluators, score.evaluator))
            if codes == (int(self.provider[position]), int(self.criterion[position]),
                         int(self.evaluator[position])):
                value = self.value.copy()
                value[position] = score.value
                return ScoreIndex(self.providers, self.criteria, self.evaluators, self.provider,
                                  self.criterion, self.evaluator, _frozen(value), self.first)
        provider, criterion, evaluator = (self.provider.copy(), self.criterion.copy(),
                                          self.evaluator.copy())
        value, first = self.value.copy(), self.first.copy()
        if position is not None:
            self._forget(position, first)
        if score is None:
            assert position is not None
            provider, criterion, evaluator = (
                np.delete(provider, position), np.delete(criterion, position),
                np.delete(evaluator, position))
            value = np.delete(value, position)
            first[first > position] -= 1
        else:
            codes = (_code(self.providers, score.provider), _code(self.criteria, score.criterion),
                     _code(self.evaluators, score.evaluator))
            if position is None:
                position = size
                provider, criterion, evaluator = (
                    np.append(provider, codes[0]), np.append(criterion, codes[1]),
                    np.append(evaluator, codes[2]))
                value = np.append(value, score.value)
            else:
                provider[position], criterion[position], evaluator[position] = codes
                value[position] = score.value
            if min(codes) >= 0:
                cell = _cell(*codes, len(self.criteria), len(self.evaluators))
                if first[cell] < 0 or first[cell] > position:
                    first[cell] = position
        return ScoreIndex(self.providers, self.criteria, self.evaluators, _frozen(provider),
                          _frozen(criterion), _frozen(evaluator), _frozen(value), _frozen(first))

    def _forget(self, position: int, first: IntArray) -> None:
        codes = (int(self.provider[position]), int(self.criterion[position]),
                 int(self.evaluator[position]))
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
