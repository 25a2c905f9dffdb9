"""Interchange JSON v1 (shared/CONTRACT.md section 3): lossless round trips, strict validation
with messages that name the field, robustness against arbitrary input, free text as data."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import random_evaluation
from slaselect.documents.bundled import load_demo, load_template, resources_folder
from slaselect.documents.interchange import (
    InterchangeError,
    dumps,
    evaluation_from_dict,
    evaluation_to_dict,
    load_json_file,
    loads,
)
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import (
    Consensus,
    CriterionKind,
    Evaluation,
    Provider,
    Round,
    Score,
    Term,
    TermType,
)
from slaselect.domain.term_values import checked_term_value
from tests.factories import three_providers

Document = dict[str, Any]
Mutation = Callable[[Document], None]

# --------------------------------------------------------------------------- helpers


def small_document() -> Document:
    """three_providers() as JSON, plus one term of every remaining type with a valid value.

    Indices the cases below rely on: criteria[0] quality (judgement), criteria[1] uptime
    (term), criteria[2] leaving (price); providers a, b, c; evaluators e1, e2; scores[0] is
    e1's score of a on quality; consensus[0] is b on quality; rounds[0] is a's round 1.
    """
    document = evaluation_to_dict(three_providers())
    document["terms"] += [
        {"key": "response", "name": "Response time", "category": "Service levels",
         "type": "severity_durations", "value_function": {"kind": "log", "worst": 2880,
                                                          "ideal": 15}},
        {"key": "credit_tiers", "name": "Credit tiers", "category": "Service credits",
         "type": "credit_tiers"},
        {"key": "credit_mechanism", "name": "Credit mechanism", "category": "Service credits",
         "type": "choice", "options": ["on_claim", "automatic"],
         "value_function": {"kind": "ordinal", "map": {"on_claim": 3, "automatic": 10}}},
        {"key": "scope", "name": "Scope", "category": "Scope", "type": "checklist",
         "options": ["web", "app", "hosting"], "must_have": {"includes": ["web"]}},
        {"key": "early_termination_fee", "name": "Early termination fee",
         "category": "Term & termination", "type": "structured"},
        {"key": "liability_cap", "name": "Liability cap", "category": "Legal",
         "type": "structured"},
        {"key": "notice_days", "name": "Notice", "category": "Term & termination",
         "type": "duration", "unit": "days"},
        {"key": "remarks", "name": "Remarks", "category": "Other", "type": "text"},
    ]
    document["rounds"][0]["date"] = "2026-10-01"
    document["rounds"][0]["values"].update({
        "response": {"P1": {"minutes": 15, "clock": "24x7"},
                     "P2": {"minutes": 240, "clock": "business"}},
        "credit_tiers": [{"below": 99.9, "credit_pct": 10}, {"below": 99.0, "credit_pct": 25}],
        "credit_mechanism": "automatic",
        "scope": ["web", "app"],
        "early_termination_fee": {"kind": "months", "value": 3},
        "liability_cap": {"kind": "fees_12m"},
        "notice_days": 90,
        "remarks": "none",
    })
    return document


def at(document: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        document = document[step]
    return document


def set_at(*path: Any, value: Any) -> Mutation:
    def mutate(document: Document) -> None:
        at(document, path[:-1])[path[-1]] = value
    return mutate


def delete_at(*path: Any) -> Mutation:
    def mutate(document: Document) -> None:
        del at(document, path[:-1])[path[-1]]
    return mutate


def append_copy(name: str, index: int, **changes: Any) -> Mutation:
    def mutate(document: Document) -> None:
        document[name].append({**copy.deepcopy(document[name][index]), **changes})
    return mutate


def refused(document: Any) -> str:
    """The message evaluation_from_dict refuses the document with."""
    with pytest.raises(InterchangeError) as caught:
        evaluation_from_dict(document)
    return str(caught.value)


def refused_text(raw: bytes | str, source: str = "the JSON") -> str:
    with pytest.raises(InterchangeError) as caught:
        loads(raw, source)
    return str(caught.value)


# --------------------------------------------------------------------------- 1. round trips


def _evaluations() -> list[Any]:
    return [
        pytest.param(load_demo, id="demo"),
        pytest.param(load_template, id="template"),
        pytest.param(three_providers, id="three_providers"),
        pytest.param(lambda: three_providers(dpa_must_have=True), id="three_providers_dpa"),
        pytest.param(lambda: evaluation_from_dict(small_document()), id="small_document"),
        pytest.param(lambda: random_evaluation(1, 1, 1, rounds=1, seed=0), id="random_1x1x1"),
        pytest.param(lambda: random_evaluation(3, 10, 2, seed=7), id="random_3x10x2"),
        pytest.param(lambda: random_evaluation(6, 25, 4, rounds=3, extra_terms=5, seed=11),
                     id="random_6x25x4"),
        pytest.param(lambda: random_evaluation(12, 40, 3, rounds=4, extra_terms=20, seed=2026),
                     id="random_12x40x3"),
        pytest.param(lambda: random_evaluation(0, 0, 0, rounds=0, seed=3), id="random_empty"),
    ]


@pytest.mark.parametrize("make", _evaluations())
def test_dict_round_trip_is_lossless(make: Callable[[], Evaluation]) -> None:
    evaluation = make()
    assert evaluation_from_dict(evaluation_to_dict(evaluation)) == evaluation


@pytest.mark.parametrize("make", _evaluations())
def test_text_round_trip_is_lossless(make: Callable[[], Evaluation]) -> None:
    evaluation = make()
    text = dumps(evaluation)
    assert text.endswith("\n")
    assert loads(text) == evaluation
    assert loads(text.encode("utf-8")) == evaluation


@pytest.mark.parametrize("make", _evaluations())
def test_export_is_plain_strict_json(make: Callable[[], Evaluation]) -> None:
    document = evaluation_to_dict(make())
    # Only JSON types, no NaN/Infinity: the strict encoder accepts it as it is.
    assert json.loads(json.dumps(document, allow_nan=False)) == document


def test_demo_export_is_stable() -> None:
    first = dumps(load_demo())
    second = dumps(loads(first))
    assert json.loads(second) == json.loads(first)
    assert second == first


def test_demo_export_keeps_the_bundled_file() -> None:
    """Everything the bundled demo file says survives import and export (defaults may be
    added, nothing is dropped or changed)."""
    original = json.loads((resources_folder() / "demo" / "demo.json").read_text("utf-8"))
    exported = evaluation_to_dict(load_demo())

    def contained(small: Any, big: Any, path: str) -> None:
        if isinstance(small, dict):
            assert isinstance(big, dict), path
            for name, value in small.items():
                assert name in big, f"{path}.{name} lost"
                contained(value, big[name], f"{path}.{name}")
        elif isinstance(small, list):
            assert isinstance(big, list) and len(big) == len(small), path
            for index, (a, b) in enumerate(zip(small, big, strict=True)):
                contained(a, b, f"{path}[{index}]")
        else:  # 99.0 may come back as 99: the same JSON number; true must not become 1
            assert small == big and isinstance(small, bool) == isinstance(big, bool), path

    contained(original, exported, "")


def test_dumps_writes_readable_unicode() -> None:
    evaluation = replace(three_providers(), name="Évaluation — 2026 ✓")
    text = dumps(evaluation)
    assert "Évaluation — 2026 ✓" in text
    assert json.loads(text)["format"] == "slaselect-evaluation"
    assert json.loads(text)["version"] == 1


def test_load_json_file_reads_the_written_text(tmp_path: Path) -> None:
    path = tmp_path / "evaluation.json"
    path.write_text(dumps(load_demo()), encoding="utf-8")
    assert load_json_file(path) == load_demo()


def test_small_document_is_valid() -> None:
    evaluation = evaluation_from_dict(small_document())
    assert evaluation_to_dict(evaluation) == small_document()


# --------------------------------------------------------------------------- 2. validation

CASES: list[Any] = [
    # header
    pytest.param(set_at("format", value="slaselect-eval"),
                 'format must be "slaselect-evaluation", got "slaselect-eval"', id="format"),
    pytest.param(delete_at("format"), 'format must be "slaselect-evaluation", got null',
                 id="format-missing"),
    pytest.param(set_at("version", value=2),
                 "version 2 is newer than this SLASelect reads (version 1); "
                 "update SLASelect to open it", id="version-newer"),
    pytest.param(set_at("version", value=0), "version must be 1, got 0", id="version-0"),
    pytest.param(set_at("version", value="1"), 'version must be 1, got "1"', id="version-text"),
    pytest.param(set_at("version", value=True), "version must be 1, got true",
                 id="version-true"),
    pytest.param(delete_at("version"), "version must be 1, got null", id="version-missing"),
    pytest.param(delete_at("evaluation"), "evaluation is required", id="evaluation-missing"),
    pytest.param(set_at("evaluation", value=[]), "evaluation must be an object, got a list",
                 id="evaluation-list"),
    pytest.param(delete_at("evaluation", "name"), "evaluation.name is required",
                 id="name-missing"),
    pytest.param(set_at("evaluation", "name", value="   "), "evaluation.name must not be empty",
                 id="name-blank"),
    pytest.param(set_at("evaluation", "name", value=7), "evaluation.name must be text, got 7",
                 id="name-number"),
    pytest.param(set_at("evaluation", "horizon_months", value=0),
                 "evaluation.horizon_months must be >= 1, got 0", id="horizon-0"),
    pytest.param(set_at("evaluation", "horizon_months", value=12.5),
                 "evaluation.horizon_months must be a whole number, got 12.5", id="horizon-half"),
    pytest.param(set_at("evaluation", "scale", value={"min": 5, "max": 5}),
                 "evaluation.scale.max must be > 5, got 5", id="scale-equal"),
    pytest.param(set_at("evaluation", "scale", value={"min": 10, "max": 1}),
                 "evaluation.scale.max must be > 10, got 1", id="scale-reversed"),
    pytest.param(set_at("evaluation", "scale", value={"min": 0}),
                 "evaluation.scale.max is required", id="scale-no-max"),
    # keys and lists
    pytest.param(set_at("providers", 0, "key", value="Bad Key"),
                 'providers[0].key must be a key of lower-case letters, digits and _, '
                 'got "Bad Key"', id="key-bad-characters"),
    pytest.param(set_at("providers", 0, "key", value="café"),
                 'providers[0].key must be a key of lower-case letters, digits and _, '
                 'got "café"', id="key-accent"),
    pytest.param(set_at("providers", 0, "key", value=""),
                 'providers[0].key must be a key of lower-case letters, digits and _, got ""',
                 id="key-empty"),
    pytest.param(set_at("providers", 1, "key", value="a"),
                 'providers[1].key repeats an earlier key, got "a"', id="provider-duplicate"),
    pytest.param(append_copy("evaluators", 0), 'evaluators[2].key repeats an earlier key, got "e1"',
                 id="evaluator-duplicate"),
    pytest.param(set_at("providers", value={}), "providers must be a list, got an object",
                 id="providers-object"),
    pytest.param(delete_at("providers", 2, "name"), "providers[2].name is required",
                 id="provider-name-missing"),
    pytest.param(set_at("providers", 2, "notes", value=None),
                 "providers[2].notes must be text, got null", id="provider-notes-null"),
    pytest.param(set_at("evaluators", 0, "role", value="boss"),
                 'evaluators[0].role must be one of procurement, it, legal, business, other, '
                 'got "boss"', id="evaluator-role"),
    # criteria
    pytest.param(set_at("criteria", 0, "weight", value=-5),
                 "criteria[0].weight must be >= 0, got -5", id="weight-negative"),
    pytest.param(set_at("criteria", 0, "weight", value="50"),
                 'criteria[0].weight must be a number, got "50"', id="weight-text"),
    pytest.param(set_at("criteria", 0, "weight", value=True),
                 "criteria[0].weight must be a number, got true", id="weight-bool"),
    pytest.param(set_at("criteria", 0, "weight", value=10**400),
                 "criteria[0].weight is too large a number, got 1" + "0" * 39 + "…",
                 id="weight-huge-int"),
    pytest.param(set_at("criteria", 0, "kind", value="vibes"),
                 'criteria[0].kind must be one of judgement, term, price, got "vibes"',
                 id="kind-unknown"),
    pytest.param(set_at("criteria", 0, "min_score", value=6),
                 "criteria[0].min_score must be <= 5, got 6", id="min-score-above-scale"),
    pytest.param(set_at("criteria", 1, "term", value="nope"),
                 'criteria[1].term names no term in terms, got "nope"', id="term-missing"),
    pytest.param(set_at("criteria", 1, "term", value="monthly_fee"),
                 'criteria[1].term names a term without a value function, so it cannot be '
                 'scored, got "monthly_fee"', id="term-without-function"),
    pytest.param(set_at("criteria", 2, "formula", value="cheapest"),
                 'criteria[2].formula must be one of lowest_ratio, fixed_range, '
                 'proportional_deviation, log, got "cheapest"', id="formula-unknown"),
    pytest.param(set_at("criteria", 2, "formula", value="fixed_range"),
                 "criteria[2].best is required", id="fixed-range-no-best"),
    pytest.param(lambda d: d["criteria"][2].update(formula="fixed_range", best=100),
                 "criteria[2].worst is required", id="fixed-range-no-worst"),
    pytest.param(lambda d: d["criteria"][2].update(formula="fixed_range", best=100, worst=100),
                 "criteria[2].worst must differ from best, got 100", id="fixed-range-equal"),
    pytest.param(set_at("criteria", 2, "figure", value="vibes"),
                 'criteria[2].figure must be one of', id="figure-unknown"),
    pytest.param(set_at("criteria", 2, "a", value=1), "criteria[2].a must be > 1, got 1",
                 id="log-a"),
    # terms
    pytest.param(set_at("terms", 0, "type", value="fraction"),
                 'terms[0].type must be one of percent, number, duration, severity_durations, '
                 'money, credit_tiers, choice, flag, checklist, structured, text, '
                 'got "fraction"', id="term-type"),
    pytest.param(set_at("terms", 0, "value_function", "kind", value="ordinal"),
                 'terms[0].value_function.kind must be one of linear, log, nines, '
                 'got "ordinal"', id="value-function-kind"),
    pytest.param(set_at("terms", 0, "value_function", "ideal", value=100),
                 "terms[0].value_function.ideal must be below 100 (100 % has infinitely many "
                 "nines), got 100", id="nines-100"),
    pytest.param(set_at("terms", 1, "period", value="week"),
                 'terms[1].period must be one of once, month, year, hour, got "week"',
                 id="money-period"),
    pytest.param(set_at("terms", 11, "must_have", value={"min": 1}),
                 "terms[11].must_have cannot be set on a text term", id="must-have-text"),
    pytest.param(set_at("terms", 7, "options", value=["web", "web"]),
                 "terms[7].options lists an option twice", id="options-twice"),
    pytest.param(set_at("terms", 6, "value_function", "map", "sometimes", value=5),
                 'terms[6].value_function.map must be one of on_claim, automatic, '
                 'got "sometimes"', id="ordinal-unknown-option"),
    pytest.param(set_at("terms", 7, "must_have", value={"includes": ["moon"]}),
                 'terms[7].must_have.includes[0]: Scope may only list its own options.',
                 id="must-have-unknown-option"),
    # scores and consensus
    pytest.param(set_at("scores", 0, "value", value=6),
                 "scores[0].value must be <= 5, got 6", id="score-above-scale"),
    pytest.param(set_at("scores", 0, "value", value=-0.5),
                 "scores[0].value must be >= 0, got -0.5", id="score-below-scale"),
    pytest.param(set_at("scores", 0, "provider", value="zed"),
                 'scores[0].provider names no provider in providers, got "zed"',
                 id="score-unknown-provider"),
    pytest.param(set_at("scores", 0, "provider", value=["a"]),
                 "scores[0].provider names no provider in providers, got a list",
                 id="score-provider-list"),
    pytest.param(set_at("scores", 0, "criterion", value="nope"),
                 'scores[0].criterion names no criterion in criteria, got "nope"',
                 id="score-unknown-criterion"),
    pytest.param(set_at("scores", 0, "evaluator", value="e9"),
                 'scores[0].evaluator names no evaluator in evaluators, got "e9"',
                 id="score-unknown-evaluator"),
    pytest.param(set_at("scores", 0, "evaluator", value={"key": "e1"}),
                 "scores[0].evaluator names no evaluator in evaluators, got an object",
                 id="score-evaluator-object"),
    pytest.param(set_at("scores", 0, "criterion", value="uptime"),
                 'scores[0].criterion names a criterion that is not scored by judgement, '
                 'got "uptime"', id="score-on-term-criterion"),
    pytest.param(set_at("scores", 0, "criterion", value="leaving"),
                 'scores[0].criterion names a criterion that is not scored by judgement, '
                 'got "leaving"', id="score-on-price-criterion"),
    pytest.param(append_copy("scores", 0, value=1),
                 "scores[6] is a second score by e1 of a on quality; keep one",
                 id="score-duplicate"),
    pytest.param(delete_at("scores", 0, "value"), "scores[0].value is required",
                 id="score-no-value"),
    pytest.param(set_at("consensus", 0, "value", value=5.5),
                 "consensus[0].value must be <= 5, got 5.5", id="consensus-above-scale"),
    pytest.param(set_at("consensus", 0, "criterion", value="uptime"),
                 'consensus[0].criterion names a criterion that is not scored by judgement, '
                 'got "uptime"', id="consensus-on-term-criterion"),
    pytest.param(append_copy("consensus", 0),
                 "consensus[1] is a second consensus for b on quality; keep one",
                 id="consensus-duplicate"),
    # rounds and term values
    pytest.param(set_at("rounds", 0, "provider", value="zed"),
                 'rounds[0].provider names no provider in providers, got "zed"',
                 id="round-unknown-provider"),
    pytest.param(set_at("rounds", 0, "provider", value=["a"]),
                 "rounds[0].provider names no provider in providers, got a list",
                 id="round-provider-list"),
    pytest.param(set_at("rounds", 2, "number", value=1),
                 "rounds[2].number repeats round 1 of b, got 1", id="round-number-repeated"),
    pytest.param(set_at("rounds", 0, "number", value=-1),
                 "rounds[0].number must be >= 0, got -1", id="round-number-negative"),
    pytest.param(set_at("rounds", 0, "number", value=2**60),
                 "rounds[0].number must be at most 9007199254740991 in size, "
                 "got 1152921504606846976", id="round-number-huge"),
    pytest.param(set_at("rounds", 0, "values", "mystery", value=1),
                 "rounds[0].values.mystery names no term in terms", id="value-unknown-term"),
    pytest.param(set_at("rounds", 0, "values", "my term\nx", value=1),
                 'rounds[0].values["my term\\nx"] names no term in terms',
                 id="value-unknown-term-odd-name"),
    pytest.param(set_at("rounds", 0, "values", "uptime_pct", value=101),
                 'rounds[0].values.uptime_pct: Uptime guarantee must be between 0 and 100 %; '
                 '101 is outside that.', id="percent-101"),
    pytest.param(set_at("rounds", 0, "values", "uptime_pct", value=-1),
                 'rounds[0].values.uptime_pct: Uptime guarantee must be between 0 and 100 %; '
                 '-1 is outside that.', id="percent-negative"),
    pytest.param(set_at("rounds", 0, "values", "monthly_fee", value=-10),
                 'rounds[0].values.monthly_fee: Monthly fee must be between 0 and '
                 '1,000,000,000,000; -10 is outside that.', id="money-negative"),
    pytest.param(set_at("rounds", 0, "values", "notice_days", value="90 days"),
                 "rounds[0].values.notice_days: Notice needs a duration; '90 days' is not a "
                 'number.',
                 id="duration-text"),
    pytest.param(set_at("rounds", 0, "values", "termination_for_convenience", value="yes"),
                 'rounds[0].values.termination_for_convenience: Termination for convenience '
                 'is either offered or not (yes or no).', id="flag-yes"),
    pytest.param(set_at("rounds", 0, "values", "termination_for_convenience", value=1),
                 'rounds[0].values.termination_for_convenience: Termination for convenience '
                 'is either offered or not (yes or no).',
                 id="flag-one"),
    pytest.param(set_at("rounds", 0, "values", "credit_mechanism", value="sometimes"),
                 'rounds[0].values.credit_mechanism: Credit mechanism must be one of: on '
                 'claim (on_claim), automatic.', id="choice-not-an-option"),
    pytest.param(set_at("rounds", 0, "values", "scope", value=["web", "moon"]),
                 'rounds[0].values.scope[1]: Scope may only list its own options.',
                 id="checklist-unknown-option"),
    pytest.param(set_at("rounds", 0, "values", "scope", value="web"),
                 'rounds[0].values.scope: Scope needs a list of its options.',
                 id="checklist-text"),
    pytest.param(set_at("rounds", 0, "values", "scope", value=["web", "web"]),
                 'rounds[0].values.scope: Scope lists an option twice.', id="checklist-twice"),
    pytest.param(set_at("rounds", 0, "values", "response", "P1", "clock", value="weekdays"),
                 'rounds[0].values.response.P1.clock: Response time: P1 runs on a 24x7 or a '
                 'business-hours clock.', id="severity-bad-clock"),
    pytest.param(set_at("rounds", 0, "values", "response", "P5",
                        value={"minutes": 60, "clock": "24x7"}),
                 'rounds[0].values.response.P5: Response time: P5 is not one of P1-P4.',
                 id="severity-p5"),
    pytest.param(set_at("rounds", 0, "values", "response", "P1", "minutes", value=-15),
                 'rounds[0].values.response.P1.minutes: Response time: P1 must be between 0 '
                 'minutes and five years.',
                 id="severity-negative-minutes"),
    pytest.param(delete_at("rounds", 0, "values", "response", "P1", "minutes"),
                 'rounds[0].values.response.P1.minutes: Response time: P1 needs a time.',
                 id="severity-no-minutes"),
    pytest.param(delete_at("rounds", 0, "values", "credit_tiers", 0, "credit_pct"),
                 "rounds[0].values.credit_tiers[0].credit_pct: Credit tiers: each tier's "
                 'credit must be between 0 and 100 %.',
                 id="credit-tiers-no-credit-pct"),
    pytest.param(set_at("rounds", 0, "values", "credit_tiers", 1, "below", value=101),
                 "rounds[0].values.credit_tiers[1].below: Credit tiers: each tier's uptime "
                 'threshold must be between 0 and 100 %.',
                 id="credit-tiers-below-101"),
    pytest.param(set_at("rounds", 0, "values", "early_termination_fee", "kind",
                        value="whenever"),
                 'rounds[0].values.early_termination_fee.kind: Early termination fee must be '
                 'one of: all remaining fees of the term (remaining), a share of the '
                 "remaining fees (pct_remaining), a number of months' fees (months), a flat "
                 'amount (flat).', id="early-termination-kind"),
    pytest.param(delete_at("rounds", 0, "values", "early_termination_fee", "value"),
                 'rounds[0].values.early_termination_fee.value: Early termination fee needs '
                 'an amount of 0 or more (up to a million million).',
                 id="early-termination-no-value"),
    pytest.param(set_at("rounds", 0, "values", "liability_cap", "kind", value="unlimited"),
                 'rounds[0].values.liability_cap.kind: Liability cap must be one of: twelve '
                 "months' fees (fees_12m), a multiple of the annual fees (multiple_annual), "
                 'a fixed amount (fixed).', id="liability-cap-kind"),
    pytest.param(set_at("rounds", 0, "values", "remarks", value=["none"]),
                 'rounds[0].values.remarks: Remarks needs text.', id="text-list"),
    pytest.param(set_at("rounds", 0, "date", value="2026-13-01"),
                 'rounds[0].date must be a date like 2026-10-01, got "2026-13-01"',
                 id="date-month-13"),
    pytest.param(set_at("rounds", 0, "date", value="2026-02-30"),
                 'rounds[0].date must be a date like 2026-10-01, got "2026-02-30"',
                 id="date-february-30"),
    pytest.param(set_at("rounds", 0, "date", value="01/10/2026"),
                 'rounds[0].date must be a date like 2026-10-01, got "01/10/2026"',
                 id="date-format"),
    pytest.param(set_at("rounds", 0, "date", value="٢٠٢٦-١٠-٠١"),
                 'rounds[0].date must be a date like 2026-10-01, got "٢٠٢٦-١٠-٠١"',
                 id="date-arabic-digits"),
    pytest.param(set_at("rounds", 0, "date", value=20261001),
                 "rounds[0].date must be text, got 20261001", id="date-number"),
    # scenario
    pytest.param(set_at("scenario", "uptime_scenario",
                        value=[{"uptime": 100, "p": 0.5}, {"uptime": 99, "p": 0.4}]),
                 "scenario.uptime_scenario probabilities must add up to 1, got 0.9",
                 id="scenario-probabilities"),
    pytest.param(set_at("scenario", "uptime_scenario", 0, "p", value=1.5),
                 "scenario.uptime_scenario[0].p must be <= 1, got 1.5", id="scenario-p-above-1"),
    pytest.param(set_at("scenario", "business_hours", "days", value=[0, 7]),
                 "scenario.business_hours.days[1] must be 0 (Monday) to 6, got 7",
                 id="business-day-7"),
    pytest.param(set_at("scenario", "business_hours", "days", value=[1, 1]),
                 "scenario.business_hours.days lists a day twice", id="business-day-twice"),
    pytest.param(set_at("scenario", "business_hours", "end_hour", value=8),
                 "scenario.business_hours.end_hour must be > 9, got 8", id="business-end-early"),
    pytest.param(set_at("scenario", "business_hours", "start_hour", value=25),
                 "scenario.business_hours.start_hour must be <= 24, got 25",
                 id="business-start-25"),
    pytest.param(set_at("scenario", "incidents_per_month", "P5", value=1),
                 'scenario.incidents_per_month must be one of P1, P2, P3, P4, got "P5"',
                 id="scenario-p5"),
    pytest.param(set_at("scenario", "claim_success", value=1.2),
                 "scenario.claim_success must be <= 1, got 1.2", id="claim-success"),
    pytest.param(set_at("scenario", "exit_month", value=-1),
                 "scenario.exit_month must be >= 0, got -1", id="exit-month"),
    # values no JSON file holds, given as an already parsed document
    pytest.param(set_at("providers", 0, "name", value="Alpha \ud800"),
                 "providers[0].name holds a lone surrogate (\\ud800), which is not Unicode text",
                 id="lone-surrogate"),
    pytest.param(set_at("rounds", 0, "values", "early_termination_fee", "value",
                        value=float("nan")),
                 "rounds[0].values.early_termination_fee.value must be a finite number, "
                 "got nan", id="nan-in-structured-value"),
    pytest.param(set_at("rounds", 0, "number", value=float("inf")),
                 "rounds[0].number must be a finite number, got inf", id="infinite-number"),
]


@pytest.mark.parametrize(("mutate", "message"), CASES)
def test_invalid_document_is_refused_naming_the_field(mutate: Mutation, message: str) -> None:
    document = small_document()
    mutate(document)
    got = refused(document)
    assert got.startswith(message), got
    assert "\n" not in got


@pytest.mark.parametrize(("term_key", "value", "message"), [
    pytest.param("credit_tiers", [{"below": 99.9, "credit_pct": 10},
                                  {"below": 99.9, "credit_pct": 25}],
                 "rounds[0].values.credit_tiers[1].below: Credit tiers: two tiers start below "
                 "the same uptime.", id="duplicate-tier-thresholds"),
    pytest.param("early_termination_fee", {"kind": "pct_remaining", "value": 150},
                 "rounds[0].values.early_termination_fee.value: Early termination fee cannot "
                 "be more than 100 % of remaining fees.", id="fee-150-pct-of-remaining"),
    pytest.param("monthly_fee", 5e12,
                 "rounds[0].values.monthly_fee: Monthly fee must be between 0 and "
                 "1,000,000,000,000; 5,000,000,000,000 is outside that.", id="fee-5e12"),
])
def test_the_import_refuses_what_the_app_refuses(term_key: str, value: Any, message: str) -> None:
    document = small_document()
    document["rounds"][0]["values"][term_key] = value
    assert refused(document) == message
    term = next(t for t in evaluation_from_dict(small_document()).terms if t.key == term_key)
    with pytest.raises(EvaluationError) as in_the_app:
        checked_term_value(term, value)
    assert message.endswith(": " + str(in_the_app.value))


def test_blank_text_is_not_stated_as_in_the_app() -> None:
    document = small_document()
    document["rounds"][0]["values"]["remarks"] = "   "
    evaluation = evaluation_from_dict(document)
    assert "remarks" not in evaluation.rounds[0].values
    remarks = next(t for t in evaluation.terms if t.key == "remarks")
    assert checked_term_value(remarks, "   ") is None


def test_values_are_kept_as_the_app_saves_them() -> None:
    document = small_document()
    document["rounds"][0]["values"]["credit_tiers"] = [
        {"below": 99.0, "credit_pct": 25}, {"below": 99.9, "credit_pct": 10}]
    tiers = evaluation_from_dict(document).rounds[0].values["credit_tiers"]
    assert [t["below"] for t in tiers] == [99.9, 99.0]


def test_interchange_error_is_an_evaluation_error() -> None:
    assert issubclass(InterchangeError, EvaluationError)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        pytest.param([], "the file must be an object, got a list", id="list"),
        pytest.param("text", 'the file must be an object, got "text"', id="string"),
        pytest.param(None, "the file must be an object, got null", id="null"),
        pytest.param(3, "the file must be an object, got 3", id="number"),
    ],
)
def test_top_level_must_be_an_object(document: Any, message: str) -> None:
    assert refused(document) == message


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        pytest.param('{"a": NaN}', "cannot read the JSON: NaN is not a number JSON allows",
                     id="nan"),
        pytest.param('{"a": Infinity}',
                     "cannot read the JSON: Infinity is not a number JSON allows", id="infinity"),
        pytest.param('{"a": [-Infinity]}',
                     "cannot read the JSON: -Infinity is not a number JSON allows",
                     id="minus-infinity"),
        pytest.param(b'{"format": "caf\xe9"}', "cannot read the JSON: it is not UTF-8 text",
                     id="latin-1"),
        pytest.param(b"\x80\x81\x82", "cannot read the JSON: it is not UTF-8 text",
                     id="binary"),
        pytest.param("[]", "the file must be an object, got a list", id="top-level-list"),
        pytest.param("[" * 100_000, "cannot read the JSON: it is nested too deeply",
                     id="deep-nesting"),
    ],
)
def test_bad_text_is_refused(raw: bytes | str, message: str) -> None:
    assert refused_text(raw) == message


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        pytest.param('{"format": }', "line 1, column 12", id="missing-value"),
        pytest.param('{\n  "format": "slaselect-evaluation",\n  "version": 1,\n}',
                     "line 4, column 1", id="trailing-comma"),
        pytest.param("", "line 1, column 1", id="empty"),
        pytest.param('{"format": "x"} extra', "line 1, column 17", id="extra-data"),
        pytest.param("{'format': 1}", "line 1, column 2", id="single-quotes"),
    ],
)
def test_invalid_json_names_line_and_column(raw: str, where: str) -> None:
    message = refused_text(raw, "offer.json")
    assert message.startswith("cannot read offer.json: not valid JSON ("), message
    assert where in message, message


def test_nan_in_json_text_of_a_valid_document_is_refused() -> None:
    text = json.dumps(small_document(), indent=2).replace('"value": 3', '"value": NaN')
    assert "NaN" in text
    assert refused_text(text) == "cannot read the JSON: NaN is not a number JSON allows"


def test_load_json_file_explains_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InterchangeError, match="no such file"):
        load_json_file(tmp_path / "absent.json")
    with pytest.raises(InterchangeError, match="it is a folder, not a file"):
        load_json_file(tmp_path)


def test_load_json_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "offer.json"
    path.write_bytes(b"{\n")
    with pytest.raises(InterchangeError, match=r"^cannot read offer\.json: not valid JSON"):
        load_json_file(path)


# --------------------------------------------------------------------------- 3. robustness

_WORDS = ["", "a", "b", "e1", "quality", "uptime", "uptime_pct", "P1", "P5", "24x7",
          "business", "judgement", "term", "price", "fixed_range", "months", "web",
          "automatic", "2026-10-01", "Bad Key", "\ud800", "\x00", "\n"]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(_WORDS)
    | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.sampled_from(_WORDS) | st.text(max_size=5), children, max_size=3),
    max_leaves=6,
)


def _paths(document: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in the document (objects' members and lists' items), depth first."""
    found: list[tuple[Any, ...]] = []
    if isinstance(document, dict):
        items: list[tuple[Any, Any]] = list(document.items())
    elif isinstance(document, list):
        items = list(enumerate(document))
    else:
        return found
    for step, child in items:
        found.append((*prefix, step))
        found.extend(_paths(child, (*prefix, step)))
    return found


_SMALL = small_document()
_SMALL_PATHS = _paths(_SMALL)

mutations = st.lists(
    st.tuples(st.sampled_from(_SMALL_PATHS), st.sampled_from(["replace", "delete"]),
              json_values),
    min_size=1,
    max_size=3,
)


def _apply(document: Document, changes: list[tuple[tuple[Any, ...], str, Any]]) -> None:
    for path, action, value in changes:
        try:
            parent = at(document, path[:-1])
            step = path[-1]
            if isinstance(parent, dict):
                if action == "delete":
                    parent.pop(step, None)
                else:
                    parent[step] = value
            elif isinstance(parent, list) and isinstance(step, int) and step < len(parent):
                if action == "delete":
                    del parent[step]
                else:
                    parent[step] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed or replaced the place: skip this one


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=mutations)
def test_mutated_documents_give_an_evaluation_or_an_interchange_error(
    changes: list[tuple[tuple[Any, ...], str, Any]],
) -> None:
    document = copy.deepcopy(_SMALL)
    _apply(document, changes)
    try:
        evaluation = evaluation_from_dict(document)
    except InterchangeError as error:
        message = str(error)
        assert message and "\n" not in message and "\r" not in message
        message.encode("utf-8")  # printable as it is: no lone surrogate
        return
    assert isinstance(evaluation, Evaluation)
    # What is accepted is written back out as strict JSON and reads back the same.
    text = dumps(evaluation)
    text.encode("utf-8")
    assert loads(text) == evaluation


@settings(max_examples=100, deadline=None)
@given(value=json_values)
def test_any_json_value_as_the_whole_file_is_refused_cleanly(value: Any) -> None:
    with pytest.raises(InterchangeError):  # none of them says "format": "slaselect-evaluation"
        evaluation_from_dict(value)


# --------------------------------------------------------------------------- 4. free text

AWKWARD_TEXTS = [
    "<b>bold</b> <script>alert(1)</script> &amp; &lt;",
    "=cmd|' /C calc'!A0",
    "+SUM(A1:A9)",
    "-2+3",
    "@HYPERLINK(\"http://x\")",
    "nul \x00 inside",
    "tab\tnewline\ncarriage\rreturn",
    "emoji 🚀👩🏽‍💻🇳🇿",
    "شركة الدعم الفني — עברית",
    "\u202eevil override\u202c and zero\u200bwidth",
    "quotes \" ' ` and backslash \\ and {\"json\": 1}",
    "   leading and trailing spaces   ",
    "combining e\u0301 vs é",
    "\U0010ffff last code point",
]


def _awkward_evaluation(text: str) -> Evaluation:
    evaluation = three_providers()
    remarks = Term("remarks", text, text, TermType.TEXT, unit=text, description=text)
    criteria = (
        replace(evaluation.criteria[0], name="Q " + text, group=text, description=text,
                rubric={"0": text, "5": text + text}),
        *evaluation.criteria[1:],
    )
    return replace(
        evaluation,
        name="Evaluation " + text,
        currency=text,
        criteria=criteria,
        terms=(*evaluation.terms, remarks),
        providers=(Provider("a", "Alpha " + text, notes=text), *evaluation.providers[1:]),
        scores=(Score("a", "quality", "e1", 4.0, rationale=text), *evaluation.scores[1:]),
        consensus=(Consensus("b", "quality", 3.5, rationale=text),),
        rounds=(
            Round("a", 1, label=text, date="2026-10-01",
                  values={**evaluation.rounds[0].values, "remarks": text.strip()}),
            *evaluation.rounds[1:],
        ),
    )


@pytest.mark.parametrize("text", AWKWARD_TEXTS)
def test_free_text_survives_the_round_trip_unchanged(text: str) -> None:
    evaluation = _awkward_evaluation(text)
    assert evaluation_from_dict(evaluation_to_dict(evaluation)) == evaluation
    written = dumps(evaluation)
    again = loads(written.encode("utf-8"))
    assert again == evaluation
    assert again.providers[0].notes == text
    assert again.scores[0].rationale == text
    assert again.consensus[0].rationale == text
    assert again.rounds[0].values["remarks"] == text.strip()  # a term value, saved trimmed
    assert again.criteria[0].rubric["0"] == text


def test_free_text_is_written_as_json_strings_not_markup() -> None:
    evaluation = _awkward_evaluation("<b>x</b> =cmd|' /C calc'!A0 \x00 🚀")
    written = dumps(evaluation)
    assert "\x00" not in written  # control characters are escaped, as JSON requires
    assert "\\u0000" in written
    assert "<b>x</b>" in written and "🚀" in written  # no HTML escaping, no ASCII escaping
    assert json.loads(written)["providers"][0]["notes"] == "<b>x</b> =cmd|' /C calc'!A0 \x00 🚀"


def test_nul_in_json_text_is_accepted_as_text() -> None:
    document = small_document()
    document["providers"][0]["notes"] = "before\x00after"
    text = json.dumps(document)
    assert "\\u0000" in text
    assert loads(text).providers[0].notes == "before\x00after"


def test_criterion_names_are_not_keys() -> None:
    """Free text may look like anything, including a key of another criterion."""
    evaluation = three_providers()
    renamed = replace(evaluation, criteria=(
        replace(evaluation.criteria[0], name="uptime"),
        replace(evaluation.criteria[1], name="quality"),
        evaluation.criteria[2],
    ))
    assert evaluation_from_dict(evaluation_to_dict(renamed)) == renamed
    assert evaluation_from_dict(evaluation_to_dict(renamed)).criteria[0].kind is (
        CriterionKind.JUDGEMENT
    )
