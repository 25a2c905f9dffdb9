"""Long work off the UI thread, with a progress dialog and a Cancel button.

The work is a plain function ``work(report, cancelled)``: it calls ``report(fraction)`` now and
then and stops (raising ``EvaluationError``) when ``cancelled()`` is true. It can be tested
without Qt; here it runs on a QThread while the dialog keeps the window responsive.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal
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

    def run(self) -> None:
        try:
            self.result = self._work(
                lambda fraction: self.progressed.emit(int(max(0.0, min(1.0, fraction)) * 100)),
                self._cancel.is_set,
            )
        except BaseException as error:  # handed back to the UI thread, never lost
            self.error = error


def run_with_progress(parent: QWidget, label: str, work: Work[T]) -> T | None:
    """Run ``work`` on a worker thread with a modal progress dialog; None when it failed.

    A user error (EvaluationError) is shown as a sentence; anything else is re-raised on the
    UI thread so the application's error dialog reports it.
    """
    # Python's cyclic garbage collector runs in whichever thread happens to allocate. If it
    # ran on the worker it could destroy a discarded Qt widget off the UI thread, which
    # crashes Qt. So collect now, on the UI thread, and keep it paused while the worker runs.
    gc.collect()
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run(parent, label, work)
    finally:
        if collecting:
            gc.enable()


def _run(parent: QWidget, label: str, work: Work[T]) -> T | None:
    cancel = threading.Event()
    dialog = QProgressDialog(label, "Cancel", 0, 100, parent)
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
