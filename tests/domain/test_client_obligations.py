"""A list of the buyer's own obligations is better shorter: each item is a burden the
provider places on the buyer, and may excuse the provider from its service levels."""

from __future__ import annotations

from slaselect.documents.bundled import load_demo
from slaselect.domain.comparison import compare
from slaselect.domain.direction import BETTER, WORSE, compare_values


def test_adding_an_obligation_is_worse_for_the_buyer_and_dropping_one_better() -> None:
    demo = load_demo()
    term = demo.term("client_responsibilities")
    few, more = ["system_access"], ["system_access", "hosting_contract"]
    assert compare_values(term, few, more, demo.scenario) == WORSE
    assert compare_values(term, more, few, demo.scenario) == BETTER
    scope = demo.term("magento_scope")  # an ordinary checklist: more is better
    assert compare_values(scope, ["bug_fixes"], ["bug_fixes", "security_patches"],
                          demo.scenario) == BETTER


def test_the_comparison_marks_the_fewest_obligations_best() -> None:
    demo = load_demo()
    row = next(r for _, rows in compare(demo).categories() for r in rows
               if r.key == "client_responsibilities")
    counts = {c.provider: len(c.value) for c in row.cells}
    eligible = {"aurelgate", "marrowfield", "tidemark", "pelican"}  # Kestrabyte is out
    fewest = min(counts[p] for p in eligible)
    most = max(counts[p] for p in eligible)
    assert fewest < most
    for cell in row.cells:
        if cell.provider in eligible:
            assert cell.best == (counts[cell.provider] == fewest), cell.provider
            assert cell.worst == (counts[cell.provider] == most), cell.provider
