"""Writing interchange JSON version 1: everything the model holds, so project -> JSON ->
project is lossless."""

from __future__ import annotations

import json
from typing import Any

from slaselect.documents.interchange.fields import FORMAT, VERSION
from slaselect.domain.model import (
    Criterion,
    CriterionKind,
    Evaluation,
    Provider,
    Scenario,
    Term,
    ValueFunctionKind,
)


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
            **(
                {"price_envelopes_opened_at": evaluation.price_envelopes_opened_at}
                if evaluation.price_envelopes_opened_at else {}
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
        **({"walk_away": dict(evaluation.walk_away)} if evaluation.walk_away else {}),
        **_conditions(evaluation),
    }


def _conditions(evaluation: Evaluation) -> dict[str, Any]:
    """``{"conditions": [...]}`` when there are any. A condition whose provider (or criterion)
    was removed, or that has no words left (its moderation note was cleared), is left out: it
    binds no one, and the reader would refuse it."""
    providers = {p.key for p in evaluation.providers}
    criteria = {c.key for c in evaluation.criteria}
    notes = {(c.provider, c.criterion): c.rationale for c in evaluation.consensus}
    kept = [
        {"provider": c.provider, "criterion": c.criterion, "text": c.text}
        for c in evaluation.conditions
        if c.provider in providers and (not c.criterion or c.criterion in criteria)
        and (c.text.strip() or notes.get((c.provider, c.criterion), "").strip())
    ]
    return {"conditions": kept} if kept else {}


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
    business_hours: dict[str, Any] = {
        "days": list(hours.days),
        "start_hour": _num(hours.start_hour),
        "end_hour": _num(hours.end_hour),
    }
    # The CONTRACT 7 service calendar is written only when stated, so files without it
    # read exactly as before.
    if hours.zone:
        business_hours["zone"] = hours.zone
    if hours.holiday_country:
        business_hours["holidays"] = {"country": hours.holiday_country,
                                      "subdiv": hours.holiday_subdiv}
    if hours.closed:
        business_hours["closed"] = list(hours.closed)
    return {
        "incidents_per_month": {k: _num(v) for k, v in scenario.incidents_per_month.items()},
        "severity_weights": {k: _num(v) for k, v in scenario.severity_weights.items()},
        "business_hours": business_hours,
        "uptime_scenario": [{"uptime": _num(o.uptime), "p": _num(o.p)}
                            for o in scenario.uptime_scenario],
        "claim_success": _num(scenario.claim_success),
        "support_hours_month": _num(scenario.support_hours_month),
        "exit_month": scenario.exit_month,
    }


def dumps(evaluation: Evaluation) -> str:
    """The evaluation as interchange JSON text (UTF-8, indented, stable key order)."""
    return json.dumps(evaluation_to_dict(evaluation), ensure_ascii=False, indent=2) + "\n"
