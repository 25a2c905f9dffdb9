"""The audit-detail format: stable names both ways, old files read as before."""

from __future__ import annotations

import dataclasses
import inspect
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from slaselect.domain import edits
from slaselect.domain.audit import EDIT_NAMES, edit_detail, read_detail
from slaselect.domain.audit_words import detail_words
from slaselect.domain.model import Round
from slaselect.store.project import Project
from tests.factories import three_providers


@pytest.fixture
def renamed_delete_provider() -> Iterator[None]:
    """DeleteProvider as if someone renamed the class RemoveProvider."""
    edits.DeleteProvider.__name__ = "RemoveProvider"
    try:
        yield
    finally:
        edits.DeleteProvider.__name__ = "DeleteProvider"


@pytest.mark.usefixtures("renamed_delete_provider")
def test_renaming_an_edit_class_changes_neither_the_file_nor_the_words(tmp_path: Path) -> None:
    evaluation = three_providers()
    path = tmp_path / "p.slaselect"
    Project.create(path, evaluation)
    with Project.open(path) as project:
        project.apply(evaluation, edits.DeleteProvider("c"))
        detail = project.audit_trail()[-1].detail
    assert json.loads(detail)["edit"] == "DeleteProvider"
    assert detail_words(detail, evaluation) == "provider: Charlie"


def test_every_edit_has_a_stable_name() -> None:
    kinds = [cls for _name, cls in inspect.getmembers(edits, inspect.isclass)
             if dataclasses.is_dataclass(cls) and hasattr(cls, "apply")
             and cls.__module__.startswith(edits.__name__ + ".")]
    assert kinds and all(kind in EDIT_NAMES for kind in kinds)
    assert len(set(EDIT_NAMES.values())) == len(EDIT_NAMES)


def test_details_written_before_this_format_owner_read_the_same() -> None:
    """Files hold details written by the store's old code: class names, reprs of a batch."""
    evaluation = three_providers()
    old_batch = json.dumps({"edit": "BatchEdit", "edits": [
        "SetScore(provider='a', criterion='quality', evaluator='e1', value=3.0, rationale='')",
        "SetScore(provider='b', criterion='quality', evaluator='e1', value=4.0, rationale='')",
    ], "label": "Import scoring sheet"})
    assert detail_words(old_batch, evaluation) == (
        'edits: 2 changes; label: "Import scoring sheet"')
    old_delete = '{"edit": "DeleteCriterion", "key": "quality"}'
    assert detail_words(old_delete, evaluation) == "criterion: Quality"
    assert read_detail("Change weight") is None  # plain words: shown as recorded


def test_an_undo_records_what_the_user_chose_not_the_edits_bookkeeping() -> None:
    evaluation = three_providers()
    changed, inverse = edits.InsertRound(Round("a", 2)).apply(evaluation)
    _, undo = inverse.apply(changed)
    detail = read_detail(edit_detail(undo))
    assert detail is not None and detail.edit == "InsertRound"
    assert "restore" not in detail.settings
    batch = edits.BatchEdit((edits.SetWeight("quality", 40), edits.SetWeight("uptime", 20)))
    assert detail_words(edit_detail(batch), evaluation).startswith("edits: 2 changes")


SCORE_PAIRS = [  # (edit, its inverse) as a score edit and an import make them
    (edits.SetScore("a", "quality", "e1", 4.0, "why"), edits.SetScore("a", "quality", "e1", 3.0,
                                                                       "why")),
    (edits.SetScore("a", "quality", "e1", 4.0, "new words"),
     edits.SetScore("a", "quality", "e1", 4.0, "old words")),
    (edits.SetScore("a", "quality", "e1", 4.5, ""), edits.SetScore("a", "quality", "e1", None)),
    (edits.SetScore("a", "quality", "e1", None), edits.SetScore("a", "quality", "e1", 2.0, "x")),
    (edits.SetScore("a", "quality", "e1", 4, "same"), edits.SetScore("a", "quality", "e1", 4.0,
                                                                     "same")),
    (edits.SetScore("a", "quality", "e1", True, ""), edits.SetScore("a", "quality", "e1", 1.0)),
    (edits.SetScore("a", "quality", "e1", float("nan")),
     edits.SetScore("a", "quality", "e1", 1.0, "Zürich\n\"quoted\"")),
    (edits.SetScore("a", "quality", "e1", 3.0, "kept"),  # an inverse of another cell
     edits.SetScore("b", "price", "e2", 3.0, "kept")),
]


@pytest.mark.parametrize(("edit", "inverse"), SCORE_PAIRS)
def test_a_score_edit_is_detailed_as_every_other_edit_is(
        edit: edits.SetScore, inverse: edits.SetScore, monkeypatch: pytest.MonkeyPatch) -> None:
    """Score edits have their own quick detail (an imported sheet holds thousands): the same
    text, to the character, as the general path that details every other edit."""
    from slaselect.domain import audit

    quick = edit_detail(edit, inverse)
    monkeypatch.setattr(audit, "_score_detail", lambda *_: None)
    monkeypatch.setattr(audit, "_score_texts", lambda *_: None)
    assert quick == edit_detail(edit, inverse)
    batch = edits.BatchEdit(tuple(e for e, _ in SCORE_PAIRS), "Import 8 scores from s.xlsx")
    undo = edits.BatchEdit(tuple(i for _, i in reversed(SCORE_PAIRS)), "Undo import")
    general = edit_detail(batch, undo)
    monkeypatch.undo()
    assert edit_detail(batch, undo) == general
    monkeypatch.setattr(audit, "_score_texts", lambda *_: None)  # only the dicts quick
    assert edit_detail(batch, undo) == general


AWKWARD_VALUES = [0.0, -0.0, 4, 10**20, 1e-300, float("inf"), float("-inf"), float("nan"),
                  None, 7.25]
AWKWARD_TEXTS = ["", 'say "no"', "back\\slash", "tab\tline\nfeed\r", "\x01\x1f\x7f",
                 "Zürich – 東京 😀", "\u2028\u2029", "</script>"]


def test_score_edits_written_straight_as_json_read_as_json_dumps_writes_them() -> None:
    """A batch of score edits is written as text directly (an imported sheet holds tens of
    thousands): the same characters json.dumps gives, for every kind of value and text."""
    from slaselect.domain import audit

    pairs = [(edits.SetScore("a", "quality", "e1", value, text),
              edits.SetScore("a" if n % 3 else "b", "quality", "e1",
                             AWKWARD_VALUES[-1 - n % len(AWKWARD_VALUES)],
                             AWKWARD_TEXTS[(n + 1) % len(AWKWARD_TEXTS)]))
             for n, (value, text) in enumerate(
                 (v, t) for v in AWKWARD_VALUES for t in AWKWARD_TEXTS)]
    for edit, inverse in pairs:
        assert audit._score_text(edit, inverse) == json.dumps(
            audit._score_detail(edit, inverse), ensure_ascii=False)
    batch = edits.BatchEdit(tuple(e for e, _ in pairs), "Import from \"s\".xlsx")
    undo = edits.BatchEdit(tuple(i for _, i in reversed(pairs)), "Undo import")
    assert edit_detail(batch, undo) == json.dumps(
        audit._detail(batch, undo, None), ensure_ascii=False)
    assert json.loads(edit_detail(batch, undo))["edits"][3]["rationale"] == AWKWARD_TEXTS[3]
