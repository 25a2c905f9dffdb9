"""``analyse`` and ``targets``: how sure is the winner, what would change it (CONTRACT 6), and
the monthly fee at which each provider would rank first (CONTRACT 6.1).

Plain output is ``documents.text.analysis`` and ``documents.text.negotiation``; ``--json``
prints the contract's documents.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from slaselect.cli.common import Commands, add_json_option, load_evaluation, print_json
from slaselect.domain.analysis_settings import (
    DEFAULT_CONCENTRATION,
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    DEFAULT_THRESHOLD,
)
from slaselect.domain.number_words import format_number


def add_commands(sub: Commands) -> None:
    """Declare ``analyse FILE [--samples N] [--seed S] [--concentration C] [--threshold T]``."""
    parser = sub.add_parser(
        "analyse",
        help="robustness of the winner: tipping points, Monte Carlo, disagreement, cross-checks")
    parser.add_argument("file", type=Path, metavar="FILE")
    parser.add_argument("--samples", type=int, default=DEFAULT_SAMPLES, metavar="N",
                        help=f"Monte Carlo scenarios (default: {DEFAULT_SAMPLES:,})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S",
                        help=f"random seed; the same seed gives the same result "
                             f"(default: {DEFAULT_SEED})")
    parser.add_argument("--concentration", type=float, default=DEFAULT_CONCENTRATION,
                        metavar="C",
                        help="how tightly the redrawn weights stay around today's; higher is "
                             f"tighter (default: {format_number(DEFAULT_CONCENTRATION)})")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD, metavar="T",
                        help="flag scores whose evaluators are at least T points apart on 0-10 "
                             f"(default: {format_number(DEFAULT_THRESHOLD)})")
    add_json_option(parser)
    parser.set_defaults(run=analyse_file)

    targets = sub.add_parser(
        "targets", help="negotiation targets: the monthly fee at which each provider wins")
    targets.add_argument("file", type=Path, metavar="FILE")
    add_json_option(targets)
    targets.set_defaults(run=show_targets)


def analyse_file(args: argparse.Namespace) -> int:
    """Analyse FILE and print the result; user errors raise EvaluationError."""
    from slaselect.documents.text.analysis import analysis_text
    from slaselect.domain.analysis import analyse

    evaluation = load_evaluation(args.file)
    analysis = analyse(evaluation, samples=args.samples, seed=args.seed,
                       concentration=args.concentration, threshold=args.threshold)
    if args.json:
        print_json(analysis.to_dict())
    else:
        sys.stdout.write(analysis_text(analysis))
    return 0


def show_targets(args: argparse.Namespace) -> int:
    """``targets FILE [--json]``: the CONTRACT 6.1 fee targets, then value for money."""
    from slaselect.documents.text.negotiation import targets_text
    from slaselect.domain.ranking import score_table
    from slaselect.domain.targets import fee_targets, targets_document
    from slaselect.domain.value_for_money import value_for_money

    evaluation = load_evaluation(args.file)
    table = score_table(evaluation)
    targets = fee_targets(evaluation, table)
    if args.json:
        print_json(targets_document(targets))
    else:
        sys.stdout.write(targets_text(evaluation, targets, value_for_money(evaluation, table)))
    return 0
