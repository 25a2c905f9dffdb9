"""Closing the window while an analysis runs: the application ends cleanly (exit 0), the file
intact. A thread still running when the application ended took the process down with it
(Qt aborts on destroying a running QThread: exit 134, "Destroyed while thread is still
running")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bench.generate import random_evaluation
from slaselect.store.project import Project
from tests.faults.cli_run import NOISE, ROOT

APP = """
import sys, threading, time
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from slaselect.app import run_app
from slaselect.ui.pages import results

real = results.analysed
running = threading.Event()

def slow(evaluation, table, cancelled):  # an analysis that runs until it is told to stop
    running.set()
    while not cancelled():
        time.sleep(0.01)
    return real(evaluation, table, cancelled)

results.analysed = slow

def drive():
    from slaselect.ui.main_window import MainWindow
    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
    if window.session is None:
        QTimer.singleShot(50, drive)
        return
    window.show_page(results.ResultsPage)
    page = window.page(results.ResultsPage)
    page.tabs.setCurrentIndex(page.robustness_tab)

    def close_once_running():
        if not running.is_set():
            QTimer.singleShot(20, close_once_running)
            return
        print("closing while the analysis runs", flush=True)
        window.close()

    close_once_running()

application = QApplication(sys.argv[:1])  # run_app takes this one (timers need it first)
QTimer.singleShot(100, drive)
QTimer.singleShot(60_000, application.exit)  # never hangs a test run
sys.exit(run_app(Path(sys.argv[1])))
"""


def test_closing_the_window_during_an_analysis_ends_the_app_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "tender.slaselect"
    evaluation = random_evaluation(6, 5, 3)
    Project.create(path, evaluation)
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
                   "XDG_CONFIG_HOME": str(tmp_path / "config")}
    done = subprocess.run([sys.executable, "-c", APP, str(path)], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)
    assert "closing while the analysis runs" in done.stdout
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Destroyed while thread" not in done.stderr
    assert not any(noise in done.stderr for noise in NOISE), done.stderr[-2000:]
    with Project.open(path, read_only=True) as project:
        assert project.load().scores == evaluation.scores
