"""``slaselect service`` as text: each month against the contract, what is owed and by when."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slaselect.documents.text.terminal import visible
from slaselect.domain.model import SEVERITIES
from slaselect.domain.service.report import ClaimDue
from slaselect.domain.wording import format_money, format_number, plural

_CLAIM_WORDS = {"claimable": "claim by", "expired": "EXPIRED", "claimed": "claimed"}


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{format_number(value, 3)} %"


def _pooled(measure: dict[str, Any]) -> str:
    met = sum(c["met"] for c in measure.values())
    breached = sum(c["breached"] for c in measure.values())
    if met + breached == 0:
        return "—"
    return f"{format_number(100.0 * met / (met + breached), 1)} %" + (
        f" ({breached} late)" if breached else "")


def _claim(claim: dict[str, Any] | None, credit: float | None) -> str:
    if claim is None or not credit:
        return ""
    if claim["mechanism"] == "automatic":
        return "automatic"
    words = _CLAIM_WORDS.get(claim.get("status") or "", "")
    deadline = claim.get("deadline") or ""
    return f"{words} {deadline}" if claim.get("status") == "claimable" else (
        f"{words} (deadline {deadline})")


def service_text(
    report: dict[str, Any], provider_name: str, currency: str, due: Sequence[ClaimDue] = ()
) -> str:
    """The report of ``service_report`` as a table with the claims to make and the dates."""
    lines = [
        f"{provider_name} — contract round {report['round']} from {report['start']} "
        f"({report['zone']}), as of {report['as_of']}",
        "",
        f"{'Month':<8} {'Uptime':>10} {'Response':>14} {'Resolution':>14} {'Credit':>10}  "
        f"{'Claim':<30} Failed",
    ]
    for month in report["months"]:
        credit = month["credit"]
        lines.append(
            f"{month['month']:<8} {_pct(month['uptime_pct']):>10} "
            f"{_pooled(month['response']):>14} {_pooled(month['resolution']):>14} "
            f"{format_money(credit or 0.0, currency, 2) if credit else '—':>10}  "
            f"{_claim(month['claim'], credit):<30} {'FAILED' if month['failed'] else ''}".rstrip()
        )
    lines.append("")
    lines.append(f"Credits owed over these months: "
                 f"{format_money(report['credits_total'], currency, 2)}.")
    breaches = [
        f"{month['month']} {measure} {severity} ({counts['breached']})"
        for month in report["months"]
        for measure in ("response", "resolution")
        for severity, counts in month[measure].items()
        if severity in SEVERITIES and counts["breached"]
    ]
    if breaches:
        lines.append("Breaches: " + "; ".join(breaches) + ".")
    if due:
        lines.append("Claims to make, soonest first:")
        for item in due:
            deadline = item.deadline.isoformat() if item.deadline else "no deadline"
            lines.append(f"  {item.month}: {format_money(item.amount, currency, 2)} "
                         f"by {deadline}")
    failed = [m["month"] for m in report["months"] if m["failed"]]
    lines.append(f"Failed months: {', '.join(failed) if failed else 'none'}"
                 f" ({plural(len(failed), 'month')}).")
    termination = report["termination_right_from"]
    lines.append("Right to terminate for chronic failure: "
                 + (f"from {termination}." if termination else "not reached."))
    if report["end_date"]:
        notice = report["notice_deadline"]
        lines.append(f"The contract ends {report['end_date']}"
                     + (f"; give notice by {notice}." if notice else "."))
    return visible("\n".join(lines) + "\n")


def incidents_text(incidents: Sequence[dict[str, Any]]) -> str:
    """The ``--incidents`` list: each ticket's times against its targets."""
    lines = ["", f"{'Ticket':<14} {'Pri':<3} {'Opened':<25} {'Response':>16} {'Resolution':>16}"]
    def cell(item: dict[str, Any], measure: str) -> str:
        status = item[f"{measure}_status"] or "no target"
        return f"{format_number(item[f'{measure}_minutes'], 1)} min {status}"

    for item in incidents:
        lines.append(f"{item['id'][:14]:<14} {item['priority']:<3} {item['opened']:<25} "
                     f"{cell(item, 'response'):>16} {cell(item, 'resolution'):>16}")
    return visible("\n".join(lines) + "\n")
