"""Reading an evaluation: ``rank``, ``figures``, ``compare`` and ``diff``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from slaselect.cli.common import (
    Commands,
    add_json_option,
    load_evaluation,
    load_for_ranking,
    print_json,
)
from slaselect.domain.errors import EvaluationError
from slaselect.domain.ranking_method import Method


def add_commands(sub: Commands) -> None:
    """Declare the reporting commands."""
    rank = sub.add_parser("rank", help="rank the providers")
    rank.add_argument("file", type=Path, metavar="FILE")
    rank.add_argument("--method", choices=[m.value for m in Method], default="wsm")
    add_json_option(rank)
    rank.set_defaults(run=rank_providers)

    figures = sub.add_parser("figures", help="derived SLA figures: downtime, real response, costs")
    figures.add_argument("file", type=Path, metavar="FILE")
    figures.add_argument("--provider", metavar="KEY", help="one provider only")
    figures.add_argument("--round", type=int, metavar="N", help="as of round N (default: latest)")
    add_json_option(figures)
    figures.set_defaults(run=show_figures)

    comparison = sub.add_parser("compare", help="the terms of all providers side by side")
    comparison.add_argument("file", type=Path, metavar="FILE")
    comparison.add_argument("--round", type=int, metavar="N", help="as of round N")
    add_json_option(comparison)
    comparison.set_defaults(run=compare_terms)

    diff = sub.add_parser("diff", help="what a provider changed between two rounds")
    diff.add_argument("file", type=Path, metavar="FILE")
    diff.add_argument("provider", metavar="PROVIDER")
    diff.add_argument("a", type=int, metavar="A", help="earlier round number")
    diff.add_argument("b", type=int, metavar="B", help="later round number")
    add_json_option(diff)
    diff.set_defaults(run=diff_rounds)


def rank_providers(args: argparse.Namespace) -> int:
    """``rank FILE [--method wsm|topsis] [--json]``."""
    from slaselect.documents.text.plain_text import ranking_text
    from slaselect.domain.ranking import rank_table, score_table

    evaluation, consensus = load_for_ranking(args.file)
    table = score_table(evaluation, consensus)
    ranking = rank_table(table, Method(args.method))
    if args.json:
        print_json(ranking.to_dict())
    else:
        sys.stdout.write(ranking_text(evaluation, ranking, table))
    return 0


def show_figures(args: argparse.Namespace) -> int:
    """``figures FILE [--provider KEY] [--round N] [--json]``."""
    from slaselect.documents.text.plain_text import figures_text
    from slaselect.documents.text.reports import figures_entries

    evaluation = load_evaluation(args.file)
    entries = figures_entries(evaluation, args.provider, args.round)
    if args.json:
        print_json({"providers": entries})
    else:
        sys.stdout.write(figures_text(evaluation, entries))
    return 0


def compare_terms(args: argparse.Namespace) -> int:
    """``compare FILE [--round N] [--json]``."""
    from slaselect.documents.text.plain_text import comparison_text
    from slaselect.documents.text.reports import comparison_document
    from slaselect.domain.comparison import compare

    evaluation = load_evaluation(args.file)
    comparison = compare(evaluation, args.round)
    if args.json:
        print_json(comparison_document(comparison))
    else:
        sys.stdout.write(comparison_text(evaluation, comparison))
    return 0


def diff_rounds(args: argparse.Namespace) -> int:
    """``diff FILE PROVIDER A B [--json]``."""
    from slaselect.documents.text.plain_text import diff_text
    from slaselect.documents.text.reports import diff_document
    from slaselect.domain.negotiation import concession_summary, round_changes

    evaluation = load_evaluation(args.file)
    if args.provider not in {p.key for p in evaluation.providers}:
        known = ", ".join(p.key for p in evaluation.providers) or "none"
        raise EvaluationError(f'there is no provider "{args.provider}" (providers: {known})')
    changes = round_changes(evaluation, args.provider, args.a, args.b)
    target = next(r for r in evaluation.rounds
                  if r.provider == args.provider and r.number == args.b)
    summary = concession_summary(changes, ", ".join(p for p in (target.label, target.date) if p))
    if args.json:
        print_json(diff_document(changes, summary))
    else:
        sys.stdout.write(diff_text(evaluation, changes, summary))
    return 0
