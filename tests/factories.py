"""Small hand-made evaluations for tests: every number in them is chosen to be checked by hand."""

from __future__ import annotations

from slaselect.domain.model import (
    Consensus,
    Criterion,
    CriterionKind,
    Evaluation,
    Evaluator,
    MoneyPeriod,
    MustHave,
    MustHaveKind,
    PriceFormula,
    Provider,
    Round,
    Scale,
    Score,
    Term,
    TermType,
    ValueFunction,
    ValueFunctionKind,
)

UPTIME = Term(
    "uptime_pct", "Uptime guarantee", "Service levels", TermType.PERCENT, "%",
    value_function=ValueFunction(ValueFunctionKind.NINES, 99.0, 99.99),
)
MONTHLY_FEE = Term("monthly_fee", "Monthly fee", "Commercials", TermType.MONEY,
                   period=MoneyPeriod.MONTH)
TERM_MONTHS = Term("term_months", "Initial term", "Term & termination", TermType.NUMBER, "months")
CONVENIENCE = Term("termination_for_convenience", "Termination for convenience",
                   "Term & termination", TermType.FLAG)
DPA = Term("dpa_signed", "Data processing agreement", "Legal", TermType.FLAG,
           must_have=MustHave(MustHaveKind.TRUE, True))


def three_providers(*, dpa_must_have: bool = False) -> Evaluation:
    """Alpha, Bravo and Charlie on a 0-5 scale; see tests/domain/test_ranking.py for the sums."""
    terms = (UPTIME, MONTHLY_FEE, TERM_MONTHS, CONVENIENCE) + ((DPA,) if dpa_must_have else ())
    criteria = (
        Criterion("quality", "Quality", "Capability", 50, CriterionKind.JUDGEMENT, min_score=2),
        Criterion("uptime", "Uptime", "Service", 30, CriterionKind.TERM, term="uptime_pct"),
        Criterion("leaving", "Cost of leaving", "Cost", 20, CriterionKind.PRICE,
                  figure="exit_cost", formula=PriceFormula.LOWEST_RATIO),
    )
    providers = (Provider("a", "Alpha"), Provider("b", "Bravo"), Provider("c", "Charlie"))
    evaluators = (Evaluator("e1", "Eve"), Evaluator("e2", "Ed"))
    scores = (
        Score("a", "quality", "e1", 4.0), Score("a", "quality", "e2", 5.0),
        Score("b", "quality", "e1", 3.0), Score("b", "quality", "e2", 3.0),
        Score("c", "quality", "e1", 1.0), Score("c", "quality", "e2", 2.0),
    )
    consensus = (Consensus("b", "quality", 3.5, "agreed in moderation"),)
    dpa = {"dpa_signed": True} if dpa_must_have else {}
    rounds = (
        Round("a", 1, values={"uptime_pct": 99.9, "monthly_fee": 1000, "term_months": 12,
                              "termination_for_convenience": False, **dpa}),
        Round("b", 1, values={"uptime_pct": 99.5, "monthly_fee": 2000, "term_months": 12,
                              "termination_for_convenience": False, **dpa}),
        Round("b", 2, values={"uptime_pct": 99.99}),
        Round("c", 1, values={"uptime_pct": 99.0, "monthly_fee": 1000, "term_months": 24,
                              "termination_for_convenience": False}),
    )
    return Evaluation(
        name="Three providers", scale=Scale(0, 5), criteria=criteria, terms=terms,
        providers=providers, evaluators=evaluators, scores=scores, consensus=consensus,
        rounds=rounds,
    )


def gamma_evaluation() -> Evaluation:
    """Alpha (10, 0), Beta (0, 10) and Gamma (4.9, 4.9) on two criteria of equal weight.

    Nobody dominates Gamma, yet no weighting ranks it first: at shares x and 1 - x the better
    of Alpha and Beta scores max(10x, 10 - 10x) >= 5 > 4.9.
    """
    criteria = (
        Criterion("speed", "Speed", "Capability", 1, CriterionKind.JUDGEMENT),
        Criterion("care", "Care", "Capability", 1, CriterionKind.JUDGEMENT),
    )
    providers = (Provider("alpha", "Alpha"), Provider("beta", "Beta"),
                 Provider("gamma", "Gamma"))
    points = {"alpha": (10.0, 0.0), "beta": (0.0, 10.0), "gamma": (4.9, 4.9)}
    scores = tuple(
        Score(provider, criterion, "eve", value)
        for provider, values in points.items()
        for criterion, value in zip(("speed", "care"), values, strict=True)
    )
    return Evaluation(name="Gamma", scale=Scale(0, 10), criteria=criteria, providers=providers,
                      evaluators=(Evaluator("eve", "Eve"),), scores=scores)
