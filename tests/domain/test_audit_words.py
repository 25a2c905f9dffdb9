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
