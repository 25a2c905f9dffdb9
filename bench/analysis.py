"""Decision-analysis benchmarks: medians against the budgets of issue 6.

Usage: ``python -m bench.analysis [--repeat N]``. Budgets: 10,000 Monte Carlo samples on the
demo under 100 ms; stability intervals for 200 providers x 100 criteria under 1 s.
"""

from __future__ import annotations

import argparse

import numpy as np

from bench.generate import random_evaluation
from bench.run import Step, print_steps
from slaselect.documents.bundled import load_demo
from slaselect.domain.ahp import ahp_weights
from slaselect.domain.analysis import analyse
from slaselect.domain.ranking import Method, rank_table, score_table
from slaselect.domain.robustness import monte_carlo
from slaselect.domain.sensitivity import stability_intervals, tipping_points, weight_sweep


def steps() -> list[Step]:
    """The analysis steps, each with its budget in seconds (None: measured only)."""
    demo = load_demo()
    demo_table = score_table(demo)

    big = random_evaluation(200, 100, 3, seed=1)
    big_table = score_table(big)
    winner = next(r.provider for r in rank_table(big_table, Method.WSM).results)

    def big_stability() -> object:
        intervals = stability_intervals(big_table, winner)
        return tipping_points(big_table, intervals, winner)

    rng = np.random.default_rng(1)
    shares = rng.uniform(1, 3, 10)
    matrix = np.ones((10, 10))
    for i in range(10):
        for j in range(i + 1, 10):
            matrix[i, j] = float(np.clip(shares[i] / shares[j] * rng.uniform(0.8, 1.25),
                                         1 / 9, 9))
            matrix[j, i] = 1 / matrix[i, j]

    return [
        Step("monte carlo 10,000 samples on the demo",
             lambda: monte_carlo(demo, demo_table, samples=10_000), 0.1),
        Step("analyse the demo (everything, 10,000 samples)", lambda: analyse(demo)),
        Step("stability intervals 200 providers x 100 criteria", big_stability, 1.0),
        Step("weight sweep 200 providers, 101 points",
             lambda: weight_sweep(big_table, big.criteria[0].key)),
        Step("monte carlo 10,000 samples 200 x 100 x 3",
             lambda: monte_carlo(big, big_table, samples=10_000)),
        Step("AHP weights 10 x 10", lambda: ahp_weights(matrix)),
    ]


def main() -> None:
    """Print each step's median against its budget."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    print_steps(steps(), args.repeat, width=52)


if __name__ == "__main__":
    main()
