"""The evaluation as immutable values: criteria, terms, providers, evaluators, scores, rounds.

Everything here is plain data (frozen dataclasses, named tuples and enums). Rules that compute
on it live in ``values``, ``figures`` and ``ranking``; reading and writing files lives in the
``store`` and ``documents`` layers.

Term values inside a round are kept as plain JSON-like Python values (numbers, strings,
booleans, lists, dicts), in the shapes listed in shared/CONTRACT.md section 3.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

if TYPE_CHECKING:
    from slaselect.domain.scores import ScoreIndex

SEVERITIES: tuple[str, ...] = ("P1", "P2", "P3", "P4")
"""The buyer's severity levels, most urgent first."""


class CriterionKind(StrEnum):
    """How a criterion gets its 0-10 score."""

    JUDGEMENT = "judgement"
    TERM = "term"
    PRICE = "price"


class PriceFormula(StrEnum):
    """Procurement price-scoring formulas (CONTRACT 4.3)."""

    LOWEST_RATIO = "lowest_ratio"
    FIXED_RANGE = "fixed_range"
    PROPORTIONAL_DEVIATION = "proportional_deviation"
    LOG = "log"


class TermType(StrEnum):
    """What kind of value an SLA term holds."""

    PERCENT = "percent"
    NUMBER = "number"
    DURATION = "duration"
    SEVERITY_DURATIONS = "severity_durations"
    MONEY = "money"
    CREDIT_TIERS = "credit_tiers"
    CHOICE = "choice"
    FLAG = "flag"
    CHECKLIST = "checklist"
    STRUCTURED = "structured"
    TEXT = "text"


NUMERIC_TERM_TYPES = frozenset(
    {TermType.PERCENT, TermType.NUMBER, TermType.DURATION, TermType.MONEY}
)


class EvaluatorRole(StrEnum):
    """The evaluator's seat on the scoring team."""

    PROCUREMENT = "procurement"
    IT = "it"
    LEGAL = "legal"
    BUSINESS = "business"
    OTHER = "other"


class MoneyPeriod(StrEnum):
    """How often a money term is paid."""

    ONCE = "once"
    MONTH = "month"
    YEAR = "year"
    HOUR = "hour"


class ValueFunctionKind(StrEnum):
    """The shape of a term's value function (CONTRACT 4.2)."""

    LINEAR = "linear"
    LOG = "log"
    NINES = "nines"
    ORDINAL = "ordinal"


class MustHaveKind(StrEnum):
    """The kinds of must-have gate a term may carry."""

    MIN = "min"
    MAX = "max"
    TRUE = "true"
    INCLUDES = "includes"
    AT_LEAST = "at_least"


@dataclass(frozen=True)
class Scale:
    """The evaluators' scoring scale, e.g. 0-10 or 1-5."""

    min: float = 0.0
    max: float = 10.0

    def to_ten(self, value: float) -> float:
        """Rescale a value on this scale to 0-10."""
        return (value - self.min) / (self.max - self.min) * 10.0


@dataclass(frozen=True)
class ValueFunction:
    """Turns a term's value into a 0-10 score (CONTRACT 4.2)."""

    kind: ValueFunctionKind
    worst: float | None = None
    ideal: float | None = None
    map: Mapping[str, float] = field(default_factory=dict)

    @property
    def higher_is_better(self) -> bool | None:
        """True when bigger values score better, False when smaller do, None for ordinal."""
        if self.kind is ValueFunctionKind.ORDINAL or self.worst is None or self.ideal is None:
            return None
        return self.ideal > self.worst


@dataclass(frozen=True)
class MustHave:
    """A gate on a term: a provider whose value fails it is ineligible."""

    kind: MustHaveKind
    value: Any


@dataclass(frozen=True)
class Term:
    """One SLA term of the catalogue (its definition, not a provider's value)."""

    key: str
    name: str
    category: str
    type: TermType
    unit: str = ""
    options: tuple[str, ...] = ()
    value_function: ValueFunction | None = None
    must_have: MustHave | None = None
    period: MoneyPeriod | None = None
    description: str = ""


@dataclass(frozen=True)
class Criterion:
    """A weighted selection criterion."""

    key: str
    name: str
    group: str
    weight: float
    kind: CriterionKind
    description: str = ""
    min_score: float | None = None
    rubric: Mapping[str, str] = field(default_factory=dict)
    term: str | None = None
    figure: str = "tco"
    formula: PriceFormula = PriceFormula.LOWEST_RATIO
    best: float | None = None
    worst: float | None = None
    a: float = 2.0


@dataclass(frozen=True)
class Provider:
    """A candidate service provider.

    ``severity_names`` maps the buyer's levels to the provider's own names for them
    (``{"P1": "Sev 1 - Critical"}``): providers define severities differently and the buyer
    compares them on P1-P4. ``excluded`` holds the team's reason when the provider was taken
    out of the running (empty while it competes).
    """

    key: str
    name: str
    notes: str = ""
    contact: str = ""
    website: str = ""
    certifications: tuple[str, ...] = ()
    references: str = ""
    severity_names: Mapping[str, str] = field(default_factory=dict)
    excluded: str = ""


@dataclass(frozen=True)
class Evaluator:
    """A member of the scoring team."""

    key: str
    name: str
    role: EvaluatorRole = EvaluatorRole.OTHER


class Score(NamedTuple):
    """One evaluator's score of one provider on one judgement criterion (evaluation scale)."""

    provider: str
    criterion: str
    evaluator: str
    value: float
    rationale: str = ""


class Consensus(NamedTuple):
    """The moderated score the team agreed for a provider on a judgement criterion."""

    provider: str
    criterion: str
    value: float
    rationale: str = ""


class AwardCondition(NamedTuple):
    """A moderation note the team made a condition of award for a provider.

    ``criterion`` names the moderated score the note belongs to (empty for a general
    condition); ``text`` is the condition in the team's words (empty: the note itself, the
    consensus rationale, is the condition).
    """

    provider: str
    criterion: str = ""
    text: str = ""


@dataclass(frozen=True)
class Round:
    """One negotiation round of a provider: the terms it offered at that point.

    ``values`` holds only what the round states; a term absent here carries forward from the
    provider's previous round.
    """

    provider: str
    number: int
    label: str = ""
    date: str = ""
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class BusinessHours:
    """The buyer's working week: days 0 = Monday, hours local to the buyer.

    ``zone`` (IANA name, empty = not stated), the public holidays of ``holiday_country`` and
    ``holiday_subdiv`` and the extra ``closed`` dates (ISO ``YYYY-MM-DD``) are CONTRACT 7's
    service calendar; empty means none.
    """

    days: tuple[int, ...] = (0, 1, 2, 3, 4)
    start_hour: float = 9.0
    end_hour: float = 18.0
    zone: str = ""
    holiday_country: str = ""
    holiday_subdiv: str = ""
    closed: tuple[str, ...] = ()


class UptimeOutcome(NamedTuple):
    """One possible month in the buyer's uptime scenario and its probability."""

    uptime: float
    p: float


def _default_incidents() -> dict[str, float]:
    return {"P1": 0.3, "P2": 1.5, "P3": 6.0, "P4": 10.0}


def _default_severity_weights() -> dict[str, float]:
    return {"P1": 0.5, "P2": 0.3, "P3": 0.15, "P4": 0.05}


def _default_uptime_scenario() -> tuple[UptimeOutcome, ...]:
    return (UptimeOutcome(100.0, 0.8), UptimeOutcome(99.8, 0.15), UptimeOutcome(99.0, 0.05))


@dataclass(frozen=True)
class Scenario:
    """The buyer's assumptions, the same for every provider (CONTRACT 3, SCENARIO)."""

    incidents_per_month: Mapping[str, float] = field(default_factory=_default_incidents)
    severity_weights: Mapping[str, float] = field(default_factory=_default_severity_weights)
    business_hours: BusinessHours = field(default_factory=BusinessHours)
    uptime_scenario: tuple[UptimeOutcome, ...] = field(default_factory=_default_uptime_scenario)
    claim_success: float = 0.7
    support_hours_month: float = 30.0
    exit_month: int = 6


@dataclass(frozen=True)
class Evaluation:
    """A whole provider selection: what is scored, who is scored, by whom, and the terms."""

    name: str
    currency: str = "USD"
    horizon_months: int = 36
    scale: Scale = field(default_factory=Scale)
    criteria: tuple[Criterion, ...] = ()
    terms: tuple[Term, ...] = ()
    providers: tuple[Provider, ...] = ()
    evaluators: tuple[Evaluator, ...] = ()
    scores: tuple[Score, ...] = ()
    consensus: tuple[Consensus, ...] = ()
    rounds: tuple[Round, ...] = ()
    scenario: Scenario = field(default_factory=Scenario)
    ask: Mapping[str, Any] = field(default_factory=dict)
    """The buyer's requested terms (the RFP position), ``{term_key: value}``."""
    criteria_locked_at: str = ""
    """When criteria and weights were locked before scoring (ISO time); empty while open."""
    walk_away: Mapping[str, Any] = field(default_factory=dict)
    """The worst value the buyer will sign, per term, ``{term_key: value}`` (optional)."""
    conditions: tuple[AwardCondition, ...] = ()
    """Moderation notes marked as conditions of award."""
    price_envelopes_opened_at: str = ""
    """When the sealed price envelopes were opened, after quality scoring (two-envelope
    tendering): an ISO date or time; empty when not recorded."""

    @cached_property
    def score_index(self) -> ScoreIndex:
        """The scores indexed by provider, criterion and evaluator (built once per state)."""
        from slaselect.domain.scores import ScoreIndex

        return ScoreIndex.of(self)

    @property
    def built_index(self) -> ScoreIndex | None:
        """The score index if this state has built (or been handed) it, else None."""
        return vars(self).get("score_index")

    def with_index(self, index: ScoreIndex) -> Evaluation:
        """This state, handed the index of its scores (built elsewhere, from the same
        scores), so that ``score_index`` is not built again; returns ``self``."""
        vars(self)["score_index"] = index  # where cached_property keeps its value
        return self

    def scores_to_change(self) -> list[Score]:
        """A list equal to ``scores`` to build the next state's scores in, handed over at
        most once (the list this state was built from, else a new copy).

        A tender has millions of scores: copying the tuple into a list and back for each edit
        is three passes over them; a list handed from state to state makes it one. The list
        is taken out of this state (an atomic ``dict.pop``), so no two edits share it.
        """
        handed: list[Score] | None = vars(self).pop("_scores_to_change", None)
        return handed if handed is not None else list(self.scores)

    def keeping_scores_list(self, scores: list[Score]) -> Evaluation:
        """This state, keeping ``scores`` (equal to its ``scores``, referenced nowhere else)
        for the next edit's ``scores_to_change``; returns ``self``."""
        vars(self)["_scores_to_change"] = scores
        return self

    def with_same_scores(self, **changes: Any) -> Evaluation:
        """A copy with ``changes`` to fields other than the scores, keeping the score index
        already built (the same scores: it stays valid)."""
        assert "scores" not in changes
        changed = replace(self, **changes)
        index = self.built_index
        return changed if index is None else changed.with_index(index)

    def criterion(self, key: str) -> Criterion:
        """The criterion with this key; raises KeyError when there is none."""
        return self._criteria_by_key[key]

    @cached_property
    def _criteria_by_key(self) -> dict[str, Criterion]:
        return {c.key: c for c in reversed(self.criteria)}  # the first of a key wins

    @cached_property
    def _providers_by_key(self) -> dict[str, Provider]:
        # Looked up in loops over a tender's thousand providers: a scan each was quadratic.
        return {p.key: p for p in reversed(self.providers)}  # the first of a key wins

    def term(self, key: str) -> Term:
        """The term with this key; raises KeyError when there is none."""
        return _by_key(self.terms, key)

    def provider(self, key: str) -> Provider:
        """The provider with this key; raises KeyError when there is none."""
        return self._providers_by_key[key]

    @cached_property
    def _rounds_by_key(self) -> dict[str, tuple[Round, ...]]:
        """Each provider's rounds, oldest first, sorted once per state: asking for one
        provider's rounds in a loop over a tender's providers stays linear."""
        by_provider: dict[str, list[Round]] = {}
        for negotiation_round in self.rounds:
            by_provider.setdefault(negotiation_round.provider, []).append(negotiation_round)
        return {key: tuple(sorted(rounds, key=lambda r: r.number))
                for key, rounds in by_provider.items()}

    def rounds_of(self, provider: str) -> list[Round]:
        """The provider's negotiation rounds, oldest first."""
        return list(self._rounds_by_key.get(provider, ()))

    def rounds_by_provider(self) -> dict[str, list[Round]]:
        """Every provider's rounds, oldest first, from one pass over the rounds.

        Every listed provider has an entry (empty when it has no round yet).
        """
        by_provider: dict[str, list[Round]] = {p.key: [] for p in self.providers}
        for key, rounds in self._rounds_by_key.items():
            by_provider[key] = list(rounds)
        return by_provider

    def latest_round_number(self, provider: str) -> int | None:
        """The number of the provider's highest-numbered round, None when it has none."""
        rounds = self._rounds_by_key.get(provider)
        return rounds[-1].number if rounds else None

    def terms_at(self, provider: str, round_number: int | None = None) -> dict[str, Any]:
        """The provider's terms as of a round (default: latest), earlier rounds carried forward."""
        values: dict[str, Any] = {}
        for negotiation_round in self._rounds_by_key.get(provider, ()):
            if round_number is not None and negotiation_round.number > round_number:
                break
            values.update(negotiation_round.values)
        return values

    def terms_as_of(
        self, round_number: int | None = None
    ) -> dict[str, tuple[int | None, dict[str, Any]]]:
        """Per provider, in one pass over the rounds: (the highest round at or below
        ``round_number``, None when it has none; its terms, earlier rounds carried forward).

        ``round_number`` None means each provider's latest round. What ``terms_at`` gives one
        provider, for all of them at once (``figures --json`` lists every provider).
        """
        result: dict[str, tuple[int | None, dict[str, Any]]] = {}
        for key, rounds in self.rounds_by_provider().items():
            values: dict[str, Any] = {}
            number: int | None = None
            for negotiation_round in rounds:
                if round_number is not None and negotiation_round.number > round_number:
                    break
                values.update(negotiation_round.values)
                number = negotiation_round.number
            result[key] = (number, values)
        return result

    def current_terms(self) -> dict[str, dict[str, Any]]:
        """Every provider's current terms (those of its highest-numbered round, carried forward)."""
        return {key: values for key, (_, values) in self.terms_as_of().items()}


_Keyed = TypeVar("_Keyed", Criterion, Term, Provider)


def _by_key(items: tuple[_Keyed, ...], key: str) -> _Keyed:
    for item in items:
        if item.key == key:
            return item
    raise KeyError(key)
