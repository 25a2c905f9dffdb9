"""The main window's notice reminder, and the demo with its year of service."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from slaselect.documents import bundled
from slaselect.domain.service.credits import end_and_notice
from slaselect.store.project import Project
from slaselect.store.service import load_contract

REMIND_DAYS = 90
"""The reminder shows when the notice deadline is this many days away or fewer."""


def notice_reminder(project: Project | None, today: date | None = None) -> str | None:
    """A sentence when the contract's notice deadline is within 90 days of ``today``."""
    if project is None:
        return None
    contract = load_contract(project.db)
    if contract is None:
        return None
    end, notice = end_and_notice(contract.terms, contract.start)
    today = today or date.today()
    if notice is None or not 0 <= (notice - today).days <= REMIND_DAYS:
        return None
    days = (notice - today).days
    when = "today" if days == 0 else f"in {days} day{'' if days == 1 else 's'}"
    return (f"Notice on the contract must be given by {notice.isoformat()} ({when}); the "
            f"contract ends {end.isoformat() if end else 'then'}. Decide now whether to renew "
            "or re-tender (Service page).")


def create_demo(path: Path) -> None:
    """The demo project at ``path``, with its award and year of service, as ``slaselect demo``."""
    evaluation = bundled.load_demo()
    Project.create(path, evaluation)
    with Project.open(path) as project:
        for edit in bundled.demo_service_edits(evaluation):
            evaluation, _ = project.apply(evaluation, edit, who="SLASelect demo")
