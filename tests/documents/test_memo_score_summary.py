"""A large evaluation's memo summarises evaluators' scores per criterion instead of a row each."""

from __future__ import annotations

import subprocess
from pathlib import Path

from bench.generate import random_evaluation
from slaselect.documents.memo import write_memo
from slaselect.documents.memo.evaluator_scores import ROW_PER_SCORE_LIMIT, _criterion_spreads
from slaselect.documents.memo.facts import memo_facts
from slaselect.domain.disagreement import DEFAULT_THRESHOLD
from slaselect.domain.model import CriterionKind


def test_summary_counts_equal_those_worked_out_score_by_score() -> None:
    evaluation = random_evaluation(12, 10, 5, seed=3)
    facts = memo_facts(evaluation)
    spreads = _criterion_spreads(facts, DEFAULT_THRESHOLD)
    judged = [c.key for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT]
    assert sorted(spreads) == sorted(judged)
    for criterion in judged:
        wide, lowest_in_wide = 0, 0
        values_all: list[float] = []
        for provider in evaluation.providers:
            cell = [s for s in evaluation.scores
                    if s.provider == provider.key and s.criterion == criterion]
            values = [s.value for s in cell]
            values_all += values
            if len(values) > 1 and max(values) - min(values) >= DEFAULT_THRESHOLD:
                wide += 1
                lowest_in_wide += sum(1 for v in values if v == min(values))
        spread = spreads[criterion]
        assert spread.scores == len(values_all)
        assert (spread.lowest, spread.highest) == (min(values_all), max(values_all))
        assert spread.wide == wide
        assert sum(spread.low_in_wide.values()) == lowest_in_wide


def test_a_tender_memo_summarises_and_stays_readable(tmp_path: Path) -> None:
    evaluation = random_evaluation(20, 20, 6)  # 20 x 14 judgement criteria x 6 scores
    assert len(evaluation.scores) > ROW_PER_SCORE_LIMIT
    path = tmp_path / "memo.pdf"
    write_memo(evaluation, path)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Evaluators' scores, summarised" in text
    assert "Evaluators' scores and reasons" not in text
    assert f"{len(evaluation.scores):,} evaluator scores" in text
    assert "because p0/c1" not in text  # no reason printed row by row
