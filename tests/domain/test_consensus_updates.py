"""Updating the consensus cell by cell gives exactly what a full recomputation gives."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.generate import random_evaluation
from slaselect.domain import edits
from slaselect.domain.model import CriterionKind
from slaselect.domain.ranking import consensus_scores

EVALUATION = random_evaluation(4, 6, 3, seed=2)
JUDGEMENT = [c.key for c in EVALUATION.criteria if c.kind is CriterionKind.JUDGEMENT]
PROVIDERS = [p.key for p in EVALUATION.providers]
EVALUATORS = [e.key for e in EVALUATION.evaluators]
VALUES = st.one_of(st.none(), st.sampled_from([0.0, 2.5, 5.0, 7.5, 10.0]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.sampled_from(PROVIDERS), st.sampled_from(JUDGEMENT),
                          st.sampled_from(EVALUATORS), VALUES), min_size=1, max_size=25))
def test_cell_updates_match_a_full_recomputation(steps: list) -> None:
    evaluation = EVALUATION
    table = consensus_scores(evaluation)
    for is_consensus, provider, criterion, evaluator, value in steps:
        if is_consensus:
            edit: edits.Edit = edits.SetConsensus(provider, criterion, value)
            evaluation, _ = edit.apply(evaluation)
            table = table.after_consensus_change(provider, criterion, value)
        else:
            edit = edits.SetScore(provider, criterion, evaluator, value)
            evaluation, inverse = edit.apply(evaluation)
            assert isinstance(inverse, edits.SetScore)
            table = table.after_score_change(provider, criterion, inverse.value, value)
        full = consensus_scores(evaluation)
        assert np.allclose(table.raw, full.raw, equal_nan=True)
        assert np.allclose(table.on_ten, full.on_ten, equal_nan=True)
        assert (table.moderated == full.moderated).all()
