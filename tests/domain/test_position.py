"""The buyer's position, value for money, concessions and the maintenance figure."""

from __future__ import annotations

from dataclasses import replace

import pytest

from slaselect.documents.bundled import load_demo
from slaselect.domain.figures import MINUTES_PER_MONTH, provider_figures
from slaselect.domain.model import AwardCondition, Evaluation, Scenario
from slaselect.domain.position import (
    Standing,
    conditions_of_award,
    position_sentence,
    term_positions,
)
from slaselect.domain.value_for_money import (
    ValueStep,
    concession_sentence,
    concessions,
    value_for_money,
    value_sentence,
)

ASK = {"uptime_pct": 99.95, "monthly_fee": 6000, "term_months": 24,
       "termination_for_convenience": True}
WALK_AWAY = {"uptime_pct": 99.9, "monthly_fee": 10000}


def demo_with_ask() -> Evaluation:
    return replace(load_demo(), ask=ASK, walk_away=WALK_AWAY)


def test_downtime_with_maintenance_adds_the_allowance() -> None:
    figures = provider_figures({"uptime_pct": 99.9, "maintenance_hours_month": 4}, Scenario(), 36)
    assert figures["downtime_with_maintenance_minutes_month"] == pytest.approx(
        0.001 * MINUTES_PER_MONTH + 240)
    alone = provider_figures({"uptime_pct": 99.9}, Scenario(), 36)
    assert alone["downtime_with_maintenance_minutes_month"] is None


def test_each_standing_on_the_demo() -> None:
    demo = demo_with_ask()
    pelican = {p.term: p for p in term_positions(demo, "pelican")}
    assert pelican["uptime_pct"].standing is Standing.DEAL_BREAKER  # 99.7 % < 99.9 %
    assert pelican["monthly_fee"].standing is Standing.NEGOTIABLE  # $7,200: ask 6,000, max 10,000
    assert pelican["term_months"].standing is Standing.MEETS  # 12 months
    aurelgate = {p.term: p for p in term_positions(demo, "aurelgate")}
    assert aurelgate["uptime_pct"].standing is Standing.MEETS
    assert aurelgate["monthly_fee"].standing is Standing.DEAL_BREAKER  # $12,400


def test_sentences_give_the_gap_in_unit_and_money() -> None:
    demo = demo_with_ask()
    pelican = {p.term: p for p in term_positions(demo, "pelican")}
    fee = pelican["monthly_fee"]
    assert fee.gap == 1200 and fee.money_figure == "tco" and fee.money is not None
    assert fee.money > 0
    assert position_sentence(fee, demo) == (
        f"Pelican Loop Studio: Monthly retainer fee $7,200 a month is negotiable ($1,200 "
        f"above the ask; at the ask {fee.money_text})." )
    assert fee.money_text.endswith("less over 36 months")
    assert position_sentence(pelican["uptime_pct"], demo) == (
        "Pelican Loop Studio: Uptime guarantee 99.7 % is a deal-breaker (0.25 percentage "
        "points short of the ask; walk-away 99.9 %).")
    assert position_sentence(pelican["term_months"], demo) == (
        "Pelican Loop Studio: Initial term 12 months meets the ask.")


def test_without_a_walk_away_a_shortfall_is_negotiable() -> None:
    demo = replace(demo_with_ask(), walk_away={})
    pelican = {p.term: p for p in term_positions(demo, "pelican")}
    assert pelican["uptime_pct"].standing is Standing.NEGOTIABLE


def test_conditions_of_award_come_from_moderation_notes() -> None:
    demo = load_demo()
    assert conditions_of_award(demo, "aurelgate") == (  # the demo words its one condition
        "Condition of award (Responsiveness & communication): Aurelgate names a permanent "
        "account director in the contract before it is signed.",)
    marked = replace(demo, conditions=(AwardCondition("aurelgate", "responsiveness"),
                                       AwardCondition("aurelgate", "", "Named director")))
    sentences = conditions_of_award(marked, "aurelgate")
    assert sentences[0].startswith("Condition of award (Responsiveness & communication): "
                                   "Moderation 28 Oct: agreed 7;")
    assert sentences[0].endswith("names a permanent director in the contract.")
    assert sentences[1] == "Condition of award: Named director."
    assert conditions_of_award(marked, "pelican") == ()


def test_value_for_money_on_the_demo() -> None:
    demo = load_demo()
    names = {p.key: p.name for p in demo.providers}
    steps = value_for_money(demo)
    assert [s.provider for s in steps] == ["tidemark", "pelican", "marrowfield", "aurelgate"]
    sentences = [value_sentence(s, names, demo.currency, demo.horizon_months) for s in steps]
    assert sentences[0] == ("Tidemark Commerce Operations is the cheapest eligible provider "
                            "over 36 months ($223,608).")
    # Pelican costs more and scores less: there is no price per point to state.
    assert sentences[1].startswith("Pelican Loop Studio costs $")
    assert sentences[1].endswith("more than Tidemark Commerce Operations over 36 months for "
                                 "0.15 fewer points.")
    last = steps[-1]
    assert last.per_point == pytest.approx(last.extra_cost / last.extra_points)  # type: ignore
    assert sentences[-1].startswith("Aurelgate Digital costs $134,376 more than Marrowfield "
                                    "Commerce over 36 months for 0.47 more points: $")


def test_value_sentence_as_written_in_the_issue() -> None:
    step = ValueStep("aurelgate", 500_000.0, "pelican", 236_042.0, 0.80, 236_042.0 / 0.80)
    assert value_sentence(step, {"aurelgate": "Aurelgate", "pelican": "Pelican"}, "USD", 36) == (
        "Aurelgate costs $236,042 more than Pelican over 36 months for 0.80 more points: "
        "$295,000 per point.")


def test_concessions_rank_the_asks_by_points() -> None:
    demo = demo_with_ask()
    found = concessions(demo)
    assert list(found) == ["aurelgate", "marrowfield", "tidemark"]
    aurelgate = found["aurelgate"]
    assert aurelgate[0].term == "monthly_fee" and aurelgate[0].points > 0
    assert concession_sentence("aurelgate", aurelgate, demo).startswith(
        "For Aurelgate Digital, the ask worth most is Monthly retainer fee ($12,400 a month "
        "-> $6,000 a month, +")
    tidemark = [c.term for c in found["tidemark"]]
    assert tidemark[:2] == ["termination_for_convenience", "term_months"]


def test_a_provider_meeting_every_ask_has_nothing_to_concede() -> None:
    demo = replace(load_demo(), ask={"uptime_pct": 99.0})
    found = concessions(demo)
    assert all(items == () for items in found.values())
    assert concession_sentence("aurelgate", (), demo) == (
        "Aurelgate Digital already meets every ask that would move its total.")


def test_a_list_short_of_the_ask_names_what_it_lacks_or_the_obligations_it_adds() -> None:
    demo = load_demo()
    offered = demo.terms_at("tidemark")
    asked_scope = [*offered["mobile_scope"], "store_submission"]
    evaluation = replace(demo, ask={
        "mobile_scope": asked_scope,
        "client_responsibilities": ["system_access", "prompt_reporting"],
    })
    by_term = {p.term: p for p in term_positions(evaluation, "tidemark")}
    scope = by_term["mobile_scope"]
    assert scope.standing is Standing.NEGOTIABLE
    assert scope.gap_text.startswith("lacks ") and "_" not in scope.gap_text
    burden = by_term["client_responsibilities"]
    assert burden.standing is Standing.NEGOTIABLE  # it asks more of the buyer than asked
    assert burden.gap_text.startswith("adds ") and "user acceptance" in burden.gap_text
    assert "adds" in position_sentence(burden, evaluation)
