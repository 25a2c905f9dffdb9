"""How each criterion is scored and what each gate demands, in a buyer's words (plain text)."""

from __future__ import annotations

from typing import Any

from slaselect.domain.model import (
    Criterion,
    CriterionKind,
    Evaluation,
    MustHave,
    MustHaveKind,
    PriceFormula,
    Term,
    TermType,
    ValueFunctionKind,
)
from slaselect.domain.wording import (
    format_minutes,
    format_money,
    format_number,
    format_term_value,
    option_words,
)

_FIGURE_NOUNS = {
    "tco": "total cost of ownership",
    "first_year_cost": "first-year cost",
    "exit_cost": "cost of leaving",
    "effective_monthly_cost": "effective monthly cost",
    "liability_cap_amount": "liability cap",
    "expected_credit_month": "expected credit a month",
    "overage_month": "overage a month",
}


def _end(term: Term, value: float | None, currency: str) -> str:
    if value is None:
        return "—"
    if term.type is TermType.SEVERITY_DURATIONS:
        return format_minutes(value)
    if term.type in (TermType.PERCENT, TermType.NUMBER, TermType.DURATION, TermType.MONEY):
        return format_term_value(term, value, currency)
    return format_number(value)


def term_scoring_words(term: Term, evaluation: Evaluation) -> str:
    """How a term's value becomes a 0-10 score, e.g. "nines scale: 99 % scores 0, 99.99 % 10"."""
    currency = evaluation.currency
    function = term.value_function
    if term.type is TermType.FLAG:
        return "10 when offered, 0 when not."
    if term.type is TermType.CHECKLIST and function is None:
        return f"10 × the share of the {len(term.options)} listed items offered."
    if function is None:
        return "Not scored (no value function)."
    if function.kind is ValueFunctionKind.ORDINAL:
        pairs = sorted(function.map.items(), key=lambda item: -item[1])
        return "By option: " + ", ".join(
            f"{option_words(option)} {format_number(score)}" for option, score in pairs) + "."
    worst = _end(term, function.worst, currency)
    ideal = _end(term, function.ideal, currency)
    shape = {
        ValueFunctionKind.LINEAR: "Straight line",
        ValueFunctionKind.LOG: "Logarithmic",
        ValueFunctionKind.NINES: "On the number of nines",
    }[function.kind]
    text = f"{shape} from {worst} (0) to {ideal} (10)"
    if term.type is TermType.SEVERITY_DURATIONS:
        text = ("Real-time minutes per severity, weighted by the severity weights; each "
                f"scored logarithmically from {worst} (0) to {ideal} (10)")
    return text + "."


def price_scoring_words(criterion: Criterion, evaluation: Evaluation) -> str:
    """How a price criterion turns a money figure into 0-10."""
    noun = _FIGURE_NOUNS.get(criterion.figure, criterion.figure.replace("_", " "))
    if criterion.figure == "exit_cost":
        noun += f" at month {evaluation.scenario.exit_month}"
    if criterion.figure == "tco":
        noun += f" over {evaluation.horizon_months} months"
    formula = criterion.formula
    if formula is PriceFormula.LOWEST_RATIO:
        return f"10 × the lowest eligible {noun} ÷ this provider's."
    if formula is PriceFormula.FIXED_RANGE:
        best = format_money(criterion.best or 0.0, evaluation.currency)
        worst = format_money(criterion.worst or 0.0, evaluation.currency)
        return f"Fixed range on the {noun}: {best} or less scores 10, {worst} or more scores 0."
    if formula is PriceFormula.PROPORTIONAL_DEVIATION:
        return (f"10 at the lowest eligible {noun}, losing 1 point for every 10 % above it "
                "(never below 0).")
    return (f"Logarithmic on the {noun}: 10 at the lowest eligible, 0 at "
            f"{format_number(criterion.a)} × the lowest.")


def scoring_words(criterion: Criterion, evaluation: Evaluation) -> str:
    """One sentence on how the criterion's 0-10 score is made."""
    if criterion.kind is CriterionKind.JUDGEMENT:
        scale = evaluation.scale
        text = "Evaluators' consensus score."
        if (scale.min, scale.max) != (0.0, 10.0):
            text = (f"Evaluators' consensus on the {format_number(scale.min)}–"
                    f"{format_number(scale.max)} scale, rescaled to 0–10.")
        if criterion.min_score is not None:
            text += f" Gate: at least {format_number(criterion.min_score)}."
        return text
    if criterion.kind is CriterionKind.TERM:
        try:
            term = evaluation.term(criterion.term or "")
        except KeyError:
            return "From an SLA term that is no longer in the catalogue (scores 0)."
        return f"From “{term.name}”. " + term_scoring_words(term, evaluation)
    return price_scoring_words(criterion, evaluation)


def must_have_words(term: Term, rule: MustHave, currency: str) -> str:
    """What a must-have demands: "at least 99.5 %", "required", "includes bug fixes"."""
    value: Any = rule.value
    if rule.kind is MustHaveKind.MIN:
        return f"at least {format_term_value(term, value, currency)}"
    if rule.kind is MustHaveKind.MAX:
        return f"at most {format_term_value(term, value, currency)}"
    if rule.kind is MustHaveKind.TRUE:
        return "must be offered"
    if rule.kind is MustHaveKind.INCLUDES:
        items = value if isinstance(value, list | tuple) else [value]
        return "must include " + ", ".join(option_words(item) for item in items)
    return f"at least {option_words(value)}"
