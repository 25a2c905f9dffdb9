"""The audit trail: an append-only record of every change to an evaluation.

This module owns the format of an entry's ``detail`` both ways: ``edit_detail`` writes an
edit's settings as compact JSON, ``read_detail`` reads them back. Each kind of edit is recorded
under a stable name declared here (``EDIT_NAMES``), not under its Python class name, so that
renaming a class can never change what the file says or how History words it. The names are
the class names the first files were written with, so those files read as before.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from slaselect.domain import edits
from slaselect.domain.service import edits as service_edits

EDIT_NAMES: Mapping[type, str] = {
    edits.SetScore: "SetScore",
    edits.SetConsensus: "SetConsensus",
    edits.SetWeight: "SetWeight",
    edits.ReplaceCriterion: "ReplaceCriterion",
    edits.InsertCriterion: "InsertCriterion",
    edits.DeleteCriterion: "DeleteCriterion",
    edits.ReplaceProvider: "ReplaceProvider",
    edits.InsertProvider: "InsertProvider",
    edits.DeleteProvider: "DeleteProvider",
    edits.ReplaceEvaluator: "ReplaceEvaluator",
    edits.InsertEvaluator: "InsertEvaluator",
    edits.DeleteEvaluator: "DeleteEvaluator",
    edits.SetTermValue: "SetTermValue",
    edits.InsertRound: "InsertRound",
    edits.DeleteRound: "DeleteRound",
    edits.SetRoundInfo: "SetRoundInfo",
    edits.SetEvaluationInfo: "SetEvaluationInfo",
    edits.SetScenario: "SetScenario",
    edits.SetAskValue: "SetAskValue",
    edits.SetCriteriaLock: "SetCriteriaLock",
    edits.BatchEdit: "BatchEdit",
    edits.SetWalkAwayValue: "SetWalkAwayValue",
    edits.SetAwardCondition: "SetAwardCondition",
    service_edits.AwardContract: "AwardContract",
    service_edits.ImportTickets: "ImportTickets",
    service_edits.ImportOutages: "ImportOutages",
    service_edits.RecordClaim: "RecordClaim",
    service_edits.RecordReview: "RecordReview",
    service_edits.KeepServiceRecords: "KeepServiceRecords",
}
"""The name each kind of edit is recorded under. Never change a name: files keep them."""

DELETE_PROVIDER = EDIT_NAMES[edits.DeleteProvider]
DELETE_CRITERION = EDIT_NAMES[edits.DeleteCriterion]
DELETE_EVALUATOR = EDIT_NAMES[edits.DeleteEvaluator]

# Collections that an undo puts back whole: recorded by their size only.
_RESTORED = ("scores", "consensus", "rounds")


@dataclass(frozen=True)
class AuditEntry:
    """One recorded change: when (ISO time, UTC), who, what, the edit's settings, and why."""

    at: str
    who: str
    action: str
    detail: str
    reason: str = ""


@dataclass(frozen=True)
class EditDetail:
    """An entry's detail read back: the edit's recorded name and its settings in order."""

    edit: str
    settings: Mapping[str, Any]


def edit_name(edit: object) -> str:
    """The stable name an edit is recorded under; TypeError for an edit nobody declared."""
    try:
        return EDIT_NAMES[type(edit)]
    except KeyError:
        raise TypeError(f"{type(edit).__name__} has no name in domain.audit.EDIT_NAMES") from None


def _settings(edit: object) -> dict[str, Any]:
    detail: dict[str, Any] = {"edit": edit_name(edit)}
    if not dataclasses.is_dataclass(edit):
        return detail
    for item in dataclasses.fields(edit):
        if not item.metadata.get("audit", True):
            continue  # bookkeeping of the edit itself, not a setting the user chose
        value = getattr(edit, item.name)
        if value is None or isinstance(value, str | int | float | bool):
            detail[item.name] = value
        elif item.name == "edits" and isinstance(value, tuple | list):
            detail[item.name] = [_settings(inner) for inner in value]
        elif dataclasses.is_dataclass(value):
            detail[item.name] = getattr(value, "key", type(value).__name__)
        elif isinstance(value, tuple | list | dict) and item.name in _RESTORED:
            detail[item.name] = f"{len(value)} restored"
        else:
            detail[item.name] = value
    return detail


def edit_detail(edit: object) -> str:
    """An edit's own settings as compact JSON, under the edit's stable name."""
    return json.dumps(_settings(edit), ensure_ascii=False, default=str)


def read_detail(detail: str) -> EditDetail | None:
    """A recorded detail read back; None when it is not the JSON ``edit_detail`` writes
    (very old entries hold plain words, shown as they are)."""
    try:
        data = json.loads(detail)
    except (ValueError, TypeError):
        return None
    if not isinstance(data, dict):
        return None
    settings = {str(key): value for key, value in data.items() if key != "edit"}
    return EditDetail(str(data.get("edit", "")), settings)
