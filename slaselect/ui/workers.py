"""Long work off the UI thread, with a progress dialog and a Cancel button.

The work is a plain function ``work(report, cancelled)``: it calls ``report(fraction)`` now and
then and stops (raising ``EvaluationError``) when ``cancelled()`` is true. It can be tested
without Qt; here it runs on a QThread while the dialog keeps the window responsive.

``LatestOnly`` runs work in the background without a dialog (the Robustness tab's analysis):
each new request cancels the one before, and only the newest request's result is delivered.
"""

from __future__ import annotations

import gc
import sys
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from slaselect.domain.errors import EvaluationError

T = TypeVar("T")
Work = Callable[[Callable[[float], None], Callable[[], bool]], T]


class _Runner(QThread):
    progressed = Signal(int)

    def __init__(self, work: Work[Any], cancel: threading.Event, parent: QObject | None) -> None:
        super().__init__(parent)
        self._work = work
        self._cancel = cancel
        self.result: Any = None
        self.error: BaseException | None = None

    def stop(self) -> None:
        """Ask the work to stop at its next check of ``cancelled``."""
        self._cancel.set()

    def run(self) -> None:
        try:
            self.result = self._work(
                lambda fraction: self.progressed.emit(int(max(0.0, min(1.0, fraction)) * 100)),
                self._cancel.is_set,
            )
        except BaseException as error:  # handed back to the UI thread, never lost
            self.error = error


def run_with_progress(parent: QWidget, label: str, work: Work[T], *,
                      cancellable: bool = True) -> T | None:
    """Run ``work`` on a worker thread with a modal progress dialog; None when it failed.

    ``cancellable=False``: no Cancel button (a save under way is finished, never half done).

    A user error (EvaluationError) is shown as a sentence; anything else is re-raised on the
    UI thread so the application's error dialog reports it.
    """
    _worker_started()
    try:
        return _run(parent, label, work, cancellable)
    finally:
        _worker_stopped()


_pauses = 0  # how many workers are running now (what follows holds while any is)
_collecting_before = True
_switch_before = 0.005

WORKER_SWITCH_INTERVAL_S = 0.0005
"""While a worker runs, how long it keeps the interpreter once the UI thread asks for it.

Python's default is 5 ms. The UI thread asks again each time Qt calls into Python (a layout's
size hints, a model's data, a timer): a page laid out while a worker works, a few dozen such
calls, waited a tenth of a second for the interpreter (a tender's first Compare visit). Half a
millisecond: fifty hand-overs measured 277 ms at 5 ms, 74 ms at 1 ms and 48 ms at 0.5 ms. When
the UI thread is idle nobody asks, and the worker runs as fast as before."""


def _worker_started() -> None:
    """Before a worker starts: the garbage collector paused, the interpreter handed back
    to the UI thread soon when it asks."""
    global _pauses, _collecting_before, _switch_before
    if _pauses == 0:
        # Python's cyclic garbage collector runs in whichever thread happens to allocate.
        # If it ran on the worker it could destroy a discarded Qt widget off the UI thread,
        # which crashes Qt; so it stays paused while the worker runs.
        # No collection first: with the collector off nothing is collected on the worker,
        # and what is garbage now is collected on the UI thread once it runs again. (Even a
        # young-generation pass here would scan the scores tuple a tender's last edit made,
        # two million entries: a tenth of a second each time an analysis starts.)
        _collecting_before = gc.isenabled()
        gc.disable()
        _switch_before = sys.getswitchinterval()
        sys.setswitchinterval(min(_switch_before, WORKER_SWITCH_INTERVAL_S))
    _pauses += 1


def _worker_stopped() -> None:
    """After a worker has stopped: as before it started, once no other worker runs."""
    global _pauses
    _pauses -= 1
    if _pauses == 0:
        sys.setswitchinterval(_switch_before)
        # Everything the worker allocated sits in the youngest generation now (a loaded
        # tender is about a million objects): the first young collection would scan it all on
        # the UI thread, a stall of a twentieth of a second. Treat it as old instead: freeze
        # and unfreeze moves every tracked object into the oldest generation without scanning
        # it, so it is still collected, by the next full pass.
        gc.freeze()
        gc.unfreeze()
        if _collecting_before:
            gc.enable()


def _run(parent: QWidget, label: str, work: Work[T], cancellable: bool = True) -> T | None:
    cancel = threading.Event()
    dialog = QProgressDialog(label, "Cancel", 0, 100, parent)
    if not cancellable:
        dialog.setCancelButton(None)
        dialog.setRange(0, 0)  # busy: a save reports no steps
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.canceled.connect(cancel.set)
    runner = _Runner(work, cancel, parent)
    runner.progressed.connect(dialog.setValue)
    loop = QEventLoop()
    runner.finished.connect(loop.quit)
    runner.start()
    if not runner.isFinished():
        loop.exec()
    runner.wait()
    dialog.close()
    dialog.deleteLater()
    runner.deleteLater()
    if runner.error is not None:
        if isinstance(runner.error, EvaluationError):
            QMessageBox.warning(parent, "SLASelect", str(runner.error))
            return None
        raise runner.error
    return runner.result  # type: ignore[no-any-return]


_let_go: list[object] = []  # objects freed on the next turn of the event loop


def let_go_later(*objects: object) -> None:
    """Free ``objects`` on the next turn of the event loop, not in this one.

    A tender's evaluation state or analysis is millions of objects: freeing one takes tens
    of milliseconds, a stall of its own that the window can paint between instead of adding
    it to the stall of the change that let it go.
    """
    if not _let_go:
        QTimer.singleShot(LATER_TURN_MS, _let_go.clear)
    _let_go.extend(objects)


LATER_TURN_MS = 1
"""The delay that puts work on a later turn of the event loop: after the timers and input
already due (a static ``QTimer.singleShot(0)`` is a posted call that runs before them, so
the window would not get a turn in between)."""


Job = Callable[[Callable[[], bool]], Any]
"""Background work: ``job(cancelled)`` returns a result; it may stop early when cancelled."""

_live: set[_Runner] = set()  # runners still working: a running QThread must not be deleted


def stop_every_worker() -> None:
    """Ask every background job to stop and wait until its thread has ended: at quit, a
    thread still running when the application ends takes the whole process down (Qt aborts
    on destroying a running QThread), so closing the window during an analysis crashed."""
    for runner in list(_live):
        runner.stop()
    for runner in list(_live):
        runner.wait()


class _Reaper(QObject):
    """Lives on the UI thread and hears each finished runner there (a queued connection).

    A lambda connected to ``QThread.finished`` runs on the worker thread, where re-enabling the
    garbage collector or touching the page would crash Qt; this object's own slot runs on the
    UI thread, even when the page that started the job is gone by then.
    """

    def __init__(self) -> None:
        super().__init__()
        self._jobs: dict[int, tuple[_Runner, int, LatestOnly]] = {}

    def take(self, runner: _Runner, generation: int, owner: LatestOnly) -> None:
        """Look after ``runner`` until it has finished."""
        self._jobs[id(runner)] = (runner, generation, owner)
        runner.finished.connect(self._reap, Qt.ConnectionType.QueuedConnection)

    def _reap(self) -> None:
        for key, (runner, generation, owner) in list(self._jobs.items()):
            if not runner.isFinished():
                continue
            del self._jobs[key]
            _live.discard(runner)
            _worker_stopped()
            runner.deleteLater()
            if shiboken6.isValid(owner):  # the page that asked may be gone: nobody is told
                owner._done(generation, runner)


_the_reaper: _Reaper | None = None


def _reaper() -> _Reaper:
    global _the_reaper
    if _the_reaper is None:
        _the_reaper = _Reaper()  # created on the UI thread, by the first job
    return _the_reaper


QUIET_TURNS = 2
"""A job starts once the event loop has gone round this many times in a row quickly ..."""
QUIET_TURN_S = 0.004
"""... each turn within this many seconds of the one before (nothing heavy in between) ..."""
LONGEST_HOLD_S = 0.25
"""... or once it has waited this long, whatever the window is doing."""


class LatestOnly(QObject):
    """Runs jobs one at a time off the UI thread and delivers only the newest one's result.

    ``start`` supersedes whatever ran or waited before: the running job is told to cancel,
    a waiting one is dropped, and when a superseded job finishes anyway its result is
    discarded (a generation number tells them apart). So a slow analysis of an old state is
    never shown after a newer edit, and stale work does not pile up behind the new.

    A job's thread starts once the window has finished what the request came with (the
    page an undo moves to, shown and painted): each time the window comes back from Qt to
    Python it must take the interpreter back from a running job, so a page painted beside
    one took twice as long. Quiet is two quick turns of the event loop in a row; a window
    that never goes quiet starts the job after ``LONGEST_HOLD_S`` all the same.
    """

    finished = Signal(object)
    """The newest job's result."""
    failed = Signal(object)
    """The exception the newest job raised."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.generation = 0
        self._running: tuple[int, _Runner, threading.Event] | None = None
        self._waiting: tuple[int, Job] | None = None
        self._turns = QTimer(self)  # a zero timer: it times out once every turn of the loop
        self._turns.setInterval(0)
        self._turns.timeout.connect(self._turned)
        self._asked_at = self._last_turn = 0.0
        self._quick_turns = 0

    def start(self, job: Job) -> int:
        """Run ``job`` as soon as the one running has stopped; returns its generation."""
        self.generation += 1
        self._waiting = (self.generation, job)
        if self._running is not None:
            self._running[2].set()
        else:
            self._launch_when_quiet()
        return self.generation

    def cancel(self) -> None:
        """Forget every job: the running one is told to stop and its result will be dropped."""
        self.generation += 1
        self._waiting = None
        self._turns.stop()
        if self._running is not None:
            self._running[2].set()

    def busy(self) -> bool:
        """True while a job runs or waits."""
        return self._running is not None or self._waiting is not None

    def wait(self) -> None:
        """Block until the running job has stopped (for closing the window and for tests)."""
        if self._running is not None:
            self._running[1].wait()

    def _launch_when_quiet(self) -> None:
        if self._turns.isActive():
            return  # already watching for quiet: the newest waiting job starts then
        self._asked_at = self._last_turn = time.perf_counter()
        self._quick_turns = 0
        self._turns.start()

    def _turned(self) -> None:
        now = time.perf_counter()
        quick = now - self._last_turn <= QUIET_TURN_S
        self._last_turn = now
        self._quick_turns = self._quick_turns + 1 if quick else 0
        if self._waiting is None or self._running is not None:
            self._turns.stop()
        elif self._quick_turns >= QUIET_TURNS or now - self._asked_at >= LONGEST_HOLD_S:
            self._turns.stop()
            self._launch()

    def _launch(self) -> None:
        assert self._waiting is not None
        generation, job = self._waiting
        self._waiting = None
        cancel = threading.Event()
        runner = _Runner(lambda report, cancelled: job(cancelled), cancel, None)
        self._running = (generation, runner, cancel)
        _live.add(runner)
        _worker_started()
        _reaper().take(runner, generation, self)
        runner.start()

    def _done(self, generation: int, runner: _Runner) -> None:
        self._running = None
        if generation == self.generation:
            if runner.error is not None:
                self.failed.emit(runner.error)
            else:
                self.finished.emit(runner.result)
        if self._waiting is not None:
            self._launch_when_quiet()
