"""The audit trail in words, for the memo's change log and the workbook's Audit trail sheet.

Each recorded change becomes a line an auditor can read: when (local time), who, what (the
action), its details (the edit's settings, with keys turned into the names of providers,
criteria, evaluators and terms), and why. Plain text only: the memo escapes it and the
workbook writes it as text; History shows the same words. The recorded detail is read with
``domain.audit.read_detail``, so the words follow the edits' stable names, not class names.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from slaselect.domain.audit import (
    DELETE_CRITERION,
    DELETE_EVALUATOR,
    DELETE_PROVIDER,
    AuditEntry,
    read_detail,
)
from slaselect.domain.model import Evaluation
from slaselect.domain.wording import day_names, format_number, format_term_value

NO_HISTORY = "No changes recorded (an interchange file has no history)."
"""What the documents say for an interchange file, which keeps no record of changes."""

NO_CHANGES_YET = "No changes recorded yet."
"""What the documents say for a project file in which nothing has been changed yet."""

ARROW = " -> "
"""Between the old and the new setting of a change: "99.5 % -> 99.9 %"."""


def no_changes_words(interchange: bool) -> str:
    """What to say when there is no recorded change: an interchange file has no history, a
    project file simply has none yet."""
    return NO_HISTORY if interchange else NO_CHANGES_YET

# Fields of an edit's settings that hold the key of something the evaluation names.
_NAMED = {"provider": "providers", "criterion": "criteria", "evaluator": "evaluators",
          "term": "terms"}
# Edits whose "key" field is the key of a provider, criterion or evaluator.
_KEY_OF = {DELETE_PROVIDER: "provider", DELETE_CRITERION: "criterion",
           DELETE_EVALUATOR: "evaluator"}
_LABELS = {"number": "round", "locked_at": "locked at", "opened_at": "opened",
           "horizon_months": "horizon (months)",
           "index": "position", "value": "value", "weight": "weight (points)"}


@dataclass(frozen=True)
class ChangeLine:
    """One recorded change as text: number (1 = oldest), when, who, what, details, why.

    ``moment`` is the local time as a naive datetime (None when the record's time cannot be
    read); ``recorded`` the time exactly as recorded (ISO 8601, UTC).
    """

    number: int
    when: str
    moment: dt.datetime | None
    who: str
    what: str
    detail: str
    why: str
    recorded: str


_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
"""A recorded ISO date and time (an award, a lock): shown as local date and time."""


def local_moment(at: str) -> dt.datetime | None:
    """A recorded ISO time as local time without a zone (None when it is not a time)."""
    try:
        moment = dt.datetime.fromisoformat(at.strip())
    except (ValueError, AttributeError):
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
    return moment.replace(microsecond=0)


def when_words(at: str) -> str:
    """A recorded time as local date and time, "2026-11-26 14:05"; the raw text otherwise."""
    moment = local_moment(at)
    return moment.strftime("%Y-%m-%d %H:%M") if moment is not None else at


def zone_words(entries: Sequence[AuditEntry]) -> str:
    """The local time zone(s) the entries' times are shown in: "UTC+01:00 / UTC+02:00";
    empty when no entry has a readable time with a zone."""
    offsets: list[str] = []
    for entry in entries:
        try:
            moment = dt.datetime.fromisoformat(entry.at.strip())
        except (ValueError, AttributeError):
            continue
        if moment.tzinfo is None:
            continue
        offset = moment.astimezone().utcoffset() or dt.timedelta(0)
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        text = f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        if text not in offsets:
            offsets.append(text)
    return " / ".join(offsets)


def times_words(entries: Sequence[AuditEntry]) -> str:
    """How the entries' times are shown, as a sentence: "Times are local (UTC+01:00)."."""
    zone = zone_words(entries)
    return f"Times are local ({zone})." if zone else "Times are as recorded."


def change_lines(entries: Sequence[AuditEntry], evaluation: Evaluation) -> list[ChangeLine]:
    """Every entry in words, oldest first, numbered from 1."""
    names = _names(evaluation)
    return [
        ChangeLine(
            number=number,
            when=when_words(entry.at),
            moment=local_moment(entry.at),
            who=entry.who.strip() or "unknown",
            what=entry.action.strip() or "Change",
            detail=detail_words(entry.detail, evaluation, names),
            why=entry.reason.strip(),
            recorded=entry.at,
        )
        for number, entry in enumerate(entries, start=1)
    ]


def _names(evaluation: Evaluation) -> dict[str, dict[str, str]]:
    return {
        "providers": {p.key: p.name for p in evaluation.providers},
        "criteria": {c.key: c.name for c in evaluation.criteria},
        "evaluators": {e.key: e.name for e in evaluation.evaluators},
        "terms": {t.key: t.name for t in evaluation.terms},
    }


def detail_words(detail: str, evaluation: Evaluation,
                 names: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """An edit's recorded settings as "label: value" pairs joined by "; ", a changed setting
    as "label: old -> new".

    Keys become names where the evaluation still has them (a removed provider keeps its key);
    settings that are not JSON are shown as recorded.
    """
    names = names if names is not None else _names(evaluation)
    read = read_detail(detail)
    if read is None:
        return detail.strip()
    parts: list[str] = []
    for field, value in read.settings.items():
        if value == field and field in _WHOLE_RECORDS:
            continue  # "scenario: scenario" says nothing; its changes follow
        label = _KEY_OF.get(read.edit, field) if field == "key" else field
        words = _value_words(label, value, read.settings, evaluation, names)
        if field in read.changed:
            old, new = read.changed[field]
            words = (_value_words(label, old, read.settings, evaluation, names) + ARROW
                     + _value_words(label, new, read.settings, evaluation, names))
        parts.append(f"{_LABELS.get(label, label.replace('_', ' '))}: {words}")
    for field, (old, new) in read.changed.items():
        if field in read.settings:
            continue  # shown in place above
        if field in _SCENARIO_WORDS or field == "business_hours":
            parts.extend(_scenario_change(field, old, new))
            continue
        if field in ("min", "max") and "scale" in read.settings:
            field = f"scale {field}imum"
        parts.append(f"{_LABELS.get(field, field.replace('_', ' '))}: "
                     f"{_value_words(field, old, read.settings, evaluation, names)}{ARROW}"
                     f"{_value_words(field, new, read.settings, evaluation, names)}")
    return "; ".join(parts) or "no change"


def _value_words(field: str, value: Any, data: Mapping[str, Any], evaluation: Evaluation,
                 names: Mapping[str, Mapping[str, str]]) -> str:
    if field in _NAMED and isinstance(value, str):
        return names[_NAMED[field]].get(value, value)
    if value is None:
        return "cleared"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if field == "value" and isinstance(data.get("term"), str):
        term = next((t for t in evaluation.terms if t.key == data["term"]), None)
        if term is not None:
            try:
                return format_term_value(term, value, evaluation.currency)
            except (TypeError, ValueError, KeyError, AttributeError):
                pass
    if isinstance(value, int | float):
        return format_number(float(value), 4)
    if field == "edits" and isinstance(value, list):
        count = f"{len(value)} change{'s' if len(value) != 1 else ''}"
        inner = [detail_words(json.dumps(item), evaluation, names) for item in value
                 if isinstance(item, dict) and isinstance(item.get("changed"), dict)]
        return f"{count} ({' / '.join(inner)})" if inner else count
    if isinstance(value, str) and not value.strip():
        return "none"  # an empty setting, e.g. no lock before the criteria were locked
    if isinstance(value, str) and _MOMENT.match(value):
        return when_words(value)  # "2026-09-15 10:30", as in the When column
    if isinstance(value, str):
        return f'"{value}"' if field in ("rationale", "label", "name") else value
    return json.dumps(value, ensure_ascii=False, default=str)


# --------------------------------------------------------------------------- the scenario

_WHOLE_RECORDS = frozenset({"scenario", "scale"})
"""Settings recorded as the kind of record they replace; what changed in them follows."""



def _share(value: Any) -> str:
    return f"{format_number(float(value) * 100, 2)} %" if isinstance(value, int | float) \
        else _plain_words(value)


def _clock(value: Any) -> str:
    if not isinstance(value, int | float):
        return _plain_words(value)
    minutes = round(float(value) * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _days(value: Any) -> str:
    if not isinstance(value, list) or not all(isinstance(d, int) and 0 <= d < 7 for d in value):
        return _plain_words(value)
    return day_names(sorted(value))


def _outcomes(value: Any) -> str:
    """Uptime outcomes [[uptime, probability], ...] as "99.8 % (15 %)" each."""
    if not isinstance(value, list):
        return _plain_words(value)
    words = []
    for item in value:
        if isinstance(item, list) and len(item) == 2:
            words.append(f"{format_number(float(item[0]), 3)} % ({_share(item[1])})")
        else:
            words.append(_plain_words(item))
    return ", ".join(words) or "none"


def _plain_words(value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return format_number(float(value), 4)
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


# field recorded -> (its label on the Overview page, how one of its values reads)
_SCENARIO_WORDS: dict[str, tuple[str, Any]] = {
    "incidents_per_month": ("incidents a month", _plain_words),
    "severity_weights": ("priority weight", _share),
    "uptime_scenario": ("uptime scenario", _outcomes),
    "claim_success": ("claim success", _share),
    "support_hours_month": ("support hours a month", _plain_words),
    "exit_month": ("exit month", _plain_words),
}
_HOURS_WORDS: dict[str, tuple[str, Any]] = {
    "days": ("business days", _days),
    "start_hour": ("business hours start", _clock),
    "end_hour": ("business hours end", _clock),
    "zone": ("time zone", _plain_words),
    "holiday_country": ("public holidays of", _plain_words),
    "holiday_subdiv": ("public holidays of region", _plain_words),
    "closed": ("days closed", _plain_words),
}


def _scenario_change(field: str, old: Any, new: Any) -> list[str]:
    """One changed part of the buyer's scenario as "label: old -> new" lines; a table
    (incidents per priority, business hours) by the cells that changed."""
    if field == "business_hours":
        if not (isinstance(old, dict) and isinstance(new, dict)):
            return [f"business hours: {_plain_words(old)}{ARROW}{_plain_words(new)}"]
        return [f"{label}: {show(old.get(name))}{ARROW}{show(new.get(name))}"
                for name, (label, show) in _HOURS_WORDS.items()
                if old.get(name) != new.get(name)]
    label, show = _SCENARIO_WORDS[field]
    if isinstance(old, dict) and isinstance(new, dict):
        return [f"{label} {key}: {show(old.get(key))}{ARROW}{show(new.get(key))}"
                for key in sorted(set(old) | set(new)) if old.get(key) != new.get(key)]
    return [f"{label}: {show(old)}{ARROW}{show(new)}"]
