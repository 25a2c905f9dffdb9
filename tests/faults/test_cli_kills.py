"""SIGKILL during ``import-json`` and ``import-scores`` through the real command line.

50 kills at seeded random moments (``bench.faults``; ``python -m bench.faults --kills N`` runs
a longer campaign, ``SLASELECT_CLI_KILLS`` changes the number here). After every kill: a new
project is absent or complete, a rebuilt one is the old or the new one whole, a sheet's scores
are all imported or none, and every file passes SQLite's integrity check. The moments are
timing-based, so which state each round ends in varies; the promises may not.
"""

from __future__ import annotations

import os

from bench.faults import campaign


def test_sigkill_during_import_json_and_import_scores_loses_nothing() -> None:
    kills = int(os.environ.get("SLASELECT_CLI_KILLS", "50"))
    outcome = campaign(kills, seed=15, workers=2)
    assert outcome.kills >= kills
    assert outcome.failures == [], "\n".join(outcome.failures)
