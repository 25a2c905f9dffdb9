"""The buyer's position in the app: walk-away limits on Terms, standing on Compare, and the
Negotiation tab of Results, driven through the real widgets on the demo."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from slaselect.domain import edits
from slaselect.domain.position import Standing
from slaselect.ui.models.comparison import StandingRole
from slaselect.ui.models.terms import Column
from slaselect.ui.pages.compare import ComparePage
from slaselect.ui.pages.results import ResultsPage
from slaselect.ui.pages.terms import TermsPage
from slaselect.ui.session import Session

SHOTS = os.environ.get("SLASELECT_SHOTS")  # a folder to keep the screenshots in, when set


def _shot(widget: Any, tmp_path: Path, name: str) -> None:
    from PySide6.QtWidgets import QApplication

    for _ in range(3):  # let the row-height fitter run on its next event-loop turns
        QApplication.processEvents()
    folder = Path(SHOTS) if SHOTS else tmp_path
    assert widget.grab().save(str(folder / name))


def test_the_walk_away_column_is_edited_beside_the_ask(
        qtbot: Any, demo_session: Session, tmp_path: Path) -> None:
    page = TermsPage(demo_session)
    qtbot.addWidget(page)
    page.select_provider("tidemark")
    model = page.model
    assert model.headerData(Column.WALK_AWAY, Qt.Orientation.Horizontal) == "Walk-away"
    notice = model.index(model.row_of("notice_days"), Column.WALK_AWAY)
    assert notice.data() == "90 days"
    round_3 = model.index(model.row_of("notice_days"), Column.FIRST_ROUND + 2)
    tip = str(round_3.data(Qt.ItemDataRole.ToolTipRole))
    assert "your walk-away of 90 days: a deal-breaker" in tip
    assert model.setData(notice, 150) is True  # the buyer relents
    assert demo_session.evaluation.walk_away["notice_days"] == 150
    assert "within your walk-away of 150 days: negotiable" in str(
        round_3.data(Qt.ItemDataRole.ToolTipRole))
    demo_session.undo_stack.undo()
    assert demo_session.evaluation.walk_away["notice_days"] == 90
    refused = model.index(model.row_of("uptime_pct"), Column.WALK_AWAY)
    assert model.setData(refused, 120) is False  # outside 0-100 %: said in place
    assert demo_session.evaluation.walk_away["uptime_pct"] == 99.7
    page.resize(1280, 760)
    page.show()
    _shot(page, tmp_path, "terms_walk_away.png")


def test_compare_marks_each_offer_against_the_ask(
        qtbot: Any, demo_session: Session, tmp_path: Path) -> None:
    page = ComparePage(demo_session)
    qtbot.addWidget(page)
    model = page.model

    def index(term: str, provider: str) -> Any:
        return model.index(model.row_of(term), model.provider_column(provider))

    notice = index("notice_days", "tidemark")
    assert notice.data(StandingRole).standing is Standing.DEAL_BREAKER
    assert notice.data() == "120 days\ndeal-breaker: 60 days over the ask"
    tip = str(notice.data(Qt.ItemDataRole.ToolTipRole))
    assert "Deal-breaker against your ask of 60 days (walk-away: 90 days)" in tip
    assert "How: the offer is compared with your ask and walk-away limit" in tip
    fee = index("monthly_fee", "aurelgate")
    assert fee.data(StandingRole).standing is Standing.NEGOTIABLE
    assert fee.data() == ("$12,400 a month\nnegotiable: $5,400 above the ask; at the ask "
                          "$194,944 less over 36 months")
    assert "figure worked out again with this term at your ask" in str(
        fee.data(Qt.ItemDataRole.ToolTipRole))
    uptime = index("uptime_pct", "aurelgate")
    assert uptime.data() == "99.95 %" and uptime.data(StandingRole).standing is Standing.MEETS
    assert uptime.data(Qt.ItemDataRole.DecorationRole) is not None  # the green dot
    # The buyer accepts 120 days' notice: no longer a deal-breaker, and Compare follows.
    demo_session.apply(edits.SetWalkAwayValue("notice_days", 120))
    assert index("notice_days", "tidemark").data(StandingRole).standing is Standing.NEGOTIABLE
    downtime = index("downtime_with_maintenance_minutes_month", "aurelgate")
    assert downtime.data() == "2 h 22 min"
    assert "Maintenance earns no credit" in str(downtime.data(Qt.ItemDataRole.ToolTipRole))
    page.resize(1400, 800)
    page.show()
    _shot(page, tmp_path, "compare_standing.png")


def test_results_has_a_negotiation_tab(qtbot: Any, demo_session: Session,
                                       tmp_path: Path) -> None:
    page = ResultsPage(demo_session)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    assert page.tabs.tabText(page.negotiation_tab) == "Negotiation"
    page.tabs.setCurrentIndex(page.negotiation_tab)
    text = page.negotiation.text()
    assert "Every eligible provider ranks first under some weighting of these criteria." in text
    assert "Aurelgate Digital still ranks first up to $22,009 (+77.5 %)." in text
    assert ("Tidemark Commerce Operations would rank first if its monthly fee fell from $5,900 "
            "to $2,597 (−56.0 %).") in text
    assert "$284,000 per point" in text
    assert "For Aurelgate Digital, the asks worth most are Monthly retainer fee" in text
    _shot(page, tmp_path, "results_negotiation.png")
    # An edit makes the tab stale; it is worked out again while on screen.
    demo_session.apply(edits.SetTermValue("tidemark", 3, "monthly_fee", 2500.0))
    assert "Tidemark Commerce Operations still ranks first up to" in page.negotiation.text()


def test_without_an_ask_the_tab_says_where_to_set_it(qtbot: Any, small_session: Session) -> None:
    page = ResultsPage(small_session)
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentIndex(page.negotiation_tab)
    assert ("No ask is recorded: set your ask on the Terms & negotiation page."
            in page.negotiation.text())
