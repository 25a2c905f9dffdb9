"""One check for a provider's term value: what it refuses, how it words it, what it saves."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from slaselect.domain.edits import InsertRound, SetAskValue, SetTermValue
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Round, Term, TermType
from slaselect.domain.term_values import TermValueError, checked_term_value
from tests.factories import MONTHLY_FEE, UPTIME, three_providers

TIERS = Term("credit_tiers", "Service credits", "Service levels", TermType.CREDIT_TIERS)
EXIT_FEE = Term("early_termination_fee", "Early termination fee", "Exit", TermType.STRUCTURED)
RESPONSE = Term("response", "Response time", "Support", TermType.SEVERITY_DURATIONS)
REMARKS = Term("remarks", "Remarks", "Other", TermType.TEXT)
SCOPE = Term("scope", "Scope", "Service", TermType.CHECKLIST, options=("web", "app", "hosting"))
NOTICE = Term("notice", "Notice", "Exit", TermType.DURATION)


@pytest.mark.parametrize(("term", "value", "sentence", "where"), [
    pytest.param(TIERS, [{"below": 99.9, "credit_pct": 5}, {"below": 99.9, "credit_pct": 10}],
                 "Service credits: two tiers start below the same uptime.", "[1].below",
                 id="duplicate-tiers"),
    pytest.param(EXIT_FEE, {"kind": "pct_remaining", "value": 150},
                 "Early termination fee cannot be more than 100 % of remaining fees.",
                 ".value", id="fee-150-pct"),
    pytest.param(MONTHLY_FEE, 5e12,
                 "Monthly fee must be between 0 and 1,000,000,000,000; 5,000,000,000,000 is "
                 "outside that.", "",
                 id="fee-5e12"),
    pytest.param(UPTIME, 101, "Uptime guarantee must be between 0 and 100 %; 101 is outside that.",
                 "", id="percent-101"),
    pytest.param(NOTICE, 6 * 525_949, "Notice cannot be longer than five years.", "",
                 id="six-years"),
    pytest.param(NOTICE, -4320, "Notice cannot be negative; -3 days is below 0.", "",
                 id="negative-duration-in-days"),
    pytest.param(RESPONSE, {"P1": {"minutes": 15, "clock": "weekdays"}},
                 "Response time: P1 runs on a 24x7 or a business-hours clock.", ".P1.clock",
                 id="bad-clock"),
    pytest.param(SCOPE, ["web", "moon"], "Scope may only list its own options.", "[1]",
                 id="unknown-option"),
])
def test_a_value_that_does_not_fit_is_refused_with_a_sentence_naming_the_term(
        term: Term, value: Any, sentence: str, where: str) -> None:
    with pytest.raises(TermValueError) as refused:
        checked_term_value(term, value)
    assert str(refused.value) == sentence
    assert refused.value.where == where
    assert isinstance(refused.value, EvaluationError)


def test_values_come_back_in_their_saved_form() -> None:
    assert checked_term_value(REMARKS, "   ") is None
    assert checked_term_value(REMARKS, " Swiss law ") == "Swiss law"
    assert checked_term_value(SCOPE, ["hosting", "web"]) == ["web", "hosting"]
    tiers = [{"below": 99.0, "credit_pct": 20}, {"below": 99.9, "credit_pct": 5}]
    assert checked_term_value(TIERS, tiers) == tiers[::-1]
    assert checked_term_value(RESPONSE, {}) is None
    assert checked_term_value(MONTHLY_FEE, 1200) == 1200


def test_an_edit_cannot_put_a_refused_value_into_the_evaluation() -> None:
    evaluation = three_providers()
    with pytest.raises(TermValueError, match="Monthly fee must be between"):
        SetTermValue("a", 1, "monthly_fee", 5e12).apply(evaluation)
    with pytest.raises(TermValueError, match="Uptime guarantee"):
        SetAskValue("uptime_pct", 120).apply(evaluation)
    with pytest.raises(TermValueError, match="Monthly fee"):
        InsertRound(Round("a", 2, values={"monthly_fee": -5})).apply(evaluation)


def test_undo_restores_an_old_value_that_todays_rules_refuse() -> None:
    evaluation = three_providers()
    old = Round("a", 1, values={**evaluation.rounds[0].values, "uptime_pct": 120})
    evaluation = replace(evaluation, rounds=(old,) + evaluation.rounds[1:])
    changed, inverse = SetTermValue("a", 1, "uptime_pct", 99.9).apply(evaluation)
    restored, _ = inverse.apply(changed)
    assert restored.rounds[0].values["uptime_pct"] == 120
