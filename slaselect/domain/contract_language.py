"""SLA terms as a contract reads them: human labels, units, money, sections and clauses.

Legal sends a term sheet to a vendor as it is, so nothing here may show a raw option key
("soc2_type2"), a clock reading ("48:00") or a wrong plural ("1 hours"). Durations use one
style everywhere: "30 min", "4 h", "1 h 30 min", "2 days"; money names its currency and period
("USD 12,400 per month"). The parties are "the Provider" and "the Client" (the buyer).

``wording.option_words`` only swaps underscores for spaces; ``option_label`` here is the
reader's label (it knows acronyms and the template's options) and is what documents for
people outside the team should use.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from slaselect.domain.model import SEVERITIES, MoneyPeriod, Term, TermType
from slaselect.domain.wording import format_number, plural

PROVIDER = "the Provider"
CLIENT = "the Client"

# Labels of the template's options, by term then option, as a contract would name them.
OPTION_LABELS: Mapping[str, Mapping[str, str]] = {
    "magento_scope": {
        "bug_fixes": "bug fixes", "security_patches": "security patches",
        "performance_optimisation": "performance optimisation",
        "version_upgrades": "Magento version upgrades",
        "extension_compatibility": "extension compatibility",
        "custom_extension_support": "support of custom extensions",
        "third_party_integrations": "third-party integrations",
    },
    "mobile_scope": {
        "ios_os_updates": "iOS OS updates", "android_os_updates": "Android OS updates",
        "app_bug_fixes": "app bug fixes", "feature_enhancements": "feature enhancements",
        "app_performance": "app performance", "store_submission": "app store submission",
        "crash_monitoring": "crash monitoring",
    },
    "data_sync_support": {
        "not_included": "not included", "best_effort": "best effort", "included": "included",
        "included_with_sla": "included, with service levels",
    },
    "feature_parity": {
        "not_covered": "not covered", "on_request": "on request",
        "quarterly_review": "reviewed quarterly", "committed_roadmap": "a committed roadmap",
    },
    "uptime_measurement": {
        "hosting_only": "the hosting only", "storefront": "the storefront",
        "storefront_and_checkout": "the storefront and checkout",
        "storefront_checkout_and_app_api": "the storefront, checkout and app API",
    },
    "helpdesk_hours": {
        "business_hours": "business hours", "extended_hours": "extended hours",
        "24x7_p1_only": "24x7 for P1 incidents, business hours otherwise",
        "24x7": "24x7",
    },
    "support_channels": {
        "email": "email", "portal": "support portal", "phone": "phone", "chat": "chat",
        "slack": "Slack",
    },
    "monitoring_scope": {
        "uptime": "uptime", "checkout_transactions": "checkout transactions",
        "server_resources": "server resources", "error_logs": "error logs",
        "app_crash_reporting": "app crash reporting", "api_latency": "API latency",
    },
    "vuln_scan_frequency": {
        "none": "none", "quarterly": "quarterly", "monthly": "monthly", "weekly": "weekly",
        "continuous": "continuous",
    },
    "security_certifications": {
        "pci_dss_aoc": "PCI DSS Attestation of Compliance", "iso_27001": "ISO/IEC 27001",
        "soc2_type2": "SOC 2 Type II",
    },
    "escalation_channels": {
        "ticket": "ticket", "email": "email", "phone": "phone", "slack": "Slack",
        "executive_sponsor": "executive sponsor",
    },
    "report_format": {
        "pdf_report": "PDF report", "live_dashboard": "live dashboard",
        "raw_data_export": "raw data export",
    },
    "provider_responsibilities": {
        "staging_environment": "staging environment", "code_review": "code review",
        "release_management": "release management", "documentation": "documentation",
        "knowledge_transfer": "knowledge transfer",
        "app_store_account_management": "app store account management",
        "third_party_vendor_liaison": "liaison with third-party vendors",
    },
    "client_responsibilities": {
        "system_access": "system access", "prompt_reporting": "prompt incident reporting",
        "named_contact": "a named contact", "uat_signoff": "user acceptance test sign-off",
        "timely_payment": "timely payment", "third_party_licences": "third-party licences",
        "hosting_contract": "the hosting contract",
    },
    "credit_mechanism": {
        "on_claim": "on claim by the Client", "automatic": "automatically on the next invoice",
    },
    "invoicing": {
        "quarterly_in_advance": "quarterly in advance",
        "monthly_in_advance": "monthly in advance", "monthly_in_arrears": "monthly in arrears",
    },
    "renewal": {
        "auto_renew_full_term": "automatic renewal for the full initial term",
        "auto_renew_12_months": "automatic renewal for 12 months",
        "auto_renew_monthly": "automatic renewal month by month",
        "renewal_by_agreement": "renewal only by agreement",
    },
    "exit_handover": {
        "code_repository": "code repository", "database_export": "database export",
        "app_signing_keys": "app signing keys", "app_store_accounts": "app store accounts",
        "infrastructure_docs": "infrastructure documentation", "runbooks": "runbooks",
    },
    "pci_dss_responsibility": {
        "client_only": "the Client alone", "best_effort": "the Provider on a best-effort basis",
        "shared_documented": "shared, with a documented responsibility matrix",
        "provider_attested": "the Provider, with its own attestation",
    },
    "ip_ownership": {
        "provider_retains": "the Provider retains ownership",
        "licence_to_client": "the Client receives a licence",
        "client_owns_custom_code": "the Client owns custom code",
        "client_owns_all_deliverables": "the Client owns all deliverables",
    },
}

# Words that keep their capitals when an unknown option key is turned into a label.
_ACRONYMS = {
    "api": "API", "sla": "SLA", "ios": "iOS", "os": "OS", "pci": "PCI", "dss": "DSS",
    "iso": "ISO", "soc2": "SOC 2", "uat": "UAT", "pdf": "PDF", "gdpr": "GDPR", "dpa": "DPA",
    "it": "IT", "sso": "SSO", "vpn": "VPN", "cdn": "CDN", "rpo": "RPO", "rto": "RTO",
    "p1": "P1", "p2": "P2", "p3": "P3", "p4": "P4", "24x7": "24x7", "aoc": "AoC", "ui": "UI",
    "ux": "UX", "qa": "QA", "ci": "CI", "cd": "CD", "sla's": "SLAs", "aws": "AWS",
}


def readable_key(key: str) -> str:
    """A label for a key nobody wrote one for: "uat_signoff" -> "UAT signoff"."""
    words = [w for w in re.split(r"[_\s]+", str(key).strip()) if w]
    return " ".join(_ACRONYMS.get(w.lower(), w) for w in words) or str(key)


def option_label(term_key: str, option: Any) -> str:
    """The reader's label of one option of a term: "soc2_type2" -> "SOC 2 Type II"."""
    known = OPTION_LABELS.get(term_key, {}).get(str(option))
    return known if known is not None else readable_key(str(option))


def duration_words(minutes: float, business: bool = False) -> str:
    """A duration in the house style: "30 min", "4 h", "36 h", "2 days", "3 days 4 h".

    Under two days it stays in hours, from two days on it counts days.

    Business-clock durations stay in hours ("36 h"): a business day is not 24 hours, so
    "1 day 12 h" would mislead.
    """
    if minutes < 0:
        return "-" + duration_words(-minutes, business)
    total = round(minutes)
    if total < 60:
        return f"{format_number(minutes, 1)} min"
    days, rest = divmod(total, 1440)
    if business or days < 2:
        hours, mins = divmod(total, 60)
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    hours, mins = divmod(rest, 60)
    text = plural(days, "day")
    if hours:
        text += f" {hours} h"
    if mins:
        text += f" {mins} min"
    return text


_UNIT_NOUNS = {
    "days": ("day", "days"), "months": ("month", "months"), "weeks": ("week", "weeks"),
    "years": ("year", "years"), "levels": ("level", "levels"),
}


def number_words(value: float, unit: str) -> str:
    """A number with its unit: "4 h", "1 day", "60 days", "4 per year", "3 levels"."""
    unit = unit.strip()
    if unit in ("hours", "hour", "h"):
        return duration_words(float(value) * 60)
    if unit in ("minutes", "minute", "min"):
        return duration_words(float(value))
    if unit in _UNIT_NOUNS:
        one, many = _UNIT_NOUNS[unit]
        return plural(float(value), one, many)
    return f"{format_number(float(value))} {unit}".strip()


_PERIODS = {
    MoneyPeriod.MONTH: "per month", MoneyPeriod.YEAR: "per year", MoneyPeriod.HOUR: "per hour",
    MoneyPeriod.ONCE: "one-off",
}


def money_words(amount: float, currency: str = "USD", period: MoneyPeriod | None = None) -> str:
    """Money as a contract states it: "USD 12,400 per month", "EUR 15,000 one-off"."""
    decimals = 2 if float(amount) % 1 else 0
    text = f"{currency.upper()} {float(amount):,.{decimals}f}"
    return f"{text} {_PERIODS[period]}" if period is not None else text


def percent_words(value: float) -> str:
    """A percentage: "99.95 %"."""
    return f"{format_number(float(value), 3)} %"


def _structured(term: Term, value: Mapping[str, Any], currency: str) -> str:
    kind, amount = value.get("kind"), value.get("value")
    number = float(amount) if isinstance(amount, int | float) else None
    if term.key == "early_termination_fee":
        if kind == "remaining":
            return "all fees remaining in the initial term"
        if kind == "pct_remaining" and number is not None:
            return f"{percent_words(number)} of the fees remaining in the initial term"
        if kind == "months" and number is not None:
            return f"{plural(number, 'monthly fee')}"
        if kind == "flat" and number is not None:
            return f"a flat {money_words(number, currency)}"
    if term.key == "liability_cap":
        if kind == "fees_12m":
            return "the fees paid in the preceding 12 months"
        if kind == "multiple_annual" and number is not None:
            return f"{format_number(number)} times the annual fees"
        if kind == "fixed" and number is not None:
            return money_words(number, currency)
    return "; ".join(f"{readable_key(k)}: {v}" for k, v in value.items())


def severity_entry_words(entry: Any) -> str:
    """One severity's commitment: "15 min, 24x7" or "4 h, business hours"."""
    if not isinstance(entry, Mapping) or not isinstance(entry.get("minutes"), int | float):
        return "not stated"
    business = entry.get("clock") == "business"
    clock = "business hours" if business else "24x7"
    return f"{duration_words(float(entry['minutes']), business)}, {clock}"


def value_words(term: Term, value: Any, currency: str = "USD") -> str:
    """A term's value as a short display text with units: "2 days", "USD 155 per hour"."""
    if value is None:
        return "not stated"
    kind = term.type
    if kind is TermType.FLAG:
        return "yes" if value is True else "no"
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    if kind is TermType.PERCENT and numeric:
        return percent_words(value)
    if kind is TermType.DURATION and numeric:
        return duration_words(float(value))
    if kind is TermType.MONEY and numeric:
        return money_words(float(value), currency, term.period)
    if kind is TermType.NUMBER and numeric:
        return number_words(float(value), term.unit)
    if kind is TermType.SEVERITY_DURATIONS and isinstance(value, Mapping):
        parts = [f"{s} {severity_entry_words(value[s])}" for s in SEVERITIES if s in value]
        return "; ".join(parts) or "not stated"
    if kind is TermType.CREDIT_TIERS and isinstance(value, list):
        tiers = [f"below {percent_words(t['below'])}: {percent_words(t['credit_pct'])}"
                 for t in value if isinstance(t, Mapping)]
        return "; ".join(tiers) or "no credits"
    if kind is TermType.CHECKLIST and isinstance(value, list):
        return ", ".join(option_label(term.key, item) for item in value) or "none"
    if kind is TermType.STRUCTURED and isinstance(value, Mapping):
        return _structured(term, value, currency)
    if kind is TermType.CHOICE:
        return option_label(term.key, value)
    return str(value)


# The SLA's sections in contract order; terms are placed by key first, then by category.
SECTIONS: tuple[str, ...] = (
    "Scope of services", "Service levels", "Support and monitoring", "Security",
    "Backup and disaster recovery", "Escalation", "Reporting and reviews",
    "Responsibilities of the Provider", "Responsibilities of the Client", "Service credits",
    "Fees and payment", "Term and termination", "Limitation of liability",
    "Data protection", "Intellectual property", "Governing law", "Other terms",
)
_SECTION_BY_KEY = {
    "provider_responsibilities": "Responsibilities of the Provider",
    "client_responsibilities": "Responsibilities of the Client",
    "liability_cap": "Limitation of liability",
    "dpa_signed": "Data protection", "pci_dss_responsibility": "Data protection",
    "breach_notification_hours": "Data protection",
    "ip_ownership": "Intellectual property", "governing_law": "Governing law",
}
_SECTION_BY_CATEGORY_WORD = (
    ("scope", "Scope of services"), ("service level", "Service levels"),
    ("support", "Support and monitoring"), ("monitor", "Support and monitoring"),
    ("security", "Security"), ("backup", "Backup and disaster recovery"),
    ("recovery", "Backup and disaster recovery"), ("escalat", "Escalation"),
    ("report", "Reporting and reviews"), ("credit", "Service credits"),
    ("commercial", "Fees and payment"), ("fee", "Fees and payment"),
    ("payment", "Fees and payment"), ("price", "Fees and payment"),
    ("termination", "Term and termination"), ("liabilit", "Limitation of liability"),
    ("data", "Data protection"), ("privacy", "Data protection"),
    ("intellectual", "Intellectual property"), ("law", "Governing law"),
)


def sla_section(term: Term) -> str:
    """The SLA section a term belongs in: by its key when known, else by its category."""
    if term.key in _SECTION_BY_KEY:
        return _SECTION_BY_KEY[term.key]
    category = term.category.lower()
    for word, section in _SECTION_BY_CATEGORY_WORD:
        if word in category:
            return section
    return "Other terms"
