"""What should worry a buyer before signing, one sentence each (part of ``slaselect check``).

- criteria and weights not locked before scoring began (or locked only after it);
- the weighted sum and TOPSIS putting different providers first;
- a judgement score resting on a single evaluator while the team has several;
- service credits as the sole remedy with a low cap;
- a score agreed in moderation whose evaluator scores an import changed later: the agreed
  score stays in force, so the team should look at it again.

Missing scores counted as 0 are reported by ``checks.evaluation_warnings`` itself.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np

from slaselect.domain.audit import AuditEntry
from slaselect.domain.cross_checks import method_agreement
from slaselect.domain.model import Evaluation
from slaselect.domain.ranking import ConsensusScores, ScoreTable, consensus_scores, score_table
from slaselect.domain.sealed_prices import price_sealing, sealing_sentence
from slaselect.domain.wording import format_number

LOW_CAP_PCT = 15.0
"""A credit cap (monthly or annual, % of the fee) at or below this is low for a sole remedy."""
_MAX_NAMED = 3
_SCORE_EDITS = ("SetScore", "ImportScores")


def _detail(entry: AuditEntry) -> dict[str, Any]:
    try:
        detail = json.loads(entry.detail)
    except (ValueError, TypeError):
        return {}
    return detail if isinstance(detail, dict) else {}


def lock_warning(evaluation: Evaluation, audit: Sequence[AuditEntry] = ()) -> str | None:
    """Criteria not locked before scoring began, or locked only after it; None when fine."""
    if not evaluation.scores:
        return None
    first_score = min((e.at for e in audit if _detail(e).get("edit") in _SCORE_EDITS),
                      default=None)
    locked = evaluation.criteria_locked_at
    if not locked:
        return ("Criteria and weights were not locked before scoring began: lock them, so "
                "nobody can say they were tuned to favour a provider.")
    if first_score is not None and first_score < locked:
        return (f"Criteria and weights were locked on {locked[:10]}, after scoring began on "
                f"{first_score[:10]}: weights set with the scores in view can be challenged.")
    return None


def method_warning(table: ScoreTable, names: dict[str, str]) -> str | None:
    """The weighted sum and TOPSIS disagree on the winner; None when they agree."""
    if not table.eligible.any() or float(table.weights.sum()) <= 0:
        return None
    agreement = method_agreement(table)
    if agreement is None or agreement.same_winner:
        return None
    return (f"The two ranking methods disagree on the winner: the weighted sum puts "
            f"{names[agreement.wsm_winner]} first, TOPSIS puts "
            f"{names[agreement.topsis_winner]} first.")


def single_evaluator_warning(evaluation: Evaluation, consensus: ConsensusScores) -> str | None:
    """Judgement scores that rest on one evaluator's view while the team has several."""
    if len(evaluation.evaluators) < 2:
        return None
    lone = np.argwhere((consensus.counts == 1) & ~consensus.moderated)
    if lone.size == 0:
        return None
    who = {(s.provider, s.criterion): s.evaluator for s in evaluation.scores}
    providers = {p.key: p.name for p in evaluation.providers}
    criteria = {c.key: c.name for c in evaluation.criteria}
    evaluators = {e.key: e.name for e in evaluation.evaluators}
    cells = []
    for i, j in lone.tolist()[:_MAX_NAMED]:
        provider, criterion = consensus.providers[i], consensus.criteria[j]
        evaluator = evaluators.get(who.get((provider, criterion), ""), "one evaluator")
        cells.append(f"{providers[provider]} on {criteria[criterion]} ({evaluator})")
    more = " among others" if len(lone) > _MAX_NAMED else ""
    count = len(lone)
    return (f"{count} consensus score{'s rest' if count != 1 else ' rests'} on a single "
            f"evaluator's score: {', '.join(cells)}{more}; have a second evaluator score "
            f"{'them' if count != 1 else 'it'} or agree {'them' if count != 1 else 'it'} in "
            "moderation.")


def possessive(name: str) -> str:
    """"Tidemark's", "Kestrabyte Solutions'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def sole_remedy_warnings(evaluation: Evaluation, only: set[str] | None = None) -> list[str]:
    """Providers (of ``only``, default all) whose credits are the sole remedy yet capped low."""
    warnings = []
    current = evaluation.current_terms()
    for provider in evaluation.providers:
        if only is not None and provider.key not in only:
            continue
        terms = current.get(provider.key, {})
        if terms.get("credits_sole_remedy") is not True:
            continue
        caps = [(label, terms.get(key)) for label, key in
                (("of the monthly fee", "credit_monthly_cap_pct"),
                  ("a year", "credit_annual_cap_pct"))]
        low = [(label, float(v)) for label, v in caps
               if isinstance(v, int | float) and not isinstance(v, bool) and v <= LOW_CAP_PCT]
        if not low:
            continue
        label, cap = min(low, key=lambda item: item[1])
        warnings.append(
            f"{possessive(provider.name)} service credits are the sole remedy for missed "
            f"service levels, yet capped at {format_number(cap)} % {label}: a serious outage would "
            "cost it little and leave you no other claim.")
    return warnings


def rescored_after_moderation(evaluation: Evaluation,
                              audit: Sequence[AuditEntry]) -> list[str]:
    """Moderated scores whose evaluator's score an import changed after the moderation.

    The import leaves the agreed score in force, so the new view is silently ignored. An
    import's audit detail names its evaluator and, when recorded, its cells
    (``"cells": [[provider, criterion], ...]``); without cells, every moderated cell that
    evaluator has scored counts.
    """
    agreed_at: dict[tuple[str, str], str] = {}
    for entry in audit:
        detail = _detail(entry)
        if detail.get("edit") == "SetConsensus" and detail.get("value") is not None:
            agreed_at[(str(detail.get("provider")), str(detail.get("criterion")))] = entry.at
    if not agreed_at:
        return []
    moderated = {(c.provider, c.criterion) for c in evaluation.consensus}
    scored = {(s.provider, s.criterion, s.evaluator) for s in evaluation.scores}
    providers = {p.key: p.name for p in evaluation.providers}
    criteria = {c.key: c.name for c in evaluation.criteria}
    evaluators = {e.key: e.name for e in evaluation.evaluators}
    warnings: list[str] = []
    seen: set[tuple[str, str]] = set()
    for entry in audit:
        detail = _detail(entry)
        if detail.get("edit") != "ImportScores":
            continue
        evaluator = str(detail.get("evaluator", ""))
        cells = detail.get("cells")
        touched = ({(str(c[0]), str(c[1])) for c in cells if isinstance(c, list) and len(c) == 2}
                   if isinstance(cells, list) else
                   {cell for cell in moderated if (*cell, evaluator) in scored})
        for cell in sorted(touched & moderated):
            at = agreed_at.get(cell)
            if at is None or entry.at <= at or cell in seen:
                continue
            seen.add(cell)
            provider, criterion = cell
            warnings.append(
                f"The moderated score of {providers.get(provider, provider)} on "
                f"{criteria.get(criterion, criterion)} (agreed {at[:10]}) still stands, but "
                f"{possessive(evaluators.get(evaluator, evaluator))} score was re-imported on "
                f"{entry.at[:10]}: review the agreed score.")
    return warnings


def decision_warnings(evaluation: Evaluation, audit: Sequence[AuditEntry] = (),
                      table: ScoreTable | None = None) -> list[str]:
    """Every warning of this module, in the order a buyer should deal with them."""
    warnings: list[str] = []
    lock = lock_warning(evaluation, audit)
    if lock:
        warnings.append(lock)
    sealing = price_sealing(evaluation, audit)
    if sealing.after:  # quality scores given with the prices in view: a board must know
        warnings.append(sealing_sentence(sealing))
    in_running: set[str] | None = None
    if evaluation.providers and evaluation.criteria:
        consensus = consensus_scores(evaluation)
        table = table if table is not None else score_table(evaluation, consensus)
        method = method_warning(table, {p.key: p.name for p in evaluation.providers})
        if method:
            warnings.append(method)
        lone = single_evaluator_warning(evaluation, consensus)
        if lone:
            warnings.append(lone)
        in_running = {p.key for p, ok in zip(table.providers, table.eligible.tolist(),
                                             strict=True) if ok}
    warnings += sole_remedy_warnings(evaluation, in_running)
    warnings += rescored_after_moderation(evaluation, audit)
    return warnings
