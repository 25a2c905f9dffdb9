"""Best and worst in a row: among eligible providers only, every tie marked, one rule."""

from __future__ import annotations

from dataclasses import replace

from slaselect.documents.bundled import load_demo
from slaselect.domain.comparison import compare


def _marks(row_key: str, evaluation: object) -> tuple[set[str], set[str]]:
    row = compare(evaluation).row(row_key)  # type: ignore[arg-type]
    return ({c.provider for c in row.cells if c.best}, {c.provider for c in row.cells if c.worst})


def test_an_ineligible_provider_is_never_best_in_its_row() -> None:
    demo = load_demo()
    comparison = compare(demo)
    # Kestrabyte fails the gate in the demo: whatever it offers, it is not marked.
    for row in comparison.rows:
        cell = next(c for c in row.cells if c.provider == "kestrabyte")
        assert not cell.best and not cell.worst, row.key


def test_the_same_offer_from_an_eligible_provider_is_marked() -> None:
    demo = load_demo()
    # Readmit Kestrabyte by dropping the gates: now it competes and can be marked.
    open_gates = replace(demo, terms=tuple(replace(t, must_have=None) for t in demo.terms),
                         criteria=tuple(replace(c, min_score=None) for c in demo.criteria))
    marked = [row.key for row in compare(open_gates).rows
              if any(c.provider == "kestrabyte" and (c.best or c.worst) for c in row.cells)]
    assert marked


def test_every_tied_best_is_marked_and_flags_and_choices_follow_the_number_rule() -> None:
    demo = load_demo()
    # A flag: the three eligible providers offering it are all best, the one without worst.
    assert _marks("termination_for_convenience", demo) == (
        {"aurelgate", "marrowfield", "pelican"}, {"tidemark"})
    # A choice: both 24x7 help desks are best; Kestrabyte's extended hours, the lowest
    # option, is not worst because Kestrabyte is out of the running.
    assert _marks("helpdesk_hours", demo) == (
        {"aurelgate", "tidemark"}, {"marrowfield", "pelican"})
    # A number: the two 99.95 % offers tie for best; Kestrabyte's 99.5 % is not worst.
    assert _marks("uptime_pct", demo) == ({"aurelgate", "tidemark"}, {"pelican"})
