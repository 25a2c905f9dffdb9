"""The service report (CONTRACT 7) on hand-worked months.

Contract used throughout (unless a test changes a term): start 2027-01-01, fee 10,000 a month
with a 5 % annual escalator, uptime 99.9 % with 4 h maintenance allowance, credit tiers
<99.9 -> 10 %, <99.5 -> 25 %, <99.0 -> 50 %, 5 % per missed P1 response, monthly cap 30 %,
annual cap 5 % (6,000 a contract year at 10,000), credits on claim within 30 days, SLA
attainment 90 %, chronic-failure termination, 36 months, 90 days' notice. Zone UTC, so a
30-day month is 43,200 minutes.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from slaselect.domain.errors import EvaluationError
from slaselect.domain.service import (
    ChronicFailureRule,
    Claim,
    Contract,
    CoveredPeriod,
    Incident,
    Outage,
    ServiceCalendar,
    assess_service,
    claims_to_make,
    service_report,
)
from slaselect.domain.service.times import last_day_of, parse_time

TERMS: dict[str, Any] = {
    "uptime_pct": 99.9,
    "maintenance_hours_month": 4,
    "response": {"P1": {"minutes": 15, "clock": "24x7"}, "P2": {"minutes": 60, "clock": "24x7"},
                 "P3": {"minutes": 240, "clock": "business"},
                 "P4": {"minutes": 480, "clock": "business"}},
    "resolution": {"P1": {"minutes": 240, "clock": "24x7"},
                   "P2": {"minutes": 480, "clock": "24x7"},
                   "P3": {"minutes": 1080, "clock": "business"},
                   "P4": {"minutes": 2700, "clock": "business"}},
    "sla_attainment_pct": 90,
    "credit_tiers": [{"below": 99.9, "credit_pct": 10}, {"below": 99.5, "credit_pct": 25},
                     {"below": 99.0, "credit_pct": 50}],
    "response_breach_credit_pct": 5,
    "credit_monthly_cap_pct": 30,
    "credit_annual_cap_pct": 5,
    "credit_mechanism": "on_claim",
    "claim_window_days": 30,
    "monthly_fee": 10000,
    "annual_escalator_pct": 5,
    "term_months": 36,
    "notice_days": 90,
    "chronic_failure_termination": True,
}
YEAR_2027 = [CoveredPeriod(date(2027, 1, 1), date(2027, 12, 31))]


def contract(zone: str = "UTC", **changes: Any) -> Contract:
    terms = {**TERMS, **changes}
    return Contract("aurelgate", 2, date(2027, 1, 1), terms, ServiceCalendar(zone=zone))


def at(text: str, zone: str = "UTC") -> datetime:
    return parse_time(text, zone)


def down(day: str, minutes: float, planned: bool = False) -> Outage:
    start = at(f"{day}T00:00")
    return Outage(start, start + timedelta(minutes=minutes), planned)


def p1(ident: str, opened: str, response_minutes: float) -> Incident:
    start = at(opened)
    return Incident(ident, "P1", start, start + timedelta(minutes=response_minutes),
                    start + timedelta(minutes=60))


def month(report: dict[str, Any], key: str) -> dict[str, Any]:
    return next(m for m in report["months"] if m["month"] == key)


def test_planned_maintenance_under_the_allowance_is_excluded() -> None:
    # April: 180 planned minutes (allowance 240) and 30 unplanned.
    # X = 180, downtime = 30 + 180 - 180 = 30, uptime = 100 (43200 - 180 - 30)/(43200 - 180).
    outages = [down("2027-04-10", 180, planned=True), down("2027-04-20", 30)]
    april = month(service_report(contract(), [], outages, YEAR_2027,
                                 as_of=at("2027-04-30T23:00")), "2027-04")
    assert april["excluded_minutes"] == 180
    assert april["downtime_minutes"] == 30
    assert april["uptime_pct"] == pytest.approx(100 * 42990 / 43020)
    assert april["credit_pct"] == 0 and april["failed"] is False


def test_planned_maintenance_over_the_allowance_counts_as_downtime() -> None:
    # April: 360 planned minutes; X = 240, downtime = 120, uptime = 100 * 42840/42960 = 99.72 %
    # -> below 99.9: 10 % of 10,000 = 1,000, and the month fails.
    outages = [down("2027-04-10", 360, planned=True)]
    april = month(service_report(contract(), [], outages, YEAR_2027,
                                 as_of=at("2027-04-30T23:00")), "2027-04")
    assert april["excluded_minutes"] == 240
    assert april["downtime_minutes"] == 120
    assert april["uptime_pct"] == pytest.approx(100 * 42840 / 42960)
    assert april["credit_pct"] == 10 and april["credit"] == pytest.approx(1000)
    assert april["failed"] is True


def test_overlapping_outages_merge_and_unplanned_wins_over_planned() -> None:
    # June 3: unplanned 10:00-11:00 and 10:30-12:00 (merged 120 min); planned 11:30-13:00, of
    # which 11:30-12:00 is already unplanned -> P = 60. X = 60, downtime = 120.
    # An outage 31 May 23:00 - 1 June 01:00 adds 60 minutes to each month.
    outages = [
        Outage(at("2027-06-03T10:00"), at("2027-06-03T11:00")),
        Outage(at("2027-06-03T10:30"), at("2027-06-03T12:00")),
        Outage(at("2027-06-03T11:30"), at("2027-06-03T13:00"), planned=True),
        Outage(at("2027-05-31T23:00"), at("2027-06-01T01:00")),
    ]
    report = service_report(contract(), [], outages, YEAR_2027, as_of=at("2027-06-30T12:00"))
    june, may = month(report, "2027-06"), month(report, "2027-05")
    assert june["excluded_minutes"] == 60
    assert june["downtime_minutes"] == 120 + 60
    assert june["uptime_pct"] == pytest.approx(100 * (43140 - 180) / 43140)
    assert may["downtime_minutes"] == 60
    assert may["uptime_pct"] == pytest.approx(100 * (44640 - 60) / 44640)


def test_a_month_not_wholly_covered_has_no_uptime_and_no_uptime_credit() -> None:
    periods = [CoveredPeriod(date(2027, 4, 2), date(2027, 4, 30))]
    report = service_report(contract(), [], [down("2027-04-10", 600)], periods,
                            as_of=at("2027-04-30T12:00"))
    april = month(report, "2027-04")
    assert april["uptime_pct"] is None and april["downtime_minutes"] is None
    assert april["credit_pct"] == 0 and april["failed"] is False


def test_p1_response_breaches_add_credit_up_to_the_monthly_cap() -> None:
    # February (28 days = 40320 min): 250 unplanned minutes -> uptime 99.38 % -> tier 25 %;
    # two P1 responses missed (20 and 16 min against 15) and one met at exactly 15:
    # 25 + 2 x 5 = 35 % -> cap 30 % -> 3,000.
    incidents = [p1("a", "2027-02-03T10:00", 20), p1("b", "2027-02-04T10:00", 16),
                 p1("c", "2027-02-05T10:00", 15)]
    report = service_report(contract(credit_annual_cap_pct=None), incidents,
                            [down("2027-02-10", 250)], YEAR_2027, as_of=at("2027-02-28T12:00"))
    february = month(report, "2027-02")
    assert february["response"]["P1"] == {"met": 1, "breached": 2, "open": 0,
                                          "attainment_pct": pytest.approx(100 / 3)}
    assert february["credit_pct"] == 30
    assert february["credit"] == pytest.approx(3000)


def test_the_annual_cap_cuts_a_later_month_of_the_same_contract_year() -> None:
    # Annual cap 5 % x 12 x 10,000 = 6,000. February 30 % = 3,000 (as above); March 25 %
    # = 2,500 (240 min of 44,640 -> 99.46 %); April 10 % = 1,000 but only 500 is left.
    # 2028-01 starts contract year 2: fee 10,500 and a fresh cap.
    incidents = [p1("a", "2027-02-03T10:00", 20), p1("b", "2027-02-04T10:00", 16)]
    outages = [down("2027-02-10", 250), down("2027-03-10", 240), down("2027-04-10", 60),
               down("2028-01-10", 60)]
    periods = [CoveredPeriod(date(2027, 1, 1), date(2028, 1, 31))]
    report = service_report(contract(), incidents, outages, periods,
                            as_of=at("2028-01-31T12:00"))
    assert month(report, "2027-02")["credit"] == pytest.approx(3000)
    assert month(report, "2027-03")["credit"] == pytest.approx(2500)
    april = month(report, "2027-04")
    assert april["credit_pct"] == 10 and april["credit"] == pytest.approx(500)
    january = month(report, "2028-01")
    assert january["fee"] == pytest.approx(10500)
    assert january["credit"] == pytest.approx(1050)
    assert report["credits_total"] == pytest.approx(3000 + 2500 + 500 + 1050)
    # Showing only April still cuts it by the credits of February and March.
    only_april = service_report(contract(), incidents, outages, periods,
                                as_of=at("2028-01-31T12:00"), month_from="2027-04",
                                month_to="2027-04")
    assert [m["month"] for m in only_april["months"]] == ["2027-04"]
    assert only_april["credits_total"] == pytest.approx(500)


def test_claim_deadline_passes_and_a_recorded_claim_counts() -> None:
    # February credit: deadline = 28 Feb + 30 days = 30 March.
    outages = [down("2027-02-10", 60)]  # 99.85 % -> 10 % = 1,000
    def claim_of(as_of: str, claims: list[Claim]) -> dict[str, Any]:
        report = service_report(contract(), [], outages, YEAR_2027, claims, as_of=at(as_of))
        return month(report, "2027-02")["claim"]

    assert claim_of("2027-03-30T23:59", []) == {
        "mechanism": "on_claim", "deadline": "2027-03-30", "status": "claimable"}
    assert claim_of("2027-03-31T00:00", [])["status"] == "expired"
    recorded = [Claim("2027-02", date(2027, 3, 20), 1000.0, "CR-17")]
    assert claim_of("2027-04-15T00:00", recorded)["status"] == "claimed"
    automatic = service_report(contract(credit_mechanism="automatic"), [], outages, YEAR_2027,
                               as_of=at("2027-05-01T00:00"))
    assert month(automatic, "2027-02")["claim"] == {"mechanism": "automatic"}


def test_claims_to_make_lists_open_credits_soonest_deadline_first() -> None:
    outages = [down("2027-03-10", 60), down("2027-02-10", 250), down("2027-01-10", 60)]
    assessment = assess_service(contract(credit_annual_cap_pct=None), [], outages, YEAR_2027,
                                [Claim("2027-03", date(2027, 4, 2), 1000.0, "CR-1")],
                                as_of=at("2027-03-05T00:00"))
    due = claims_to_make(assessment)
    # January's deadline (2 March) has passed; March is claimed; February is still open.
    assert [(c.month, c.amount, c.deadline) for c in due] == [
        ("2027-02", pytest.approx(2500), date(2027, 3, 30))]


def _failing(months: list[str]) -> list[Outage]:
    return [down(f"{m}-10", 120) for m in months]  # 120 min down fails 99.9 in any month


def test_chronic_failure_by_three_consecutive_months() -> None:
    report = service_report(contract(), [], _failing(["2027-02", "2027-03", "2027-04"]),
                            YEAR_2027, as_of=at("2027-06-30T12:00"))
    assert [m["failed"] for m in report["months"]] == [False, True, True, True, False, False]
    assert report["termination_right_from"] == "2027-05-01"


def test_chronic_failure_by_four_within_twelve_months() -> None:
    failing = _failing(["2027-01", "2027-03", "2027-06", "2027-08"])
    report = service_report(contract(), [], failing, YEAR_2027, as_of=at("2027-12-31T12:00"))
    assert report["termination_right_from"] == "2027-09-01"
    three = service_report(contract(), [], failing[:3], YEAR_2027, as_of=at("2027-12-31T12:00"))
    assert three["termination_right_from"] is None
    no_clause = service_report(contract(chronic_failure_termination=False), [], failing,
                               YEAR_2027, as_of=at("2027-12-31T12:00"))
    assert no_clause["termination_right_from"] is None
    stricter = Contract("aurelgate", 2, date(2027, 1, 1), TERMS, ServiceCalendar(),
                        ChronicFailureRule(consecutive=2, within_count=3))
    assert service_report(stricter, [], failing, YEAR_2027, as_of=at("2027-12-31T12:00"))[
        "termination_right_from"] == "2027-07-01"


def test_pooled_attainment_below_target_fails_the_month() -> None:
    # May: 9 P2 tickets answered in 30 min, 1 in 90 min -> 90 % pooled = target, not failed;
    # one more late -> 9/11 = 81.8 % -> failed.
    # All are resolved within their 480 minutes, so only responses decide.
    tickets = [Incident(f"t{k}", "P2", at(f"2027-05-{k + 1:02d}T10:00"),
                        at(f"2027-05-{k + 1:02d}T10:30"), at(f"2027-05-{k + 1:02d}T12:00"))
               for k in range(9)]
    tickets.append(Incident("late", "P2", at("2027-05-20T10:00"), at("2027-05-20T11:30"),
                            at("2027-05-20T12:00")))
    as_of = at("2027-05-31T23:00")
    assert month(service_report(contract(), tickets, [], [], as_of=as_of), "2027-05")[
        "failed"] is False
    tickets.append(Incident("later", "P2", at("2027-05-21T10:00"), at("2027-05-21T11:30"),
                            at("2027-05-21T12:00")))
    assert month(service_report(contract(), tickets, [], [], as_of=as_of), "2027-05")[
        "failed"] is True


def test_status_open_until_the_target_passes_and_month_is_local() -> None:
    zone = "Europe/Berlin"
    berlin = contract(zone=zone)
    # Opened 31 March 23:30 UTC = 1 April 01:30 in Berlin: an April ticket.
    late_march = Incident("x", "P1", at("2027-03-31T23:30+00:00"))
    report = service_report(berlin, [late_march], as_of=at("2027-04-01T01:40", zone),
                            with_incidents=True)
    assert month(report, "2027-04")["response"]["P1"]["open"] == 1
    assert month(report, "2027-03")["response"]["P1"]["open"] == 0
    assert report["incidents"][0]["response_status"] == "open"
    assert report["incidents"][0]["response_minutes"] == pytest.approx(10)
    later = service_report(berlin, [late_march], as_of=at("2027-04-01T01:46", zone))
    assert month(later, "2027-04")["response"]["P1"]["breached"] == 1


def test_paused_business_time_does_not_count() -> None:
    # P3 (240 business minutes): opened Mon 09:00, waiting for customer 10:00-15:00, answered
    # 15:30 -> 60 + 30 = 90 minutes, met.
    ticket = Incident("p", "P3", at("2027-05-03T09:00"), at("2027-05-03T15:30"),
                      paused=((at("2027-05-03T10:00"), at("2027-05-03T15:00")),))
    report = service_report(contract(), [ticket], as_of=at("2027-05-31T00:00"),
                            with_incidents=True)
    assert report["incidents"][0]["response_minutes"] == pytest.approx(90)
    assert report["incidents"][0]["response_status"] == "met"


def test_report_shape_dates_and_defaults() -> None:
    report = service_report(contract(), [p1("a", "2027-03-02T10:00", 5)])
    assert list(report) == ["provider", "round", "start", "zone", "as_of", "months",
                            "credits_total", "termination_right_from", "end_date",
                            "notice_deadline"]
    # as_of defaults to the latest time in the data (the resolution, 11:00).
    assert report["as_of"] == "2027-03-02T11:00:00+00:00"
    assert [m["month"] for m in report["months"]] == ["2027-01", "2027-02", "2027-03"]
    assert report["end_date"] == "2030-01-01" and report["notice_deadline"] == "2029-10-03"
    first = report["months"][0]
    assert list(first) == ["month", "uptime_pct", "downtime_minutes", "excluded_minutes",
                           "response", "resolution", "fee", "credit_pct", "credit", "claim",
                           "failed"]
    assert first["claim"]["deadline"] == (last_day_of(2027, 1) + timedelta(days=30)).isoformat()
    with pytest.raises(EvaluationError, match="backwards"):
        service_report(contract(), [], month_from="2027-05", month_to="2027-04")


def test_generated_demo_year_is_repeatable_and_has_something_true_to_show() -> None:
    from slaselect.domain.service.generator import generate_service_data

    berlin = Contract("aurelgate", 2, date(2027, 1, 1), TERMS,
                      ServiceCalendar(zone="Europe/Berlin", holiday_country="DE",
                                      holiday_subdiv="BY"))
    rates = {"P1": 0.3, "P2": 1.5, "P3": 6, "P4": 10}
    data = generate_service_data(berlin, rates, seed=7)
    assert data == generate_service_data(berlin, rates, seed=7)
    report = service_report(berlin, data.incidents, data.outages, data.periods, data.claims,
                            as_of=data.as_of)
    months = report["months"]
    assert len(months) == 12
    assert [m["month"] for m in months if m["uptime_pct"] < 99.9] == ["2027-05"]
    statuses = {m["month"]: m["claim"]["status"] for m in months if m["credit"]}
    assert statuses["2027-03"] == "claimed" and statuses["2027-05"] == "expired"
    assert months[2]["response"]["P1"]["breached"] >= 1
    assert data.claims[0].amount == pytest.approx(months[2]["credit"], abs=0.01)
