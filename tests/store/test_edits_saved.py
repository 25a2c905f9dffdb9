"""Every user edit is saved at once, in its own transaction, and undo restores the file."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from bench.generate import random_evaluation
from slaselect.domain import edits
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import (
    Criterion,
    CriterionKind,
    Evaluation,
    Evaluator,
    Provider,
    Round,
    Scale,
    Scenario,
)
from slaselect.domain.negotiation import next_round
from slaselect.store.project import Project, ProjectError
from tests.factories import three_providers


def _reloaded(path: Path) -> Evaluation:
    with Project.open(path, read_only=True) as project:
        return project.load()


def _canonical(evaluation: Evaluation) -> Evaluation:
    """The same evaluation with scores, consensus and rounds in a fixed order.

    Undo restores every row, but restored rows are appended: their order carries no meaning
    (every view sorts them), so comparisons after undo ignore it.
    """
    return replace(
        evaluation,
        scores=tuple(sorted(evaluation.scores)),
        consensus=tuple(sorted(evaluation.consensus)),
        rounds=tuple(sorted(
            (replace(r, values=dict(sorted(r.values.items()))) for r in evaluation.rounds),
            key=lambda r: (r.provider, r.number),
        )),
    )


def _edit_script(evaluation: Evaluation, rng: random.Random) -> list[edits.Edit]:
    """A realistic mix of edits on the generated evaluation."""
    judgement = [c for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT]
    p0, p1 = evaluation.providers[0].key, evaluation.providers[1].key
    e0 = evaluation.evaluators[0].key
    return [
        edits.SetScore(p0, judgement[0].key, e0, 7.5, "better demo than expected"),
        edits.SetScore(p1, judgement[1].key, e0, None),
        edits.SetScore(p1, judgement[1].key, e0, 3.0, "re-scored"),
        edits.SetConsensus(p0, judgement[0].key, 6.0, "moderation"),
        edits.SetConsensus(p0, judgement[0].key, None),
        edits.SetWeight(judgement[0].key, rng.choice([0.0, 3.5, 40.0])),
        edits.ReplaceCriterion(replace(judgement[1], name="Renamed", min_score=4.0)),
        edits.InsertCriterion(Criterion("new_c", "New criterion", "Extra", 5,
                                        CriterionKind.JUDGEMENT), 0),
        edits.DeleteCriterion(judgement[2].key),
        edits.ReplaceProvider(replace(evaluation.providers[0], name="Renamed Ltd", notes="n")),
        edits.InsertProvider(Provider("newcomer", "Newcomer Inc"), 1),
        edits.DeleteProvider(p1),
        edits.InsertEvaluator(Evaluator("new_e", "New evaluator")),
        edits.DeleteEvaluator(e0),
        edits.ReplaceEvaluator(replace(evaluation.evaluators[1], name="Someone else")),
        edits.SetTermValue(p0, 1, "uptime_pct", 99.95),
        edits.SetTermValue(p0, 1, "monthly_fee", None),
        edits.InsertRound(next_round(evaluation, p0, "Best and final", "2026-11-20")),
        edits.SetRoundInfo(p0, 2, "Revised", "2026-10-30"),
        edits.DeleteRound(p0, 1),
        edits.SetEvaluationInfo("Renamed evaluation", "EUR", 24, Scale(0, 10)),
        edits.SetScenario(replace(Scenario(), exit_month=12, claim_success=0.5)),
    ]


def test_each_edit_is_saved_and_undo_restores_the_file(tmp_path: Path) -> None:
    original = random_evaluation(6, 12, 3, seed=11)
    path = tmp_path / "p.slaselect"
    Project.create(path, original)
    rng = random.Random(3)
    inverses: list[edits.Edit] = []
    with Project.open(path) as project:
        current = original
        for edit in _edit_script(original, rng):
            current, inverse = project.apply(current, edit)
            inverses.append(inverse)
            # saved at once: another reader sees exactly what the app holds
            assert _reloaded(path) == current, edit
        for inverse in reversed(inverses):
            current, _ = project.apply(current, inverse)
        assert _canonical(current) == _canonical(original)
    assert _canonical(_reloaded(path)) == _canonical(original)


def test_a_refused_edit_changes_neither_file_nor_memory(tmp_path: Path) -> None:
    evaluation = three_providers()
    path = tmp_path / "p.slaselect"
    Project.create(path, evaluation)
    before = path.read_bytes()
    bad = [
        edits.SetWeight("quality", -5),
        edits.SetScore("a", "quality", "e1", 6.0),  # scale is 0-5
        edits.SetScore("a", "uptime", "e1", 3.0),  # a term criterion is not scored by people
        edits.InsertProvider(Provider("a", "Duplicate key")),
        edits.SetEvaluationInfo("x", "USD", 0, Scale(0, 5)),
        edits.InsertRound(Round("a", 1)),
    ]
    with Project.open(path) as project:
        for edit in bad:
            with pytest.raises(EvaluationError) as refused:
                project.apply(evaluation, edit)
            assert str(refused.value)[0].isupper()  # a sentence for a person
            assert project.load() == evaluation
    assert _reloaded(path) == evaluation
    assert len(path.read_bytes()) == len(before)


def test_messages_say_what_is_wrong() -> None:
    evaluation = three_providers()
    with pytest.raises(EvaluationError, match="weight of Quality must be 0 or more"):
        edits.SetWeight("quality", -5).apply(evaluation)
    with pytest.raises(EvaluationError, match="between 0 and 5; 6 is outside the scale"):
        edits.SetScore("a", "quality", "e1", 6.0).apply(evaluation)


def test_a_read_only_project_refuses_edits(tmp_path: Path) -> None:
    path = tmp_path / "p.slaselect"
    Project.create(path, three_providers())
    with Project.open(path, read_only=True) as project, pytest.raises(ProjectError):
        project.apply(project.load(), edits.SetWeight("quality", 10))


def test_every_saved_edit_is_in_the_audit_trail(tmp_path: Path) -> None:
    path = tmp_path / "p.slaselect"
    evaluation = three_providers()
    Project.create(path, evaluation)
    with Project.open(path) as project:
        evaluation, _ = project.apply(evaluation, edits.SetWeight("quality", 60), who="dana",
                                      reason="board asked for more weight on quality")
        evaluation, _ = project.apply(evaluation, edits.SetScore("a", "quality", "e1", 3.0))
        with pytest.raises(EvaluationError):
            project.apply(evaluation, edits.SetWeight("quality", -1))
    with Project.open(path, read_only=True) as project:
        trail = project.audit_trail()
    assert [entry.action for entry in trail] == ["Change weight", "Change score"]
    assert trail[0].who == "dana" and trail[0].reason.startswith("board asked")
    assert '"weight": 60' in trail[0].detail
    assert trail[0].at <= trail[1].at


def test_a_batch_is_one_transaction_and_one_undo_step(tmp_path: Path) -> None:
    path = tmp_path / "p.slaselect"
    evaluation = three_providers()
    Project.create(path, evaluation)
    batch = edits.BatchEdit((
        edits.SetScore("a", "quality", "e1", 1.0, "imported"),
        edits.SetScore("b", "quality", "e2", 2.0, "imported"),
        edits.SetScore("c", "quality", "e1", 9.0, "refused: outside 0-5"),
    ), "Import scores")
    with Project.open(path) as project:
        with pytest.raises(EvaluationError):
            project.apply(evaluation, batch)
        assert project.load() == evaluation  # the two valid rows were not applied either
        good = edits.BatchEdit(batch.edits[:2], "Import scores")
        changed, inverse = project.apply(evaluation, good)
        assert _reloaded(path) == changed
        assert inverse.description == "Undo import scores"
        restored, _ = project.apply(changed, inverse)
    assert _canonical(_reloaded(path)) == _canonical(evaluation)
    assert _canonical(restored) == _canonical(evaluation)
