"""After the award (CONTRACT 7): ``award``, ticket and outage imports, ``service``, ``claim``,
``review``, ``review-pack`` and ``retender``.

Every write is one edit saved by ``Project.apply`` (one transaction, one audit entry); an
import reads and checks the whole export before the project is opened for writing, so a file
with any bad row changes nothing. Reading commands accept a project file only: an interchange
JSON holds no contract.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from slaselect.cli.common import (
    Commands,
    add_force_option,
    add_json_option,
    check_output,
    is_json,
    print_json,
)
from slaselect.domain.errors import EvaluationError

if TYPE_CHECKING:
    from slaselect.domain.edits import Edit
    from slaselect.store.service import ServiceRecords


def add_commands(sub: Commands) -> None:
    """Declare the service commands."""
    award = sub.add_parser("award", help="make a provider's round the signed contract")
    award.add_argument("file", type=Path, metavar="FILE")
    award.add_argument("provider", metavar="PROVIDER", help="the provider's key")
    award.add_argument("--round", type=int, metavar="N", help="round to sign (default latest)")
    award.add_argument("--start", required=True, metavar="YYYY-MM-DD", help="start date")
    award.add_argument("--zone", default="", metavar="ZONE",
                       help="IANA time zone (default: the scenario's, else UTC)")
    award.set_defaults(run=award_contract)

    tickets = sub.add_parser("import-incidents", aliases=["import-tickets"],
                             help="service tickets from a help-desk CSV, all or nothing")
    tickets.add_argument("file", type=Path, metavar="FILE")
    tickets.add_argument("csv", type=Path, metavar="CSV")
    tickets.add_argument("--preset", default="generic", metavar="NAME",
                         help="generic, jira, zendesk, freshdesk or servicenow")
    tickets.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                         help="read FIELD (id, priority, opened, responded, resolved, paused) "
                              "from COLUMN; repeat for several")
    tickets.add_argument("--severity", action="append", default=[], metavar="NAME=P1",
                         help="the help desk's priority NAME means P1-P4; repeat for several")
    tickets.add_argument("--dry-run", action="store_true", help="check and report only")
    tickets.set_defaults(run=import_incidents)

    outages = sub.add_parser("import-downtime", aliases=["import-outages"],
                             help="outages from a monitoring CSV, all or nothing")
    outages.add_argument("file", type=Path, metavar="FILE")
    outages.add_argument("csv", type=Path, metavar="CSV")
    outages.add_argument("--preset", default="generic", metavar="NAME",
                         help="generic or uptimerobot")
    outages.add_argument("--from", dest="first", metavar="YYYY-MM-DD",
                         help="first day the export covers")
    outages.add_argument("--to", dest="last", metavar="YYYY-MM-DD",
                         help="last day the export covers")
    outages.add_argument("--dry-run", action="store_true", help="check and report only")
    outages.set_defaults(run=import_downtime)

    service = sub.add_parser("service", help="monthly SLA attainment, credits and dates")
    service.add_argument("file", type=Path, metavar="FILE")
    service.add_argument("--from", dest="month_from", metavar="YYYY-MM")
    service.add_argument("--to", dest="month_to", metavar="YYYY-MM")
    service.add_argument("--as-of", dest="as_of", metavar="TIME",
                         help="judge open tickets and claims at this time (ISO 8601)")
    service.add_argument("--incidents", action="store_true",
                         help="list every ticket with its times and statuses")
    add_json_option(service)
    service.set_defaults(run=service_report)

    claim = sub.add_parser("claim", help="record a service-credit claim")
    claim.add_argument("file", type=Path, metavar="FILE")
    claim.add_argument("--month", required=True, metavar="YYYY-MM")
    claim.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    claim.add_argument("--amount", required=True, type=float, metavar="X")
    claim.add_argument("--reference", default="", metavar="R")
    claim.set_defaults(run=record_claim)

    review = sub.add_parser("review", help="record a service review meeting")
    review.add_argument("file", type=Path, metavar="FILE")
    review.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    review.add_argument("--attendees", nargs="+", default=[], metavar="NAME")
    review.add_argument("--feedback", default="", metavar="TEXT")
    review.add_argument("--action", action="append", default=[], metavar="TEXT|OWNER[|DUE]",
                        help="an agreed action and its owner; repeat for several")
    review.set_defaults(run=record_review)

    pack = sub.add_parser("review-pack", help="the service review pack PDF")
    pack.add_argument("file", type=Path, metavar="FILE")
    pack.add_argument("--from", dest="month_from", metavar="YYYY-MM")
    pack.add_argument("--to", dest="month_to", metavar="YYYY-MM")
    pack.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.pdf")
    add_force_option(pack)
    pack.set_defaults(run=review_pack)

    retender = sub.add_parser("retender",
                              help="start a new evaluation from the contract, with its record")
    retender.add_argument("file", type=Path, metavar="FILE")
    retender.add_argument("new_file", type=Path, metavar="NEW_FILE")
    add_force_option(retender)
    retender.set_defaults(run=start_retender)


# --------------------------------------------------------------------------- helpers


def _project_only(path: Path, command: str) -> None:
    if is_json(path):
        raise EvaluationError(
            f"{command} needs a project file; an interchange JSON holds no contract "
            "(build a project with 'slaselect import-json' first)"
        )


def load_records(path: Path) -> ServiceRecords:
    """The service records of a project file, read-only."""
    from slaselect.store.project import Project
    from slaselect.store.service import load_service

    _project_only(path, "this command")
    with Project.open(path, read_only=True) as project:
        return load_service(project.db)


def _save(path: Path, edit: Edit) -> int:
    """Save ``edit``; how many tickets the project holds afterwards less before."""
    from slaselect.store.project import Project
    from slaselect.store.service import ticket_count

    with Project.open(path) as project:
        before = ticket_count(project.db)
        project.apply(project.load(), edit)
        return ticket_count(project.db) - before


def _contract_zone(path: Path) -> tuple[str, dict[str, str]]:
    """The contract's zone and the awarded provider's own severity names."""
    from slaselect.store.project import Project
    from slaselect.store.service import awarded_provider_and_zone

    _project_only(path, "importing")
    with Project.open(path, read_only=True) as project:
        awarded = awarded_provider_and_zone(project.db)
        if awarded is None:
            raise EvaluationError("No contract has been awarded yet; award one first "
                                  "(slaselect award FILE PROVIDER --start DATE)")
        provider = project.load().provider(awarded[0])
    return awarded[1], dict(getattr(provider, "severity_names", {}) or {})


def _pairs(items: list[str], what: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise EvaluationError(f"'{item}' is not {what}")
        pairs[key.strip()] = value.strip()
    return pairs


def _day(text: str | None, what: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise EvaluationError(f"'{text}' is not {what} written as YYYY-MM-DD") from None


def _refused(error: EvaluationError) -> None:
    """List every problem of a refused export on stdout before the one-line error."""
    problems = getattr(error, "problems", None)
    if problems:
        for sentence in problems:
            print(sentence)
        total = getattr(error, "total", len(problems))
        if total > len(problems):
            print(f"... and {total - len(problems)} more")


# --------------------------------------------------------------------------- commands


def award_contract(args: argparse.Namespace) -> int:
    """``award FILE PROVIDER --start DATE [--round N] [--zone Z]``."""
    from slaselect.domain.service.edits import AwardContract
    from slaselect.store.project import Project
    from slaselect.store.service import load_contract

    _project_only(args.file, "award")
    edit = AwardContract(args.provider, args.start, args.round, args.zone,
                         datetime.now().astimezone().isoformat(timespec="seconds"))
    # Checked on a read-only view first: a refused award never opens the file for writing.
    from slaselect.cli.common import load_evaluation

    edit.contract(load_evaluation(args.file))
    with Project.open(args.file) as project:
        evaluation = project.load()
        before = load_contract(project.db)
        project.apply(evaluation, edit)
        contract = load_contract(project.db)
    assert contract is not None
    name = evaluation.provider(contract.provider).name
    print(f"Awarded {name} round {contract.round} from {contract.start.isoformat()} "
          f"({contract.zone}).")
    if before is not None and before.provider != contract.provider:
        print(f"The service records of the previous contract ({before.provider}) were removed.")
    from slaselect.domain.service.credits import end_and_notice

    end, notice = end_and_notice(contract.terms, contract.start)
    if end is not None:
        print(f"It ends {end.isoformat()}" + (f"; give notice by {notice.isoformat()}."
                                               if notice else "."))
    return 0


def import_incidents(args: argparse.Namespace) -> int:
    """``import-incidents FILE CSV [--preset P] [--map F=C]... [--dry-run]``."""
    from slaselect.documents.service_import import read_export_file, read_tickets
    from slaselect.domain.service.edits import import_tickets
    from slaselect.domain.wording import plural

    zone, names = _contract_zone(args.file)
    data = read_export_file(args.csv)
    try:
        found = read_tickets(data, zone, args.preset,
                             mapping=_pairs(args.map, "FIELD=COLUMN"),
                             severity_names=names,
                             severity_map=_pairs(args.severity, "NAME=P1"))
    except EvaluationError as error:
        _refused(error)
        raise
    count = plural(found.rows, "ticket")
    if args.dry_run:
        print(f"Dry run: {count} in {args.csv.name} are good; nothing was changed.")
        return 0
    added = _save(args.file, import_tickets(args.csv.name, found.tickets))
    replaced = found.rows - added
    again = (f" ({plural(replaced, 'ticket')} already held, replaced by the new rows)"
             if replaced else "")
    print(f"Imported {count} from {args.csv.name}{again}.")
    return 0


def import_downtime(args: argparse.Namespace) -> int:
    """``import-downtime FILE CSV [--preset P] [--from D --to D] [--dry-run]``."""
    from slaselect.documents.service_import import read_export_file, read_outages
    from slaselect.domain.service.edits import import_outages
    from slaselect.domain.wording import plural

    zone, _ = _contract_zone(args.file)
    data = read_export_file(args.csv)
    try:
        found = read_outages(data, zone, args.preset, _day(args.first, "a first day"),
                             _day(args.last, "a last day"))
    except EvaluationError as error:
        _refused(error)
        raise
    period = found.period
    summary = (f"{plural(len(found.outages), 'outage')} covering "
               f"{period.first.isoformat()} to {period.last.isoformat()}")
    if args.dry_run:
        print(f"Dry run: {summary} in {args.csv.name}; nothing was changed.")
        return 0
    _save(args.file, import_outages(args.csv.name, found.outages, period))
    print(f"Imported {summary} from {args.csv.name}.")
    return 0


def service_report(args: argparse.Namespace) -> int:
    """``service FILE [--from M] [--to M] [--as-of T] [--incidents] [--json]``."""
    from slaselect.domain.service.report import claims_to_make, report_json

    records = load_records(args.file)
    as_of = None
    if args.as_of:
        from slaselect.domain.service.times import parse_time

        zone = records.contract.zone if records.contract else "UTC"
        as_of = parse_time(args.as_of, zone)
    assessment = records.assess(as_of, args.month_from, args.month_to)
    report = report_json(assessment, with_incidents=args.incidents)
    if args.json:
        print_json(report)
        return 0
    from slaselect.cli.common import load_evaluation
    from slaselect.documents.text.service import incidents_text, service_text

    evaluation = load_evaluation(args.file)
    name = evaluation.provider(assessment.contract.provider).name
    sys.stdout.write(service_text(report, name, evaluation.currency,
                                  claims_to_make(assessment)))
    if args.incidents:
        sys.stdout.write(incidents_text(report["incidents"]))
    return 0


def record_claim(args: argparse.Namespace) -> int:
    """``claim FILE --month M --date D --amount X [--reference R]``."""
    from slaselect.domain.service.edits import RecordClaim

    _project_only(args.file, "claim")
    edit = RecordClaim(args.month, args.date, args.amount, args.reference)
    edit.claim()
    _save(args.file, edit)
    print(f"Recorded the claim for {args.month} ({args.amount:,.2f}, {args.date}).")
    return 0


def record_review(args: argparse.Namespace) -> int:
    """``review FILE --date D --attendees ... --feedback TEXT --action "text|owner"``."""
    from slaselect.domain.service.edits import record_review as review_edit
    from slaselect.domain.service.model import ReviewAction, ReviewMeeting
    from slaselect.domain.wording import plural

    _project_only(args.file, "review")
    day = _day(args.date, "a meeting date")
    assert day is not None
    actions = []
    for item in args.action:
        parts = [p.strip() for p in item.split("|")]
        if len(parts) not in (2, 3) or not parts[0] or not parts[1]:
            raise EvaluationError(f"'{item}' is not an action written as \"text|owner\" "
                                  "(optionally \"text|owner|YYYY-MM-DD\")")
        due = _day(parts[2], "a due date") if len(parts) == 3 else None
        actions.append(ReviewAction(parts[0], parts[1], due))
    meeting = ReviewMeeting(day, tuple(a for a in args.attendees if a.strip()), args.feedback,
                            tuple(actions))
    _save(args.file, review_edit(meeting))
    print(f"Recorded the review of {day.isoformat()} with {plural(len(actions), 'action')}.")
    return 0


def review_pack(args: argparse.Namespace) -> int:
    """``review-pack FILE [--from M --to M] -o OUT.pdf``."""
    from slaselect.cli.common import load_evaluation
    from slaselect.documents.service_pack import export_review_pack

    check_output(args.output, args.file, force=args.force)
    records = load_records(args.file)
    evaluation = load_evaluation(args.file)
    export_review_pack(evaluation, records.assess(None, args.month_from, args.month_to),
                       records.reviews, args.output)
    print(f"Wrote the service review pack to {args.output}.")
    return 0


def start_retender(args: argparse.Namespace) -> int:
    """``retender FILE NEW_FILE``: a new evaluation from the contract and its track record."""
    from slaselect.cli.common import load_evaluation
    from slaselect.domain.service.retender import retender_evaluation
    from slaselect.store.project import Project

    if is_json(args.new_file):
        raise EvaluationError(f"{args.new_file.name} would be a project file; give it the "
                              ".slaselect extension")
    check_output(args.new_file, args.file, force=args.force)
    records = load_records(args.file)
    assessment = records.assess()
    evaluation = retender_evaluation(load_evaluation(args.file), assessment)
    Project.create(args.new_file, evaluation)
    print(f"Started {evaluation.name} in {args.new_file}: the same criteria and providers, "
          f"with the incumbent's measured record as a criterion.")
    return 0
