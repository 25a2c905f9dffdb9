"""Sanity checks a procurement lead wants before trusting a ranking (``slaselect check``)."""

from __future__ import annotations

from collections.abc import Sequence

from slaselect.domain.audit import AuditEntry
from slaselect.domain.decision_checks import decision_warnings
from slaselect.domain.model import CriterionKind, Evaluation
from slaselect.domain.ranking import score_table


def evaluation_warnings(
    evaluation: Evaluation, audit: Sequence[AuditEntry] = ()
) -> list[str]:
    """Things that make the ranking weaker or incomplete, one sentence each (may be empty).

    ``audit`` (the project's audit trail, oldest first) lets the checks tell when criteria
    were locked against when scoring began, and find moderated scores re-scored by imports.
    """
    warnings: list[str] = []
    if not evaluation.providers:
        warnings.append("No providers yet: add the candidates to compare.")
    if not evaluation.criteria:
        warnings.append("No criteria yet: add what the providers are scored on.")
    elif sum(c.weight for c in evaluation.criteria) <= 0:
        warnings.append("Every criterion weighs 0, so every provider scores 0.")
    judgement = [c for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT]
    if judgement and evaluation.providers and not evaluation.evaluators:
        warnings.append("No evaluators yet: judgement criteria need a scoring team.")
    with_rounds = {r.provider for r in evaluation.rounds}
    uses_terms = any(c.kind is not CriterionKind.JUDGEMENT for c in evaluation.criteria)
    for provider in evaluation.providers:
        if uses_terms and provider.key not in with_rounds:
            warnings.append(
                f"{provider.name} has no negotiation round, so its term and price criteria "
                "score 0."
            )
    if evaluation.providers and evaluation.criteria:
        table = score_table(evaluation)
        missing_by_provider: dict[str, int] = {}
        for item in table.missing:
            missing_by_provider[item.provider] = missing_by_provider.get(item.provider, 0) + 1
        for provider in evaluation.providers:
            count = missing_by_provider.get(provider.key, 0)
            if count:
                warnings.append(
                    f"{provider.name} is not scored on {count} judgement "
                    f"criteri{'on' if count == 1 else 'a'}; missing scores count as 0."
                )
    scored_by = {s.evaluator for s in evaluation.scores}
    for evaluator in evaluation.evaluators:
        if judgement and evaluation.providers and evaluator.key not in scored_by:
            warnings.append(f"{evaluator.name} has not scored anything yet.")
    warnings += decision_warnings(evaluation, audit)
    return warnings


def _name_for_comparison(name: str) -> str:
    """A name as people read it: case, accents' case forms and spacing ignored."""
    return " ".join(name.casefold().split())


def providers_named_alike(evaluation: Evaluation, key: str) -> list[str]:
    """Names of the other providers whose name reads the same as provider ``key``'s.

    Two providers of one name are allowed (two offers from one company) but easily mixed up
    in scores and memos, so the app warns about them.
    """
    own = next((p for p in evaluation.providers if p.key == key), None)
    if own is None:
        return []
    wanted = _name_for_comparison(own.name)
    return [p.name for p in evaluation.providers
            if p.key != key and _name_for_comparison(p.name) == wanted]
