"""What Session.changed says changed, so that pages redraw only what depends on it."""

from __future__ import annotations

from slaselect.domain import edits
from slaselect.ui.changes import EVERYTHING, Change, Part, ScoreCellKey, change_of
from slaselect.ui.session import Session


def test_each_edit_undo_and_redo_says_which_score_cell_changed(small_session: Session) -> None:
    seen: list[Change] = []
    small_session.changed.connect(seen.append)
    small_session.apply(edits.SetScore("a", "quality", "e1", 0.0))
    small_session.undo_stack.undo()
    small_session.undo_stack.redo()
    cell = ScoreCellKey("a", "quality", "e1")
    assert [c.cells for c in seen] == [frozenset({cell})] * 3
    assert all(c.only_score_cells for c in seen)


def test_a_batch_says_every_part_it_touched() -> None:
    batch = edits.BatchEdit((edits.SetScore("a", "quality", "e1", 3.0),
                             edits.SetConsensus("b", "quality", 4.0)))
    change = change_of(batch)
    assert change.only_score_cells
    assert change.cells == {ScoreCellKey("a", "quality", "e1"), ScoreCellKey("b", "quality", "")}
    mixed = change_of(edits.BatchEdit((edits.SetScore("a", "quality", "e1", 3.0),
                                       edits.SetWeight("quality", 5))))
    assert mixed.parts == {Part.SCORES, Part.CRITERIA} and not mixed.only_score_cells


def test_removing_a_provider_changes_its_scores_and_terms_too() -> None:
    change = change_of(edits.DeleteProvider("a"))
    assert change.touches(frozenset({Part.SCORES})) and change.touches(frozenset({Part.TERMS}))
    assert change.cells is None  # which score cells is not listed: redraw them all
    assert not change_of(edits.SetRoundInfo("a", 1, "Revised", "2026-05-02")).touches(
        frozenset({Part.SCORES}))
    assert EVERYTHING.touches(frozenset({Part.SETTINGS}))
