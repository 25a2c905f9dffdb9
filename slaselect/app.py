"""Desktop start-up: QApplication, the demo copy, and the first window."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QApplication, QMessageBox

from slaselect.documents import bundled
from slaselect.domain.errors import EvaluationError
from slaselect.store.project import Project


def demo_copy_path() -> Path:
    """A fresh file name for a demo copy in the user's data folder (never the package)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    folder = Path(base or Path.home() / ".slaselect") / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return folder / f"demo-{stamp}.slaselect"


def run_app(path: Path | None, *, demo: bool = False) -> int:
    """Open the desktop app, on ``path`` or a fresh demo copy; returns the exit status."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("SLASelect")
    app.setOrganizationName("SLASelect")
    from slaselect.ui.ranking_window import RankingWindow

    try:
        if demo:
            path = demo_copy_path()
            Project.create(path, bundled.load_demo())
        if path is None:
            evaluation = bundled.load_demo()
            title = "Demo evaluation"
        else:
            with Project.open(path, read_only=True) as project:
                evaluation = project.load()
            title = path.name
    except EvaluationError as error:
        QMessageBox.critical(None, "SLASelect", str(error))
        return 1
    window = RankingWindow(evaluation, title)
    window.show()
    return int(app.exec())
