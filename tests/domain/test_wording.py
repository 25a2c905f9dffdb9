

def test_one_of_a_plural_unit_is_singular() -> None:
    """"1 hours" never appears: in compare, the memo and the workbook alike."""
    from slaselect.domain.model import Term, TermType
    from slaselect.domain.wording import format_term_value

    hours = Term(key="onboarding", name="Onboarding", category="Scope",
                 type=TermType.NUMBER, unit="hours")
    assert format_term_value(hours, 1) == "1 hour"
    assert format_term_value(hours, 2) == "2 hours"
    assert format_term_value(hours, 0.5) == "0.5 hours"
    assert format_term_value(Term(key="y", name="Y", category="Scope",
                                  type=TermType.NUMBER, unit="per year"), 1) == "1 per year"


def test_a_count_takes_the_verb_that_agrees_with_it() -> None:
    from slaselect.domain.wording import plural_is

    assert plural_is(1, "provider") == "1 provider is"
    assert plural_is(2, "provider") == "2 providers are"
    assert plural_is(0, "judgement score") == "0 judgement scores are"


def test_a_table_heading_names_the_currency_by_its_symbol_or_code() -> None:
    from slaselect.domain.wording import currency_unit, format_money

    assert currency_unit("USD") == "$" and currency_unit("eur") == "€"
    assert currency_unit("CHF") == "CHF"
    # the heading's unit and the amount written out in full agree
    assert format_money(12400, "CHF") == f"{currency_unit('CHF')} 12,400"
