"""Results: type a score elsewhere, see the ranking change here; undo, see it change back."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from slaselect.domain import edits
from slaselect.ui.charts import group_contributions
from slaselect.ui.models.ranking import RankingColumn, ScoreMatrixModel
from slaselect.ui.pages.results import ResultsPage
from slaselect.ui.session import Session


def _cell(page: ResultsPage, row: int, column: RankingColumn) -> str:
    model = page.ranking_model
    return str(model.data(model.index(row, column)))


def test_ranking_follows_every_edit_and_undo(qtbot: QtBot, small_session: Session) -> None:
    page = ResultsPage(small_session)
    qtbot.addWidget(page)
    page.show()
    assert _cell(page, 0, RankingColumn.PROVIDER) == "Alpha"
    assert _cell(page, 0, RankingColumn.WSM) == "8.00"
    assert "Alpha leads with 8.00 of 10, 0.50 ahead of Bravo." in page.summary.text()
    # Eve and Ed now rate Alpha's quality 0: below the minimum, Alpha drops out and Bravo,
    # now the cheapest eligible provider to leave, leads with 0.5x7 + 0.3x10 + 0.2x10 = 8.5.
    small_session.apply(edits.SetScore("a", "quality", "e1", 0.0))
    small_session.apply(edits.SetScore("a", "quality", "e2", 0.0))
    assert _cell(page, 0, RankingColumn.PROVIDER) == "Bravo"
    assert page.summary.text().startswith("Bravo leads with 8.50 of 10")
    assert "2 providers are not eligible" in page.summary.text()
    small_session.undo_stack.undo()
    small_session.undo_stack.undo()
    assert _cell(page, 0, RankingColumn.PROVIDER) == "Alpha"


def test_ineligible_provider_shows_why(qtbot: QtBot, small_session: Session) -> None:
    page = ResultsPage(small_session)
    qtbot.addWidget(page)
    last = page.ranking_model.rowCount() - 1
    assert _cell(page, last, RankingColumn.PROVIDER) == "Charlie"
    assert _cell(page, last, RankingColumn.RANK) == "—"
    assert _cell(page, last, RankingColumn.ELIGIBLE) == "no"
    assert "below the minimum of 2" in _cell(page, last, RankingColumn.REASONS)


def test_contributions_add_up_to_the_totals(small_session: Session) -> None:
    results = small_session.results()
    names, groups, values = group_contributions(results.table, results.wsm)
    assert names == ["Alpha", "Bravo", "Charlie"]
    assert groups == ["Capability", "Service", "Cost"]
    for column, result in enumerate(results.wsm.results):
        assert abs(sum(v[column] for v in values) - (result.score or 0)) < 1e-9


def test_models_pass_the_model_tester(qtmodeltester: object, small_session: Session) -> None:
    page = ResultsPage(small_session)
    qtmodeltester.check(page.ranking_model)  # type: ignore[attr-defined]
    matrix = ScoreMatrixModel()
    results = small_session.results()
    matrix.set_table(results.table, results.wsm)
    qtmodeltester.check(matrix)  # type: ignore[attr-defined]
    assert matrix.data(matrix.index(3, 0)) == "Weighted total"


def test_demo_results_screenshot(qtbot: QtBot, demo_session: Session, tmp_path: Path) -> None:
    page = ResultsPage(demo_session)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    assert page.chart.series is not None and page.chart.series.count() >= 3
    assert page.grab().save(str(tmp_path / "results.png"))


def test_robustness_tab_tells_how_sure_the_ranking_is(qtbot: QtBot,
                                                      demo_session: Session) -> None:
    page = ResultsPage(demo_session)
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentIndex(page.robustness_tab)
    view = page.robustness
    qtbot.waitUntil(lambda: not page.analysis_pending())  # it runs on a worker
    assert view.analysis is not None
    assert "10,000 scenarios" in view.summary.text()
    assert sum(view.analysis.monte_carlo.win_probability.values()) == pytest.approx(1.0)
    assert view.stability.rowCount() == len(demo_session.evaluation.criteria)
    assert view.agenda.rowCount() == len(view.analysis.disagreement) > 0
    # weigh total cost heavily: the cheapest eligible provider wins, and the tab says so
    assert view.analysis.winner == "aurelgate"
    demo_session.apply(edits.SetWeight("tco", 300))
    qtbot.waitUntil(lambda: not page.analysis_pending())
    assert view.analysis.winner == "tidemark"
    assert view.summary.text().startswith("Tidemark Commerce Operations leads")


def test_an_edit_supersedes_a_running_analysis_and_its_result_is_never_shown(
        qtbot: QtBot, demo_session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from slaselect.domain.analysis import Analysis, analyse
    from slaselect.ui.pages import results

    release = threading.Event()
    analysed: list[str] = []

    def slow_first(evaluation: object, **options: object) -> Analysis:
        if not analysed:  # the analysis of the state before the edit takes long
            analysed.append("stale")
            release.wait(timeout=30)
        else:
            analysed.append("fresh")
        return analyse(evaluation, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(results, "analyse", slow_first)
    page = ResultsPage(demo_session)
    qtbot.addWidget(page)
    page.show()
    shown: list[str] = []
    original = page.robustness.show_analysis
    monkeypatch.setattr(page.robustness, "show_analysis",
                        lambda analysis, *rest: (shown.append(analysis.winner),
                                                 original(analysis, *rest)))
    page.tabs.setCurrentIndex(page.robustness_tab)
    qtbot.waitUntil(lambda: analysed == ["stale"])
    assert page.analysis_pending() and page.robustness.working.isVisibleTo(page.robustness)
    demo_session.apply(edits.SetWeight("tco", 300))  # while the first analysis still runs
    release.set()
    qtbot.waitUntil(lambda: not page.analysis_pending())
    assert analysed == ["stale", "fresh"]
    assert shown == ["tidemark"]  # the winner before the edit (aurelgate) never appeared
    assert page.robustness.summary.text().startswith("Tidemark Commerce Operations leads")


def test_results_explain_why_topsis_ranks_the_leader_last(demo_session: Session,
                                                          qtbot: QtBot) -> None:
    page = ResultsPage(demo_session)
    qtbot.addWidget(page)
    page.show()
    assert ("TOPSIS ranks Tidemark Commerce Operations first and Aurelgate Digital last: it "
            "rewards being close to the best score on every criterion, and Aurelgate Digital "
            "is furthest behind the best on Total cost of ownership (36 months)") \
        in page.summary.text()
    assert "the methods disagree, so look" not in page.summary.text()  # said once, with why


def test_an_undo_that_moves_away_still_gets_its_analysis_and_a_later_chart(
        qtbot: QtBot, demo_session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """After a change the chart and the analysis follow on the next event-loop turn: a page
    left by then draws its chart when shown again, and the analysis of the change still runs
    (drawn when the page is shown again, not while the page the user went to paints)."""
    page = ResultsPage(demo_session)
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentIndex(page.robustness_tab)
    qtbot.waitUntil(lambda: not page.analysis_pending())
    before = page.robustness.analysis
    assert before is not None and before.winner != "tidemark"
    drawn: list[object] = []
    original = page.chart.show_results
    monkeypatch.setattr(page.chart, "show_results",
                        lambda *args: (drawn.append(args), original(*args)))
    demo_session.apply(edits.SetWeight("tco", 300))
    page.hide()  # the user moved on in the same turn (as an undo showing its place does)
    assert page.analysis_pending()
    qtbot.waitUntil(lambda: not page.analysis_pending())
    assert page.robustness.analysis is before  # worked out, not drawn off screen
    assert drawn == []  # no chart drawn for a page off screen
    page.show()
    assert len(drawn) == 1
    assert page.robustness.analysis is not None
    assert page.robustness.analysis.winner == "tidemark"
    assert page.robustness.summary.text().startswith("Tidemark")


def test_an_analysis_finished_off_screen_is_dropped_when_a_later_change_came(
        qtbot: QtBot, demo_session: Session) -> None:
    page = ResultsPage(demo_session)
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentIndex(page.robustness_tab)
    qtbot.waitUntil(lambda: not page.analysis_pending())
    demo_session.apply(edits.SetWeight("tco", 300))
    page.hide()
    qtbot.waitUntil(lambda: not page.analysis_pending())  # Tidemark's, held for the show
    demo_session.undo_stack.undo()  # made elsewhere while the page is hidden
    page.show()
    assert page.analysis_pending()  # the held one is out of date: analysed again
    qtbot.waitUntil(lambda: not page.analysis_pending())
    assert page.robustness.analysis is not None
    assert page.robustness.analysis.winner != "tidemark"
    assert not page.robustness.working.isVisibleTo(page)
