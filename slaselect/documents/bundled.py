"""The templates and the demo evaluation that ship with SLASelect (``resources/``)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from slaselect.documents.interchange import InterchangeError, load_json_file
from slaselect.documents.resources import DEFAULT_TEMPLATE, resources_folder
from slaselect.domain.edits import Edit
from slaselect.domain.model import Evaluation

__all__ = ["DEFAULT_TEMPLATE", "load_demo", "load_template", "resources_folder",
           "template_names"]


def template_names() -> list[str]:
    """The names of the bundled templates, for ``slaselect new --template NAME``."""
    return sorted(p.stem for p in (resources_folder() / "templates").glob("*.json"))


def load_template(name: str = DEFAULT_TEMPLATE) -> Evaluation:
    """A bundled template: criteria, terms and scenario, no providers yet."""
    path = resources_folder() / "templates" / f"{name}.json"
    if not path.is_file():
        known = ", ".join(template_names()) or "none"
        raise InterchangeError(f'there is no template called "{name}" (available: {known})')
    return load_json_file(path)


def load_demo() -> Evaluation:
    """The bundled demo evaluation: five providers, three evaluators, negotiated rounds."""
    return load_json_file(resources_folder() / "demo" / "demo.json")


def demo_service_folder() -> Path:
    """Where the demo's year of service data lives (``resources/demo/service``)."""
    return resources_folder() / "demo" / "service"


def demo_service_edits(evaluation: Evaluation) -> list[Edit]:
    """The demo's story after the award, as the edits that tell it, in order.

    The signed round and the service calendar, the award of the winner, a year of tickets and
    outages read from the bundled exports (through the same readers as any import), one credit
    claimed and the quarterly reviews. Apply them one by one to ``evaluation`` (each with
    ``Project.apply``) to build the demo project file.
    """
    from datetime import date

    from slaselect.documents.service_import import read_outages, read_tickets
    from slaselect.domain.edits import InsertRound, SetScenario
    from slaselect.domain.model import Round
    from slaselect.domain.service import edits as service
    from slaselect.domain.service.model import ReviewAction, ReviewMeeting

    folder = demo_service_folder()
    story = json.loads((folder / "service.json").read_text(encoding="utf-8"))
    hours = story["business_hours"]
    scenario = evaluation.scenario
    scenario = replace(scenario, business_hours=replace(
        scenario.business_hours, zone=hours["zone"],
        holiday_country=hours["holidays"]["country"],
        holiday_subdiv=hours["holidays"]["subdiv"], closed=tuple(hours["closed"])))
    signed = story["signed_round"]
    award = story["award"]
    zone = award["zone"]
    tickets = read_tickets((folder / "tickets.csv").read_bytes(), zone)
    outages = read_outages((folder / "outages.csv").read_bytes(), zone,
                           first=date.fromisoformat(story["covered"]["first"]),
                           last=date.fromisoformat(story["covered"]["last"]))
    edits: list[Edit] = [
        SetScenario(scenario),
        InsertRound(Round(signed["provider"], signed["number"], signed["label"],
                          signed["date"], signed["values"])),
        service.AwardContract(award["provider"], award["start"], award.get("round"), zone),
        service.import_tickets("tickets.csv", tickets.tickets),
        service.import_outages("outages.csv", outages.outages, outages.period),
    ]
    edits += [
        service.RecordClaim(c["month"], c["date"], float(c["amount"]), c["reference"])
        for c in story["claims"]
    ]
    edits += [
        service.record_review(ReviewMeeting(
            date.fromisoformat(r["date"]), tuple(r["attendees"]), r["feedback"],
            tuple(ReviewAction(a["text"], a["owner"],
                               date.fromisoformat(a["due"]) if a.get("due") else None,
                               bool(a.get("done"))) for a in r["actions"])))
        for r in story["reviews"]
    ]
    return edits
