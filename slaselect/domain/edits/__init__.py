"""Every user edit as data: ``edit.apply(evaluation) -> (new_evaluation, inverse_edit)``.

An edit checks itself against the evaluation and raises ``EvaluationError`` with a sentence a
buyer understands when it cannot be applied (a negative weight, a score outside the scale),
leaving the evaluation untouched. Applying the inverse gives back the evaluation as it was, so
undo is just another edit. The store writes each edit in one transaction
(``store.repository.apply_edit``); the UI wraps them in QUndoCommands.

The edits live in one module per part of the evaluation; this package exports them all.
"""

from __future__ import annotations

from slaselect.domain.edits.base import Edit
from slaselect.domain.edits.batch import BatchEdit
from slaselect.domain.edits.criteria import (
    DeleteCriterion,
    InsertCriterion,
    ReplaceCriterion,
    SetWeight,
    check_criterion,
)
from slaselect.domain.edits.negotiation import (
    DeleteRound,
    InsertRound,
    SetAskValue,
    SetAwardCondition,
    SetRoundInfo,
    SetTermValue,
    SetWalkAwayValue,
)
from slaselect.domain.edits.scores import SetConsensus, SetScore, with_scores_changed
from slaselect.domain.edits.settings import (
    SetCriteriaLock,
    SetEvaluationInfo,
    SetPriceEnvelopesOpened,
    SetScenario,
    check_opening_not_ahead,
    check_opening_time,
)
from slaselect.domain.edits.team import (
    DeleteEvaluator,
    DeleteProvider,
    InsertEvaluator,
    InsertProvider,
    ReplaceEvaluator,
    ReplaceProvider,
)

__all__ = [
    "BatchEdit", "DeleteCriterion", "DeleteEvaluator", "DeleteProvider", "DeleteRound", "Edit",
    "InsertCriterion", "InsertEvaluator", "InsertProvider", "InsertRound", "ReplaceCriterion",
    "ReplaceEvaluator", "ReplaceProvider", "SetAskValue", "SetAwardCondition", "SetConsensus",
    "SetCriteriaLock", "SetEvaluationInfo", "SetPriceEnvelopesOpened", "SetRoundInfo",
    "SetScenario", "SetScore", "SetTermValue", "SetWalkAwayValue", "SetWeight",
    "check_criterion", "check_opening_not_ahead", "check_opening_time", "with_scores_changed",
]
