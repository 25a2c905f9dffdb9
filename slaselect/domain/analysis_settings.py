"""The analysis' default settings (Monte Carlo samples, seed, concentration; the disagreement
threshold), in a module that imports nothing: the command line shows them in its help without
loading numpy and the analysis."""

from __future__ import annotations

DEFAULT_SAMPLES = 10_000
"""Monte Carlo scenarios drawn by default."""
DEFAULT_SEED = 1
"""The random seed: the same seed gives the same result."""
DEFAULT_CONCENTRATION = 50.0
"""How tightly the redrawn weights stay around today's (higher is tighter)."""
DEFAULT_THRESHOLD = 3.0
"""Evaluators at least this many points apart (on 0-10) disagree."""
