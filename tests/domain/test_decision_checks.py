"""`check` warnings a buyer needs before signing: each on the demo and on its opposite."""

from __future__ import annotations

import json
from dataclasses import replace

from slaselect.documents.bundled import load_demo
from slaselect.domain.audit import AuditEntry
from slaselect.domain.checks import evaluation_warnings
from slaselect.domain.decision_checks import (
    lock_warning,
    method_warning,
    rescored_after_moderation,
    single_evaluator_warning,
    sole_remedy_warnings,
)
from slaselect.domain.ranking import consensus_scores, score_table
from tests.domain.test_analysis import one_criterion_evaluation


def entry(at: str, **detail: object) -> AuditEntry:
    return AuditEntry(at, "someone", "edit", json.dumps(detail))


def test_unlocked_criteria_are_reported_and_locked_ones_are_not() -> None:
    demo = load_demo()
    assert lock_warning(demo) == (
        "Criteria and weights were not locked before scoring began: lock them, so nobody can "
        "say they were tuned to favour a provider.")
    locked = replace(demo, criteria_locked_at="2026-10-01T09:00:00+00:00")
    assert lock_warning(locked) is None
    late = [entry("2026-09-28T10:00:00+00:00", edit="SetScore", provider="aurelgate")]
    assert lock_warning(locked, late) == (
        "Criteria and weights were locked on 2026-10-01, after scoring began on 2026-09-28: "
        "weights set with the scores in view can be challenged.")
    early = [entry("2026-10-02T10:00:00+00:00", edit="ImportScores", evaluator="e1")]
    assert lock_warning(locked, early) is None


def test_method_disagreement_on_the_demo_and_agreement_elsewhere() -> None:
    demo = load_demo()
    names = {p.key: p.name for p in demo.providers}
    assert method_warning(score_table(demo), names) == (
        "The two ranking methods disagree on the winner: the weighted sum puts Aurelgate "
        "Digital first, TOPSIS puts Tidemark Commerce Operations first.")
    simple = one_criterion_evaluation([7, 7], [5, 5])
    assert method_warning(score_table(simple), {p.key: p.name for p in simple.providers}) is None


def test_a_score_resting_on_one_evaluator_is_reported() -> None:
    demo = load_demo()
    assert single_evaluator_warning(demo, consensus_scores(demo)) is None
    first = demo.scores[0]
    lone = replace(demo, scores=tuple(
        s for s in demo.scores
        if (s.provider, s.criterion) != (first.provider, first.criterion)
        or s.evaluator == first.evaluator))
    warning = single_evaluator_warning(lone, consensus_scores(lone))
    evaluator = next(e.name for e in demo.evaluators if e.key == first.evaluator)
    provider = demo.provider(first.provider).name
    criterion = demo.criterion(first.criterion).name
    assert warning == (
        f"1 consensus score rests on a single evaluator's score: {provider} on {criterion} "
        f"({evaluator}); have a second evaluator score it or agree it in moderation.")


def test_low_capped_sole_remedy_is_reported_for_providers_still_in_the_running() -> None:
    demo = load_demo()
    warnings = sole_remedy_warnings(demo, {"tidemark", "aurelgate"})
    assert warnings == [
        "Tidemark Commerce Operations' service credits are the sole remedy for missed service "
        "levels, yet capped at 10 % a year: a serious outage would cost it little and leave "
        "you no other claim."]
    generous = replace(demo, rounds=tuple(
        replace(r, values={**r.values, "credit_annual_cap_pct": 50})
        if r.provider == "tidemark" and "credit_annual_cap_pct" in r.values else r
        for r in demo.rounds))
    assert sole_remedy_warnings(generous, {"tidemark"}) == []


def test_a_moderated_score_re_imported_later_is_reported() -> None:
    demo = load_demo()
    agreed = demo.consensus[0]
    evaluator = next(s.evaluator for s in demo.scores
                     if (s.provider, s.criterion) == (agreed.provider, agreed.criterion))
    trail = [
        entry("2026-10-28T10:00:00+00:00", edit="SetConsensus", provider=agreed.provider,
              criterion=agreed.criterion, value=agreed.value),
        entry("2026-11-02T10:00:00+00:00", edit="ImportScores", evaluator=evaluator),
    ]
    warnings = rescored_after_moderation(demo, trail)
    name = next(e.name for e in demo.evaluators if e.key == evaluator)
    assert warnings[0] == (
        f"The moderated score of {demo.provider(agreed.provider).name} on "
        f"{demo.criterion(agreed.criterion).name} (agreed 2026-10-28) still stands, but "
        f"{name}'s score was re-imported on 2026-11-02: review the agreed score.")
    # An import before the moderation is what the team moderated: nothing to say.
    assert rescored_after_moderation(demo, list(reversed([
        replace(trail[0], at="2026-11-05T10:00:00+00:00"), trail[1]]))) == []
    # Recorded cells limit the warning to what the import touched.
    other = [trail[0], entry("2026-11-02T10:00:00+00:00", edit="ImportScores",
                             evaluator=evaluator, cells=[["pelican", "references"]])]
    assert rescored_after_moderation(demo, other) == []


def test_check_includes_the_new_warnings_on_the_demo() -> None:
    warnings = evaluation_warnings(load_demo())
    assert any(w.startswith("Criteria and weights were not locked") for w in warnings)
    assert any(w.startswith("The two ranking methods disagree") for w in warnings)


def test_scores_after_the_price_envelopes_were_opened_are_reported() -> None:
    opened = replace(load_demo(), price_envelopes_opened_at="2026-10-05T09:00:00+00:00")
    before = [entry("2026-10-01T10:00:00+00:00", edit="SetScore", provider="aurelgate")]
    late = before + [entry("2026-10-06T10:00:00+00:00", edit="SetScore", provider="aurelgate")]
    assert not any("price envelopes" in w for w in evaluation_warnings(opened, before))
    assert ("1 quality score was entered or changed after the price envelopes were opened on "
            "2026-10-05, the last on 2026-10-06: those scores were given with the prices in "
            "view.") in evaluation_warnings(opened, late)
