"""Into the renewal: a new evaluation started from the contract and what the service showed.

The re-tender keeps the criteria, terms, providers, evaluators and scenario; scores, consensus
and offers start afresh (the providers bid again). The incumbent's measured record becomes a
term criterion: ``track_record_attainment_pct`` (the share of response and resolution targets
met over the contract so far, every priority pooled) and ``track_record_credits`` (service
credits earned). The criterion starts at weight 0 because the other providers have no
measured record yet (a missing term value scores 0); the buyer enters their references'
figures, then weighs it. The incumbent's record is its round 1, dated the notice deadline -
the date by which the new evaluation has to be decided.
"""

from __future__ import annotations

from dataclasses import replace

from slaselect.domain.model import (
    Criterion,
    CriterionKind,
    Evaluation,
    MoneyPeriod,
    Round,
    Term,
    TermType,
    ValueFunction,
    ValueFunctionKind,
)
from slaselect.domain.service.attainment import MEASURES, attainment_pct
from slaselect.domain.service.report import ServiceAssessment

TRACK_RECORD_TERM = "track_record_attainment_pct"
TRACK_RECORD_CREDITS = "track_record_credits"
TRACK_RECORD_CRITERION = "track_record"


def measured_attainment_pct(assessment: ServiceAssessment) -> float | None:
    """Targets met as % of targets decided, over every contract month and priority."""
    met = breached = 0
    for month in assessment.months:
        for measure in MEASURES:
            counts = month.response if measure == "response" else month.resolution
            met += sum(c["met"] for c in counts.values())
            breached += sum(c["breached"] for c in counts.values())
    return attainment_pct(met, breached)


def retender_evaluation(evaluation: Evaluation, assessment: ServiceAssessment) -> Evaluation:
    """The new evaluation for the renewal (see the module docstring)."""
    contract = assessment.contract
    attainment = measured_attainment_pct(assessment)
    credits = sum(m.credit or 0.0 for m in assessment.months)
    notice = assessment.notice_deadline
    terms = [t for t in evaluation.terms
             if t.key not in (TRACK_RECORD_TERM, TRACK_RECORD_CREDITS)]
    terms += [
        Term(TRACK_RECORD_TERM, "Measured SLA attainment (track record)", "Track record",
             TermType.PERCENT, "%",
             value_function=ValueFunction(ValueFunctionKind.LINEAR, 80.0, 100.0),
             description="Response and resolution targets met under the current contract, "
                         "from its service data; enter other providers' from references."),
        Term(TRACK_RECORD_CREDITS, "Service credits earned (track record)", "Track record",
             TermType.MONEY, evaluation.currency, period=MoneyPeriod.ONCE,
             description="Service credits the provider owed under the current contract."),
    ]
    criteria = [c for c in evaluation.criteria if c.key != TRACK_RECORD_CRITERION]
    criteria.append(Criterion(
        TRACK_RECORD_CRITERION, "Track record in service", "Track record", 0.0,
        CriterionKind.TERM,
        description="The incumbent's measured attainment; give it weight once the other "
                    "providers' references are entered.",
        term=TRACK_RECORD_TERM,
    ))
    values: dict[str, float] = {TRACK_RECORD_CREDITS: round(credits, 2)}
    if attainment is not None:
        values[TRACK_RECORD_TERM] = round(attainment, 2)
    record = Round(contract.provider, 1, "Track record from service",
                   notice.isoformat() if notice else "", values)
    decide_by = f" (decide by {notice.isoformat()})" if notice else ""
    return replace(
        evaluation,
        name=f"{evaluation.name} - re-tender{decide_by}",
        criteria=tuple(criteria),
        terms=tuple(terms),
        scores=(),
        consensus=(),
        rounds=(record,),
        criteria_locked_at="",
        price_envelopes_opened_at="",
        conditions=(),
    )
