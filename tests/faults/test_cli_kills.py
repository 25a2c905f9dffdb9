"""SIGKILL during ``import-json`` and ``import-scores`` through the real command line.

50 kills (``bench.faults``; ``python -m bench.faults --kills N`` runs a longer campaign,
``SLASELECT_CLI_KILLS`` changes the number here), most of them placed inside a write by
``bench.kill_point``: before a drawn SQLite statement inside a transaction, or a drawn part of
a commit's measured duration into it; the rest at random moments from outside. After every
kill: a new project is absent or complete, a rebuilt one is the old or the new one whole, a
sheet's scores are all imported or none, every file passes SQLite's integrity check, and the
next writer leaves no journal or temporary behind.
"""

from __future__ import annotations

import os

from bench.faults import campaign


def test_sigkill_during_import_json_and_import_scores_loses_nothing() -> None:
    kills = int(os.environ.get("SLASELECT_CLI_KILLS", "50"))
    outcome = campaign(kills, seed=15, workers=2)
    assert outcome.kills >= kills
    assert outcome.failures == [], "\n".join(outcome.failures)
    # The campaign tests something only if kills land inside writes: most do, by design.
    assert outcome.mid_write >= kills // 2, outcome.inside_write
    assert outcome.inside_write["statement"] > 0 and outcome.inside_write["commit"] > 0
