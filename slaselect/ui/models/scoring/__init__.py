"""The scoring grid: judgement criteria down, providers across, one evaluator's or the team's
score (``grid``: what each cell shows, no Qt; ``model``: the table model)."""

from __future__ import annotations

from slaselect.ui.models.scoring.grid import (
    CONSENSUS,
    DISAGREEMENT_POINTS,
    ScoreCell,
    ScoringGrid,
    judgement_criteria,
    provider_alias,
    scoring_grid,
    with_cells,
)
from slaselect.ui.models.scoring.model import (
    CELL_ROLE,
    CRITERION_ROLE,
    Column,
    ScoringModel,
    plain_tooltip,
)

__all__ = [
    "CONSENSUS", "DISAGREEMENT_POINTS", "ScoreCell", "ScoringGrid", "judgement_criteria",
    "scoring_grid", "with_cells", "provider_alias", "CELL_ROLE", "CRITERION_ROLE", "Column",
    "ScoringModel", "plain_tooltip",
]
