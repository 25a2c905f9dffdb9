"""Terms in the words a contract uses: labels, units, money and clauses legal can send as is."""

from __future__ import annotations

import re

import pytest

from slaselect.documents.bundled import load_demo, load_template
from slaselect.domain.contract_clauses import term_clause
from slaselect.domain.contract_language import (
    SECTIONS,
    duration_words,
    money_words,
    number_words,
    sla_section,
    value_words,
)
from slaselect.domain.model import MoneyPeriod, Term, TermType
from slaselect.domain.option_labels import option_label, readable_key


@pytest.mark.parametrize(("minutes", "business", "words"), [
    (15, False, "15 min"), (60, False, "1 h"), (90, False, "1 h 30 min"), (240, False, "4 h"),
    (1440, False, "24 h"), (2160, False, "36 h"), (2880, False, "2 days"),
    (4380, False, "3 days 1 h"), (10080, False, "7 days"), (2880, True, "48 h"),
    (0.5, False, "30 s"),
])
def test_durations_read_in_one_unit_style(minutes: float, business: bool, words: str) -> None:
    assert duration_words(minutes, business) == words


def test_numbers_carry_their_unit_and_never_a_wrong_plural() -> None:
    assert number_words(1, "hours") == "1 h"
    assert number_words(1, "days") == "1 day"
    assert number_words(60, "days") == "60 days"
    assert number_words(1, "months") == "1 month"
    assert number_words(3, "levels") == "3 levels"
    assert number_words(4, "per year") == "4 per year"


def test_money_names_its_currency_and_period() -> None:
    assert money_words(12_400, "USD", MoneyPeriod.MONTH) == "USD 12,400 per month"
    assert money_words(155.5, "EUR", MoneyPeriod.HOUR) == "EUR 155.50 per hour"
    assert money_words(12_000, "GBP", MoneyPeriod.ONCE) == "GBP 12,000 one-off"


def test_every_template_option_has_a_label_without_raw_key_spelling() -> None:
    template = load_template()
    for term in template.terms:
        for option in term.options:
            label = option_label(term.key, option)
            assert "_" not in label, (term.key, option)
    assert option_label("security_certifications", "soc2_type2") == "SOC 2 Type II"
    assert option_label("mobile_scope", "ios_os_updates") == "iOS OS updates"
    assert option_label("client_responsibilities", "uat_signoff") == \
        "user acceptance test sign-off"


def test_an_unknown_option_still_reads_as_words_with_its_acronyms() -> None:
    assert option_label("new_term", "api_uptime_sla") == "API uptime SLA"
    assert readable_key("soc2_reports") == "SOC 2 reports"


def test_every_template_term_lands_in_an_sla_section_and_the_legal_ones_in_their_own() -> None:
    template = load_template()
    sections = {term.key: sla_section(term) for term in template.terms}
    assert set(sections.values()) <= set(SECTIONS)
    assert "Other terms" not in sections.values()
    assert sections["liability_cap"] == "Limitation of liability"
    assert sections["ip_ownership"] == "Intellectual property"
    assert sections["governing_law"] == "Governing law"
    assert sections["dpa_signed"] == "Data protection"
    assert sections["client_responsibilities"] == "Responsibilities of the Client"
    assert sections["monthly_fee"] == "Fees and payment"
    odd = Term("x", "Odd", "Miscellany", TermType.TEXT)
    assert sla_section(odd) == "Other terms"


def test_every_demo_term_becomes_a_sentence_with_its_value_in_words() -> None:
    demo = load_demo()
    for provider in demo.providers:
        values = demo.terms_at(provider.key)
        for term in demo.terms:
            clause = term_clause(term, values.get(term.key), demo.currency)
            assert clause.endswith("."), clause
            assert "_" not in clause, clause
            assert not re.search(r"\b1 (hours|days|months)\b|\b\d+:\d\d\b", clause), clause
    response = demo.term("response")
    assert term_clause(response, {"P1": {"minutes": 30, "clock": "24x7"}}) == \
        "The Provider shall respond to P1 incidents within 30 min, around the clock."
    fee = demo.term("monthly_fee")
    assert value_words(fee, 12_400, "USD") == "USD 12,400 per month"


def test_a_term_nobody_wrote_a_clause_for_reads_as_name_and_value() -> None:
    term = Term("onsite_days", "On-site days", "Scope", TermType.NUMBER, unit="days")
    assert term_clause(term, 1) == "On-site days: 1 day."
    assert term_clause(term, None) == "On-site days: not stated by the Provider."
