"""Write the demo's year of service data (resources/demo/service/) from the generator.

Run ``python tools/make_demo_service.py`` after changing the generator or the story below;
tests/documents/test_demo_service.py checks that the shipped files are what this writes.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from slaselect.documents.bundled import demo_service_folder, load_demo  # noqa: E402
from slaselect.documents.service_import.export import outages_csv, tickets_csv  # noqa: E402
from slaselect.domain.model import Round  # noqa: E402
from slaselect.domain.service.edits import AwardContract  # noqa: E402
from slaselect.domain.service.generator import generate_service_data  # noqa: E402

STORY = {
    # Legal signed Aurelgate's best and final offer, except that credits are paid on claim
    # within 60 days (the provider's standard contract) - so the buyer has claims to watch.
    "signed_round": {"provider": "aurelgate", "number": 4, "label": "Signed contract",
                     "date": "2026-12-04", "values": {"credit_mechanism": "on_claim"}},
    "business_hours": {"zone": "Europe/Berlin", "holidays": {"country": "DE", "subdiv": "BY"},
                       "closed": ["2027-12-24", "2027-12-31"]},
    "award": {"provider": "aurelgate", "start": "2027-01-01", "round": 4,
              "zone": "Europe/Berlin"},
}
SEED = 2027
MONTHS = 12


def story_files() -> dict[str, str]:
    """File name -> text of everything resources/demo/service/ holds."""
    evaluation = load_demo()
    hours = STORY["business_hours"]
    scenario = replace(evaluation.scenario, business_hours=replace(
        evaluation.scenario.business_hours, zone=hours["zone"],
        holiday_country=hours["holidays"]["country"], holiday_subdiv=hours["holidays"]["subdiv"],
        closed=tuple(hours["closed"])))
    signed = STORY["signed_round"]
    evaluation = replace(evaluation, scenario=scenario, rounds=evaluation.rounds + (
        Round(signed["provider"], signed["number"], signed["label"], signed["date"],
              signed["values"]),))
    award = STORY["award"]
    contract = AwardContract(award["provider"], award["start"], award["round"],
                             award["zone"]).contract(evaluation)
    data = generate_service_data(contract, evaluation.scenario.incidents_per_month, SEED, MONTHS)
    period = data.periods[0]
    story = {
        **STORY,
        "covered": {"first": period.first.isoformat(), "last": period.last.isoformat()},
        "as_of": data.as_of.isoformat(),
        "claims": [{"month": c.month, "date": c.date.isoformat(), "amount": c.amount,
                    "reference": c.reference} for c in data.claims],
        "reviews": [{"date": r.date.isoformat(), "attendees": list(r.attendees),
                     "feedback": r.feedback,
                     "actions": [{"text": a.text, "owner": a.owner,
                                  "due": a.due.isoformat() if a.due else None, "done": a.done}
                                 for a in r.actions]} for r in data.reviews],
    }
    return {
        "service.json": json.dumps(story, ensure_ascii=False, indent=2) + "\n",
        "tickets.csv": tickets_csv(data.incidents.values(), contract.zone),
        "outages.csv": outages_csv(data.outages, contract.zone),
    }


if __name__ == "__main__":
    folder = demo_service_folder()
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in story_files().items():
        (folder / name).write_text(text, encoding="utf-8")
        print(f"wrote {folder / name}")
