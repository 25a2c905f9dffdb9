"""Cross-checks of a ranking: dominated providers, and whether TOPSIS agrees with the WSM.

- A provider is **dominated** by another when it is no better on every criterion score and
  worse on at least one: no choice of weights can then rank it above the other. Only eligible
  providers are compared, since an ineligible provider cannot be chosen; scores equal within
  10⁻⁹ count as equal.
- **Method agreement**: Spearman's rank correlation between the WSM and the TOPSIS ranking of
  the eligible providers (+1 same order, −1 reversed; ties get their average rank), and
  whether both put the same provider first. Undefined (None) with fewer than two eligible
  providers or when one method ties them all.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from slaselect.domain.ranking import Method, Ranking, ScoreTable, rank_table
from slaselect.domain.wording import and_list, ordinal

FloatArray = npt.NDArray[np.float64]

_EQUAL = 1e-9


@dataclass(frozen=True)
class Domination:
    """``provider`` is no better than ``by`` on any criterion and worse on at least one."""

    provider: str
    by: str

    def to_dict(self) -> dict[str, str]:
        """The CONTRACT 6 ``dominated`` entry."""
        return {"provider": self.provider, "by": self.by}


@dataclass(frozen=True)
class MethodAgreement:
    """How the TOPSIS ranking compares with the WSM ranking of the eligible providers."""

    spearman: float | None
    same_winner: bool
    wsm_winner: str
    topsis_winner: str
    topsis_rank_of_wsm_winner: int
    eligible: int

    def to_dict(self) -> dict[str, object]:
        """The CONTRACT 6 ``method_agreement`` object, with the TOPSIS winner added."""
        return {"spearman": self.spearman, "same_winner": self.same_winner,
                "topsis_winner": self.topsis_winner}


_PAIRS = 1_000_000
"""Pairs of providers ``dominated`` holds at once (a block of providers against all)."""


def dominated(table: ScoreTable) -> tuple[Domination, ...]:
    """Every (dominated, dominating) pair of eligible providers, in table order."""
    rows = np.flatnonzero(table.eligible)
    scores = table.scores[rows]
    keys = [table.providers[i].key for i in rows]
    if rows.size == 0 or scores.shape[1] == 0:
        return ()
    below, above = scores - _EQUAL, scores + _EQUAL
    found: list[Domination] = []
    block = max(1, _PAIRS // rows.size)
    for start in range(0, rows.size, block):
        # Pairs (a, b) where a is no better than b, one criterion at a time: each criterion
        # leaves about half of a tender's pairs, so few are left to compare in full.
        a, b = np.nonzero(~(scores[start:start + block, None, 0] > above[None, :, 0]))
        a += start
        for j in range(1, scores.shape[1]):
            level = ~(scores[a, j] > above[b, j])
            a, b = a[level], b[level]
        worse = (scores[a] < below[b]).any(axis=1)  # a scores clearly below b somewhere
        found += (Domination(keys[i], keys[k])
                  for i, k in zip(a[worse].tolist(), b[worse].tolist(), strict=True))
    return tuple(found)


def method_agreement(table: ScoreTable, wsm: Ranking | None = None) -> MethodAgreement | None:
    """Spearman correlation of WSM and TOPSIS ranks; None when no provider is eligible."""
    wsm = wsm or rank_table(table, Method.WSM)
    topsis = rank_table(table, Method.TOPSIS)
    wsm_scores = {r.provider: r.score or 0.0 for r in wsm.results if r.eligible}
    topsis_ranks = {r.provider: r.rank or 0 for r in topsis.results if r.eligible}
    topsis_scores = {r.provider: r.score or 0.0 for r in topsis.results if r.eligible}
    keys = list(wsm_scores)
    if not keys:
        return None
    wsm_winner = keys[0]
    same_winner = topsis_ranks[wsm_winner] == 1
    # When the WSM winner shares first place in TOPSIS, it is TOPSIS's winner too.
    topsis_winner = wsm_winner if same_winner else next(
        r.provider for r in topsis.results if r.eligible
    )
    return MethodAgreement(
        spearman=spearman(np.array([wsm_scores[k] for k in keys]),
                          np.array([topsis_scores[k] for k in keys])),
        same_winner=same_winner,
        wsm_winner=wsm_winner,
        topsis_winner=topsis_winner,
        topsis_rank_of_wsm_winner=topsis_ranks[wsm_winner],
        eligible=len(keys),
    )


def spearman(first: FloatArray, second: FloatArray) -> float | None:
    """Spearman's rank correlation (Pearson on average ranks); None when it is undefined."""
    if first.size < 2:
        return None
    a, b = average_ranks(first), average_ranks(second)
    a, b = a - a.mean(), b - b.mean()
    spread = float(np.sqrt((a * a).sum() * (b * b).sum()))
    if spread <= 0.0:
        return None
    return float((a * b).sum() / spread)


def average_ranks(scores: FloatArray) -> FloatArray:
    """Rank 1 for the highest score; tied scores (within 10⁻⁹) share their average rank."""
    tolerance = _EQUAL * np.maximum(1.0, np.abs(scores))
    ahead = (scores[None, :] > scores[:, None] + tolerance[:, None]).sum(axis=1)
    level = (np.abs(scores[None, :] - scores[:, None]) <= tolerance[:, None]).sum(axis=1)
    return np.asarray(ahead + (level + 1) / 2.0, dtype=np.float64)


def _top_criteria(table: ScoreTable, values: FloatArray, count: int = 2) -> list[str]:
    """Names of the criteria with the largest positive ``values``, largest first."""
    order = [int(j) for j in np.argsort(-values, kind="stable") if values[j] > _EQUAL]
    return [table.criteria[j].name for j in order[:count]]


@dataclass(frozen=True)
class TopsisDifference:
    """Why TOPSIS puts another provider first than the weighted sum does."""

    leader: str
    """The weighted-sum leader's name."""
    rival: str
    """TOPSIS's winner's name."""
    place: str
    """Where TOPSIS puts the leader: "last", "2nd of 5"."""
    reason: str
    """One clause: "it rewards being close to the best score on every criterion, and A is
    furthest behind the best on X, while its weighted-sum lead over B comes from Y and Z"."""

    def sentence(self) -> str:
        """"TOPSIS ranks B first and A last: <reason>."."""
        return f"TOPSIS ranks {self.rival} first and {self.leader} {self.place}: {self.reason}."


def topsis_difference(table: ScoreTable, wsm: Ranking | None = None) -> TopsisDifference | None:
    """Why TOPSIS does not put the weighted-sum leader first; None when the methods agree.

    TOPSIS measures each provider's distance from the best and worst score on every criterion
    (scores normalised per criterion, then weighted); the weighted sum adds weighted scores.
    The reason names the criteria where the leader is furthest behind the best, which push
    it down in TOPSIS, and those that make up its lead over TOPSIS's winner.
    """
    agreement = method_agreement(table, wsm)
    if agreement is None or agreement.same_winner:
        return None
    rows = np.flatnonzero(table.eligible)
    keys = [p.key for p in table.providers]
    leader = int(np.flatnonzero(rows == keys.index(agreement.wsm_winner))[0])
    rival = int(np.flatnonzero(rows == keys.index(agreement.topsis_winner))[0])
    scores = table.scores[rows]
    norms = np.sqrt((scores**2).sum(axis=0))
    normalised = np.divide(scores, norms, out=np.zeros_like(scores), where=norms > 0)
    shares = table.normalised_weights
    weighted = normalised * shares
    behind = (weighted.max(axis=0) - weighted) ** 2  # each criterion's part of D+ squared
    pushed_down = _top_criteria(table, behind[leader] - behind[rival])
    lead = _top_criteria(table, shares * (scores[leader] - scores[rival]))
    names = {p.key: p.name for p in table.providers}
    leader_name, rival_name = names[agreement.wsm_winner], names[agreement.topsis_winner]
    reason = "it rewards being close to the best score on every criterion"
    if pushed_down:
        reason += f", and {leader_name} is furthest behind the best on {and_list(pushed_down)}"
    if lead:
        reason += f", while its weighted-sum lead over {rival_name} comes from {and_list(lead)}"
    place, eligible = agreement.topsis_rank_of_wsm_winner, agreement.eligible
    where = "last" if place == eligible else f"{ordinal(place)} of {eligible}"
    return TopsisDifference(leader_name, rival_name, where, reason)


def topsis_disagreement(table: ScoreTable, wsm: Ranking | None = None) -> str | None:
    """When TOPSIS puts another provider first, one sentence saying so and why (else None):
    "TOPSIS ranks B first and A last: it rewards being close to the best score on every
    criterion, and A is furthest behind the best on X, while its weighted-sum lead over B
    comes from Y and Z"."""
    difference = topsis_difference(table, wsm)
    return difference.sentence() if difference is not None else None
