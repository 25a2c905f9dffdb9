"""Long work runs off the UI thread with progress; surprises get a dialog, not a crash."""

from __future__ import annotations

import gc
import sys
import time
import weakref

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from slaselect.domain.errors import EvaluationError
from slaselect.ui import errors
from slaselect.ui.workers import run_with_progress


def test_work_reports_progress_and_returns_its_result(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[float] = []

    def work(report, cancelled) -> str:  # type: ignore[no-untyped-def]
        for step in range(5):
            report(step / 4)
            seen.append(step / 4)
            assert not cancelled()
        return "done"

    assert run_with_progress(parent, "Working…", work) == "done"
    assert seen[-1] == 1.0


class _Node:
    """A plain object that can sit in a reference cycle."""

    def __init__(self) -> None:
        self.other: _Node | None = None


def test_what_a_worker_loaded_is_not_rescanned_at_once_but_still_collected(
        qtbot: QtBot) -> None:
    """After a big load the first young collection would scan it all on the UI thread; the
    load joins the old generation instead, and its garbage still goes at the next full pass."""
    parent = QWidget()
    qtbot.addWidget(parent)

    made: list[_Node] = []

    def work(report, cancelled) -> list[list[int]]:  # type: ignore[no-untyped-def]
        first, second = _Node(), _Node()
        first.other, second.other = second, first  # a cycle only the collector can free
        made.append(first)
        return [[number] for number in range(200_000)]

    loaded = run_with_progress(parent, "Loading…", work)
    assert loaded is not None
    assert gc.isenabled()
    assert gc.get_count()[0] < 1_000  # the 200,000 lists are not waiting in the young generation
    assert gc.is_tracked(loaded[0])
    gone = weakref.ref(made[0])
    made.clear()
    gc.collect()
    assert gone() is None


def test_a_worker_hands_the_interpreter_back_to_the_window_sooner_while_it_runs(
        qtbot: QtBot) -> None:
    """While work runs the window waits at most half a millisecond for the interpreter each
    time it comes back from Qt (not Python's usual 5 ms); afterwards the usual returns."""
    from slaselect.ui.workers import WORKER_SWITCH_INTERVAL_S, LatestOnly

    parent = QWidget()
    qtbot.addWidget(parent)
    usual = sys.getswitchinterval()
    assert usual > WORKER_SWITCH_INTERVAL_S
    seen: list[float] = []

    def work(report, cancelled) -> None:  # type: ignore[no-untyped-def]
        seen.append(sys.getswitchinterval())

    run_with_progress(parent, "Working…", work)
    latest = LatestOnly(parent)
    with qtbot.waitSignal(latest.finished, timeout=5000):
        latest.start(lambda cancelled: seen.append(sys.getswitchinterval()))
    assert seen == [WORKER_SWITCH_INTERVAL_S, WORKER_SWITCH_INTERVAL_S]
    qtbot.waitUntil(lambda: sys.getswitchinterval() == usual, timeout=5000)


def test_background_work_starts_once_the_window_has_finished_its_turns(qtbot: QtBot) -> None:
    """A page switch and its paint run before the job asked for with them starts: beside a
    running job each of the window's returns from Qt waits for the interpreter."""
    from slaselect.ui.workers import LatestOnly

    parent = QWidget()
    qtbot.addWidget(parent)
    happened: list[str] = []
    busy_turns = QTimer(parent)
    busy_turns.setInterval(0)

    def busy_turn() -> None:  # a page shown, then painted, then its cell selected
        time.sleep(0.03)
        happened.append("window busy")
        if len(happened) == 3:
            busy_turns.stop()

    busy_turns.timeout.connect(busy_turn)
    latest = LatestOnly(parent)
    with qtbot.waitSignal(latest.finished, timeout=5000):
        latest.start(lambda cancelled: happened.append("job"))
        busy_turns.start()
        assert latest.busy()
    assert happened == ["window busy"] * 3 + ["job"]


def test_background_work_starts_even_when_the_window_never_goes_quiet(qtbot: QtBot) -> None:
    from slaselect.ui.workers import LONGEST_HOLD_S, LatestOnly

    parent = QWidget()
    qtbot.addWidget(parent)
    busy_turns = QTimer(parent)
    busy_turns.setInterval(0)
    busy_turns.timeout.connect(lambda: time.sleep(0.01))  # every turn of the loop is slow
    latest = LatestOnly(parent)
    done: list[float] = []
    asked = time.perf_counter()
    with qtbot.waitSignal(latest.finished, timeout=5000):
        busy_turns.start()
        latest.start(lambda cancelled: done.append(time.perf_counter()))
    busy_turns.stop()
    assert done and done[0] - asked >= LONGEST_HOLD_S  # it waited for quiet, then went ahead


def test_a_user_error_is_shown_as_a_sentence(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda *args: shown.append(args[2]) or QMessageBox.StandardButton.Ok)

    def work(report, cancelled) -> None:  # type: ignore[no-untyped-def]
        raise EvaluationError("cannot read x.json: not valid JSON (line 1, column 2)")

    assert run_with_progress(parent, "Reading…", work) is None
    assert shown == ["cannot read x.json: not valid JSON (line 1, column 2)"]


def test_unexpected_errors_get_a_dialog_with_details(qtbot: QtBot,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    try:
        raise ValueError("boom")
    except ValueError:
        kind, error, trace = sys.exc_info()
    assert kind is not None and error is not None
    errors.show_unexpected_error(kind, error, trace)
    assert "Your evaluation is safe" in shown[0].text()
    assert "ValueError: boom" in shown[0].detailedText()
    errors.install_excepthook()
    assert sys.excepthook is errors.show_unexpected_error
    sys.excepthook = sys.__excepthook__
