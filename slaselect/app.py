"""Desktop start-up: QApplication, the error dialog, settings, and the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def run_app(path: Path | None, *, demo: bool = False) -> int:
    """Open the desktop app on ``path``, a fresh demo copy, or the start page."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("SLASelect")
    app.setOrganizationName("SLASelect")
    app.setApplicationDisplayName("SLASelect")
    from slaselect.ui.errors import install_excepthook
    from slaselect.ui.main_window import MainWindow

    install_excepthook()
    app.aboutToQuit.connect(_stop_every_worker)  # no thread left running when the app ends
    window = MainWindow()
    window.show()
    # The window paints before anything else; the file then opens with its progress on screen.
    if demo:
        QTimer.singleShot(0, window.open_demo)
    elif path is not None:
        QTimer.singleShot(0, lambda: window.open_path(path))
    return int(app.exec())


def _stop_every_worker() -> None:
    workers = sys.modules.get("slaselect.ui.workers")  # not loaded: no job was ever started
    if workers is not None:
        workers.stop_every_worker()
