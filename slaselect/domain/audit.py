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
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from slaselect.domain import edits
from slaselect.domain.model import Evaluation
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
    edits.SetPriceEnvelopesOpened: "SetPriceEnvelopesOpened",
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
    changed: Mapping[str, tuple[Any, Any]] = dataclasses.field(default_factory=dict)
    """What the edit changed, {setting: (old, new)}; empty for entries written before
    changes were recorded and for edits that replace nothing (an insert)."""


def edit_name(edit: object) -> str:
    """The stable name an edit is recorded under; TypeError for an edit nobody declared."""
    try:
        return EDIT_NAMES[type(edit)]
    except KeyError:
        raise TypeError(f"{type(edit).__name__} has no name in domain.audit.EDIT_NAMES") from None


def _record_words(record: object) -> str:
    """A whole record as the detail names it: its key, or for a round "round 4 (Signed
    contract)", or else the kind of record in words ("scenario")."""
    key = getattr(record, "key", None)
    if isinstance(key, str):
        return key
    number = getattr(record, "number", None)
    if isinstance(number, int) and not isinstance(number, bool):
        label = str(getattr(record, "label", "") or "")
        return f"round {number}" + (f" ({label})" if label else "")
    return type(record).__name__.lower()


def _settings(edit: object, *, inner: bool = True) -> dict[str, Any]:
    """An edit's settings by name; a batch's edits each with its own settings (with
    ``inner`` False only a place for them, which the caller fills)."""
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
            detail[item.name] = [_settings(part) for part in value] if inner else None
        elif dataclasses.is_dataclass(value):
            detail[item.name] = _record_words(value)
        elif isinstance(value, tuple | list | dict) and item.name in _RESTORED:
            detail[item.name] = f"{len(value)} restored"
        else:
            detail[item.name] = value
    return detail


CHANGED = "changed"
"""The key under which a detail records what the edit changed: {setting: [old, new]}."""

_SIMPLE = (str, int, float, bool)


def _plain(value: Any) -> Any:
    """A value as the record holds it: simple values as they are, a record by its key."""
    if value is None or isinstance(value, _SIMPLE):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        key = getattr(value, "key", None)
        if key is not None:
            return key
        # a keyless part of a record (business hours, an uptime outcome): its settings
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return None


def _fields(item: Any) -> dict[str, Any]:
    """A record's or an edit's settings the audit may show, by name (edits' bookkeeping and
    nested edits left out)."""
    if not dataclasses.is_dataclass(item) or isinstance(item, type):
        return {}
    return {f.name: getattr(item, f.name) for f in dataclasses.fields(item)
            if f.metadata.get("audit", True) and f.name not in ("restore", "edits")}


def _changes(edit: object, inverse: object | None) -> dict[str, list[Any]]:
    """What ``edit`` changed, as {setting: [old, new]}, read from ``inverse`` (the edit that
    undoes it and so holds the old values).

    The inverse may be another kind of edit (a new weight is undone by putting the whole
    criterion back), so an old value is looked up by name on the inverse and then on the
    records it carries; where an edit replaces a whole record (a renamed provider) the
    record's own fields are compared.
    """
    if inverse is None:
        return {}
    new, old = _fields(edit), _fields(inverse)
    carried = [v for v in old.values() if dataclasses.is_dataclass(v)]
    changes: dict[str, list[Any]] = {}
    for name, value in new.items():
        if dataclasses.is_dataclass(value) and type(old.get(name)) is type(value):
            mine, theirs = _fields(value), _fields(old[name])
            for inner, now in mine.items():
                was = theirs.get(inner)
                if _plain(was) != _plain(now):
                    changes[inner] = [_plain(was), _plain(now)]
            continue
        if name in old:
            was = old[name]
        else:
            holder = next((c for c in carried if hasattr(c, name)), None)
            if holder is None:
                continue
            was = getattr(holder, name)
        if _plain(was) != _plain(value):
            changes[name] = [_plain(was), _plain(value)]
    return changes


def edit_detail(edit: object, inverse: object | None = None,
                before: Evaluation | None = None) -> str:
    """An edit's own settings as compact JSON, under the edit's stable name; with
    ``inverse`` (the edit that undoes it) also what it changed, old and new, under
    "changed". ``before`` (the evaluation the edit was made on) gives a term value the
    round carried forward from an earlier round, so the old value is the one in force."""
    scores = _score_texts(edit, inverse)
    if scores is not None:
        # An imported sheet: tens of thousands of score edits, each written straight as
        # JSON and set into the batch's own detail (the same text json.dumps gives).
        outer = json.dumps(_detail(edit, inverse, before, inner=False), ensure_ascii=False,
                           default=str)
        head = f'{{"edit": {_json_text(edit_name(edit))}, "edits": []'
        if outer.startswith(head):
            return f"{head[:-1]}{', '.join(scores)}{outer[len(head) - 1:]}"
    return json.dumps(_detail(edit, inverse, before), ensure_ascii=False, default=str)


def _detail(edit: object, inverse: object | None, before: Evaluation | None, *,
            inner: bool = True) -> dict[str, Any]:
    # A batch's inner details are nested as dicts and turned into JSON once, with the
    # batch: the same text as writing each and reading it back, without doing so 14,000
    # times for an imported scoring sheet.
    if type(edit) is edits.SetScore and type(inverse) is edits.SetScore:
        quick = _score_detail(edit, inverse)
        if quick is not None:
            return quick
    paired = (isinstance(edit, edits.BatchEdit) and isinstance(inverse, edits.BatchEdit)
              and len(inverse.edits) == len(edit.edits))
    detail = _settings(edit, inner=not paired)  # a paired batch's edits are detailed below
    changes = _changes(edit, inverse)
    if isinstance(edit, edits.SetTermValue) and before is not None \
            and changes.get("value", [0])[0] is None:
        carried = before.terms_at(edit.provider, edit.number).get(edit.term)
        if _plain(carried) == _plain(edit.value):
            changes.pop("value")
        elif carried is not None:
            changes["value"] = [_plain(carried), _plain(edit.value)]
    if changes:
        detail[CHANGED] = changes
    if paired:
        assert isinstance(edit, edits.BatchEdit) and isinstance(inverse, edits.BatchEdit)
        # The batch's inverse undoes its edits in reverse order: pair each with its undo.
        detail.pop(CHANGED, None)  # its label is "Undo ...": not a setting that changed
        detail["edits"] = [_detail(part, undo, None)
                           for part, undo in zip(edit.edits, reversed(inverse.edits),
                                                 strict=True)] if inner else []
    return detail


_SCORE_NAME = EDIT_NAMES[edits.SetScore]


def _score_detail(edit: edits.SetScore, inverse: edits.SetScore) -> dict[str, Any] | None:
    """A score edit's detail, built straight from its five settings: what ``_settings`` and
    ``_changes`` make of it (tests compare the two), at a fraction of the cost, since an
    imported sheet holds thousands. None when a setting is not a plain value (the general
    path words those)."""
    provider, criterion, evaluator = edit.provider, edit.criterion, edit.evaluator
    value, rationale = edit.value, edit.rationale
    was_provider, was_criterion, was_evaluator = (inverse.provider, inverse.criterion,
                                                  inverse.evaluator)
    was_value, was_rationale = inverse.value, inverse.rationale
    plain = _PLAIN_TYPES
    if not (type(provider) in plain and type(criterion) in plain and type(evaluator) in plain
            and type(value) in plain and type(rationale) in plain
            and type(was_provider) in plain and type(was_criterion) in plain
            and type(was_evaluator) in plain and type(was_value) in plain
            and type(was_rationale) in plain):
        return None
    detail: dict[str, Any] = {"edit": _SCORE_NAME, "provider": provider, "criterion": criterion,
                              "evaluator": evaluator, "value": value, "rationale": rationale}
    changes: dict[str, list[Any]] = {}  # in the order of the settings
    if was_provider != provider:
        changes["provider"] = [was_provider, provider]
    if was_criterion != criterion:
        changes["criterion"] = [was_criterion, criterion]
    if was_evaluator != evaluator:
        changes["evaluator"] = [was_evaluator, evaluator]
    if was_value != value:
        changes["value"] = [was_value, value]
    if was_rationale != rationale:
        changes["rationale"] = [was_rationale, rationale]
    if changes:
        detail[CHANGED] = changes
    return detail


_PLAIN_TYPES = frozenset({str, int, float, type(None)})
_json_text = json.encoder.encode_basestring  # a str as json.dumps(ensure_ascii=False) writes it


def _score_texts(edit: object, inverse: object | None) -> list[str] | None:
    """Each score edit of a batch made only of score edits, with its undo, as the JSON text
    of ``_score_detail``; None for any other edit, or when a setting is not a plain value."""
    if not (type(edit) is edits.BatchEdit and type(inverse) is edits.BatchEdit
            and len(inverse.edits) == len(edit.edits)):
        return None
    texts = []
    for part, undo in zip(edit.edits, reversed(inverse.edits), strict=True):
        if type(part) is not edits.SetScore or type(undo) is not edits.SetScore:
            return None
        text = _score_text(part, undo)
        if text is None:
            return None
        texts.append(text)
    return texts


def _score_text(edit: edits.SetScore, inverse: edits.SetScore) -> str | None:
    """``json.dumps(_score_detail(edit, inverse), ensure_ascii=False)``, written directly;
    None where ``_score_detail`` gives None."""
    provider, criterion, evaluator, value, rationale = (
        edit.provider, edit.criterion, edit.evaluator, edit.value, edit.rationale)
    settings = (provider, criterion, evaluator, value, rationale)
    old = (inverse.provider, inverse.criterion, inverse.evaluator, inverse.value,
           inverse.rationale)
    if (type(provider) is str and type(criterion) is str and type(evaluator) is str
            and type(rationale) is str and old[:3] == settings[:3] and type(old[4]) is str
            and type(value) is float and type(old[3]) in (float, type(None))):
        # An imported score (the cell's keys unchanged): each setting's text made directly.
        text = (f'{{"edit": {_SCORE_NAME_TEXT}, "provider": {_json_text(provider)}, '
                f'"criterion": {_json_text(criterion)}, "evaluator": {_json_text(evaluator)}, '
                f'"value": {_json_value(value)}, "rationale": {_json_text(rationale)}')
        changes = []
        if old[3] != value:
            changes.append(f'"value": [{_json_value(old[3])}, {_json_value(value)}]')
        if old[4] != rationale:
            changes.append(f'"rationale": [{_json_text(old[4])}, {_json_text(rationale)}]')
    else:
        plain = _PLAIN_TYPES
        if not all(type(setting) in plain for setting in settings + old):
            return None
        text = ('{{"edit": {}, "provider": {}, "criterion": {}, "evaluator": {}, "value": {}, '
                '"rationale": {}').format(_SCORE_NAME_TEXT, *map(_json_value, settings))
        changes = [f"{_SCORE_FIELD_TEXTS[n]}: [{_json_value(was)}, {_json_value(now)}]"
                   for n, (was, now) in enumerate(zip(old, settings, strict=True))
                   if was != now]
    if changes:
        return f'{text}, "{CHANGED}": {{{", ".join(changes)}}}}}'
    return text + "}"


def _json_value(value: str | float | None) -> str:
    """A plain value as json.dumps writes it (floats by repr; NaN and infinities named)."""
    if type(value) is str:
        return _json_text(value)
    if value is None:
        return "null"
    if type(value) is float and not math.isfinite(value):
        return "NaN" if value != value else ("Infinity" if value > 0 else "-Infinity")
    return repr(value)


_SCORE_NAME_TEXT = _json_text(_SCORE_NAME)
_SCORE_FIELD_TEXTS = tuple(_json_text(name) for name in (
    "provider", "criterion", "evaluator", "value", "rationale"))


def read_detail(detail: str) -> EditDetail | None:
    """A recorded detail read back; None when it is not the JSON ``edit_detail`` writes
    (very old entries hold plain words, shown as they are)."""
    try:
        data = json.loads(detail)
    except (ValueError, TypeError):
        return None
    if not isinstance(data, dict):
        return None
    settings = {str(key): value for key, value in data.items() if key not in ("edit", CHANGED)}
    found = data.get(CHANGED)
    changed = {str(k): (v[0], v[1]) for k, v in found.items()
               if isinstance(v, list) and len(v) == 2} if isinstance(found, dict) else {}
    return EditDetail(str(data.get("edit", "")), settings, changed)
