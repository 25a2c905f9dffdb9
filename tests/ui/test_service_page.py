"""The Service page driven through its real widgets: award, import, claims, filters, models."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QDialog, QProgressDialog, QPushButton

from slaselect.domain.service.edits import import_outages
from slaselect.domain.service.model import CoveredPeriod, Outage
from slaselect.store.project import Project
from slaselect.store.service import load_incidents, load_reviews, ticket_count
from slaselect.ui.pages.service import ServicePage, create_demo, notice_reminder
from slaselect.ui.pages.service.dialogs import AwardDialog, ClaimDialog, ReviewDialog
from slaselect.ui.pages.service.importing import ImportDialog
from slaselect.ui.session import Session


@pytest.fixture
def service_demo(tmp_path: Path, qtbot: object) -> Iterator[Session]:
    """A session on the demo with its award and year of service (as the app opens it)."""
    path = tmp_path / "demo.slaselect"
    create_demo(path)
    project = Project.open(path)
    session = Session(project.load(), project)
    yield session
    session.close()


def award_tidemark(page: ServicePage, monkeypatch: pytest.MonkeyPatch) -> None:
    def choose(dialog: AwardDialog) -> int:
        dialog.provider.setCurrentIndex(dialog.provider.findData("tidemark"))
        dialog.start.setDate(QDate(2027, 1, 1))
        dialog.zone.setCurrentText("Europe/Berlin")
        assert "notice must be given by" in dialog.dates.text()
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(AwardDialog, "exec", choose)
    assert page.award()


def test_award_through_the_dialog_then_the_page_shows_months(
        demo_session: Session, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    page = ServicePage(demo_session)
    qtbot.addWidget(page)
    assert page.tabs.isHidden() and not page.empty.isHidden()
    award_tidemark(page, monkeypatch)
    assert not page.tabs.isHidden()
    assert page.months_model.rowCount() >= 1
    assert page.months_model.months[0].key == "2027-01"
    assert "Tidemark" in page.summary.text() and "notice by" in page.summary.text()
    # a record of what happened: not on the undo stack
    assert demo_session.undo_stack.count() == 0


def run_import(page: ServicePage, path: Path, monkeypatch: pytest.MonkeyPatch,
               seen: list[ImportDialog], setup=None) -> bool:
    def check_and_close(dialog: ImportDialog) -> int:
        seen.append(dialog)
        if setup is not None:
            setup(dialog)
        ok = dialog.check()
        return (QDialog.DialogCode.Accepted if ok else QDialog.DialogCode.Rejected).value

    monkeypatch.setattr(ImportDialog, "exec", check_and_close)
    return page.import_file("tickets", path)


def test_import_previews_refuses_a_bad_row_then_imports_a_good_file(
        demo_session: Session, qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    page = ServicePage(demo_session)
    qtbot.addWidget(page)
    award_tidemark(page, monkeypatch)
    bad = tmp_path / "bad.csv"
    bad.write_text("id,priority,opened,responded,resolved,paused\n"
                   "T-1,P2,2027-03-02 10:00,2027-03-02 10:30,2027-03-02 14:00,\n"
                   "T-2,P3,31/02/2027,2027-03-03 10:30,,\n", encoding="utf-8")
    seen: list[ImportDialog] = []
    assert not run_import(page, bad, monkeypatch, seen)
    dialog = seen[0]
    assert dialog.preview.rowCount() == 2 and dialog.preview.item(1, 2).text() == "31/02/2027"
    problems = [dialog.problems.item(k).text() for k in range(dialog.problems.count())]
    assert any(p.startswith("line 3, opened") and "31/02/2027" in p for p in problems)
    assert not dialog.import_button.isEnabled()
    assert ticket_count(demo_session.project.db) == 0

    good = tmp_path / "good.csv"
    good.write_text(bad.read_text(encoding="utf-8").replace("31/02/2027", "2027-03-03 10:00"),
                    encoding="utf-8")
    assert run_import(page, good, monkeypatch, seen)
    assert ticket_count(demo_session.project.db) == 2
    assert page.tickets_model.rowCount() == 2


def test_the_mapping_dialog_reads_a_help_desk_no_preset_knows(
        demo_session: Session, qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    page = ServicePage(demo_session)
    qtbot.addWidget(page)
    award_tidemark(page, monkeypatch)
    odd = tmp_path / "odd.csv"
    odd.write_text("Ref;Urgency;Logged;First touch;Closed\n"
                   "A7;Sev-A;2027-02-01 09:00;2027-02-01 09:20;2027-02-01 12:00\n"
                   "A8;Sev-C;2027-02-02 09:00;2027-02-02 11:00;2027-02-03 12:00\n",
                   encoding="utf-8")

    def map_columns(dialog: ImportDialog) -> None:
        for field, column in (("id", "Ref"), ("priority", "Urgency"), ("opened", "Logged"),
                              ("responded", "First touch"), ("resolved", "Closed")):
            dialog.set_field(field, column)
        dialog.set_severity("P1", "Sev-A")
        dialog.set_severity("P3", "Sev-C")

    assert run_import(page, odd, monkeypatch, [], map_columns)
    incidents = {t.id: t.priority for t in load_incidents(demo_session.project.db)}
    assert incidents == {"A7": "P1", "A8": "P3"}


def test_record_a_claim_and_the_status_becomes_claimed(
        demo_session: Session, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    page = ServicePage(demo_session)
    qtbot.addWidget(page)
    award_tidemark(page, monkeypatch)
    berlin = ZoneInfo("Europe/Berlin")
    # Six hours down in March: below the guarantee, a credit to claim.
    demo_session.apply(import_outages("monitor.csv", [
        Outage(datetime(2027, 3, 10, 2, tzinfo=berlin), datetime(2027, 3, 10, 8, tzinfo=berlin))
    ], CoveredPeriod(date(2027, 3, 1), date(2027, 3, 31))))
    assert page.claims.count() >= 1
    first = page.claims.item(0).text()
    assert first.startswith("2027-03") and "claim by" in first
    due = page.claims.count()
    claims_tab = page.tabs.indexOf(page.claims_tab)
    assert page.tabs.tabText(claims_tab) == f"Claims ({due} to make)"
    assert f"{due} claim" in page.summary.text() and "to make" in page.summary.text()

    def fill(dialog: ClaimDialog) -> int:
        dialog.date.setDate(QDate(2027, 4, 5))
        dialog.reference.setText("CASE-42")
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(ClaimDialog, "exec", fill)
    assert page.record_claim()
    march = next(m for m in page.months_model.months if m.key == "2027-03")
    assert march.claim is not None and march.claim.status == "claimed"
    assert page.claims.item(0).text() == "Nothing to claim now."
    if due == 1:
        assert page.tabs.tabText(claims_tab) == "Claims"
        assert "to make" not in page.summary.text()


def test_the_filters_narrow_the_tickets_table(service_demo: Session, qtbot) -> None:
    page = ServicePage(service_demo)
    qtbot.addWidget(page)
    everything = page.tickets_model.rowCount()
    assert everything > 100
    page.priority_filter.setCurrentText("P1")
    p1 = page.tickets_model.rowCount()
    assert 0 < p1 < everything
    assert all(page.tickets_model.index(r, 1).data() == "P1" for r in range(p1))
    page.priority_filter.setCurrentText("All")
    page.breached_filter.setChecked(True)
    breached = page.tickets_model.rowCount()
    assert 0 < breached < everything
    assert all("breached" in (page.tickets_model.index(r, 6).data()
                              + page.tickets_model.index(r, 7).data())
               for r in range(breached))
    page.breached_filter.setChecked(False)
    page.month_filter.setCurrentText("2027-03")
    assert 0 < page.tickets_model.rowCount() < everything
    assert {page.tickets_model.index(r, 2).data()
            for r in range(page.tickets_model.rowCount())} == {"2027-03"}
    assert page.ticket_count.text().endswith("tickets")


def test_the_demo_shows_its_failed_months_claims_and_charts(service_demo: Session, qtbot
                                                            ) -> None:
    page = ServicePage(service_demo)
    qtbot.addWidget(page)
    claim = page.months_model.column_of("claim")
    texts = {m.key: page.months_model.index(r, claim).data()
             for r, m in enumerate(page.months_model.months)}
    assert "claimed" in texts.values() and any(t.startswith("expired") for t in texts.values())
    assert "failed months" in page.summary.text()
    assert len(page.uptime_chart.series) == 2  # the months and the guarantee line


def test_models_pass_the_model_tester(service_demo: Session, qtbot, qtmodeltester) -> None:
    page = ServicePage(service_demo)
    qtbot.addWidget(page)
    qtmodeltester.check(page.months_model)
    qtmodeltester.check(page.tickets_model)


def test_review_pack_and_retender_from_the_page(service_demo: Session, qtbot,
                                               tmp_path: Path) -> None:
    page = ServicePage(service_demo)
    qtbot.addWidget(page)
    pdf = tmp_path / "pack.pdf"
    assert page.review_pack(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert not page.review_pack(service_demo.path)  # never over the project itself
    new = tmp_path / "renewal.slaselect"
    assert page.retender(new)
    with Project.open(new, read_only=True) as project:
        assert len(project.load().providers) == len(service_demo.evaluation.providers)


def test_the_reminder_shows_within_90_days_of_the_notice_deadline(service_demo: Session
                                                                  ) -> None:
    assert notice_reminder(service_demo.project, date(2028, 6, 1)) is None
    text = notice_reminder(service_demo.project, date(2028, 9, 1))
    assert text is not None and "2028-10-03" in text and "in 32 days" in text


def test_the_reviews_tab_lists_the_meetings_and_the_actions_still_open(
        service_demo: Session, qtbot) -> None:
    page = ServicePage(service_demo)
    qtbot.addWidget(page)
    assert page.tabs.tabText(3) == "Reviews (1 open)"
    panel = page.reviews
    assert panel.open_table.rowCount() == 1
    assert [panel.open_table.item(0, c).text() for c in range(4)] == [
        "Send root-cause analysis for the quarter's breaches", "Provider account manager",
        "2028-01-24", "2028-01-10"]
    assert [panel.meetings.item(r).text()[:10] for r in range(panel.meetings.count())] == [
        "2028-01-10", "2027-10-10", "2027-07-10", "2027-04-10"]  # newest first
    panel.meetings.setCurrentRow(3)
    text = panel.details.toPlainText()
    assert "Service review of 2027-04-10" in text and "Procurement lead" in text
    assert "Provider account manager, done" in text


def test_a_review_recorded_on_the_page_is_listed_with_its_open_actions(
        service_demo: Session, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    page = ServicePage(service_demo)
    qtbot.addWidget(page)

    def fill(dialog: ReviewDialog) -> int:
        dialog.date.setDate(QDate(2028, 4, 12))
        qtbot.keyClicks(dialog.attendees, "Dana (buyer), Eli <provider>")
        qtbot.keyClicks(dialog.feedback, "P1 response times slipped in March; fix the rota.")
        dialog.set_action(0, "Publish the new on-call rota", "Eli <provider>", "2020-05-01")
        dialog.set_action(1, "Check April's P1 responses", "Dana (buyer)")
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(ReviewDialog, "exec", fill)
    assert page.record_review()
    assert page.tabs.tabText(3) == "Reviews (3 open)"
    panel = page.reviews
    # The overdue one first (its due date has passed), the one with no due date last.
    assert [panel.open_table.item(r, 0).text() for r in range(3)] == [
        "Publish the new on-call rota", "Send root-cause analysis for the quarter's breaches",
        "Check April's P1 responses"]
    assert panel.open_table.item(0, 2).toolTip() == "Overdue"
    assert "1 overdue" in panel.open_label.text()
    assert panel.meetings.item(0).text() == "2028-04-12 · 2 attendees · 2 actions · 2 open"
    panel.meetings.setCurrentRow(0)
    assert "Eli <provider>" in panel.details.toPlainText()  # user text shown as text
    saved = load_reviews(service_demo.project.db)
    assert saved[-1].attendees == ("Dana (buyer)", "Eli <provider>")


def test_cancelling_a_large_import_writes_nothing(
        demo_session: Session, qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    page = ServicePage(demo_session)
    qtbot.addWidget(page)
    award_tidemark(page, monkeypatch)
    big = tmp_path / "big.csv"
    rows = 400_000  # eight chunks of reading: the click lands long before the end
    big.write_text("id,priority,opened,responded,resolved,paused\n" + "".join(
        f"T{k},P2,2027-03-02 10:00,2027-03-02 10:30,2027-03-02 14:00,\n" for k in range(rows)),
        encoding="utf-8")
    before = demo_session.path.read_bytes()
    clicked: list[int] = []

    def press_cancel() -> None:
        # The progress dialog of the running check: press its Cancel button once the first
        # progress has come in (the worker is then well inside the file).
        for progress in page.findChildren(QProgressDialog):
            if progress.value() > 0 and not clicked:
                button = next(b for b in progress.findChildren(QPushButton)
                              if b.text() == "Cancel")
                clicked.append(progress.value())
                button.click()

    timer = QTimer()
    timer.timeout.connect(press_cancel)
    timer.start(10)
    seen: list[ImportDialog] = []
    assert not run_import(page, big, monkeypatch, seen)
    timer.stop()
    assert clicked and clicked[0] < 100
    assert seen[0].summary.text() == "The import was cancelled; nothing was imported."
    assert not seen[0].import_button.isEnabled()
    assert ticket_count(demo_session.project.db) == 0
    assert demo_session.path.read_bytes() == before


@pytest.mark.parametrize(("width", "height"), [(1024, 700), (1280, 800)])
def test_trend_chart_month_labels_are_never_cut_short(
        service_demo: Session, qtbot, width: int, height: int) -> None:
    page = ServicePage(service_demo)
    qtbot.addWidget(page)
    page.resize(width, height - 60)  # the window's menu and status bars take the rest
    page.show()
    qtbot.waitExposed(page)
    for chart in (page.uptime_chart, page.attainment_chart):
        qtbot.waitUntil(lambda c=chart: c.chart().plotArea().width() > 100)
        axis = chart.chart().axes(Qt.Orientation.Horizontal)[0]
        labels = list(axis.categoriesLabels())
        assert labels[0] == "Jan 27" and len(labels) >= 4
        low, high = axis.min(), axis.max()
        spacing = chart.chart().plotArea().width() / (high - low) * chart.step
        widest = max(chart.fontMetrics().horizontalAdvance(text) for text in labels)
        assert widest < spacing  # each label has the room between it and the next
    assert page.uptime_chart.step <= 2  # yet every other month at least is named


def test_an_imported_export_is_saved_off_the_ui_thread_and_shown_when_saved(
        demo_session: Session, qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import threading

    page = ServicePage(demo_session)
    qtbot.addWidget(page)
    award_tidemark(page, monkeypatch)
    export = tmp_path / "desk.csv"
    export.write_text("id,priority,opened,responded,resolved,paused\n"
                      "T-1,P2,2027-03-02 10:00,2027-03-02 10:30,2027-03-02 14:00,\n",
                      encoding="utf-8")
    project = demo_session.project
    real_apply = project.apply
    saving_threads: list[bool] = []

    def watched(*args, **kwargs):
        saving_threads.append(threading.current_thread() is threading.main_thread())
        return real_apply(*args, **kwargs)

    monkeypatch.setattr(project, "apply", watched)
    assert run_import(page, export, monkeypatch, [])
    assert saving_threads == [False]  # the window kept painting while the rows were written
    assert ticket_count(project.db) == 1 and page.tickets_model.rowCount() == 1
    assert "Imported 1 ticket from desk.csv" in page.message.text()
    assert demo_session.undo_stack.count() == 0


def test_a_priority_without_tickets_is_a_dash_that_says_so(service_demo: Session, qtbot) -> None:
    from PySide6.QtCore import Qt

    page = ServicePage(service_demo)
    qtbot.addWidget(page)
    model = page.months_model
    column = model.column_of("response", "P1")
    rows = [r for r in range(model.rowCount())
            if model.data(model.index(r, column)) == "–"]
    assert rows  # the demo has months without a P1 ticket
    tip = model.data(model.index(rows[0], column), Qt.ItemDataRole.ToolTipRole)
    assert tip == "No P1 tickets this month."
    # March's one P1 ticket was answered late: a red 0, and the counts on pointing at it
    march = next(r for r, m in enumerate(model.months) if m.key == "2027-03")
    assert model.data(model.index(march, column)) == "0"
    assert model.data(model.index(march, column), Qt.ItemDataRole.ForegroundRole) is not None
    tip = model.data(model.index(march, column), Qt.ItemDataRole.ToolTipRole)
    assert tip == "P1 response: 0 in time, 1 late."
