"""A first evaluation reaches a result: a provisional ranking that says what is missing,
providers waiting for their offer shown as such, not as failures."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from slaselect.domain.completeness import still_missing
from slaselect.domain.edits import InsertEvaluator, InsertProvider
from slaselect.domain.model import Evaluator, EvaluatorRole, Provider
from slaselect.domain.ranking import rank
from slaselect.store.project import Project
from slaselect.ui.models.providers import Standing, provider_rows
from slaselect.ui.pages.results import ResultsPage
from slaselect.ui.session import Session
from tests.first_evaluation import build


def test_only_must_haves_and_one_evaluator_give_a_ranking_with_nothing_red(
    tmp_path: Path, qtbot: QtBot
) -> None:
    evaluation = build()
    evaluation, _ = InsertEvaluator(Evaluator("ev2", "Priya", EvaluatorRole.IT)).apply(evaluation)
    wsm = rank(evaluation)
    assert [r.eligible for r in wsm.results] == [True, True, True]
    rows = provider_rows(evaluation, wsm)
    assert {r.standing for r in rows} == {Standing.COMPETING}
    path = tmp_path / "first.slaselect"
    Project.create(path, evaluation)
    project = Project.open(path)
    session = Session(project.load(), project)
    page = ResultsPage(session)
    qtbot.addWidget(page)
    page.show()
    assert page.provisional.isVisible()
    banner = page.provisional.text()
    assert banner.startswith("Provisional ranking — still missing:")
    assert "scores rest on fewer than all 2 evaluators" in banner
    assert page.ranking_model.rowCount() == 3
    session.close()


def test_a_provider_without_an_offer_is_awaiting_it_with_its_must_haves_to_fill_in() -> None:
    evaluation = build()
    evaluation, _ = InsertProvider(Provider("p3", "Delta Systems")).apply(evaluation)
    wsm = rank(evaluation)
    delta = next(r for r in wsm.results if r.provider == "p3")
    assert not delta.eligible, "the ranking contract is unchanged: missing fails the gate"
    row = next(r for r in provider_rows(evaluation, wsm) if r.provider.key == "p3")
    assert row.standing is Standing.AWAITING_OFFER
    assert row.status_text.startswith("awaiting offer — to fill in: ")
    assert "Uptime guarantee" in row.to_fill_in
    missing = still_missing(evaluation, wsm)
    assert missing.sentences[0] == "No offer entered yet from Delta Systems."
    assert "judgement scores not entered yet; missing scores count as 0" in " ".join(
        missing.sentences)


def test_a_complete_evaluation_is_not_provisional() -> None:
    from slaselect.documents import bundled

    demo = bundled.load_demo()
    assert not still_missing(demo, rank(demo)).provisional


def test_results_table_reads_awaiting_offer_not_ineligible(tmp_path: Path, qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt

    from slaselect.ui.models.ranking import RankingColumn

    evaluation = build()
    evaluation, _ = InsertProvider(Provider("p3", "Delta Systems")).apply(evaluation)
    path = tmp_path / "first.slaselect"
    Project.create(path, evaluation)
    project = Project.open(path)
    session = Session(project.load(), project)
    page = ResultsPage(session)
    qtbot.addWidget(page)
    page.show()
    model = page.ranking_model
    row = next(r for r in range(model.rowCount())
               if model.data(model.index(r, RankingColumn.PROVIDER)) == "Delta Systems")
    assert model.data(model.index(row, RankingColumn.ELIGIBLE)) == "awaiting offer"
    assert model.data(model.index(row, RankingColumn.ELIGIBLE),
                      Qt.ItemDataRole.ForegroundRole) is None  # neutral, not red
    assert model.data(model.index(row, RankingColumn.REASONS)) == "No offer entered yet."
    summary = page.summary.text()
    assert "not eligible" not in summary
    assert "1 provider is still awaiting an offer or a must-have." in summary
    # the ranking contract is unchanged: rank still fails the gate on the missing must-haves
    delta = next(r for r in rank(session.evaluation).results if r.provider == "p3")
    assert not delta.eligible and any("is not stated" in reason for reason in delta.reasons)
    session.close()
