"""Start the app as ``slaselect`` (no command) does, print "shown" once the window is on
screen and "first page" once the demo copy is open on its first page, and quit.

Used by bench.app_timing to time a cold start in a fresh process. It runs the real entry
point (``slaselect.cli.main``: argument parsing, the error dialog hook, the window), with its
settings and demo copies in a scratch folder rather than the user's.
"""

from __future__ import annotations

import os
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    scratch = tempfile.mkdtemp(prefix="slaselect-probe-")
    os.environ["XDG_CONFIG_HOME"] = os.path.join(scratch, "config")
    os.environ["XDG_DATA_HOME"] = os.path.join(scratch, "data")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from slaselect.cli import main as slaselect_main

    app = QApplication(sys.argv[:1])  # what run_app would create; it reuses this one

    def shown() -> None:
        window = next(w for w in app.topLevelWidgets()
                      if type(w).__name__ == "MainWindow" and w.isVisible())
        print("shown", flush=True)
        window.open_demo()  # type: ignore[attr-defined]  # as ``slaselect --demo`` does
        print("first page", flush=True)
        print("heavy modules loaded:", ",".join(
            m for m in ("reportlab", "openpyxl", "PySide6.QtCharts", "scipy")
            if m in sys.modules), flush=True)
        window.close()
        app.quit()

    QTimer.singleShot(0, shown)  # runs once the event loop starts: after window.show()
    slaselect_main([])


if __name__ == "__main__":
    main()
