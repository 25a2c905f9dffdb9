"""The session: edits are saved, undoable, and refused ones change nothing."""

from __future__ import annotations

import pytest

from slaselect.domain import edits
from slaselect.domain.errors import EvaluationError
from slaselect.store.project import Project
from slaselect.ui.session import Session


def test_edit_undo_redo_are_saved(small_session: Session) -> None:
    changes: list[int] = []
    small_session.changed.connect(lambda: changes.append(1))
    before = small_session.results().wsm.results[0].score
    small_session.apply(edits.SetScore("a", "quality", "e1", 0.0))
    assert small_session.results().wsm.results[0].score != before
    assert small_session.undo_stack.undoText() == "Change score"
    path = small_session.path
    assert path is not None
    with Project.open(path, read_only=True) as reader:
        assert reader.load() == small_session.evaluation
    small_session.undo_stack.undo()
    assert small_session.results().wsm.results[0].score == before
    with Project.open(path, read_only=True) as reader:
        assert reader.load() == small_session.evaluation
    small_session.undo_stack.redo()
    assert small_session.evaluation.scores[0].value == 0.0
    assert len(changes) == 3


def test_refused_edit_changes_nothing_and_is_not_undoable(small_session: Session) -> None:
    before = small_session.evaluation
    with pytest.raises(EvaluationError):
        small_session.apply(edits.SetWeight("quality", -5))
    assert small_session.evaluation is before
    assert small_session.undo_stack.count() == 0


def test_read_only_session_refuses_edits(small_session: Session) -> None:
    read_only = Session(small_session.evaluation)
    with pytest.raises(EvaluationError, match="read-only"):
        read_only.apply(edits.SetWeight("quality", 5))
