"""The audit trail says what every change replaced (old -> new), and why where asked."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import openpyxl

from slaselect.documents import bundled
from slaselect.documents.memo import memo_story
from slaselect.documents.workbook import write_workbook
from slaselect.domain import edits
from slaselect.domain.audit_words import NO_CHANGES_YET, NO_HISTORY, change_lines
from slaselect.store.project import Project
from tests.documents.test_memo import story_text
from tests.factories import three_providers


def _trail(path: Path) -> list[str]:
    with Project.open(path, read_only=True) as project:
        evaluation = project.load()
        return [line.detail for line in change_lines(project.audit_trail(), evaluation)]


def test_each_edit_records_its_old_and_new_setting(tmp_path: Path) -> None:
    path = tmp_path / "p.slaselect"
    demo = bundled.load_demo()
    Project.create(path, demo)
    provider = demo.providers[0]
    latest = demo.latest_round_number(provider.key)
    assert latest is not None
    with Project.open(path) as project:
        evaluation = project.load()
        evaluation, _ = project.apply(evaluation, edits.SetWeight("security_focus", 20),
                                      reason="board asked")
        # The latest round carries uptime forward from an earlier one: that value was in force.
        evaluation, _ = project.apply(
            evaluation, edits.SetTermValue(provider.key, latest, "uptime_pct", 99.0))
        evaluation, _ = project.apply(
            evaluation, edits.ReplaceProvider(replace(provider, name="Renamed Ltd")))
        trail = project.audit_trail()
    weight, uptime, name = _trail(path)
    assert weight.endswith("weight (points): 8 -> 20")
    assert trail[0].reason == "board asked"
    before = demo.terms_at(provider.key, latest)["uptime_pct"]
    assert f"value: {before:g} % -> 99 %" in uptime
    assert f'name: "{provider.name}" -> "Renamed Ltd"' in name


def test_an_imported_batch_records_each_score_it_replaced(tmp_path: Path) -> None:
    path = tmp_path / "p.slaselect"
    Project.create(path, three_providers())
    with Project.open(path) as project:
        project.apply(project.load(), edits.BatchEdit((
            edits.SetScore("a", "quality", "e1", 1.0, "imported"),
            edits.SetScore("b", "quality", "e2", 2.0, "imported"))), reason="sheet from Eve")
    (detail,) = _trail(path)
    assert "value: 4 -> 1" in detail and "value: 3 -> 2" in detail


def test_workbook_and_memo_show_old_to_new(tmp_path: Path) -> None:
    path = tmp_path / "p.slaselect"
    Project.create(path, three_providers())
    with Project.open(path) as project:
        evaluation, _ = project.apply(project.load(), edits.SetWeight("quality", 60),
                                      reason="more on quality")
        trail = project.audit_trail()
    book = tmp_path / "book.xlsx"
    write_workbook(evaluation, book, audit_trail=trail)
    sheet = openpyxl.load_workbook(book)["Audit trail"]
    assert " -> 60" in str(sheet["E5"].value) and sheet["F5"].value == "more on quality"
    assert " -> 60" in story_text(memo_story(evaluation, audit_trail=trail))


def test_no_history_message_only_for_an_interchange_file(tmp_path: Path) -> None:
    interchange, project_file = tmp_path / "json.xlsx", tmp_path / "project.xlsx"
    write_workbook(three_providers(), interchange)  # no trail at all: an interchange file
    write_workbook(three_providers(), project_file, audit_trail=[])
    assert openpyxl.load_workbook(interchange)["Audit trail"]["A5"].value == NO_HISTORY
    assert openpyxl.load_workbook(project_file)["Audit trail"]["A5"].value == NO_CHANGES_YET
