"""The Scoring page: each evaluator scores the providers on the judgement criteria, then the team
compares the scores, spots disagreements and records the consensus agreed in moderation."""

from __future__ import annotations

from slaselect.ui.pages.scoring.page import ScoringPage
from slaselect.ui.pages.scoring.texts import CONSENSUS_LABEL

__all__ = ["ScoringPage", "CONSENSUS_LABEL"]
