"""Were prices kept sealed until quality was scored? (two-envelope tendering)

In a two-envelope tender the evaluators score the quality envelope first; the price envelopes
are opened only when that scoring is complete, so no quality score can lean towards a cheap
bid. The evaluation records when the envelopes were opened
(``Evaluation.price_envelopes_opened_at``); this module compares that moment with the quality
scores the audit trail records (evaluators' scores and moderated scores, also inside a batch
such as an imported scoring sheet) and words the result for a board.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from slaselect.domain.audit import AuditEntry, read_detail
from slaselect.domain.audit_words import when_words
from slaselect.domain.model import Evaluation
from slaselect.domain.wording import plural

QUALITY_SCORE_EDITS = frozenset({"SetScore", "SetConsensus", "ImportScores"})
"""The recorded edits that enter or change a quality score."""


@dataclass(frozen=True)
class ScoreEntry:
    """Quality scores entered or changed by one recorded change: when, and how many."""

    at: str
    count: int


@dataclass(frozen=True)
class PriceSealing:
    """The opening of the price envelopes against the quality scores around it."""

    opened_at: str
    """As recorded: an ISO date or time; empty when not recorded."""
    history: bool
    """False for an interchange file, which keeps no record of changes."""
    last_before: str | None = None
    """The last quality score recorded before the opening (ISO time)."""
    after: int = 0
    """Quality scores entered or changed after the opening."""
    last_after: str | None = None
    """The last of those (ISO time)."""
    same_day: int = 0
    """Scores on the opening's day when only its date is recorded: order unknown."""

    @property
    def recorded(self) -> bool:
        """True when the opening of the envelopes is recorded."""
        return bool(self.opened_at)


def score_entries(audit: Sequence[AuditEntry]) -> list[ScoreEntry]:
    """Every recorded change that entered or changed quality scores, oldest first."""
    found: list[ScoreEntry] = []
    for entry in audit:
        if '"Set' not in entry.detail and '"Import' not in entry.detail:
            continue  # cheap test first: most entries of a long trail are other edits
        detail = read_detail(entry.detail)
        if detail is None:
            continue
        if detail.edit in QUALITY_SCORE_EDITS:
            found.append(ScoreEntry(entry.at, 1))
            continue
        inner = detail.settings.get("edits")
        if isinstance(inner, list):
            count = sum(1 for item in inner
                        if isinstance(item, dict) and item.get("edit") in QUALITY_SCORE_EDITS)
            if count:
                found.append(ScoreEntry(entry.at, count))
    return found


def _moment(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        return None
    return moment if moment.tzinfo is not None else moment.astimezone()  # naive: local time


def price_sealing(evaluation: Evaluation,
                  audit: Sequence[AuditEntry] | None) -> PriceSealing:
    """Compare the envelopes' opening with the quality scores of ``audit`` (None: an
    interchange file, which has no history)."""
    opened = evaluation.price_envelopes_opened_at
    if not opened or audit is None:
        return PriceSealing(opened, audit is not None)
    entries = score_entries(audit)
    date_only = len(opened.strip()) == 10
    opened_moment = _moment(opened)
    before: list[ScoreEntry] = []
    after: list[ScoreEntry] = []
    same_day = 0
    for entry in entries:
        moment = _moment(entry.at)
        if date_only or opened_moment is None or moment is None:
            day = (moment.date().isoformat() if moment is not None else entry.at[:10])
            if day == opened[:10]:
                same_day += entry.count
            (after if day > opened[:10] else before).append(entry)
        else:
            (after if moment > opened_moment else before).append(entry)
    return PriceSealing(opened, True,
                        last_before=before[-1].at if before else None,
                        after=sum(e.count for e in after),
                        last_after=after[-1].at if after else None,
                        same_day=same_day)


def _when(text: str, *, with_time: bool) -> str:
    """A recorded date or time as a board reads it: the date, with the local time when
    two moments of the same day are compared."""
    if with_time and len(text.strip()) > 10:
        return when_words(text)
    moment = _moment(text)
    return moment.date().isoformat() if moment is not None and len(text.strip()) > 10 \
        else text[:10]


def opening_words(text: str) -> str:
    """A recorded opening as the app shows it: the date, and the local time when one was
    recorded ("2026-11-20 09:30")."""
    return _when(text, with_time=True)


def sealing_sentence(sealing: PriceSealing, *, scored: bool = True) -> str:
    """The governance fact in one or two sentences; ``scored`` says whether the evaluation
    holds any quality score at all."""
    if not sealing.recorded:
        return ("Prices were not recorded as sealed: nothing shows that the evaluators scored "
                "quality before they saw the bids' prices.")
    opened = sealing.opened_at
    if not sealing.history:
        return (f"Price envelopes were opened on {_when(opened, with_time=False)}; an "
                "interchange file keeps no history, so it cannot show that every quality "
                "score came before.")
    if sealing.after:
        last = sealing.last_after or ""
        return (f"{plural(sealing.after, 'quality score')} "
                f"{'was' if sealing.after == 1 else 'were'} entered or changed after the price "
                f"envelopes were opened on {_when(opened, with_time=False)}, the last on "
                f"{_when(last, with_time=False)}: those scores were given with the prices "
                "in view.")
    if sealing.same_day:
        return (f"Price envelopes were opened on {opened[:10]}, the day of the last quality "
                "score; only the date of the opening is recorded, so the file cannot show "
                "which came first.")
    if sealing.last_before is None:
        if scored:
            return (f"Price envelopes were opened on {_when(opened, with_time=False)}; the "
                    "file's history records no quality score being entered, so it cannot "
                    "show that scoring came first.")
        return (f"Price envelopes were opened on {_when(opened, with_time=False)}; no quality "
                "score has been entered yet.")
    last = sealing.last_before
    same = _when(opened, with_time=False) == _when(last, with_time=False)
    return (f"Price envelopes were opened on {_when(opened, with_time=same)}, after the last "
            f"quality score on {_when(last, with_time=same)}: evaluators scored without "
            "seeing prices.")


def price_sealing_sentence(evaluation: Evaluation,
                           audit: Sequence[AuditEntry] | None) -> str:
    """Whether prices were sealed until quality was scored, in words (see ``sealing_sentence``)."""
    scored = bool(evaluation.scores or evaluation.consensus)
    return sealing_sentence(price_sealing(evaluation, audit), scored=scored)
