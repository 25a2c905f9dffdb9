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


def _scenario_words(**changes: object) -> str:
    import dataclasses

    evaluation = three_providers()
    edit = edits.SetScenario(dataclasses.replace(evaluation.scenario, **changes))
    changed, inverse = edit.apply(evaluation)
    return detail_words(edit_detail(edit, inverse, evaluation), changed)


def test_a_scenario_change_names_what_changed_not_the_record() -> None:
    words = _scenario_words(claim_success=0.5)
    assert "scenario: scenario" not in words
    assert words.startswith("claim success: ")
    assert words.endswith(" -> 50 %")


def test_a_changed_uptime_scenario_and_business_hours_are_recorded_old_and_new() -> None:
    import dataclasses

    from slaselect.domain.model import UptimeOutcome

    evaluation = three_providers()
    outcomes = (UptimeOutcome(100.0, 0.9), UptimeOutcome(99.0, 0.1))
    assert "-> 100 % (90 %), 99 % (10 %)" in _scenario_words(uptime_scenario=outcomes)
    hours = dataclasses.replace(evaluation.scenario.business_hours, end_hour=17.5,
                                zone="Europe/Berlin", days=(0, 1, 2, 3, 4, 5))
    words = _scenario_words(business_hours=hours)
    assert "business hours end: " in words and words.count("-> ") == 3
    assert "-> 17:30" in words and "time zone: " in words and "-> Europe/Berlin" in words
    assert "Sat" in words.split("business days: ")[1].split(";")[0].split("->")[1]


def test_one_priority_of_the_incident_mix_reads_as_that_cell() -> None:
    evaluation = three_providers()
    mix = {**evaluation.scenario.incidents_per_month, "P1": 7.0}
    words = _scenario_words(incidents_per_month=mix)
    assert words.startswith("incidents a month P1: ") and words.endswith("-> 7")
    assert "P2" not in words
