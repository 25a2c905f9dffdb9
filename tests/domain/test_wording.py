

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
