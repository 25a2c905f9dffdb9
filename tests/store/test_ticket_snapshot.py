"""The tickets' column snapshot always says what the ticket rows say.

Reading 200,000 ticket rows back takes most of a second, so each import also saves the tickets
as packed columns. Whatever the imports do (add, replace an id, a new award that starts the
records afresh), reading the snapshot must give exactly what reading the rows gives, and a file
from before the snapshot existed is read from its rows.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from slaselect.documents import bundled
from slaselect.documents.service_import import read_tickets
from slaselect.domain.service.attainment import TicketArrays
from slaselect.domain.service.edits import AwardContract, import_tickets
from slaselect.store.project import Project
from slaselect.store.service_tickets import _arrays_from_rows, load_ticket_arrays

HEADER = "id,priority,opened,responded,resolved,paused\n"


def same(a: TicketArrays, b: TicketArrays) -> bool:
    return list(a.ids) == list(b.ids) and all(
        np.array_equal(getattr(a, name), getattr(b, name), equal_nan=True)
        for name in ("priority", "opened", "responded", "resolved", "pause_ticket",
                     "pause_start", "pause_end"))


def tickets(text: str) -> object:
    return read_tickets((HEADER + text).encode(), "Europe/Berlin").tickets


@pytest.fixture
def project(tmp_path: Path) -> Project:
    path = tmp_path / "p.slaselect"
    Project.create(path, bundled.load_demo())
    opened = Project.open(path)
    opened.apply(opened.load(), AwardContract("tidemark", "2027-01-01", zone="Europe/Berlin"))
    return opened


def test_appending_replacing_and_a_new_award_keep_snapshot_and_rows_equal(
        project: Project) -> None:
    first = tickets("A,P1,2027-02-01T10:00,2027-02-01T10:05,,\n"
                    "B,P3,2027-02-02T10:00,,,2027-02-02T11:00/2027-02-02T12:00\n")
    project.apply(project.load(), import_tickets("one.csv", first))  # type: ignore[arg-type]
    held = load_ticket_arrays(project.db)
    assert list(held.ids) == ["A", "B"] and held.pause_ticket.tolist() == [1]
    assert same(held, _arrays_from_rows(project.db))

    more = tickets("C,P2,2027-03-01T09:00,,,2027-03-01T09:10/2027-03-01T09:20;"
                   "2027-03-01T09:15/2027-03-01T09:40\n")
    project.apply(project.load(), import_tickets("two.csv", more))  # type: ignore[arg-type]
    held = load_ticket_arrays(project.db)
    assert list(held.ids) == ["A", "B", "C"]
    assert held.pause_ticket.tolist() == [1, 2]  # C's overlapping pauses merged into one
    assert same(held, _arrays_from_rows(project.db))

    again = tickets("B,P4,2027-02-02T10:00,2027-02-02T10:30,,\n"
                    "D,P1,2027-04-01T09:00,,,\n")
    project.apply(project.load(), import_tickets("three.csv", again))  # type: ignore[arg-type]
    held = load_ticket_arrays(project.db)
    assert list(held.ids) == ["A", "B", "C", "D"]
    assert held.priority.tolist() == [0, 3, 1, 0] and held.pause_ticket.tolist() == [2]
    assert same(held, _arrays_from_rows(project.db))

    project.apply(project.load(), AwardContract("aurelgate", "2027-01-01"))
    assert len(load_ticket_arrays(project.db).ids) == 0
    project.close()


def test_rows_without_a_matching_snapshot_are_read_from_the_rows(project: Project) -> None:
    project.apply(project.load(), import_tickets(  # type: ignore[arg-type]
        "one.csv", tickets("A,P1,2027-02-01T10:00,,,\n")))
    with project.db.atomic():  # as a file from before the snapshot would hold them
        project.db.execute("DELETE FROM service_ticket_columns")
    assert list(load_ticket_arrays(project.db).ids) == ["A"]
    project.close()
