"""A signed contract keeps the public holidays of its years, so reading it back is quick and
its business clock counts exactly as the holidays package does."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np

from slaselect.documents import bundled
from slaselect.domain.edits import SetScenario
from slaselect.domain.model import BusinessHours
from slaselect.domain.service.calendar import ServiceCalendar
from slaselect.domain.service.clock import BusinessClock
from slaselect.domain.service.edits import AwardContract
from slaselect.store.project import Project
from slaselect.store.service import load_contract


def test_the_award_keeps_the_contract_years_holidays_and_they_match_the_package(
        tmp_path: Path) -> None:
    path = tmp_path / "p.slaselect"
    Project.create(path, bundled.load_demo())
    with Project.open(path) as project:
        evaluation = project.load()
        hours = BusinessHours(zone="Europe/Berlin", holiday_country="DE", holiday_subdiv="BY")
        project.apply(evaluation, SetScenario(replace(evaluation.scenario,
                                                      business_hours=hours)))
        project.apply(project.load(), AwardContract("tidemark", "2027-01-01"))
        contract = load_contract(project.db)
    assert contract is not None
    kept = dict(contract.calendar.known_holidays)
    assert min(kept) == 2026 and max(kept) >= 2031  # the term's years and one to spare
    fresh = ServiceCalendar(zone="Europe/Berlin", holiday_country="DE", holiday_subdiv="BY")
    assert kept[2027] == fresh.holidays_in(2027)
    assert date(2027, 1, 6) in kept[2027]  # Epiphany: Bavaria, not all of Germany
    # The business clock from the kept holidays is the package's clock.
    times = np.array([1_800_000_000.0 + k * 997_331.0 for k in range(60)])
    kept_clock = BusinessClock(contract.calendar)  # not the cached clock: the two are equal
    fresh_clock = BusinessClock(replace_calendar(contract.calendar))
    assert list(kept_clock.positions(times)) == list(fresh_clock.positions(times))
    # Reading the contract back loads no holiday package.
    probe = ("import sys; from slaselect.store.project import Project; "
             "from slaselect.store.service import load_contract; "
             f"p = Project.open({str(path)!r}, read_only=True); load_contract(p.db); "
             "print('holidays' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[2]).stdout
    assert out.strip() == "False"


def replace_calendar(calendar: ServiceCalendar) -> ServiceCalendar:
    """The same calendar looking its holidays up in the package."""
    return replace(calendar, known_holidays=())
