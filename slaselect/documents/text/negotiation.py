"""Negotiation targets as plain text for the terminal (``slaselect targets``).

A table of each eligible provider's monthly fee now and the fee at which it would rank first
(or, for the leader, up to which it stays first), then the same in sentences, then what each
extra point of the total costs (value for money).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from slaselect.documents.text.plain_text import table
from slaselect.documents.text.terminal import visible
from slaselect.domain.model import Evaluation
from slaselect.domain.targets import FeeTarget, target_sentence
from slaselect.domain.value_for_money import ValueStep, value_sentence
from slaselect.domain.wording import format_money

_WIDTH = 100


def targets_text(evaluation: Evaluation, targets: Sequence[FeeTarget],
                 steps: Sequence[ValueStep] = ()) -> str:
    """The fee targets (CONTRACT 6.1) as a table and sentences, then value for money."""
    names = {p.key: p.name for p in evaluation.providers}
    currency = evaluation.currency
    lines = [evaluation.name,
             "Negotiation targets: the monthly fee at which each eligible provider ranks first",
             "(only that provider's fee changes; every cost and price score is worked out again)",
             ""]
    if not targets:
        lines.append("No eligible provider states a monthly fee, so there is no fee target.")
        return visible("\n".join(lines) + "\n")
    rows = []
    for target in targets:
        change = target.change_pct
        rows.append([
            names.get(target.provider, target.provider),
            "first now" if target.leader else "",
            format_money(target.monthly_fee, currency, 2),
            "—" if target.fee_to_win is None else format_money(target.fee_to_win, currency, 2),
            "—" if change is None else f"{change:+.2f} %",
        ])
    lines += table(["Provider", "Standing", "Monthly fee", "Fee to rank first", "Change"],
                   rows, {2, 3, 4})
    lines.append("")
    for target in targets:
        lines += textwrap.wrap(target_sentence(target, names, currency), _WIDTH,
                               initial_indent="  - ", subsequent_indent="    ")
    if steps:
        lines += ["", f"Value for money over {evaluation.horizon_months} months "
                      "(each provider against the next cheaper eligible one)"]
        for step in steps:
            lines += textwrap.wrap(
                value_sentence(step, names, currency, evaluation.horizon_months), _WIDTH,
                initial_indent="  - ", subsequent_indent="    ")
    return visible("\n".join(lines) + "\n")
