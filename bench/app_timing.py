"""App benchmarks: cold start to a shown window, and results refreshed after an edit.

Usage: ``python -m bench.app_timing [--repeat N]``. Medians are printed with their budgets.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
CHILD_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
# An installed slaselect starts from compiled bytecode, as the bare reference's PySide6 does;
# timing a checkout that recompiles every module per run (PYTHONDONTWRITEBYTECODE) would add
# ~0.6 s that no user pays. The cache goes to a scratch folder, not into the checkout.
CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "slaselect-bench-pycache")


BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 820)
window.show()
def done():
    print("shown", flush=True)
    app.quit()
QTimer.singleShot(0, done)
app.exec()
"""


def process_seconds(arguments: list[str], repeat: int) -> list[float]:
    """Wall time of a whole fresh Python process (for CLI start-up)."""
    times = []
    for run in range(repeat + 1):  # the first run fills the bytecode cache and is not counted
        start = time.perf_counter()
        subprocess.run([sys.executable, *arguments], cwd=REPO, check=True, env=CHILD_ENV,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if run:
            times.append(time.perf_counter() - start)
    return times


def cold_start_seconds(repeat: int, *, bare: bool = False,
                       first_page: bool = False) -> list[float]:
    """Wall time from launching a fresh Python process to the window being shown (``bare``:
    a plain PySide6 QMainWindow, the reference of issue 14; ``first_page``: until the demo
    copy is open on its first page)."""
    times = []
    command = ["-c", BARE_WINDOW] if bare else ["-m", "bench.startup_probe"]
    for run in range(repeat + 1):  # the first run fills the bytecode cache and is not counted
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, *command], cwd=REPO, env=CHILD_ENV,
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        line = child.stdout.readline()
        if first_page and line.strip() == "shown":
            line = child.stdout.readline().replace("first page", "shown")
        if run:
            times.append(time.perf_counter() - start)
        child.communicate(timeout=60)
        if line.strip() != "shown":
            raise RuntimeError("the app did not start")
    return times


def refresh_seconds(evaluation_factory: str, repeat: int) -> tuple[list[float], list[float]]:
    """Time from an edit (a score typed) to every page refreshed, on the Results page."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from bench.generate import random_evaluation
    from slaselect.documents import bundled
    from slaselect.domain import edits
    from slaselect.domain.model import CriterionKind
    from slaselect.store.project import Project
    from slaselect.ui.main_window import MainWindow
    from slaselect.ui.pages.results import ResultsPage
    from slaselect.ui.settings import Settings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp())
    evaluation = (bundled.load_demo() if evaluation_factory == "demo"
                  else random_evaluation(200, 100, 10))
    path = folder / "bench.slaselect"
    Project.create(path, evaluation)
    window = MainWindow(Settings(QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat)))
    window.show()
    window.open_path(path)
    window.show_page(ResultsPage)
    app.processEvents()
    session = window.session
    assert session is not None
    criterion = next(c for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT)
    provider, evaluator = evaluation.providers[0].key, evaluation.evaluators[0].key
    updated, painted = [], []
    for i in range(repeat):
        start = time.perf_counter()
        session.apply(edits.SetScore(provider, criterion.key, evaluator, float(i % 10)))
        updated.append(time.perf_counter() - start)  # saved, recomputed, views updated
        app.processEvents()
        painted.append(time.perf_counter() - start)  # ... and the window repainted
    window.close()
    return updated, painted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    demo_updated, demo_painted = refresh_seconds("demo", args.repeat * 3)
    large_updated, large_painted = refresh_seconds("large", args.repeat)
    bare = statistics.median(cold_start_seconds(args.repeat, bare=True))
    bare_import = statistics.median(process_seconds(["-c", "import slaselect"], args.repeat))
    rows = [
        ("bare PySide6 QMainWindow shown (reference)", [bare], None),
        ("cold start to shown window", cold_start_seconds(args.repeat),
         min(1.0, 1.5 * bare)),
        ("cold start to the demo's first page", cold_start_seconds(args.repeat, first_page=True),
         None),
        ("python -c 'import slaselect' (reference)", [bare_import], None),
        ("slaselect --help", process_seconds(["-m", "slaselect", "--help"], args.repeat),
         1.3 * bare_import),
        ("edit -> saved + results refreshed (demo)", demo_updated, 0.016),
        ("  ... and repainted (demo)", demo_painted, None),
        ("edit -> saved + results refreshed (200x100x10)", large_updated, 0.1),
        ("  ... and repainted (200x100x10)", large_painted, None),
    ]
    print("budgets: window 1.5 x the bare window (at most 1 s); CLI 1.3 x importing slaselect")
    print(f"{'step':48} {'median':>10} {'budget':>8}")
    for name, times, budget in rows:
        median = statistics.median(times)
        flag = " OVER" if budget is not None and median > budget else ""
        limit = f"{budget * 1000:6.0f} ms" if budget is not None else ""
        print(f"{name:48} {median * 1000:8.1f} ms {limit:>9}{flag}")


if __name__ == "__main__":
    main()
