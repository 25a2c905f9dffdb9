"""Machine-readable reports (``--json``) of figures, comparisons and round differences."""

from __future__ import annotations

from typing import Any

from slaselect.domain.comparison import Comparison
from slaselect.domain.errors import EvaluationError
from slaselect.domain.figures import provider_figures
from slaselect.domain.model import Evaluation
from slaselect.domain.negotiation import RoundComparison


def figures_entries(
    evaluation: Evaluation, provider: str | None = None, round_number: int | None = None
) -> list[dict[str, Any]]:
    """``[{"provider", "round", "figures"}]`` per CONTRACT section 5, latest round by default.

    With ``round_number`` a provider's terms are those of that round (earlier rounds carried
    forward) and ``round`` is the highest round at or below it (null when it has none).
    """
    providers = evaluation.providers
    if provider is not None:
        providers = tuple(p for p in providers if p.key == provider)
        if not providers:
            known = ", ".join(p.key for p in evaluation.providers) or "none"
            raise EvaluationError(f'there is no provider "{provider}" (providers: {known})')
    entries = []
    for item in providers:
        numbers = [r.number for r in evaluation.rounds if r.provider == item.key
                   and (round_number is None or r.number <= round_number)]
        terms = evaluation.terms_at(item.key, round_number)
        entries.append({
            "provider": item.key,
            "round": max(numbers) if numbers else None,
            "figures": provider_figures(terms, evaluation.scenario, evaluation.horizon_months),
        })
    return entries


def comparison_document(comparison: Comparison) -> dict[str, Any]:
    """The side-by-side grid as plain JSON data."""
    return {
        "providers": [
            {"provider": p.key, "name": p.name, "round": comparison.rounds[p.key]}
            for p in comparison.providers
        ],
        "categories": [
            {
                "name": category,
                "rows": [
                    {
                        "key": row.key,
                        "name": row.name,
                        "kind": "figure" if row.is_figure else "term",
                        "cells": [
                            {
                                "provider": cell.provider,
                                "value": cell.value,
                                "text": cell.text,
                                "score": cell.score,
                                "best": cell.best,
                                "worst": cell.worst,
                                "must_have_failure": cell.must_have_failure,
                                "against_ask": cell.against_ask,
                            }
                            for cell in row.cells
                        ],
                    }
                    for row in rows
                ],
            }
            for category, rows in comparison.categories()
        ],
    }


def diff_document(comparison: RoundComparison, summary: str) -> dict[str, Any]:
    """A provider's round-to-round changes as plain JSON data."""
    return {
        "provider": comparison.provider,
        "from_round": comparison.from_round,
        "to_round": comparison.to_round,
        "summary": summary,
        "changes": [
            {
                "term": change.term.key,
                "name": change.term.name,
                "old": change.old,
                "new": change.new,
                "old_text": change.old_text,
                "new_text": change.new_text,
                "for_buyer": change.verdict,
                "score_change": change.score_change,
                "figure_changes": change.figure_changes,
            }
            for change in comparison.changes
        ],
    }
