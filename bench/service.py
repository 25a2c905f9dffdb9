"""Service-side benchmarks: medians against the budgets of issue 13.

Usage: ``python -m bench.service [--repeat N]``. Budgets: import 200,000 tickets (generic CSV)
under 5 s and the service report over 36 months with 200,000 tickets under 1 s, both measured
as whole ``slaselect`` processes on a project file; the domain-only steps show where the time
goes. Whole processes also print their median CPU seconds (user + system): on a shared machine
the wall time waits for the other users, the CPU time much less so.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.run import Step, median_seconds
from slaselect.documents import bundled
from slaselect.documents.service_import import read_tickets
from slaselect.domain.model import SEVERITIES
from slaselect.domain.service import (
    Contract,
    CoveredPeriod,
    Incident,
    Outage,
    ServiceCalendar,
    service_report,
)
from slaselect.domain.service.attainment import TicketArrays

# An installed slaselect starts from compiled bytecode: child processes may write theirs (to a
# scratch folder) even where the checkout is run with PYTHONDONTWRITEBYTECODE.
CHILD_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "slaselect-bench-pycache")
CPU: dict[str, list[float]] = {}
"""CPU seconds of each whole-process run, by command line."""
TICKETS = 200_000
MONTHS = 36
TERMS = {
    "uptime_pct": 99.9, "maintenance_hours_month": 4, "sla_attainment_pct": 95,
    "response": {"P1": {"minutes": 15, "clock": "24x7"}, "P2": {"minutes": 60, "clock": "24x7"},
                 "P3": {"minutes": 240, "clock": "business"},
                 "P4": {"minutes": 480, "clock": "business"}},
    "resolution": {"P1": {"minutes": 240, "clock": "24x7"},
                   "P2": {"minutes": 480, "clock": "24x7"},
                   "P3": {"minutes": 2160, "clock": "business"},
                   "P4": {"minutes": 5400, "clock": "business"}},
    "credit_tiers": [{"below": 99.9, "credit_pct": 10}, {"below": 99.5, "credit_pct": 25}],
    "response_breach_credit_pct": 5, "credit_monthly_cap_pct": 30, "credit_annual_cap_pct": 15,
    "credit_mechanism": "on_claim", "claim_window_days": 60, "monthly_fee": 12400,
    "annual_escalator_pct": 4, "term_months": 36, "notice_days": 90,
    "chronic_failure_termination": True,
}


def contract() -> Contract:
    """A Berlin contract with Bavarian holidays, starting 2027-01-01."""
    calendar = ServiceCalendar(zone="Europe/Berlin", holiday_country="DE", holiday_subdiv="BY")
    return Contract("bench", 1, date(2027, 1, 1), TERMS, calendar)


def _real(moment: datetime) -> datetime:
    """``moment`` moved out of the hour a spring DST change skips in Berlin.

    Help desks record real instants, so their exports never hold a local time that did not
    exist; read as the first occurrence it would land after a reply written just after it.
    """
    berlin = ZoneInfo("Europe/Berlin")
    there = moment.replace(tzinfo=berlin).astimezone(UTC).astimezone(berlin)
    return moment if there.replace(tzinfo=None) == moment else moment + timedelta(hours=1)


def ticket_csv(count: int, seed: int = 1) -> bytes:
    """A generic-preset export of ``count`` tickets over 36 months, a fifth of them paused."""
    rng = random.Random(seed)
    base = datetime(2027, 1, 1)
    lines = ["id,priority,opened,responded,resolved,paused"]
    span = MONTHS * 30 * 86400
    for k in range(count):
        opened = _real(base + timedelta(seconds=rng.randrange(span)))
        responded = _real(opened + timedelta(minutes=rng.randint(1, 600)))
        resolved = _real(responded + timedelta(minutes=rng.randint(1, 6000)))
        paused = ""
        if k % 5 == 0:
            pause = _real(responded + timedelta(minutes=10))
            paused = f"{pause.isoformat()}/{_real(pause + timedelta(hours=2)).isoformat()}"
        lines.append(f"T{k},{rng.choice(SEVERITIES)},{opened.isoformat()},"
                     f"{responded.isoformat()},{resolved.isoformat()},{paused}")
    return ("\n".join(lines) + "\n").encode()


def _awarded_project(folder: Path) -> Path:
    """A project with the bench contract's terms awarded (Berlin, Bavarian holidays)."""
    from dataclasses import replace

    from slaselect.domain.model import BusinessHours, Evaluation, Provider, Round, Scenario
    from slaselect.domain.service.edits import AwardContract
    from slaselect.store.project import Project

    template = bundled.load_template()
    known = {t.key for t in template.terms}
    hours = BusinessHours(zone="Europe/Berlin", holiday_country="DE", holiday_subdiv="BY")
    evaluation: Evaluation = replace(
        template, providers=(Provider("bench", "Bench provider"),),
        rounds=(Round("bench", 1, "Signed", "2026-12-01",
                      {k: v for k, v in TERMS.items() if k in known}),),
        scenario=replace(Scenario(), business_hours=hours))
    path = folder / "bench.slaselect"
    Project.create(path, evaluation)
    with Project.open(path) as project:
        project.apply(evaluation, AwardContract("bench", "2027-01-01"))
    return path


def steps() -> list[Step]:
    """The service steps, each with its budget in seconds."""
    data = ticket_csv(TICKETS)
    signed = contract()
    incidents: dict[str, Incident] = read_tickets(data, signed.zone).incidents
    rng = random.Random(2)
    outages = []
    for _ in range(400):
        start = datetime(2027, 1, 1, tzinfo=signed.calendar.tz) + timedelta(
            minutes=rng.randrange(MONTHS * 30 * 1440))
        outages.append(Outage(start, start + timedelta(minutes=rng.randint(1, 90)),
                              rng.random() < 0.3))
    periods = [CoveredPeriod(date(2027, 1, 1), date(2029, 12, 31))]
    as_of = datetime(2029, 12, 31, 23, 0, tzinfo=signed.calendar.tz)

    def report() -> object:
        return service_report(signed, incidents, outages, periods, [], as_of)

    # What the store should hand over: stored columns, no datetime objects.
    listed = list(incidents.values())
    nan = float("nan")
    columns = (
        [i.id for i in listed], [i.priority for i in listed],
        [i.opened.timestamp() for i in listed],
        [nan if i.responded is None else i.responded.timestamp() for i in listed],
        [nan if i.resolved is None else i.resolved.timestamp() for i in listed],
        {k: [(a.timestamp(), b.timestamp()) for a, b in i.paused]
         for k, i in enumerate(listed) if i.paused},
    )

    def report_from_columns() -> object:
        return service_report(signed, TicketArrays.from_columns(*columns), outages, periods, [],
                              as_of)

    folder = Path(tempfile.mkdtemp(prefix="slaselect-bench-"))
    export = folder / "tickets.csv"
    export.write_bytes(data)
    empty = _awarded_project(folder)
    project = folder / "service.slaselect"
    shutil.copyfile(empty, project)
    fresh = folder / "fresh.slaselect"
    importing = [sys.executable, "-m", "slaselect", "import-incidents", str(fresh),
                 str(export)]
    reimporting = [sys.executable, "-m", "slaselect", "import-incidents", str(project),
                   str(export)]
    subprocess.run(reimporting, check=True, capture_output=True, env=CHILD_ENV)
    reporting = [sys.executable, "-m", "slaselect", "service", str(project), "--json",
                 "--as-of", as_of.isoformat()]

    def whole_process(command: list[str], start_empty: bool = False) -> Callable[[], object]:
        def run() -> None:
            if start_empty:
                shutil.copyfile(empty, fresh)  # an awarded project holding no tickets yet
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(command, check=True, capture_output=True, env=CHILD_ENV)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            CPU.setdefault(" ".join(command), []).append(
                after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        return run

    return [
        Step(f"whole process: import-incidents {TICKETS:,} tickets into a project",
             whole_process(importing, start_empty=True), 5.0),
        Step(f"whole process: import the same {TICKETS:,} again (each id replaced)",
             whole_process(reimporting)),
        Step(f"whole process: service --json, {MONTHS} months, {TICKETS:,} tickets",
             whole_process(reporting), 1.0),
        Step(f"import {TICKETS:,} tickets (generic CSV, {len(data) / 1e6:.0f} MB)",
             lambda: read_tickets(data, signed.zone), 5.0),
        Step(f"service report {MONTHS} months, {TICKETS:,} stored columns", report_from_columns,
             1.0),
        Step(f"service report {MONTHS} months, {TICKETS:,} Incident objects", report),
    ]


def main() -> None:
    """Print each step's median against its budget."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'step':52} {'median':>10} {'budget':>8}")
    for step in steps():
        CPU.clear()
        seconds = median_seconds(step.work, args.repeat)
        budget = "" if step.budget_s is None else f"{step.budget_s:.0f} s"
        flag = " OVER" if step.budget_s is not None and seconds > step.budget_s else ""
        print(f"{step.name:52} {seconds * 1000:8.1f} ms {budget:>8}{flag}", flush=True)
        for runs in CPU.values():
            print(f"{'  (CPU seconds, user + system)':52} "
                  f"{statistics.median(runs[1:] or runs) * 1000:8.1f} ms", flush=True)


if __name__ == "__main__":
    main()
