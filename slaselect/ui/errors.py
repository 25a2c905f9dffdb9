"""The unexpected-error dialog: say it plainly, offer the details to copy, keep running."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from slaselect import __version__

if TYPE_CHECKING:
    from types import TracebackType


def error_report(kind: type[BaseException], error: BaseException,
                 trace: TracebackType | None) -> str:
    """The text a user can copy into a support request."""
    import traceback  # loaded when something goes wrong, not with the window

    lines = traceback.format_exception(kind, error, trace)
    return f"SLASelect {__version__}, Python {sys.version.split()[0]}\n\n" + "".join(lines)


def show_unexpected_error(kind: type[BaseException], error: BaseException,
                          trace: TracebackType | None) -> None:
    """sys.excepthook for the app: a dialog instead of a crash; the last edit was not saved."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    if sys.__stderr__ is not None:
        sys.__stderr__.write(error_report(kind, error, trace))
    if QApplication.instance() is None:
        return
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Something went wrong")
    box.setText("SLASelect hit an unexpected problem. Your evaluation is safe: every saved "
                "change is in the file, and the change in progress was rolled back.")
    box.setInformativeText("Use “Show Details…” to copy a report for support. You can keep "
                           "working.")
    box.setDetailedText(error_report(kind, error, trace))
    box.exec()


def install_excepthook() -> None:
    """Route uncaught exceptions (including those in Qt slots) to the dialog."""
    sys.excepthook = show_unexpected_error
