"""What a provider's term sheet says, before any layout: the DOCX and PDF print the same.

Per provider: its terms as of a round (by default its latest) as contract clauses, grouped in
the SLA's sections; each marked against the Client's ask and, when one is given, the walk-away
limit; the open points first; and the negotiation history, one row per term that changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from slaselect.domain.contract_clauses import term_clause
from slaselect.domain.contract_language import SECTIONS, sla_section, value_words
from slaselect.domain.direction import (
    BETTER,
    FEWER_IS_BETTER_CHECKLISTS,
    SAME,
    WORSE,
    compare_values,
)
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Evaluation, Provider, Term
from slaselect.domain.negotiation import round_changes
from slaselect.domain.option_labels import option_label

# How a term stands against the Client's ask.
MEETS, BETTER_THAN, SHORT, DIFFERS, NOT_STATED, NO_ASK = (
    "meets", "better", "short", "differs", "not stated", "no ask")
STANDING_WORDS = {
    MEETS: "Meets the ask",
    BETTER_THAN: "Better than the ask",
    SHORT: "Open: short of the ask",
    DIFFERS: "Open: differs from the ask",
    NOT_STATED: "Open: not stated",
    NO_ASK: "No ask recorded",
}
OPEN_STANDINGS = frozenset({SHORT, DIFFERS, NOT_STATED})
VERDICT_WORDS = {BETTER: "better for the Client", WORSE: "worse for the Client"}


@dataclass(frozen=True)
class SheetTerm:
    """One term of the sheet: the provider's position, the ask, and where it stands."""

    key: str
    label: str
    section: str
    value_text: str
    clause: str
    ask_text: str | None
    standing: str
    walk_away_text: str | None = None
    beyond_walk_away: bool = False
    missing_text: str | None = None
    """For a list term short of the ask: "lacks: X" (asked items not offered) or, for the
    Client's obligations, "adds: Z" (obligations beyond the ask)."""

    @property
    def is_open(self) -> bool:
        """An open point: short of or different from the ask, unstated, or past walk-away."""
        return self.standing in OPEN_STANDINGS or self.beyond_walk_away

    @property
    def standing_text(self) -> str:
        """The standing in words, with the walk-away verdict when one was given."""
        words = STANDING_WORDS[self.standing]
        if self.beyond_walk_away:
            return f"{words}; beyond the walk-away limit"
        if self.walk_away_text is not None and self.standing in OPEN_STANDINGS:
            return f"{words}; within the walk-away limit"
        return words


@dataclass(frozen=True)
class HistoryRow:
    """One term that changed in one round."""

    round_number: int
    round_title: str
    label: str
    old_text: str
    new_text: str
    verdict: str


@dataclass(frozen=True)
class TermSheet:
    """Everything a term sheet shows for one provider."""

    evaluation_name: str
    provider: Provider
    round_number: int | None
    round_title: str
    currency: str
    has_ask: bool
    has_walk_away: bool
    sections: tuple[tuple[str, tuple[SheetTerm, ...]], ...]
    history: tuple[HistoryRow, ...]
    round_count: int

    @property
    def terms(self) -> tuple[SheetTerm, ...]:
        """Every term, in section order."""
        return tuple(term for _, terms in self.sections for term in terms)

    @property
    def open_points(self) -> tuple[SheetTerm, ...]:
        """The terms legal still has to settle, in section order."""
        return tuple(term for term in self.terms if term.is_open)

    @property
    def summary(self) -> str:
        """One sentence on where the terms stand against the ask."""
        terms = self.terms
        if not self.has_ask:
            return ("The Client has recorded no ask, so no term is marked against one; record "
                    "the ask to list the open points.")
        asked = [t for t in terms if t.standing != NO_ASK]
        met = [t for t in asked if t.standing in (MEETS, BETTER_THAN)]
        count = len(self.open_points)
        points = "no open point" if count == 0 else (
            "1 open point" if count == 1 else f"{count} open points")
        return f"{len(met)} of {len(asked)} terms with an ask meet or beat it; {points}."


def _standing(evaluation: Evaluation, term: Term, value: Any, asked: Any,
              terms: Mapping[str, Any]) -> str:
    if asked is None:
        return NO_ASK
    if value is None:
        return NOT_STATED
    verdict = compare_values(term, asked, value, evaluation.scenario, terms,
                             evaluation.horizon_months)
    return {SAME: MEETS, BETTER: BETTER_THAN, WORSE: SHORT}.get(verdict, DIFFERS)


def _missing(term: Term, value: Any, asked: Any) -> str | None:
    """"lacks: X, Y" (asked-for items not offered); for a list of the Client's obligations,
    "adds: Z" (obligations beyond the ask)."""
    if not isinstance(asked, list):
        return None
    offered = value if isinstance(value, list) else []
    if term.key in FEWER_IS_BETTER_CHECKLISTS:
        added = [option_label(term.key, item) for item in offered if item not in asked]
        return f"adds: {', '.join(added)}" if added else None
    lacking = [option_label(term.key, item) for item in asked if item not in offered]
    return f"lacks: {', '.join(lacking)}" if lacking else None


def _round_title(number: int | None, label: str, date: str) -> str:
    if number is None:
        return "no round recorded"
    extra = ", ".join(part for part in (label, date) if part)
    return f"round {number}" + (f" ({extra})" if extra else "")


def build_term_sheet(
    evaluation: Evaluation,
    provider: str,
    walk_away: Mapping[str, Any] | None = None,
    round_number: int | None = None,
) -> TermSheet:
    """The term sheet of one provider as of a round (default: its latest).

    ``walk_away`` maps term keys to the Client's walk-away limits; a term past its limit is an
    open point whatever the ask says.
    """
    try:
        subject = evaluation.provider(provider)
    except KeyError:
        known = ", ".join(p.key for p in evaluation.providers) or "none"
        raise EvaluationError(f'there is no provider "{provider}" (providers: {known})') from None
    rounds = evaluation.rounds_of(provider)
    if round_number is not None and round_number not in {r.number for r in rounds}:
        raise EvaluationError(f"{subject.name} has no round {round_number}.")
    chosen = round_number if round_number is not None else (
        rounds[-1].number if rounds else None)
    values = evaluation.terms_at(provider, chosen) if chosen is not None else {}
    limits = walk_away or {}
    currency = evaluation.currency
    by_section: dict[str, list[SheetTerm]] = {}
    for term in evaluation.terms:
        value, asked, limit = values.get(term.key), evaluation.ask.get(term.key), \
            limits.get(term.key)
        beyond = limit is not None and (value is None or compare_values(
            term, limit, value, evaluation.scenario, values, evaluation.horizon_months) == WORSE)
        by_section.setdefault(sla_section(term), []).append(SheetTerm(
            term.key, term.name, sla_section(term), value_words(term, value, currency),
            term_clause(term, value, currency),
            None if asked is None else value_words(term, asked, currency),
            _standing(evaluation, term, value, asked, values),
            None if limit is None else value_words(term, limit, currency), beyond,
            _missing(term, value, asked),
        ))
    sections = tuple((name, tuple(by_section[name])) for name in SECTIONS if name in by_section)
    chosen_round = next((r for r in rounds if r.number == chosen), None)
    return TermSheet(
        evaluation.name, subject, chosen,
        _round_title(chosen, chosen_round.label if chosen_round else "",
                     chosen_round.date if chosen_round else ""),
        currency, bool(evaluation.ask), walk_away is not None, sections,
        _history(evaluation, provider, chosen), len(rounds),
    )


def _history(evaluation: Evaluation, provider: str, up_to: int | None) -> tuple[HistoryRow, ...]:
    rounds = [r for r in evaluation.rounds_of(provider) if up_to is None or r.number <= up_to]
    rows = []
    for previous, current in zip(rounds, rounds[1:], strict=False):
        title = _round_title(current.number, current.label, current.date)
        for change in round_changes(evaluation, provider, previous.number,
                                    current.number).changes:
            rows.append(HistoryRow(
                current.number, title[:1].upper() + title[1:], change.term.name,
                value_words(change.term, change.old, evaluation.currency),
                value_words(change.term, change.new, evaluation.currency),
                VERDICT_WORDS.get(change.verdict, "changed"),
            ))
    return tuple(rows)
