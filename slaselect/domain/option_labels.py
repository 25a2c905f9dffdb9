"""The reader's label of every option of the template's terms ("soc2_type2" -> "SOC 2 Type
II"), with a readable fallback for options of other terms. Used wherever an option is shown:
the app, the comparison, the memo, the workbook and the term sheet."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["OPTION_LABELS", "option_label", "readable_key"]

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
