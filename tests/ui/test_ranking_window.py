"""The first window: the demo's ranking as a person sees it."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from slaselect.documents import bundled
from slaselect.domain.ranking import rank
from slaselect.ui.ranking_window import RankingWindow


def test_window_lists_the_ranking_with_reasons(qtbot: QtBot, tmp_path: Path) -> None:
    evaluation = bundled.load_demo()
    window = RankingWindow(evaluation, "demo.slaselect")
    qtbot.addWidget(window)
    window.show()
    table = window.table
    expected = rank(evaluation).results
    assert table.rowCount() == len(expected)
    assert table.item(0, 1).text() == expected[0].name
    assert table.item(0, 0).text() == "1"
    last = expected[-1]
    assert table.item(len(expected) - 1, 4).text() == ("yes" if last.eligible else "no")
    if not last.eligible:
        assert last.reasons[0] in table.item(len(expected) - 1, 5).text()
    assert window.windowTitle().startswith("demo.slaselect")
    assert window.grab().save(str(tmp_path / "ranking.png"))


def test_demo_copy_goes_to_the_user_data_folder(qtbot: QtBot) -> None:
    from slaselect.app import demo_copy_path

    path = demo_copy_path()
    package = Path(bundled.__file__).resolve().parents[1]
    assert package not in path.resolve().parents
    assert path.suffix == ".slaselect" and not path.exists()
