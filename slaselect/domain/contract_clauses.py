"""Each SLA term as a contract clause: "The Provider shall respond to P1 incidents within ...".

The clause of a template term is written out here; a term nobody wrote one for reads
"<term name>: <value in words>." Values come in the words and units of ``contract_language``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slaselect.domain.contract_language import (
    duration_words,
    percent_words,
    value_words,
)
from slaselect.domain.model import SEVERITIES, Term, TermType
from slaselect.domain.option_labels import option_label
from slaselect.domain.wording import and_list, format_number, plural

# Clauses of the template's terms; {v} is the value in words. Flags have a yes and a no form.
_CLAUSES: Mapping[str, str] = {
    "magento_scope": "The monthly fee covers these Magento 2 services: {v}.",
    "mobile_scope": "The monthly fee covers these mobile app services: {v}.",
    "security_patch_window": "The Provider shall apply each critical Magento or app security "
                             "patch within {v} of its release by the vendor.",
    "magento_release_adoption_days": "The Provider shall run the store on each new Magento 2 "
                                     "minor or patch release within {v} of its release.",
    "mobile_os_support_days": "The Provider shall test the apps on each major iOS or Android "
                              "release, and republish them where needed, within {v} of its "
                              "release.",
    "data_sync_support": "Support of the store-app data sync and APIs: {v}.",
    "feature_parity": "Feature parity between the website and the apps: {v}.",
    "uptime_pct": "The Provider guarantees availability of at least {v} in each calendar "
                  "month, excluding agreed scheduled maintenance.",
    "uptime_measurement": "Availability is measured on {v}.",
    "maintenance_hours_month": "Announced scheduled maintenance of up to {v} per month does "
                               "not count as downtime.",
    "first_call_resolution_pct": "The Provider shall resolve at least {v} of support "
                                 "requests at the first contact.",
    "sla_attainment_pct": "At least {v} of tickets in each month shall meet their response "
                          "and resolution times.",
    "app_crash_free_pct": "At least {v} of app sessions in each month shall end without a "
                          "crash, as reported by the agreed crash-reporting tool.",
    "helpdesk_hours": "The help desk is staffed: {v}.",
    "support_channels": "The Client may raise and follow requests by {v}.",
    "monitoring_scope": "The Provider's monitoring watches and alerts on {v}.",
    "security_audits_year": "The Provider shall carry out {v} documented security reviews of "
                            "the store, apps and hosting configuration.",
    "vuln_scan_frequency": "Automated vulnerability scanning: {v}.",
    "pen_tests_year": "The fee includes {v} independent penetration tests of the store and "
                      "app back-end.",
    "security_certifications": "The Provider holds, and shall maintain for the term, these "
                               "certifications: {v}.",
    "breach_notification_hours": "The Provider shall notify the Client of a security "
                                 "incident affecting the Client within {v} of becoming aware "
                                 "of it.",
    "backup_interval_hours": "The Provider shall back up the store database and media at "
                             "least every {v}.",
    "backup_retention_days": "Each backup shall be kept for {v}.",
    "rpo": "Recovery point objective: no more than {v} of data may be lost in a failure.",
    "rto": "Recovery time objective: the store and app back-end shall be restored within {v} "
           "of a declared disaster.",
    "dr_tests_year": "The Provider shall run and report {v} restore or failover tests.",
    "escalation_levels": "The Client may escalate through {v}, from the service desk up to an "
                         "executive sponsor.",
    "escalation_time": "An unresolved P1 incident is escalated to the next level after {v}.",
    "escalation_channels": "The Client may escalate by {v}.",
    "report_frequency": "The Provider shall deliver a service report {v}.",
    "report_format": "Service performance data is provided as {v}.",
    "service_reviews_year": "The parties shall hold {v} formal service review meetings.",
    "rca_days": "The Provider shall deliver a written root cause analysis within {v} of each "
                "P1 incident.",
    "provider_responsibilities": "The Provider is responsible for {v}.",
    "client_responsibilities": "The Client is responsible for {v}; the Provider may be "
                               "excused from service levels only where the Client fails "
                               "in these.",
    "response_breach_credit_pct": "Each P1 incident not responded to in time earns a credit "
                                  "of {v} of the monthly fee.",
    "credit_monthly_cap_pct": "Service credits in any month are capped at {v} of that "
                              "month's fee.",
    "credit_annual_cap_pct": "Service credits in a contract year are capped at {v} of that "
                             "year's fees.",
    "credit_mechanism": "Service credits are applied {v}.",
    "claim_window_days": "The Client shall claim a credit within {v} after the end of the "
                         "affected month.",
    "monthly_fee": "The monthly fee for the services in scope is {v}.",
    "onboarding_fee": "The onboarding fee for discovery, takeover and setup is {v}.",
    "hourly_rate": "Approved work beyond the included hours is charged at {v}.",
    "included_hours_month": "The monthly fee includes {v} of development work per month.",
    "annual_escalator_pct": "The monthly fee may rise by at most {v} at the start of each "
                            "contract year.",
    "payment_terms_days": "The Client shall pay each invoice within {v} of its date.",
    "invoicing": "The Provider invoices recurring fees {v}.",
    "term_months": "The initial term is {v}.",
    "renewal": "At the end of the initial term: {v}.",
    "notice_days": "The Client shall give {v} of written notice to end the contract or stop "
                   "a renewal.",
    "early_termination_fee": "If the Client ends the contract before the initial term "
                             "expires, the Client pays {v}.",
    "exit_assistance_days": "After termination the Provider shall help transfer the service "
                            "for {v} at the contract rates.",
    "exit_handover": "On exit the Provider shall hand over: {v}.",
    "liability_cap": "The Provider's total liability under the contract is capped at {v}.",
    "pci_dss_responsibility": "PCI DSS compliance is the responsibility of {v}.",
    "ip_ownership": "Ownership of code and deliverables: {v}.",
    "governing_law": "Governing law and courts for disputes: {v}.",
}
_FLAG_CLAUSES: Mapping[str, tuple[str, str]] = {
    "monitoring_24x7": ("The Provider monitors the store and apps 24x7 and alerts an on-call "
                        "engineer automatically.",
                        "The Provider does not commit to 24x7 monitoring."),
    "credits_sole_remedy": ("Service credits are the Client's sole remedy for missed service "
                            "levels.",
                            "Service credits are not the Client's sole remedy; the Client "
                            "keeps its right to claim damages."),
    "termination_for_convenience": ("The Client may end the contract during the initial term "
                                    "without giving a reason, by serving the notice period.",
                                    "The Client may not end the contract for convenience "
                                    "during the initial term."),
    "chronic_failure_termination": ("The Client may terminate without penalty if service "
                                    "levels are missed repeatedly.",
                                    "The Client has no right to terminate for repeated "
                                    "missed service levels."),
    "dpa_signed": ("The Provider signs the Client's data processing agreement for customer "
                   "personal data.",
                   "The Provider does not sign the Client's data processing agreement."),
}
_BUSINESS_DAY_TERMS = frozenset({"rca_days"})
_SEVERITY_VERBS = {"response": "respond to", "resolution": "resolve or work around"}


def _severity_clause(term: Term, value: Mapping[str, Any]) -> str:
    verb = _SEVERITY_VERBS.get(term.key, f"meet the {term.name.lower()} of")
    sentences = []
    for severity in SEVERITIES:
        entry = value.get(severity)
        if not isinstance(entry, Mapping) or not isinstance(entry.get("minutes"), int | float):
            continue
        business = entry.get("clock") == "business"
        clock = "counted in business hours" if business else "around the clock"
        sentences.append(f"The Provider shall {verb} {severity} incidents within "
                         f"{duration_words(float(entry['minutes']), business)}, {clock}.")
    return " ".join(sentences) or f"{term.name}: not stated."


def _credit_clause(value: list[Any]) -> str:
    tiers = [t for t in value if isinstance(t, Mapping)]
    if not tiers:
        return "No service credits apply for missed availability."
    parts = [f"{percent_words(t['credit_pct'])} of the monthly fee when availability falls "
             f"below {percent_words(t['below'])}" for t in tiers]
    return "The Client earns a service credit of " + "; ".join(parts) + "."


def _count_clause(term: Term, value: float) -> str | None:
    """Yearly counts read "four ... per year", never "4 per year ... reviews"."""
    if term.unit != "per year":
        return None
    template = _CLAUSES.get(term.key)
    return template.format(v=format_number(value)).rstrip(".") + " per year." if template \
        else None


def term_clause(term: Term, value: Any, currency: str = "USD") -> str:
    """The term as a contract sentence: "The Provider shall respond to P1 incidents within ..."."""
    if value is None:
        return f"{term.name}: not stated by the Provider."
    if term.type is TermType.FLAG and term.key in _FLAG_CLAUSES:
        yes, no = _FLAG_CLAUSES[term.key]
        return yes if value is True else no
    if term.type is TermType.SEVERITY_DURATIONS and isinstance(value, Mapping):
        return _severity_clause(term, value)
    if term.type is TermType.CREDIT_TIERS and isinstance(value, list):
        return _credit_clause(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        counted = _count_clause(term, float(value))
        if counted is not None:
            return counted
    words = value_words(term, value, currency)
    if term.key in _BUSINESS_DAY_TERMS and isinstance(value, int | float):
        words = plural(float(value), "business day")
    if term.type is TermType.CHECKLIST and isinstance(value, list):
        words = and_list([option_label(term.key, item) for item in value]) or "nothing"
    template = _CLAUSES.get(term.key)
    if template is not None:
        return template.format(v=words)
    return f"{term.name}: {words}."
