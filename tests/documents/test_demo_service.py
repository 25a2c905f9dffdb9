"""The demo's year of service data is what the generator writes, and reads back unchanged."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from slaselect.documents.bundled import demo_service_folder, load_demo
from slaselect.documents.service_import import read_tickets
from slaselect.documents.service_import.export import tickets_csv

TOOL = Path(__file__).resolve().parents[2] / "tools" / "make_demo_service.py"


def test_the_shipped_files_are_what_tools_make_demo_service_writes() -> None:
    spec = importlib.util.spec_from_file_location("make_demo_service", TOOL)
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    for name, text in tool.story_files().items():
        assert (demo_service_folder() / name).read_text(encoding="utf-8") == text, name


def test_generic_tickets_read_back_as_written() -> None:
    data = (demo_service_folder() / "tickets.csv").read_bytes()
    tickets = read_tickets(data, "Europe/Berlin").incidents
    assert len(tickets) > 150
    assert tickets_csv(tickets.values(), "Europe/Berlin").encode() == data
    assert load_demo().provider("aurelgate")  # the awarded provider is in the evaluation
