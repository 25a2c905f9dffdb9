"""Why a provider fails a must-have, in the contract's words: never an option's raw key."""

from __future__ import annotations

from slaselect.documents.bundled import load_demo
from slaselect.domain.gate import must_have_failure
from slaselect.domain.model import Term
from slaselect.domain.option_labels import option_label


def _term(key: str) -> Term:
    return next(t for t in load_demo().terms if t.key == key)


def test_an_option_below_the_must_have_names_both_options_by_their_labels() -> None:
    term = _term("pci_dss_responsibility")
    reason = must_have_failure(term, "client_only")
    assert reason == (f"PCI DSS responsibility is {option_label(term.key, 'client_only')}; the "
                      f"must-have is at least {option_label(term.key, 'shared_documented')}.")
    assert "_" not in reason and "shared documented" not in reason


def test_a_checklist_lacking_a_must_have_item_names_it_by_its_label() -> None:
    term = _term("magento_scope")
    reason = must_have_failure(term, ["bug_fixes"])
    assert reason == ("Magento 2 services in scope lacks the must-have "
                      f"{option_label(term.key, 'security_patches')}.")
    assert reason is not None and "_" not in reason
