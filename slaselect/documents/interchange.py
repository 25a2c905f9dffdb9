"""Interchange JSON version 1 (shared/CONTRACT.md section 3): a strict reader and a writer.

``evaluation_from_dict`` accepts only what the contract allows and names the field of the
first problem (``criteria[3].weight must be >= 0, got -5``). ``evaluation_to_dict`` writes
everything the model holds, so project -> JSON -> project is lossless.

Extensions (documented in docs/interchange.md), all optional on reading:
``description`` on criteria and terms, ``period`` on money terms.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from slaselect.documents import fields as f
from slaselect.documents.term_values import check_term_value
from slaselect.domain.figures import FIGURE_NAMES
from slaselect.domain.model import (
    SEVERITIES,
    BusinessHours,
    Consensus,
    Criterion,
    CriterionKind,
    Evaluation,
    Evaluator,
    EvaluatorRole,
    MoneyPeriod,
    MustHave,
    MustHaveKind,
    PriceFormula,
    Provider,
    Round,
    Scale,
    Scenario,
    Score,
    Term,
    TermType,
    UptimeOutcome,
    ValueFunction,
    ValueFunctionKind,
)

FORMAT = "slaselect-evaluation"
VERSION = 1
MAX_JSON_BYTES = 200 * 1024 * 1024
SCALAR_FIGURES = tuple(
    name
    for name in FIGURE_NAMES
    if name not in ("response_real_minutes", "resolution_real_minutes")
)
_VALUE_FUNCTIONS_FOR = {
    TermType.PERCENT: ("linear", "log", "nines"),
    TermType.NUMBER: ("linear", "log"),
    TermType.DURATION: ("linear", "log"),
    TermType.MONEY: ("linear", "log"),
    TermType.SEVERITY_DURATIONS: ("log",),
    TermType.CHOICE: ("ordinal",),
}
_MUST_HAVES_FOR = {
    TermType.PERCENT: ("min", "max"),
    TermType.NUMBER: ("min", "max"),
    TermType.DURATION: ("min", "max"),
    TermType.MONEY: ("min", "max"),
    TermType.FLAG: ("true",),
    TermType.CHECKLIST: ("includes",),
    TermType.CHOICE: ("at_least",),
}


# --------------------------------------------------------------------------- reading


def load_json_file(path: Path) -> Evaluation:
    """Read and validate an interchange JSON file; raise InterchangeError with a clear reason."""
    try:
        size = path.stat().st_size
        if size > MAX_JSON_BYTES:
            raise f.InterchangeError(
                f"cannot read {path.name}: it is {size // 1_048_576} MB, more than the "
                f"{MAX_JSON_BYTES // 1_048_576} MB an evaluation file may have"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise f.InterchangeError(f"cannot read {path}: no such file") from None
    except IsADirectoryError:
        raise f.InterchangeError(f"cannot read {path}: it is a folder, not a file") from None
    except PermissionError:
        raise f.InterchangeError(f"cannot read {path}: permission denied") from None
    return loads(raw, path.name)


def loads(raw: bytes | str, source: str = "the JSON") -> Evaluation:
    """Parse and validate interchange JSON text."""
    try:
        document = json.loads(raw, parse_constant=_refuse_constant)
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
    return evaluation_from_dict(document)


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def evaluation_from_dict(document: Any) -> Evaluation:
    """Validate an interchange document (already parsed) and build the evaluation."""
    top = f.obj(document, "the file")
    f.check_json_values(top)
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
    scale = _scale(header.get("scale", {"min": 0, "max": 10}))
    terms = tuple(
        _term(item, f"terms[{i}]") for i, item in enumerate(f.lst(top.get("terms", []), "terms"))
    )
    f.unique_keys(list(terms), "terms")
    term_by_key = {t.key: t for t in terms}
    criteria = tuple(
        _criterion(item, f"criteria[{i}]", term_by_key, scale)
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
    scenario = _scenario(top["scenario"]) if "scenario" in top else Scenario()
    ask = _ask(top.get("ask", {}), term_by_key)
    locked_at = f.text(header.get("criteria_locked_at", ""), "evaluation.criteria_locked_at")

    return Evaluation(
        name=f.text(f.required(header, "name", "evaluation"), "evaluation.name", allow_empty=False),
        currency=f.text(header.get("currency", "USD"), "evaluation.currency", allow_empty=False),
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
    )


MAX_HORIZON_MONTHS = 600


def _horizon(value: Any) -> int:
    months = f.integer(value, "evaluation.horizon_months", minimum=1)
    if months > MAX_HORIZON_MONTHS:
        raise f.fail("evaluation.horizon_months", f"must be <= {MAX_HORIZON_MONTHS} (50 years)",
                     months)
    return months


def _ask(value: Any, terms: Mapping[str, Term]) -> dict[str, Any]:
    """The buyer's requested terms: ``{term_key: value}`` checked like a round's values."""
    values = f.obj(value, "ask")
    checked: dict[str, Any] = {}
    for term_key, term_value in values.items():
        here = f.member("ask", term_key)
        term = terms.get(term_key)
        if term is None:
            raise f.fail(here, "names no term in terms")
        checked[term_key] = check_term_value(term, term_value, here)
    return checked


def _scale(value: Any) -> Scale:
    scale = f.obj(value, "evaluation.scale")
    low = f.number(f.required(scale, "min", "evaluation.scale"), "evaluation.scale.min")
    high = f.number(
        f.required(scale, "max", "evaluation.scale"), "evaluation.scale.max", above=low
    )
    return Scale(low, high)


def _term(value: Any, path: str) -> Term:
    item = f.obj(value, path)
    term_type = TermType(f.choice(f.required(item, "type", path), f"{path}.type", list(TermType)))
    options: tuple[str, ...] = ()
    if "options" in item or term_type in (TermType.CHOICE, TermType.CHECKLIST):
        raw_options = f.lst(f.required(item, "options", path), f"{path}.options")
        options = tuple(f.text(o, f"{path}.options[{i}]") for i, o in enumerate(raw_options))
        if term_type in (TermType.CHOICE, TermType.CHECKLIST) and not options:
            raise f.fail(f"{path}.options", "must list at least one option")
        if len(set(options)) != len(options):
            raise f.fail(f"{path}.options", "lists an option twice")
    term = Term(
        key=f.key(f.required(item, "key", path), f"{path}.key"),
        name=f.text(f.required(item, "name", path), f"{path}.name", allow_empty=False),
        category=f.text(item.get("category", ""), f"{path}.category"),
        type=term_type,
        unit=f.text(item.get("unit", ""), f"{path}.unit"),
        options=options,
        period=(
            MoneyPeriod(f.choice(item["period"], f"{path}.period", list(MoneyPeriod)))
            if item.get("period") is not None
            else None
        ),
        description=f.text(item.get("description", ""), f"{path}.description"),
    )
    value_function = (
        _value_function(item["value_function"], f"{path}.value_function", term)
        if item.get("value_function") is not None
        else None
    )
    must_have = (
        _must_have(item["must_have"], f"{path}.must_have", term)
        if item.get("must_have") is not None
        else None
    )
    return replace(term, value_function=value_function, must_have=must_have)


def _value_function(value: Any, path: str, term: Term) -> ValueFunction:
    item = f.obj(value, path)
    allowed = _VALUE_FUNCTIONS_FOR.get(term.type, ())
    if not allowed:
        raise f.fail(path, f"is not used by a {term.type.value} term; remove it")
    kind = ValueFunctionKind(f.choice(f.required(item, "kind", path), f"{path}.kind", allowed))
    if kind is ValueFunctionKind.ORDINAL:
        mapping = f.obj(f.required(item, "map", path), f"{path}.map")
        scores = {}
        for option, score in mapping.items():
            f.choice(option, f"{path}.map", term.options)
            scores[option] = f.number(score, f.member(f"{path}.map", option), minimum=0, maximum=10)
        return ValueFunction(kind, map=scores)
    worst = f.number(f.required(item, "worst", path), f"{path}.worst")
    ideal = f.number(f.required(item, "ideal", path), f"{path}.ideal")
    if worst == ideal:
        raise f.fail(f"{path}.ideal", "must differ from worst", ideal)
    if kind is ValueFunctionKind.LOG:
        f.number(worst, f"{path}.worst", above=0)
        f.number(ideal, f"{path}.ideal", above=0)
    if kind is ValueFunctionKind.NINES:
        f.number(worst, f"{path}.worst", minimum=0)
        f.number(ideal, f"{path}.ideal", minimum=0)
        if worst >= 100:
            raise f.fail(f"{path}.worst", "must be below 100", worst)
        if ideal >= 100:
            raise f.fail(
                f"{path}.ideal", "must be below 100 (100 % has infinitely many nines)", ideal
            )
    return ValueFunction(kind, worst, ideal)


def _must_have(value: Any, path: str, term: Term) -> MustHave:
    item = f.obj(value, path)
    allowed = _MUST_HAVES_FOR.get(term.type, ())
    if not allowed:
        raise f.fail(path, f"cannot be set on a {term.type.value} term")
    if len(item) != 1:
        raise f.fail(path, f"must hold exactly one of {', '.join(allowed)}", value)
    (name, limit), = item.items()
    kind = MustHaveKind(f.choice(name, path, allowed))
    here = f"{path}.{name}"
    if kind in (MustHaveKind.MIN, MustHaveKind.MAX):
        return MustHave(kind, check_term_value(term, limit, here))
    if kind is MustHaveKind.TRUE:
        if limit is not True:
            raise f.fail(here, "must be true", limit)
        return MustHave(kind, True)
    if kind is MustHaveKind.INCLUDES:
        return MustHave(kind, check_term_value(term, limit, here))
    return MustHave(kind, f.choice(limit, here, term.options))


def _criterion(value: Any, path: str, terms: Mapping[str, Term], scale: Scale) -> Criterion:
    item = f.obj(value, path)
    kind = CriterionKind(
        f.choice(f.required(item, "kind", path), f"{path}.kind", list(CriterionKind))
    )
    base: dict[str, Any] = {
        "key": f.key(f.required(item, "key", path), f"{path}.key"),
        "name": f.text(f.required(item, "name", path), f"{path}.name", allow_empty=False),
        "group": f.text(item.get("group", ""), f"{path}.group"),
        "weight": f.number(f.required(item, "weight", path), f"{path}.weight", minimum=0),
        "kind": kind,
        "description": f.text(item.get("description", ""), f"{path}.description"),
    }
    if kind is CriterionKind.JUDGEMENT:
        if item.get("min_score") is not None:
            base["min_score"] = f.number(
                item["min_score"], f"{path}.min_score", minimum=scale.min, maximum=scale.max
            )
        rubric = f.obj(item.get("rubric", {}), f"{path}.rubric")
        base["rubric"] = {
            str(level): f.text(words, f.member(f"{path}.rubric", level))
            for level, words in rubric.items()
        }
    elif kind is CriterionKind.TERM:
        term_key = f.key(f.required(item, "term", path), f"{path}.term")
        term = terms.get(term_key)
        if term is None:
            raise f.fail(f"{path}.term", "names no term in terms", term_key)
        if term.value_function is None and term.type not in (TermType.FLAG, TermType.CHECKLIST):
            raise f.fail(
                f"{path}.term", "names a term without a value function, so it cannot be scored",
                term_key,
            )
        base["term"] = term_key
    else:
        base["figure"] = f.choice(item.get("figure", "tco"), f"{path}.figure", SCALAR_FIGURES)
        formula = PriceFormula(
            f.choice(item.get("formula", "lowest_ratio"), f"{path}.formula", list(PriceFormula))
        )
        base["formula"] = formula
        if item.get("best") is not None:
            base["best"] = f.number(item["best"], f"{path}.best")
        if item.get("worst") is not None:
            base["worst"] = f.number(item["worst"], f"{path}.worst")
        if formula is PriceFormula.FIXED_RANGE:
            best = f.number(f.required(item, "best", path), f"{path}.best")
            worst = f.number(f.required(item, "worst", path), f"{path}.worst")
            if best == worst:
                raise f.fail(f"{path}.worst", "must differ from best", worst)
        base["a"] = f.number(item.get("a", 2), f"{path}.a", above=1)
    return Criterion(**base)


def _provider(value: Any, path: str) -> Provider:
    item = f.obj(value, path)
    certifications = f.lst(item.get("certifications", []), f"{path}.certifications")
    severity_names = f.obj(item.get("severity_names", {}), f"{path}.severity_names")
    for severity in severity_names:
        f.choice(severity, f"{path}.severity_names", SEVERITIES)
    return Provider(
        key=f.key(f.required(item, "key", path), f"{path}.key"),
        name=f.text(f.required(item, "name", path), f"{path}.name", allow_empty=False),
        notes=f.text(item.get("notes", ""), f"{path}.notes"),
        contact=f.text(item.get("contact", ""), f"{path}.contact"),
        website=f.text(item.get("website", ""), f"{path}.website"),
        certifications=tuple(
            f.text(c, f"{path}.certifications[{i}]") for i, c in enumerate(certifications)
        ),
        references=f.text(item.get("references", ""), f"{path}.references"),
        severity_names={
            s: f.text(n, f"{path}.severity_names.{s}") for s, n in severity_names.items()
        },
        excluded=f.text(item.get("excluded", ""), f"{path}.excluded"),
    )


def _evaluator(value: Any, path: str) -> Evaluator:
    item = f.obj(value, path)
    return Evaluator(
        key=f.key(f.required(item, "key", path), f"{path}.key"),
        name=f.text(f.required(item, "name", path), f"{path}.name", allow_empty=False),
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
    result = []
    seen: set[tuple[str, str, str]] = set()
    for i, value in enumerate(items):
        path = f"scores[{i}]"
        item = f.obj(value, path)
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
            checked[term_key] = check_term_value(term, term_value, here)
        result.append(
            Round(
                provider=str(provider),
                number=number,
                label=f.text(item.get("label", ""), f"{path}.label"),
                date=date,
                values=checked,
            )
        )
    return tuple(result)


def _severity_numbers(value: Any, path: str) -> dict[str, float]:
    item = f.obj(value, path)
    result = {}
    for severity, number in item.items():
        f.choice(severity, path, SEVERITIES)
        result[severity] = f.number(number, f"{path}.{severity}", minimum=0)
    return result


def _scenario(value: Any) -> Scenario:
    path = "scenario"
    item = f.obj(value, path)
    default = Scenario()
    hours = default.business_hours
    if "business_hours" in item:
        raw_hours = f.obj(item["business_hours"], f"{path}.business_hours")
        days = tuple(
            f.integer(d, f"{path}.business_hours.days[{i}]", minimum=0)
            for i, d in enumerate(f.lst(raw_hours.get("days", list(hours.days)),
                                        f"{path}.business_hours.days"))
        )
        for i, day in enumerate(days):
            if day > 6:
                raise f.fail(f"{path}.business_hours.days[{i}]", "must be 0 (Monday) to 6", day)
        if len(set(days)) != len(days):
            raise f.fail(f"{path}.business_hours.days", "lists a day twice")
        start = f.number(
            raw_hours.get("start_hour", hours.start_hour), f"{path}.business_hours.start_hour",
            minimum=0, maximum=24,
        )
        end = f.number(
            raw_hours.get("end_hour", hours.end_hour), f"{path}.business_hours.end_hour",
            above=start, maximum=24,
        )
        hours = BusinessHours(days, start, end)
    uptime_scenario = default.uptime_scenario
    if "uptime_scenario" in item:
        outcomes = []
        for i, raw in enumerate(f.lst(item["uptime_scenario"], f"{path}.uptime_scenario")):
            here = f"{path}.uptime_scenario[{i}]"
            outcome = f.obj(raw, here)
            outcomes.append(
                UptimeOutcome(
                    f.number(f.required(outcome, "uptime", here), f"{here}.uptime",
                             minimum=0, maximum=100),
                    f.number(f.required(outcome, "p", here), f"{here}.p", minimum=0, maximum=1),
                )
            )
        total = sum(o.p for o in outcomes)
        if outcomes and not math.isclose(total, 1.0, abs_tol=1e-6):
            raise f.fail(f"{path}.uptime_scenario", "probabilities must add up to 1", total)
        uptime_scenario = tuple(outcomes)
    return Scenario(
        incidents_per_month=_severity_numbers(
            item.get("incidents_per_month", default.incidents_per_month),
            f"{path}.incidents_per_month",
        ),
        severity_weights=_severity_numbers(
            item.get("severity_weights", default.severity_weights), f"{path}.severity_weights"
        ),
        business_hours=hours,
        uptime_scenario=uptime_scenario,
        claim_success=f.number(
            item.get("claim_success", default.claim_success), f"{path}.claim_success",
            minimum=0, maximum=1,
        ),
        support_hours_month=f.number(
            item.get("support_hours_month", default.support_hours_month),
            f"{path}.support_hours_month", minimum=0,
        ),
        exit_month=f.integer(
            item.get("exit_month", default.exit_month), f"{path}.exit_month", minimum=0
        ),
    )


# --------------------------------------------------------------------------- writing


def _num(value: float) -> int | float:
    """Whole numbers as integers, so the JSON reads as it was typed."""
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


def evaluation_to_dict(evaluation: Evaluation) -> dict[str, Any]:
    """The evaluation as an interchange v1 document (plain dicts and lists)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "evaluation": {
            "name": evaluation.name,
            "currency": evaluation.currency,
            "horizon_months": evaluation.horizon_months,
            "scale": {"min": _num(evaluation.scale.min), "max": _num(evaluation.scale.max)},
            **(
                {"criteria_locked_at": evaluation.criteria_locked_at}
                if evaluation.criteria_locked_at else {}
            ),
        },
        "criteria": [criterion_to_dict(c) for c in evaluation.criteria],
        "terms": [term_to_dict(t) for t in evaluation.terms],
        "providers": [provider_to_dict(p) for p in evaluation.providers],
        "evaluators": [
            {"key": e.key, "name": e.name, "role": e.role.value} for e in evaluation.evaluators
        ],
        "scores": [
            {
                "provider": s.provider,
                "criterion": s.criterion,
                "evaluator": s.evaluator,
                "value": _num(s.value),
                "rationale": s.rationale,
            }
            for s in evaluation.scores
        ],
        "consensus": [
            {
                "provider": c.provider,
                "criterion": c.criterion,
                "value": _num(c.value),
                "rationale": c.rationale,
            }
            for c in evaluation.consensus
        ],
        "rounds": [
            {
                "provider": r.provider,
                "number": r.number,
                "label": r.label,
                "date": r.date,
                "values": dict(r.values),
            }
            for r in evaluation.rounds
        ],
        "scenario": scenario_to_dict(evaluation.scenario),
        **({"ask": dict(evaluation.ask)} if evaluation.ask else {}),
    }


def provider_to_dict(provider: Provider) -> dict[str, Any]:
    """A provider in interchange form; the optional details only when filled in."""
    item: dict[str, Any] = {"key": provider.key, "name": provider.name, "notes": provider.notes}
    for name in ("contact", "website", "references", "excluded"):
        if getattr(provider, name):
            item[name] = getattr(provider, name)
    if provider.certifications:
        item["certifications"] = list(provider.certifications)
    if provider.severity_names:
        item["severity_names"] = dict(provider.severity_names)
    return item


def criterion_to_dict(criterion: Criterion) -> dict[str, Any]:
    """One criterion in interchange form, with only the settings of its kind."""
    item: dict[str, Any] = {
        "key": criterion.key,
        "name": criterion.name,
        "group": criterion.group,
        "weight": _num(criterion.weight),
        "kind": criterion.kind.value,
    }
    if criterion.description:
        item["description"] = criterion.description
    if criterion.kind is CriterionKind.JUDGEMENT:
        if criterion.min_score is not None:
            item["min_score"] = _num(criterion.min_score)
        if criterion.rubric:
            item["rubric"] = dict(criterion.rubric)
    elif criterion.kind is CriterionKind.TERM:
        item["term"] = criterion.term
    else:
        item["figure"] = criterion.figure
        item["formula"] = criterion.formula.value
        if criterion.best is not None:
            item["best"] = _num(criterion.best)
        if criterion.worst is not None:
            item["worst"] = _num(criterion.worst)
        item["a"] = _num(criterion.a)
    return item


def term_to_dict(term: Term) -> dict[str, Any]:
    """One term definition in interchange form."""
    item: dict[str, Any] = {
        "key": term.key,
        "name": term.name,
        "category": term.category,
        "type": term.type.value,
    }
    if term.unit:
        item["unit"] = term.unit
    if term.options:
        item["options"] = list(term.options)
    if term.period is not None:
        item["period"] = term.period.value
    if term.value_function is not None:
        function = term.value_function
        if function.kind is ValueFunctionKind.ORDINAL:
            item["value_function"] = {"kind": "ordinal", "map": {
                k: _num(v) for k, v in function.map.items()
            }}
        else:
            item["value_function"] = {
                "kind": function.kind.value,
                "worst": _num(function.worst or 0.0),
                "ideal": _num(function.ideal or 0.0),
            }
    if term.must_have is not None:
        item["must_have"] = {term.must_have.kind.value: term.must_have.value}
    if term.description:
        item["description"] = term.description
    return item


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """The buyer's scenario in interchange form."""
    hours = scenario.business_hours
    return {
        "incidents_per_month": {k: _num(v) for k, v in scenario.incidents_per_month.items()},
        "severity_weights": {k: _num(v) for k, v in scenario.severity_weights.items()},
        "business_hours": {
            "days": list(hours.days),
            "start_hour": _num(hours.start_hour),
            "end_hour": _num(hours.end_hour),
        },
        "uptime_scenario": [{"uptime": _num(o.uptime), "p": _num(o.p)}
                            for o in scenario.uptime_scenario],
        "claim_success": _num(scenario.claim_success),
        "support_hours_month": _num(scenario.support_hours_month),
        "exit_month": scenario.exit_month,
    }


def dumps(evaluation: Evaluation) -> str:
    """The evaluation as interchange JSON text (UTF-8, indented, stable key order)."""
    return json.dumps(evaluation_to_dict(evaluation), ensure_ascii=False, indent=2) + "\n"

