"""Value functions and price formulas (CONTRACT 4.2 and 4.3), checked against hand sums."""

from __future__ import annotations

import math

import pytest

from slaselect.domain.model import (
    Criterion,
    CriterionKind,
    PriceFormula,
    Scenario,
    Term,
    TermType,
    ValueFunction,
    ValueFunctionKind,
)
from slaselect.domain.values import apply_value_function, price_scores, term_score

LINEAR_UP = ValueFunction(ValueFunctionKind.LINEAR, worst=80, ideal=95)
LINEAR_DOWN = ValueFunction(ValueFunctionKind.LINEAR, worst=180, ideal=30)
LOG_DOWN = ValueFunction(ValueFunctionKind.LOG, worst=2880, ideal=15)
NINES = ValueFunction(ValueFunctionKind.NINES, worst=99.0, ideal=99.99)


@pytest.mark.parametrize(
    ("function", "value", "expected"),
    [
        (LINEAR_UP, 87.5, 5.0),  # halfway from 80 to 95
        (LINEAR_UP, 70, 0.0),  # below worst clamps to 0
        (LINEAR_UP, 99, 10.0),  # beyond ideal clamps to 10
        (LINEAR_DOWN, 90, 10 * (90 - 180) / (30 - 180)),  # 6.0: lower is better
        (LOG_DOWN, 60, 10 * math.log(60 / 2880) / math.log(15 / 2880)),
        (LOG_DOWN, 0, 10.0),  # instant beats any ideal when smaller is better
        (NINES, 99.9, 5.0),  # 3 nines between 2 and 4
        (NINES, 99.95, 10 * (-math.log10(0.0005) - 2) / 2),
        (NINES, 100.0, 10.0),  # infinitely many nines
        (NINES, 98.0, 0.0),
        (LINEAR_UP, "87", 0.0),  # not a number: scores 0 rather than crash
        (LINEAR_UP, True, 0.0),
    ],
)
def test_value_functions(function: ValueFunction, value: object, expected: float) -> None:
    assert apply_value_function(function, value) == pytest.approx(expected)


def test_ordinal_maps_options_and_unknowns_score_zero() -> None:
    ordinal = ValueFunction(ValueFunctionKind.ORDINAL, map={"on_claim": 3, "automatic": 10})
    assert apply_value_function(ordinal, "automatic") == 10.0
    assert apply_value_function(ordinal, "on_claim") == 3.0
    assert apply_value_function(ordinal, "by_fax") == 0.0


def test_flag_checklist_and_missing_values() -> None:
    scenario = Scenario()
    flag = Term("tfc", "Termination for convenience", "Term", TermType.FLAG)
    checklist = Term("scope", "Scope", "Scope", TermType.CHECKLIST, options=("a", "b", "c", "d"))
    assert term_score(flag, True, scenario) == 10.0
    assert term_score(flag, False, scenario) == 0.0
    assert term_score(checklist, ["a", "c", "zz"], scenario) == 5.0  # 2 of 4 options
    assert term_score(checklist, None, scenario) == 0.0
    number = Term("fcr", "First call resolution", "SL", TermType.PERCENT, value_function=LINEAR_UP)
    assert term_score(number, None, scenario) == 0.0


def test_severity_durations_weight_each_level_on_real_minutes() -> None:
    term = Term("response", "Response", "SL", TermType.SEVERITY_DURATIONS, value_function=LOG_DOWN)
    scenario = Scenario()  # weights P1 .5, P2 .3, P3 .15, P4 .05
    value = {"P1": {"minutes": 15, "clock": "24x7"}, "P2": {"minutes": 2880, "clock": "24x7"}}

    def log_score(minutes: float) -> float:
        return 10 * max(0.0, min(1.0, math.log(minutes / 2880) / math.log(15 / 2880)))

    # P1 scores 10, P2 at worst scores 0, P3 and P4 are missing and score 0.
    expected = (0.5 * log_score(15) + 0.3 * log_score(2880)) / 1.0
    assert term_score(term, value, scenario) == pytest.approx(expected)
    # A business-hours clock counts real time: 4 business hours is about 21.4 h on average.
    business = {s: {"minutes": 240, "clock": "business"} for s in ("P1", "P2", "P3", "P4")}
    on_the_clock = {s: {"minutes": 240, "clock": "24x7"} for s in ("P1", "P2", "P3", "P4")}
    assert term_score(term, business, scenario) < term_score(term, on_the_clock, scenario)


def _price(formula: PriceFormula, **settings: float) -> Criterion:
    return Criterion("price", "Price", "Cost", 1, CriterionKind.PRICE, formula=formula, **settings)


def test_lowest_ratio() -> None:
    scores = price_scores(_price(PriceFormula.LOWEST_RATIO),
                          {"a": 100.0, "b": 125.0, "c": None}, {"a", "b", "c"})
    assert scores == {"a": 10.0, "b": 8.0, "c": 0.0}


def test_lowest_is_taken_over_eligible_providers_and_scores_are_clamped() -> None:
    # "cheap" is ineligible and cheaper than everyone: it must not set m, and stays within 0-10.
    scores = price_scores(_price(PriceFormula.LOWEST_RATIO),
                          {"a": 100.0, "b": 200.0, "cheap": 50.0}, {"a", "b"})
    assert scores == {"a": 10.0, "b": 5.0, "cheap": 10.0}


def test_fixed_range() -> None:
    criterion = _price(PriceFormula.FIXED_RANGE, best=100_000, worst=300_000)
    scores = price_scores(criterion, {"a": 150_000.0, "b": 400_000.0, "c": 90_000.0},
                          {"a", "b", "c"})
    assert scores == pytest.approx({"a": 7.5, "b": 0.0, "c": 10.0})


def test_proportional_deviation() -> None:
    scores = price_scores(_price(PriceFormula.PROPORTIONAL_DEVIATION),
                          {"a": 100.0, "b": 130.0, "c": 250.0}, {"a", "b", "c"})
    assert scores == pytest.approx({"a": 10.0, "b": 7.0, "c": 0.0})


def test_log_price_formula() -> None:
    criterion = _price(PriceFormula.LOG, a=2)
    scores = price_scores(criterion, {"a": 100.0, "b": 150.0, "c": 200.0}, {"a", "b", "c"})
    assert scores["a"] == 10.0
    assert scores["b"] == pytest.approx(10 * (1 - math.log(1.5) / math.log(2)))
    assert scores["c"] == pytest.approx(0.0)


def test_zero_lowest_figure_gives_ten_to_the_free_offer_only() -> None:
    scores = price_scores(_price(PriceFormula.LOWEST_RATIO), {"a": 0.0, "b": 10.0}, {"a", "b"})
    assert scores == {"a": 10.0, "b": 0.0}
