"""The evaluation's settings: name, currency, horizon, scale, scenario, criteria lock, and
when the price envelopes were opened."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from slaselect.domain.edits.base import (
    Edit,
)
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import (
    Evaluation,
    Scale,
    Scenario,
)
from slaselect.domain.text_limits import check_length
from slaselect.domain.wording import plural

# --------------------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class SetEvaluationInfo:
    """Change the evaluation's name, currency, horizon or scoring scale."""

    name: str
    currency: str
    horizon_months: int
    scale: Scale = field(default_factory=Scale)

    @property
    def description(self) -> str:
        return "Change evaluation details"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        if not self.name.strip():
            raise EvaluationError("The evaluation needs a name.")
        check_length(self.name, "The evaluation's name")
        if not self.currency.strip():
            raise EvaluationError("The currency needs a code such as USD or EUR.")
        if not 1 <= self.horizon_months <= 600:
            raise EvaluationError("The cost horizon must be between 1 and 600 months.")
        if not self.scale.max > self.scale.min:
            raise EvaluationError("The top of the scoring scale must be above its bottom.")
        outside = [s for s in evaluation.scores
                   if not self.scale.min <= s.value <= self.scale.max]
        if outside:
            raise EvaluationError(
                f"{plural(len(outside), 'score')} would fall outside the new scale; "
                "change them first."
            )
        inverse = SetEvaluationInfo(evaluation.name, evaluation.currency,
                                    evaluation.horizon_months, evaluation.scale)
        changed = replace(evaluation, name=self.name, currency=self.currency,
                          horizon_months=self.horizon_months, scale=self.scale)
        return changed, inverse


@dataclass(frozen=True)
class SetScenario:
    """Change the buyer's scenario (incident mix, business hours, uptime outcomes, exit month)."""

    scenario: Scenario

    @property
    def description(self) -> str:
        return "Change scenario"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        scenario = self.scenario
        if abs(sum(o.p for o in scenario.uptime_scenario) - 1.0) > 1e-6:
            raise EvaluationError("The uptime outcomes' probabilities must add up to 100 %.")
        if not 0.0 <= scenario.claim_success <= 1.0:
            raise EvaluationError("Claim success must be between 0 and 100 %.")
        if scenario.exit_month < 0 or scenario.support_hours_month < 0:
            raise EvaluationError("Exit month and support hours cannot be negative.")
        hours = scenario.business_hours
        if not 0 <= hours.start_hour < hours.end_hour <= 24:
            raise EvaluationError("Business hours must end after they start, within the day.")
        if not hours.days:
            raise EvaluationError("Tick at least one business day: commitments in business "
                                  "hours are counted on those days.")
        if any(v < 0 for v in scenario.incidents_per_month.values()) or any(
                w < 0 for w in scenario.severity_weights.values()):
            raise EvaluationError("Incidents and severity weights cannot be negative.")
        if any(not 0 <= o.uptime <= 100 or o.p < 0 for o in scenario.uptime_scenario):
            raise EvaluationError("Each uptime must be 0-100 % and each probability 0 % or more.")
        return replace(evaluation, scenario=scenario), SetScenario(evaluation.scenario)




@dataclass(frozen=True)
class SetCriteriaLock:
    """Lock the criteria and weights before scoring (a time), or unlock them (empty)."""

    locked_at: str

    @property
    def description(self) -> str:
        return "Lock criteria" if self.locked_at else "Unlock criteria"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        changed = replace(evaluation, criteria_locked_at=self.locked_at)
        return changed, SetCriteriaLock(evaluation.criteria_locked_at)


@dataclass(frozen=True)
class SetPriceEnvelopesOpened:
    """Record when the sealed price envelopes were opened (an ISO date or time), or clear it.

    In two-envelope tendering the prices stay sealed until quality scoring is complete; the
    board brief compares this moment with the last quality score in the audit trail.
    """

    opened_at: str

    @property
    def description(self) -> str:
        return ("Record price envelopes opened" if self.opened_at
                else "Clear price envelopes opened")

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        opened = check_opening_time(self.opened_at)
        changed = replace(evaluation, price_envelopes_opened_at=opened)
        return changed, SetPriceEnvelopesOpened(evaluation.price_envelopes_opened_at)


def check_opening_time(text: str) -> str:
    """``text`` as a stored opening time: empty, an ISO date ("2026-12-03") or an ISO time
    ("2026-12-03T14:05:00+00:00"); EvaluationError with a sentence otherwise."""
    text = text.strip()
    if not text:
        return ""
    try:
        if len(text) == 10:
            dt.date.fromisoformat(text)
        else:
            dt.datetime.fromisoformat(text)
    except ValueError:
        raise EvaluationError(
            f"“{text[:40]}” is not a date such as 2026-12-03 or a time such as "
            "2026-12-03T14:05: the price envelopes' opening was not recorded.") from None
    return text


def check_opening_not_ahead(text: str, now: dt.datetime) -> str:
    """``text`` (a stored opening time, see ``check_opening_time``) unless it is later than
    ``now`` (an aware time): an opening is recorded once it has happened."""
    if not text:
        return text
    if len(text) == 10:
        ahead = dt.date.fromisoformat(text) > now.astimezone().date()
    else:
        moment = dt.datetime.fromisoformat(text)
        moment = moment if moment.tzinfo is not None else moment.astimezone()
        ahead = moment > now
    if ahead:
        raise EvaluationError(
            f"{text[:25]} is still to come: record the price envelopes' opening once they "
            "have been opened.")
    return text
