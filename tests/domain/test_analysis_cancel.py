"""A stale analysis stops early: cancel is asked between stages and Monte Carlo blocks."""

from __future__ import annotations

import pytest

from bench.generate import random_evaluation
from slaselect.documents.bundled import load_demo
from slaselect.domain import analysis as analysis_module
from slaselect.domain.analysis import analyse
from slaselect.domain.errors import Cancelled


def test_a_cancelled_analysis_stops_before_the_monte_carlo(monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    def not_reached(*_: object, **__: object) -> None:
        raise AssertionError("the Monte Carlo ran after the analysis was cancelled")

    monkeypatch.setattr(analysis_module, "monte_carlo", not_reached)
    with pytest.raises(Cancelled):
        analyse(load_demo(), cancelled=lambda: True)


def test_cancelling_mid_monte_carlo_skips_the_remaining_blocks() -> None:
    evaluation = random_evaluation(60, 40, 3, seed=3)
    heard: list[float] = []
    with pytest.raises(Cancelled):
        analyse(evaluation, samples=100_000, progress=heard.append,
                cancelled=lambda: len(heard) >= 4)
    # the fourth report came from inside the Monte Carlo (10-80 %), and nothing after it ran
    assert len(heard) == 4 and 0.1 < heard[-1] < 0.8


def test_an_analysis_left_alone_reports_progress_to_the_end_with_the_same_result() -> None:
    heard: list[float] = []
    watched = analyse(load_demo(), progress=heard.append, cancelled=lambda: False)
    assert heard[0] == 0.0 and heard[-1] == 1.0 and heard == sorted(heard)
    assert watched.to_dict() == analyse(load_demo()).to_dict()
