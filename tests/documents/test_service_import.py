"""Help-desk and monitoring exports: every bad row refused with a line and column sentence."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from slaselect.documents.service_import import (
    MAX_ROWS,
    ImportCancelled,
    ImportRefused,
    read_outages,
    read_tickets,
    reading,
)
from slaselect.domain.errors import EvaluationError

HEADER = "id,priority,opened,responded,resolved,paused\n"
GOOD = "T-1,P1,2027-03-02T10:00,2027-03-02T10:10,2027-03-02T12:00,\n"


def refused(text: str, **options: object) -> list[str]:
    with pytest.raises(ImportRefused) as caught:
        read_tickets(text.encode("utf-8"), "Europe/Berlin", **options)  # type: ignore[arg-type]
    return caught.value.problems


@pytest.mark.parametrize(
    ("row", "sentence"),
    [
        ("T-2,P2,31/02/2027,,,", "line 3, opened: '31/02/2027' is not a date"),
        ("T-2,P2,,,,", "line 3, opened: is empty"),
        (",P2,2027-03-02T10:00,,,", "line 3, id: is empty"),
        ("T-2,Sev 9,2027-03-02T10:00,,,",
         "line 3, priority: 'Sev 9' is not a known severity; map it to P1-P4"),
        ("T-2,P2,2027-03-02T10:00,2027-03-02T09:00,,",
         "line 3, responded: '2027-03-02T09:00' is before opened"),
        ("T-2,P2,2027-03-02T10:00,,2027-03-01T10:00,",
         "line 3, resolved: '2027-03-01T10:00' is before opened"),
        ("T-2,P2,2027-03-02T10:00,,,soon", "line 3, paused: 'soon' is not a start/end pair"),
        ("T-2,P2,2027-03-02T10:00,,,2027-03-02T12:00/2027-03-02T11:00",
         "line 3, paused: '2027-03-02T12:00/2027-03-02T11:00' ends before it starts"),
        ("T-1,P2,2027-03-02T10:00,,,", "line 3, id: 'T-1' already appears on line 2"),
        ("T-2,P2,2027-03-02T10:00,,,,extra", "line 3 has 7 cells but the header names 6 columns"),
    ],
)
def test_every_bad_row_kind_is_refused_with_its_line_and_column(row: str, sentence: str) -> None:
    assert refused(HEADER + GOOD + row + "\n") == [sentence]


def test_all_problems_are_collected_and_nothing_is_returned() -> None:
    rows = "".join(f"T-{k},P2,not a time,,,\n" for k in range(2, 6))
    problems = refused(HEADER + GOOD + rows)
    assert [p.split(",")[0] for p in problems] == ["line 3", "line 4", "line 5", "line 6"]


def test_line_numbers_follow_multi_line_cells_and_blank_lines() -> None:
    text = HEADER + '"T\n1",P1,2027-03-02T10:00,,,\n\nT-2,P1,yesterday,,,\n'
    assert refused(text) == ["line 5, opened: 'yesterday' is not a date"]


def test_reimporting_an_id_replaces_it_and_formula_text_stays_data() -> None:
    first = read_tickets((HEADER + GOOD).encode(), "UTC").incidents
    changed = GOOD.replace("2027-03-02T12:00", "2027-03-02T13:00")
    second = read_tickets((HEADER + changed + "=1+1,P4,2027-03-03T09:00,,,\n").encode(),
                          "UTC").incidents
    merged = {**first, **second}
    assert merged["T-1"].resolved == datetime.fromisoformat("2027-03-02T13:00+00:00")
    assert "=1+1" in merged  # kept exactly as written, never evaluated


def test_bom_utf8_and_windows_1252_are_read() -> None:
    text = HEADER + "Café-1,P1,2027-03-02T10:00,,,\n"
    for data in (b"\xef\xbb\xbf" + text.encode("utf-8"), text.encode("cp1252")):
        assert list(read_tickets(data, "UTC").incidents) == ["Café-1"]


def test_times_without_offset_are_local_to_the_contract_zone_and_pauses_read() -> None:
    text = HEADER + ("T-1,P3,2027-07-01T09:00,2027-07-01T15:00,,"
                     "2027-07-01T10:00/2027-07-01T11:00;2027-07-01T12:00/2027-07-01T12:30\n")
    ticket = read_tickets(text.encode(), "Europe/Berlin").incidents["T-1"]
    assert ticket.opened.utcoffset().total_seconds() == 7200  # type: ignore[union-attr]
    assert len(ticket.paused) == 2


def test_jira_preset_reads_its_columns_dates_and_priorities() -> None:
    text = ("Summary,Issue key,Issue id,Priority,Created,Resolved,"
            "Custom field (Date of First Response)\n"
            "Checkout down,SD-12,10012,Highest,02/Mar/27 9:15 AM,02/Mar/27 11:00 AM,"
            "02/Mar/27 9:20 AM\n")
    ticket = read_tickets(text.encode(), "UTC", preset="jira").incidents["SD-12"]
    assert ticket.priority == "P1"
    assert ticket.responded == datetime.fromisoformat("2027-03-02T09:20+00:00")


def test_zendesk_preset_derives_the_reply_from_minutes() -> None:
    text = ("Id,Subject,Status,Priority,Created at,Solved at,First reply time in minutes\n"
            "4411,Login fails,solved,Urgent,2027-03-02 10:00:00,2027-03-02 12:00:00,25\n")
    ticket = read_tickets(text.encode(), "UTC", preset="zendesk").incidents["4411"]
    assert ticket.priority == "P1"
    assert ticket.responded == datetime.fromisoformat("2027-03-02T10:25+00:00")


def test_minutes_to_first_reply_are_elapsed_minutes_across_a_clock_change() -> None:
    # Berlin's clocks go forward on 28 March 2027 and back on 31 October 2027: 120 minutes
    # after 01:30 is 04:30 in spring and 02:30 (the second one) in autumn, not 03:30.
    text = ("Id,Subject,Status,Priority,Created at,Solved at,First reply time in minutes\n"
            "1,a,solved,Urgent,2027-03-28 01:30:00,2027-03-28 06:00:00,120\n"
            "2,b,solved,Urgent,2027-10-31 01:30:00,2027-10-31 06:00:00,120\n"
            "3,c,solved,Urgent,2027-03-02 10:00:00,2027-03-02 12:00:00,25\n")
    tickets = read_tickets(text.encode(), "Europe/Berlin", preset="zendesk").incidents
    for ident, minutes in (("1", 120), ("2", 120), ("3", 25)):
        ticket = tickets[ident]
        assert ticket.responded is not None
        assert ticket.responded.timestamp() - ticket.opened.timestamp() == minutes * 60
    assert tickets["1"].responded == datetime.fromisoformat("2027-03-28T04:30+02:00")
    # (an ambiguous local time never compares equal across zones: compare the instants)
    second = datetime.fromisoformat("2027-10-31T02:30+01:00").timestamp()
    assert tickets["2"].responded.timestamp() == second


def test_zendesks_business_hours_minutes_are_not_taken_for_elapsed_time() -> None:
    text = ("Id,Priority,Created at,Solved at,First reply time in minutes within business "
            "hours\n4411,Urgent,2027-03-05 17:55:00,2027-03-08 12:00:00,15\n")
    with pytest.raises(EvaluationError, match="'First reply time in minutes'\\)"):
        read_tickets(text.encode(), "UTC", preset="zendesk")


def test_freshdesk_preset() -> None:
    text = ("Ticket ID,Subject,Status,Priority,Created time,Initial response time,"
            "Resolved time\n"
            "88,App crash,Resolved,Medium,2027-03-02 10:00:00,2027-03-02 10:40:00,\n")
    ticket = read_tickets(text.encode(), "UTC", preset="freshdesk").incidents["88"]
    assert ticket.priority == "P3" and ticket.resolved is None


def test_servicenow_preset_needs_a_responded_column_or_a_mapping() -> None:
    text = ("number,short_description,priority,opened_at,resolved_at,u_first_touch\n"
            "INC0010001,Payments,1 - Critical,2027-03-02 10:00:00,2027-03-02 11:00:00,"
            "2027-03-02 10:05:00\n")
    with pytest.raises(EvaluationError, match="no column for responded"):
        read_tickets(text.encode(), "UTC", preset="servicenow")
    found = read_tickets(text.encode(), "UTC", preset="servicenow",
                         mapping={"responded": "u_first_touch"})
    assert found.incidents["INC0010001"].priority == "P1"


def test_own_mapping_and_provider_severity_names() -> None:
    text = ("Ref;Level;Logged;Ack;Fixed\n"
            "A7;Sev 1 - Critical;2027-03-02 10:00;2027-03-02 10:05;\n")
    found = read_tickets(
        text.encode(), "UTC",
        mapping={"id": "Ref", "priority": "Level", "opened": "Logged", "responded": "Ack",
                 "resolved": "Fixed"},
        severity_names={"P1": "Sev 1 - Critical"},
    )
    assert found.incidents["A7"].priority == "P1"


def test_caps_and_cancel_are_refused_cleanly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_BYTES", 100)
    with pytest.raises(EvaluationError, match="over 50 MB"):
        read_tickets((HEADER + GOOD * 5).encode(), "UTC")
    monkeypatch.setattr(reading, "MAX_BYTES", 50 * 1024 * 1024)
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    with pytest.raises(EvaluationError, match="more than 3 rows"):
        read_tickets((HEADER + GOOD * 4).encode(), "UTC")
    monkeypatch.setattr(reading, "MAX_ROWS", MAX_ROWS)
    monkeypatch.setattr(reading, "PROGRESS_EVERY", 2)
    seen: list[tuple[int, int]] = []
    many = HEADER + "".join(GOOD.replace("T-1", f"T-{k}") for k in range(6))
    read_tickets(many.encode(), "UTC", progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (6, 6) and seen[0][0] == 2
    with pytest.raises(ImportCancelled):
        read_tickets(many.encode(), "UTC", cancelled=lambda: True)


def test_generic_outages_and_their_default_period() -> None:
    text = ("start,end,planned\n2027-03-02 10:00,2027-03-02 11:00,yes\n"
            "2027-05-20T23:30,2027-05-21T00:10,no\n")
    found = read_outages(text.encode(), "Europe/Berlin")
    assert [o.planned for o in found.outages] == [True, False]
    assert (found.period.first, found.period.last) == (date(2027, 3, 1), date(2027, 5, 31))


@pytest.mark.parametrize(
    ("row", "sentence"),
    [
        ("2027-03-02 10:00,,no", "line 2, end: is empty"),
        ("2027-03-02 10:00,tomorrow,no", "line 2, end: 'tomorrow' is not a date"),
        ("2027-03-02 10:00,2027-03-02 09:00,no", "line 2, end: '2027-03-02 09:00' is before start"),
        ("2027-03-02 10:00,2027-03-02 11:00,maybe", "line 2, planned: 'maybe' is not yes or no"),
    ],
)
def test_bad_outage_rows_are_refused(row: str, sentence: str) -> None:
    with pytest.raises(ImportRefused) as caught:
        read_outages(f"start,end,planned\n{row}\n".encode(), "UTC")
    assert caught.value.problems == [sentence]


def test_outage_outside_the_stated_period_is_refused() -> None:
    text = "start,end\n2027-04-02 10:00,2027-04-02 11:00\n"
    with pytest.raises(ImportRefused, match="outside the covered period"):
        read_outages(text.encode(), "UTC", first=date(2027, 3, 1), last=date(2027, 3, 31))
    found = read_outages(b"start,end\n", "UTC", first=date(2027, 3, 1), last=date(2027, 3, 31))
    assert found.outages == () and found.period.last == date(2027, 3, 31)


def test_uptimerobot_style_log() -> None:
    text = ("Event,Monitor,Date-Time,Reason,Duration\n"
            "Down,shop,2027-03-02 10:00:00,Connection Timeout,01:02:03\n"
            "Up,shop,2027-03-02 11:02:03,OK,5 hrs 10 mins\n"
            "Down,shop,2027-03-09 08:00:00,502 Bad Gateway,\"2 hrs, 5 mins\"\n"
            "Down,shop,2027-03-10 08:00:00,502 Bad Gateway,a while\n")
    with pytest.raises(ImportRefused) as caught:
        read_outages(text.encode(), "UTC", preset="uptimerobot")
    assert caught.value.problems == ["line 5, Duration: 'a while' is not a duration"]
    good = read_outages(text.rsplit("Down", 1)[0].encode(), "UTC", preset="uptimerobot")
    assert [(o.end - o.start).total_seconds() for o in good.outages] == [3723, 7500]
