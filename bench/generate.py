"""Random but valid evaluations of a given size, for benchmarks and round-trip tests."""

from __future__ import annotations

import random

from slaselect.domain.model import (
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
    Score,
    Term,
    TermType,
    ValueFunction,
    ValueFunctionKind,
)

_FIXED_TERMS = (
    Term("uptime_pct", "Uptime", "Service levels", TermType.PERCENT, "%",
         value_function=ValueFunction(ValueFunctionKind.NINES, 99.0, 99.99),
         must_have=MustHave(MustHaveKind.MIN, 99.0)),
    Term("response", "Response time", "Service levels", TermType.SEVERITY_DURATIONS,
         value_function=ValueFunction(ValueFunctionKind.LOG, 2880, 15)),
    Term("monthly_fee", "Monthly fee", "Commercials", TermType.MONEY, period=MoneyPeriod.MONTH),
    Term("onboarding_fee", "Onboarding fee", "Commercials", TermType.MONEY,
         period=MoneyPeriod.ONCE),
    Term("hourly_rate", "Hourly rate", "Commercials", TermType.MONEY, period=MoneyPeriod.HOUR),
    Term("included_hours_month", "Included hours", "Commercials", TermType.NUMBER, "hours"),
    Term("annual_escalator_pct", "Annual escalator", "Commercials", TermType.PERCENT, "%"),
    Term("credit_tiers", "Credit tiers", "Service credits", TermType.CREDIT_TIERS),
    Term("credit_mechanism", "Credit mechanism", "Service credits", TermType.CHOICE,
         options=("on_claim", "automatic"),
         value_function=ValueFunction(ValueFunctionKind.ORDINAL,
                                      map={"on_claim": 3, "automatic": 10})),
    Term("termination_for_convenience", "Termination for convenience", "Term & termination",
         TermType.FLAG),
    Term("scope", "Scope", "Scope", TermType.CHECKLIST, options=("a", "b", "c", "d")),
)


def _value(term: Term, rng: random.Random) -> object:
    if term.key == "uptime_pct":
        return rng.choice([99.0, 99.5, 99.9, 99.95, 99.99])
    if term.key == "response":
        return {
            s: {"minutes": rng.choice([15, 30, 60, 240, 480]),
                "clock": rng.choice(["24x7", "business"])}
            for s in ("P1", "P2", "P3", "P4")
        }
    if term.key == "monthly_fee":
        return rng.randrange(3000, 15000, 100)
    if term.key == "onboarding_fee":
        return rng.randrange(0, 20000, 500)
    if term.key == "hourly_rate":
        return rng.randrange(50, 180, 5)
    if term.key == "included_hours_month":
        return rng.randrange(0, 40, 5)
    if term.key == "annual_escalator_pct":
        return rng.choice([0, 2, 3, 5])
    if term.key == "credit_tiers":
        return [{"below": 99.9, "credit_pct": 10}, {"below": 99.0, "credit_pct": 25}]
    if term.type is TermType.CHOICE:
        return rng.choice(term.options)
    if term.type is TermType.FLAG:
        return rng.random() < 0.5
    if term.type is TermType.CHECKLIST:
        # In option order, as the app saves a checklist (the same draws as before).
        chosen = set(rng.sample(term.options, rng.randint(0, len(term.options))))
        return [option for option in term.options if option in chosen]
    return round(rng.uniform(0, 100), 1)


def random_evaluation(
    providers: int, criteria: int, evaluators: int, *, rounds: int = 2,
    extra_terms: int = 0, seed: int = 1,
) -> Evaluation:
    """A valid evaluation: about 70 % judgement criteria, the rest term and price criteria."""
    rng = random.Random(seed)
    terms = list(_FIXED_TERMS) + [
        Term(f"extra_{i}", f"Extra term {i}", "Other", TermType.NUMBER, "units",
             value_function=ValueFunction(ValueFunctionKind.LINEAR, 0, 100))
        for i in range(extra_terms)
    ]
    scorable = [t for t in terms if t.value_function is not None
                or t.type in (TermType.FLAG, TermType.CHECKLIST)]
    criteria_list: list[Criterion] = []
    for j in range(criteria):
        weight = float(rng.randint(1, 20))
        if j % 10 == 9:
            criteria_list.append(Criterion(f"c{j}", f"Price {j}", "Cost", weight,
                                           CriterionKind.PRICE, formula=PriceFormula.LOWEST_RATIO))
        elif j % 10 in (3, 6):
            term = scorable[j % len(scorable)]
            criteria_list.append(Criterion(f"c{j}", f"Term {j}", "Terms", weight,
                                           CriterionKind.TERM, term=term.key))
        else:
            criteria_list.append(Criterion(
                f"c{j}", f"Criterion {j}", f"Group {j % 4}", weight, CriterionKind.JUDGEMENT,
                min_score=2.0 if j == 0 else None, rubric={"0": "none", "10": "excellent"},
            ))
    provider_list = [Provider(f"p{i}", f"Provider {i:04d}", f"notes {i}") for i in range(providers)]
    evaluator_list = [Evaluator(f"e{k}", f"Evaluator {k}", EvaluatorRole.OTHER)
                      for k in range(evaluators)]
    judgement = [c for c in criteria_list if c.kind is CriterionKind.JUDGEMENT]
    scores = [
        Score(p.key, c.key, e.key, float(rng.randint(0, 20)) / 2, f"because {p.key}/{c.key}")
        for p in provider_list for c in judgement for e in evaluator_list
    ]
    consensus = [
        Consensus(p.key, c.key, float(rng.randint(0, 10)), "agreed")
        for p in provider_list[:3] for c in judgement[:2]
    ]
    round_list = []
    for p in provider_list:
        for number in range(1, rounds + 1):
            changed = terms if number == 1 else rng.sample(terms, 3)
            round_list.append(Round(p.key, number, f"Round {number}", f"2026-10-{number:02d}",
                                    {t.key: _value(t, rng) for t in changed}))
    return Evaluation(
        name=f"Generated {providers}x{criteria}x{evaluators}",
        scale=Scale(0, 10),
        criteria=tuple(criteria_list),
        terms=tuple(terms),
        providers=tuple(provider_list),
        evaluators=tuple(evaluator_list),
        scores=tuple(scores),
        consensus=tuple(consensus),
        rounds=tuple(round_list),
    )
