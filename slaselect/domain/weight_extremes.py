"""What happens at the ends of a weight range: a winner that only ties there must say so.

``stability_intervals`` (sensitivity) gives, per criterion, the share of the total weight over
which the winner stays first. An interval that reaches 0 % or 100 % reads "at any weight",
"up to …" or "from …"; but at that very end the winner may only share first place (at 100 %
of a criterion only that criterion counts, and a rival with the same score there ties). These
helpers find such ties and word the range truthfully: "at any weight (at 100 % it shares first
place with Pelican)".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from slaselect.domain.ranking import ScoreTable
from slaselect.domain.sensitivity import WeightInterval, percent_words, remainder_totals

TIE_POINTS = 1e-8


@dataclass(frozen=True)
class EndTies:
    """Rivals level with the winner when a criterion weighs 0 % and when it weighs 100 %."""

    criterion: str
    at_zero: tuple[str, ...]
    at_whole: tuple[str, ...]


def end_ties(table: ScoreTable, winner: str) -> dict[str, EndTies]:
    """Per criterion key, the eligible rivals that tie with ``winner`` at 0 % and at 100 %."""
    rows = np.flatnonzero(table.eligible)
    keys = [table.providers[i].key for i in rows]
    w = keys.index(winner)
    scores = table.scores[rows]
    remainder = remainder_totals(table, rows)
    # [i, j]: rival i is level with the winner on criterion j alone, or without criterion j
    level_whole = np.abs(scores - scores[w]) <= TIE_POINTS
    level_zero = np.abs(remainder - remainder[w]) <= TIE_POINTS
    level_whole[w] = level_zero[w] = False
    result: dict[str, EndTies] = {}
    for j, criterion in enumerate(table.criteria):
        at_whole = tuple(keys[i] for i in np.flatnonzero(level_whole[:, j]).tolist())
        at_zero = tuple(keys[i] for i in np.flatnonzero(level_zero[:, j]).tolist())
        result[criterion.key] = EndTies(criterion.key, at_zero, at_whole)
    return result


def _with_whom(rivals: tuple[str, ...], names: Mapping[str, str]) -> str:
    named = [names.get(k, k) for k in rivals]
    if len(named) > 3:
        return f"{', '.join(named[:2])} and {len(named) - 2} others"
    if len(named) > 1:
        return f"{', '.join(named[:-1])} and {named[-1]}"
    return named[0]


def stay_words(interval: WeightInterval, ties: EndTies | None = None,
               names: Mapping[str, str] | None = None) -> str:
    """The range over which the winner stays first, honest about a tie at 0 % or 100 %.

    "at any weight", "up to 24.4 %", "from 12 %", "12 % to 40 %"; an end of the range at 0 %
    or 100 % where the winner only shares first place adds "(at 100 % it shares first place
    with Pelican)".
    """
    low, high, now = interval.low_pct, interval.high_pct, interval.weight_pct
    names = names or {}
    if low <= 0.0 and high >= 100.0:
        words = "at any weight"
    elif low <= 0.0:
        words = f"up to {percent_words(high, now)}"
    elif high >= 100.0:
        words = f"from {percent_words(low, now)}"
    else:
        return f"{percent_words(low, now)} to {percent_words(high, now)}"
    note = end_tie_note(interval, ties, names)
    return f"{words} ({note})" if note else words


def end_tie_note(interval: WeightInterval, ties: EndTies | None = None,
                 names: Mapping[str, str] | None = None) -> str:
    """Where the winner only shares first place at an end of its range: "at 100 % it shares
    first place with Pelican"; empty when it leads alone up to both ends."""
    if ties is None:
        return ""
    names = names or {}
    notes = []
    if interval.low_pct <= 0.0 and ties.at_zero:
        notes.append(f"at 0 % it shares first place with {_with_whom(ties.at_zero, names)}")
    if interval.high_pct >= 100.0 and ties.at_whole:
        notes.append(f"at 100 % it shares first place with {_with_whom(ties.at_whole, names)}")
    return "; ".join(notes)


def no_tipping_point_sentence(
    intervals: tuple[WeightInterval, ...], ties: Mapping[str, EndTies],
    names: Mapping[str, str], criterion_names: Mapping[str, str],
) -> str:
    """The sentence for a winner no single weight change can overtake, with any end tie."""
    sentence = ("No change to a single criterion's weight, however large, would hand first place "
                "to another provider")
    for interval in intervals:
        tie = ties.get(interval.criterion)
        if tie is None:
            continue
        criterion = criterion_names.get(interval.criterion, interval.criterion)
        if interval.high_pct >= 100.0 and tie.at_whole:
            return (f"{sentence}, though with all the weight on {criterion} it would share "
                    f"first place with {_with_whom(tie.at_whole, names)}.")
        if interval.low_pct <= 0.0 and tie.at_zero:
            return (f"{sentence}, though with no weight on {criterion} it would share first "
                    f"place with {_with_whom(tie.at_zero, names)}.")
    return sentence + "."
