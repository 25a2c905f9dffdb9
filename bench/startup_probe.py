"""Start the app, print "shown" once the window is on screen and "first page" once the demo
copy is open on its first page, and quit.

Used by bench.app_timing to time a cold start in a fresh process.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from slaselect.ui.main_window import MainWindow
    from slaselect.ui.settings import Settings

    app = QApplication(sys.argv[:1])
    app.setApplicationName("SLASelect-bench")
    folder = Path(tempfile.mkdtemp())
    window = MainWindow(Settings(QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat)))
    window.show()

    def shown() -> None:
        print("shown", flush=True)

    def first_page() -> None:
        window.open_demo()  # as ``slaselect --demo`` does, once the window is on screen
        print("first page", flush=True)
        print("heavy modules loaded:", ",".join(
            m for m in ("reportlab", "openpyxl") if m in sys.modules), flush=True)
        app.quit()

    QTimer.singleShot(0, shown)
    QTimer.singleShot(0, first_page)
    app.exec()


if __name__ == "__main__":
    main()
