"""Reading interchange JSON version 1 (shared/CONTRACT.md section 3): strictly.

``evaluation_from_dict`` accepts only what the contract allows and names the field of the
first problem (``criteria[3].weight must be >= 0, got -5``). A provider's or the buyer's term
value is refused when the app would refuse it, with the app's sentence after the field
(``rounds[0].values.monthly_fee: Monthly fee must be between 0 and 1e+12; …``), and is kept
in the form the app saves: blank text is "not stated", so it is left out of the round.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from slaselect.collector import collector_paused
from slaselect.documents.files import UnreadableFile, read_capped
from slaselect.documents.interchange import fields as f
from slaselect.documents.interchange.fields import FORMAT, MAX_JSON_BYTES, VERSION
from slaselect.documents.interchange.read_scenario import read_scenario
from slaselect.documents.interchange.read_scores import scores_in_bulk
from slaselect.documents.interchange.read_terms import read_criterion, read_term
from slaselect.domain.edits.settings import check_opening_time
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import (
    SEVERITIES,
    AwardCondition,
    Consensus,
    CriterionKind,
    Evaluation,
    Evaluator,
    EvaluatorRole,
    Provider,
    Round,
    Scale,
    Scenario,
    Score,
    Term,
)
from slaselect.domain.text_limits import MAX_NAME_CHARS


def load_json_file(path: Path) -> Evaluation:
    """Read and validate an interchange JSON file; raise InterchangeError with a clear reason.

    Only a regular file is read (a FIFO would wait forever, ``/dev/zero`` never ends), and
    never more than ``MAX_JSON_BYTES``: what is read is counted, not what ``stat`` claims.
    """
    try:
        raw = read_capped(path, MAX_JSON_BYTES)
    except UnreadableFile as problem:
        if problem.too_large:
            raise f.InterchangeError(
                f"cannot read {path.name}: it is more than the {MAX_JSON_BYTES // 1_048_576} MB "
                "an evaluation file may have"
            ) from None
        raise f.InterchangeError(f"cannot read {path}: {problem.reason}") from None
    return loads(raw, path.name)


def loads(raw: bytes | str, source: str = "the JSON") -> Evaluation:
    """Parse and validate interchange JSON text."""
    with collector_paused():
        return _loads(raw, source)


def _loads(raw: bytes | str, source: str) -> Evaluation:
    quick = _read_with_orjson(raw)
    if quick is not None:
        return quick
    overflowed: list[str] = []

    def number(text: str) -> float:
        value = float(text)
        if math.isinf(value):  # "1e400": json makes it infinity; check_json_values names it
            overflowed.append(text)
        return value

    try:
        document = json.loads(raw, parse_constant=_refuse_constant, parse_float=number)
    except UnicodeDecodeError:
        raise f.InterchangeError(f"cannot read {source}: it is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise f.InterchangeError(
            f"cannot read {source}: not valid JSON ({error.msg} at line {error.lineno}, "
            f"column {error.colno})"
        ) from None
    except ValueError as error:
        raise f.InterchangeError(f"cannot read {source}: {error}") from None
    except RecursionError:
        raise f.InterchangeError(f"cannot read {source}: it is nested too deeply") from None
    plain = not overflowed and isinstance(raw, bytes) and f.plain_json_text(raw)
    return _evaluation_from_dict(document, values_checked=plain)


def _read_with_orjson(raw: bytes | str) -> Evaluation | None:
    """The evaluation as ``orjson`` parses the text, when it parses it and the reader accepts
    what it gives; None otherwise, and then the standard library's parser reads the text again
    and the reader names the problem in the words it always has.

    ``orjson`` is several times quicker on a tender's hundreds of thousands of scores, and
    stricter: it refuses what ``check_json_values`` would (a lone surrogate, escaped or
    encoded; NaN and Infinity; a number too large for a float), and UTF-16, a byte order mark
    and invalid UTF-8, so what it accepts needs no walk over every value. Where the two
    parsers could give different values, the document is read again: a whole number beyond
    64 bits is a float from ``orjson`` (an int from the standard library), which changes
    nothing once the reader makes every number a float, but for a comparison with a bound
    that large itself: a scale beyond 2**53 (exact floats) is read again. A document nested
    deeper than the standard library parses is refused by the reader (no field holds more
    than a few levels), and read again to be refused in the usual words.
    """
    import orjson  # only when a file is read: start-up stays light

    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    try:
        evaluation = _evaluation_from_dict(document, values_checked=True)
    except Exception:  # noqa: BLE001 - any refusal is named by the standard library's path
        return None
    scale = evaluation.scale
    if max(abs(scale.min), abs(scale.max)) > _EXACT_WHOLE_FLOAT:
        return None
    return evaluation


_EXACT_WHOLE_FLOAT = 2**53
"""Every whole number up to this size is exactly a float: a bound within it compares the same
with a number from either parser."""


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def evaluation_from_dict(document: Any) -> Evaluation:
    """Validate an interchange document (already parsed) and build the evaluation."""
    return _evaluation_from_dict(document, values_checked=False)


def _evaluation_from_dict(document: Any, *, values_checked: bool) -> Evaluation:
    """``values_checked``: the text it was parsed from cannot hold what ``check_json_values``
    refuses (``plain_json_text``), so that walk over every value is left out."""
    top = f.obj(document, "the file")
    if not values_checked:
        f.check_json_values(top)
    f.known_fields(top, "", _TOP_FIELDS)
    if top.get("format") != FORMAT:
        raise f.fail("format", f'must be "{FORMAT}"', top.get("format"))
    version = top.get("version")
    # A number, not a boolean: true == 1 in Python, but not in the file.
    if isinstance(version, bool) or not isinstance(version, int | float) or version < VERSION:
        raise f.fail("version", f"must be {VERSION}", version)
    if version > VERSION:
        raise f.InterchangeError(
            f"version {f.show(version)} is newer than this SLASelect reads (version {VERSION}); "
            "update SLASelect to open it"
        )

    header = f.obj(f.required(top, "evaluation", ""), "evaluation")
    f.known_fields(header, "evaluation", _HEADER_FIELDS)
    scale = _scale(header.get("scale", {"min": 0, "max": 10}))
    terms = tuple(
        read_term(item, f"terms[{i}]")
        for i, item in enumerate(f.lst(top.get("terms", []), "terms"))
    )
    f.unique_keys(list(terms), "terms")
    term_by_key = {t.key: t for t in terms}
    criteria = tuple(
        read_criterion(item, f"criteria[{i}]", term_by_key, scale)
        for i, item in enumerate(f.lst(top.get("criteria", []), "criteria"))
    )
    f.unique_keys(list(criteria), "criteria")
    providers = tuple(
        _provider(item, f"providers[{i}]")
        for i, item in enumerate(f.lst(top.get("providers", []), "providers"))
    )
    f.unique_keys(list(providers), "providers")
    evaluators = tuple(
        _evaluator(item, f"evaluators[{i}]")
        for i, item in enumerate(f.lst(top.get("evaluators", []), "evaluators"))
    )
    f.unique_keys(list(evaluators), "evaluators")

    provider_keys = {p.key for p in providers}
    judgement_keys = {c.key for c in criteria if c.kind is CriterionKind.JUDGEMENT}
    criterion_keys = {c.key for c in criteria}
    evaluator_keys = {e.key for e in evaluators}
    refs = _References(provider_keys, criterion_keys, judgement_keys, evaluator_keys)

    scores = _scores(f.lst(top.get("scores", []), "scores"), refs, scale)
    consensus = _consensus(f.lst(top.get("consensus", []), "consensus"), refs, scale)
    rounds = _rounds(f.lst(top.get("rounds", []), "rounds"), provider_keys, term_by_key)
    scenario = read_scenario(top["scenario"]) if "scenario" in top else Scenario()
    ask = _term_values(top.get("ask", {}), term_by_key, "ask")
    walk_away = _term_values(top.get("walk_away", {}), term_by_key, "walk_away")
    conditions = _conditions(f.lst(top.get("conditions", []), "conditions"), refs, consensus)
    locked_at = f.text(header.get("criteria_locked_at", ""), "evaluation.criteria_locked_at")
    opened_at = _opening(header.get("price_envelopes_opened_at", ""))

    return Evaluation(
        name=f.name(f.required(header, "name", "evaluation"), "evaluation.name"),
        currency=f.text(header.get("currency", "USD"), "evaluation.currency", allow_empty=False,
                        limit=MAX_NAME_CHARS),
        horizon_months=_horizon(header.get("horizon_months", 36)),
        scale=scale,
        criteria=criteria,
        terms=terms,
        providers=providers,
        evaluators=evaluators,
        scores=scores,
        consensus=consensus,
        rounds=rounds,
        scenario=scenario,
        ask=ask,
        criteria_locked_at=locked_at,
        walk_away=walk_away,
        conditions=conditions,
        price_envelopes_opened_at=opened_at,
    )


MAX_HORIZON_MONTHS = 600
_TOP_FIELDS = ("format", "version", "evaluation", "criteria", "terms", "providers",
               "evaluators", "scores", "consensus", "rounds", "scenario", "ask", "walk_away",
               "conditions")
_HEADER_FIELDS = ("name", "currency", "horizon_months", "scale", "criteria_locked_at",
                  "price_envelopes_opened_at")
_PROVIDER_FIELDS = ("key", "name", "notes", "contact", "website", "certifications",
                    "references", "severity_names", "excluded")


def _opening(value: Any) -> str:
    """When the price envelopes were opened: an ISO date or time, or '' (not recorded)."""
    path = "evaluation.price_envelopes_opened_at"
    text = f.text(value, path)
    try:
        return check_opening_time(text)
    except EvaluationError:
        raise f.fail(path, "is not an ISO date (2026-12-03) or time (2026-12-03T14:05:00Z)",
                     text) from None


def _horizon(value: Any) -> int:
    months = f.integer(value, "evaluation.horizon_months", minimum=1)
    if months > MAX_HORIZON_MONTHS:
        raise f.fail("evaluation.horizon_months", f"must be <= {MAX_HORIZON_MONTHS} (50 years)",
                     months)
    return months


def _term_values(value: Any, terms: Mapping[str, Term], path: str) -> dict[str, Any]:
    """``{term_key: value}`` (the ask, the walk-away limits) checked like a round's values."""
    values = f.obj(value, path)
    checked: dict[str, Any] = {}
    for term_key, term_value in values.items():
        here = f.member(path, term_key)
        term = terms.get(term_key)
        if term is None:
            raise f.fail(here, "names no term in terms")
        saved = f.term_value(term, term_value, here)
        if saved is not None:  # blank, like an emptied cell, is "not stated"
            checked[term_key] = saved
    return checked


def _conditions(items: list[Any], refs: _References,
                consensus: tuple[Consensus, ...]) -> tuple[AwardCondition, ...]:
    """Conditions of award: a provider, the moderated score's criterion (optional) and the
    condition's words (optional when the moderation note of that score says it)."""
    notes = {(c.provider, c.criterion): c.rationale for c in consensus}
    result: list[AwardCondition] = []
    seen: set[tuple[str, str]] = set()
    for i, value in enumerate(items):
        path = f"conditions[{i}]"
        item = f.obj(value, path)
        f.known_fields(item, path, ("provider", "criterion", "text"))
        provider = refs.provider(f.required(item, "provider", path), f"{path}.provider")
        criterion = item.get("criterion", "")
        if criterion not in ("", None):
            criterion = f.key(criterion, f"{path}.criterion")
            if criterion not in refs.criteria:
                raise f.fail(f"{path}.criterion", "names no criterion in criteria", criterion)
        else:
            criterion = ""
        text = f.text(item.get("text", ""), f"{path}.text").strip()
        if not text and not notes.get((provider, criterion), "").strip():
            raise f.fail(f"{path}.text", "is empty and there is no moderation note of that "
                         "score to stand for it")
        if (provider, criterion) in seen:
            raise f.fail(path, "repeats a condition for the same provider and criterion")
        seen.add((provider, criterion))
        result.append(AwardCondition(provider, criterion, text))
    return tuple(result)


def _scale(value: Any) -> Scale:
    scale = f.obj(value, "evaluation.scale")
    f.known_fields(scale, "evaluation.scale", ("min", "max"))
    low = f.number(f.required(scale, "min", "evaluation.scale"), "evaluation.scale.min")
    high = f.number(
        f.required(scale, "max", "evaluation.scale"), "evaluation.scale.max", above=low
    )
    return Scale(low, high)


def _provider(value: Any, path: str) -> Provider:
    item = f.obj(value, path)
    f.known_fields(item, path, _PROVIDER_FIELDS)
    certifications = f.lst(item.get("certifications", []), f"{path}.certifications")
    severity_names = f.obj(item.get("severity_names", {}), f"{path}.severity_names")
    for severity in severity_names:
        f.choice(severity, f"{path}.severity_names", SEVERITIES)
    return Provider(
        key=f.key(f.required(item, "key", path), f"{path}.key"),
        name=f.name(f.required(item, "name", path), f"{path}.name"),
        notes=f.text(item.get("notes", ""), f"{path}.notes"),
        contact=f.short_text(item.get("contact", ""), f"{path}.contact"),
        website=f.short_text(item.get("website", ""), f"{path}.website"),
        certifications=tuple(
            f.short_text(c, f"{path}.certifications[{i}]") for i, c in enumerate(certifications)
        ),
        references=f.text(item.get("references", ""), f"{path}.references"),
        severity_names={
            s: f.short_text(n, f"{path}.severity_names.{s}") for s, n in severity_names.items()
        },
        excluded=f.text(item.get("excluded", ""), f"{path}.excluded"),
    )


def _evaluator(value: Any, path: str) -> Evaluator:
    item = f.obj(value, path)
    f.known_fields(item, path, ("key", "name", "role"))
    return Evaluator(
        key=f.key(f.required(item, "key", path), f"{path}.key"),
        name=f.name(f.required(item, "name", path), f"{path}.name"),
        role=EvaluatorRole(
            f.choice(item.get("role", "other"), f"{path}.role", list(EvaluatorRole))
        ),
    )


class _References:
    def __init__(
        self,
        providers: set[str],
        criteria: set[str],
        judgement: set[str],
        evaluators: set[str],
    ) -> None:
        self.providers = providers
        self.criteria = criteria
        self.judgement = judgement
        self.evaluators = evaluators

    def provider(self, value: Any, path: str) -> str:
        if not isinstance(value, str) or value not in self.providers:
            raise f.fail(path, "names no provider in providers", value)
        return str(value)

    def judgement_criterion(self, value: Any, path: str) -> str:
        if not isinstance(value, str) or value not in self.criteria:
            raise f.fail(path, "names no criterion in criteria", value)
        if value not in self.judgement:
            raise f.fail(path, "names a criterion that is not scored by judgement", value)
        return str(value)

    def evaluator(self, value: Any, path: str) -> str:
        if not isinstance(value, str) or value not in self.evaluators:
            raise f.fail(path, "names no evaluator in evaluators", value)
        return str(value)


def _scores(items: list[Any], refs: _References, scale: Scale) -> tuple[Score, ...]:
    in_bulk = scores_in_bulk(items, refs.providers, refs.judgement, refs.evaluators, scale)
    if in_bulk is not None:
        return in_bulk
    result = []
    seen: set[tuple[str, str, str]] = set()
    for i, value in enumerate(items):
        path = f"scores[{i}]"
        item = f.obj(value, path)
        f.known_fields(item, path, ("provider", "criterion", "evaluator", "value", "rationale"))
        provider = refs.provider(f.required(item, "provider", path), f"{path}.provider")
        criterion = refs.judgement_criterion(
            f.required(item, "criterion", path), f"{path}.criterion"
        )
        evaluator = refs.evaluator(f.required(item, "evaluator", path), f"{path}.evaluator")
        if (provider, criterion, evaluator) in seen:
            raise f.fail(
                path, f"is a second score by {evaluator} of {provider} on {criterion}; "
                "keep one"
            )
        seen.add((provider, criterion, evaluator))
        score = f.number(
            f.required(item, "value", path), f"{path}.value", minimum=scale.min, maximum=scale.max
        )
        rationale = f.text(item.get("rationale", ""), f"{path}.rationale")
        result.append(Score(provider, criterion, evaluator, score, rationale))
    return tuple(result)


def _consensus(items: list[Any], refs: _References, scale: Scale) -> tuple[Consensus, ...]:
    result = []
    seen: set[tuple[str, str]] = set()
    for i, value in enumerate(items):
        path = f"consensus[{i}]"
        item = f.obj(value, path)
        f.known_fields(item, path, ("provider", "criterion", "value", "rationale"))
        provider = refs.provider(f.required(item, "provider", path), f"{path}.provider")
        criterion = refs.judgement_criterion(
            f.required(item, "criterion", path), f"{path}.criterion"
        )
        if (provider, criterion) in seen:
            raise f.fail(path, f"is a second consensus for {provider} on {criterion}; keep one")
        seen.add((provider, criterion))
        score = f.number(
            f.required(item, "value", path), f"{path}.value", minimum=scale.min, maximum=scale.max
        )
        rationale = f.text(item.get("rationale", ""), f"{path}.rationale")
        result.append(Consensus(provider, criterion, score, rationale))
    return tuple(result)


def _rounds(
    items: list[Any], providers: set[str], terms: Mapping[str, Term]
) -> tuple[Round, ...]:
    result = []
    seen: set[tuple[str, int]] = set()
    for i, value in enumerate(items):
        path = f"rounds[{i}]"
        item = f.obj(value, path)
        f.known_fields(item, path, ("provider", "number", "label", "date", "values"))
        provider = f.required(item, "provider", path)
        if not isinstance(provider, str) or provider not in providers:
            raise f.fail(f"{path}.provider", "names no provider in providers", provider)
        number = f.integer(f.required(item, "number", path), f"{path}.number", minimum=0)
        if (provider, number) in seen:
            raise f.fail(f"{path}.number", f"repeats round {number} of {provider}", number)
        seen.add((provider, number))
        date = f.date(item.get("date", ""), f"{path}.date")
        values = f.obj(item.get("values", {}), f"{path}.values")
        checked: dict[str, Any] = {}
        for term_key, term_value in values.items():
            here = f.member(f"{path}.values", term_key)
            term = terms.get(term_key)
            if term is None:
                raise f.fail(here, "names no term in terms")
            saved = f.term_value(term, term_value, here)
            if saved is not None:  # blank, like an emptied cell, is "not stated"
                checked[term_key] = saved
        result.append(
            Round(
                provider=str(provider),
                number=number,
                label=f.short_text(item.get("label", ""), f"{path}.label"),
                date=date,
                values=checked,
            )
        )
    return tuple(result)
