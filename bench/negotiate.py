"""Negotiation benchmarks: medians against the budgets of issue 11.

Usage: ``python -m bench.negotiate [--repeat N]``. Budgets: potentially-optimal for 200
providers x 100 criteria under 1 s; fee targets for 50 providers under 1 s.
"""

from __future__ import annotations

import argparse

import numpy as np

from bench.generate import random_evaluation
from bench.run import Step, print_steps
from slaselect.domain.optimality import potential_optimality
from slaselect.domain.ranking import ScoreTable, score_table
from slaselect.domain.targets import fee_targets


def _correlated_table(seed: int) -> ScoreTable:
    """200 x 100 scores that share a provider-wide level: many cannot rank first (harder)."""
    rng = np.random.default_rng(seed)
    base = score_table(random_evaluation(200, 100, 3, seed=seed))
    scores = np.clip(rng.normal(6, 1, (200, 1)) + rng.normal(0, 1, (200, 100)), 0, 10)
    return ScoreTable(base.providers, base.criteria, scores, base.weights,
                      np.ones(200, dtype=bool), tuple(() for _ in range(200)), ())


def steps() -> list[Step]:
    """The negotiation steps, each with its budget in seconds (None: measured only)."""
    big_table = score_table(random_evaluation(200, 100, 3, seed=1))
    hard_table = _correlated_table(2)
    fifty = random_evaluation(50, 100, 3, seed=1)
    return [
        Step("potentially optimal 200 providers x 100 criteria",
             lambda: potential_optimality(big_table), 1.0),
        Step("potentially optimal 200 x 100, correlated scores",
             lambda: potential_optimality(hard_table)),
        Step("fee targets 50 providers x 100 criteria", lambda: fee_targets(fifty), 1.0),
    ]


def main() -> None:
    """Print each step's median against its budget."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print_steps(steps(), args.repeat, width=52)


if __name__ == "__main__":
    main()
