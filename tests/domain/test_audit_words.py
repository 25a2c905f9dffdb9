"""How a recorded change reads in History: times as dates and times, not ISO codes."""

from __future__ import annotations

from slaselect.domain import edits
from slaselect.domain.audit import edit_detail
from slaselect.domain.audit_words import detail_words, when_words
from tests.factories import three_providers


def test_a_recorded_moment_reads_as_the_when_column_does() -> None:
    evaluation = three_providers()
    at = "2026-09-15T08:30:00+00:00"
    edit = edits.SetCriteriaLock(at)
    changed, inverse = edit.apply(evaluation)
    words = detail_words(edit_detail(edit, inverse, evaluation), changed)
    assert when_words(at) in words
    assert "T08:30" not in words
    assert f"none -> {when_words(at)}" in words  # not locked before: said, not left blank


def test_an_added_round_is_named_by_its_number_and_label() -> None:
    from slaselect.domain.negotiation import next_round

    evaluation = three_providers()
    provider = evaluation.providers[0].key
    edit = edits.InsertRound(next_round(evaluation, provider, "Best and final", "2026-11-16"))
    changed, inverse = edit.apply(evaluation)
    words = detail_words(edit_detail(edit, inverse, evaluation), changed)
    number = changed.latest_round_number(provider)
    assert f"round {number} (Best and final)" in words
    assert "Round" not in words.replace(f"round {number}", "")
