"""The column-at-a-time ticket reader gives exactly what reading one row at a time gives.

``read_tickets`` reads a chunk of rows column by column (numpy for canonical ISO times, one
UTC-offset look-up per local hour); ``_ticket`` reads a single row the plain way and is what
explains a bad row. Both must agree on every time, including DST gaps and repeats, offsets,
fractions of a second and the preset's own formats.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from slaselect.documents.service_import import ImportRefused, read_tickets, reading
from slaselect.documents.service_import.reading import CsvExport, Problems
from slaselect.documents.service_import.ticket_row import read_ticket as _ticket
from slaselect.documents.service_import.tickets import PRESETS, _columns, severity_lookup
from slaselect.domain.service.times import skipped_by_the_clocks
from slaselect.store.service_tickets import ticket_rows

HEADER = "id,priority,opened,responded,resolved,paused\n"
LATE = "9999-12-31T23:59:59"

TIMES = [
    "2027-03-28T02:30",  # Berlin skips 02:00-03:00: not a real local time
    "2027-03-28T01:59:59", "2027-03-28T03:00", "2027-03-14T02:15",  # New York's gap
    "2027-10-31T02:30:00",  # Berlin repeats 02:00-03:00: the first occurrence
    "2027-11-07 01:30",  # New York's repeated hour
    "2027-10-03T02:15", "2027-10-03T02:45",  # Lord Howe moves 30 minutes within an hour
    "2027-04-04T01:45", "2027-04-04T02:10",
    "2027-07-01T10:00:00+02:00", "2027-07-01T08:00Z", "2027-07-01",
    "2027-07-01T10:00:00.5", "2027-07-01T10:00:00.123456", "2027-07-01 10:00:00",
    "2027-07-01T10:00", "1969-12-31T23:59:59", "2262-04-12T00:00:00", "9999-12-31T23:59:59",
    "0001-01-01T00:00:00",
]


def reference(data: bytes, zone: str) -> list[tuple[object, ...]]:
    """Each row read on its own by ``_ticket``, as stored rows."""
    export = CsvExport(data)
    columns, minutes = _columns(export, PRESETS["generic"], {})
    lookup = severity_lookup(PRESETS["generic"])
    problems = Problems()
    found = [_ticket(row, columns, minutes, lookup, zone, (), problems)
             for row in export.rows(problems)]
    assert problems.total == 0
    rows = []
    for t in found:
        assert t is not None
        pauses = "[" + ",".join(f"[{a.timestamp()!r},{b.timestamp()!r}]"
                                for a, b in t.paused) + "]" if t.paused else None
        rows.append((t.id, t.priority, t.opened.timestamp(),
                     None if t.responded is None else t.responded.timestamp(),
                     None if t.resolved is None else t.resolved.timestamp(), pauses))
    return rows


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe"])
def test_every_time_is_read_as_one_row_at_a_time_reads_it(
        zone: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "PROGRESS_EVERY", 7)  # many chunks, rows across their edges
    rng = random.Random(13)
    times = [t for t in TIMES if not skipped(t, zone)]  # those are refused: tested below
    lines = []
    for k in range(120):
        opened = rng.choice(times)
        responded = rng.choice([*times, ""]) if opened.startswith("0001") else LATE
        pause = rng.choice(["", f"{opened}/{LATE}", f" {opened} / {LATE} ;{LATE}/{LATE}"])
        lines.append(f"T{k},P{1 + k % 4},{opened},{responded},{rng.choice(['', LATE])},{pause}")
    data = (HEADER + "\n".join(lines) + "\n").encode()
    read = read_tickets(data, zone)
    assert list(ticket_rows(read.tickets)) == reference(data, zone)


def skipped(text: str, zone: str) -> bool:
    """Whether a time written without an offset is one the zone's clocks skipped."""
    moment = reading.parse_moment(text, zone, ())
    return moment is not None and skipped_by_the_clocks(moment)


def test_dst_repeats_read_as_the_first_occurrence() -> None:
    data = (HEADER + "A,P1,2027-10-31T02:30,,,\n").encode()
    opened = read_tickets(data, "Europe/Berlin").tickets.opened
    # 02:30 on 31 October is first CEST (+02:00)
    assert opened.tolist() == [datetime(2027, 10, 31, 0, 30, tzinfo=UTC).timestamp()]


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe"])
def test_a_local_time_the_clocks_skipped_is_refused_by_both_readers(
        zone: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Read forward (as zoneinfo does) a skipped 02:30 would put a reply 03:10 before its
    ticket opened; a help desk never records one, so the import says what is wrong."""
    monkeypatch.setattr(reading, "PROGRESS_EVERY", 3)
    gaps = [t for t in TIMES if skipped(t, zone)]
    assert gaps  # each zone has its own: 02:30 in Berlin, 02:15 in New York, 02:10 Lord Howe
    fine = "2027-07-01T10:00"
    for gap in gaps:
        for row in (f"T1,P1,{gap},,,", f"T1,P1,{fine},{gap},,", f"T1,P1,{fine},,{LATE},",
                    f"T1,P1,{fine},,,{gap}/{LATE}"):
            if row.endswith(f"{LATE},") and gap not in row:
                row = f"T1,P1,{fine},,{gap},"
            data = (HEADER + f"T0,P2,{fine},,,\n{row}\n").encode()
            with pytest.raises(ImportRefused) as caught:
                read_tickets(data, zone)
            assert len(caught.value.problems) == 1, caught.value.problems
            assert caught.value.problems[0].startswith("line 3, ")
            assert f"did not occur in {zone}: the clocks went forward" in \
                caught.value.problems[0]


def test_problems_keep_line_order_across_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "PROGRESS_EVERY", 2)
    rows = [
        "T1,P1,2027-03-02T10:00,,,",
        "T2,P1,2027-03-02T10:00,,,,surplus",
        "T3,P9,2027-03-02T10:00,,,",
        "",
        "T1,P2,2027-03-02T10:00,,,",
        "T4,P2,2027-03-02T10:00,2027-03-02T09:00,,",
    ]
    with pytest.raises(ImportRefused) as caught:
        read_tickets((HEADER + "\n".join(rows) + "\n").encode(), "UTC")
    assert caught.value.problems == [
        "line 3 has 7 cells but the header names 6 columns",
        "line 4, priority: 'P9' is not a known severity; map it to P1-P4",
        "line 6, id: 'T1' already appears on line 2",
        "line 7, responded: '2027-03-02T09:00' is before opened",
    ]


def test_quoted_files_read_like_plain_ones() -> None:
    plain = HEADER + "T1,P2,2027-03-02 10:00,2027-03-02 10:30,,\n"
    quoted = HEADER + '"T1","P2","2027-03-02 10:00","2027-03-02 10:30","",""\r\n'
    first = read_tickets(plain.encode(), "Europe/Berlin")
    second = read_tickets(quoted.encode(), "Europe/Berlin")
    assert list(ticket_rows(first.tickets)) == list(ticket_rows(second.tickets))
