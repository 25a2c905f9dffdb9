"""Does the window keep repainting? The longest UI-thread stall during each scripted action.

A timer on the UI thread ticks every few milliseconds and records the longest gap between two
ticks while an action runs: that gap is how long the window could not repaint or react. Each
action also has a wall time (until its result is on screen, e.g. the first page after an open
or the Robustness tab's analysis). Actions: open, the first visit of each page, a score edit,
its undo, and the Robustness tab (first visit, then again after an edit).

Usage: ``python -m bench.ui_responsiveness [--size 200x100x20] [--repeat 3] [--profile TEXT]``.
Medians are printed against the budgets of issue 14 for that size (``BUDGETS``; a gap over
100 ms, or a wall time over budget, is marked ``OVER``).

On a machine others share, a stall can be the UI thread working or the UI thread waiting (for
a core, or for the interpreter while a worker holds it). So each stall is printed with the UI
thread's own CPU time during it: a long stall with little CPU was waiting, not working.
``--profile TEXT`` prints a cProfile of the UI thread during every action whose name contains
TEXT (e.g. ``--profile undo``): what it was doing.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

GAP_BUDGET_S = 0.1
TICK_MS = 5
SETTLE_S = 0.3  # keep watching this long after an action is done: catches deferred work
BUSY_GAP_S = 0.03  # a gap this long means the UI thread was working, not waiting

# Wall-time budgets in seconds by kind of action and number of providers (issue 14). A size
# between two columns takes the larger size's budget; past the largest there is none.
BUDGETS: dict[str, dict[int, float]] = {
    "open": {200: 1.5, 1000: 5.0},
    "first visit": {200: 0.3, 1000: 1.0},
    "edit": {200: 0.1, 1000: 0.25},
    "Robustness": {200: 1.5, 1000: 5.0},
}


@dataclass
class Measured:
    """Wall times and longest stalls of one action over the repeats."""

    wall: list[float] = field(default_factory=list)
    gap: list[float] = field(default_factory=list)
    gap_cpu: list[float] = field(default_factory=list)  # UI-thread CPU time in that gap
    gc: list[float] = field(default_factory=list)  # longest garbage-collector pass on it


class GapWatch:
    """A UI-thread timer that remembers the longest time between two of its ticks."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self.longest = 0.0
        self.longest_cpu = 0.0
        self.busy_until = self._last
        # garbage-collector passes on the UI thread: a stall can be one of them
        self.longest_gc = 0.0
        self._gc_start = 0.0
        self._ui_thread = threading.get_ident()
        gc.callbacks.append(self._on_gc)
        self._timer.start()

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        if threading.get_ident() != self._ui_thread:
            return
        if phase == "start":
            self._gc_start = time.perf_counter()
        elif self._gc_start:
            self.longest_gc = max(self.longest_gc, time.perf_counter() - self._gc_start)
            self._gc_start = 0.0

    def stop(self) -> None:
        """Stop watching (the collector's hook is removed)."""
        self._timer.stop()
        if self._on_gc in gc.callbacks:
            gc.callbacks.remove(self._on_gc)

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        gap = now - self._last
        if gap > self.longest:
            self.longest, self.longest_cpu = gap, cpu - self._last_cpu
        if gap > BUSY_GAP_S:  # the UI thread was working until now
            self.busy_until = now
        self._last, self._last_cpu = now, cpu

    def reset(self) -> None:
        """Start a new measurement from now."""
        self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self.longest = 0.0
        self.longest_cpu = 0.0
        self.busy_until = self._last
        self.longest_gc = 0.0


def run_action(watch: GapWatch, start: Callable[[], None], done: Callable[[], bool],
               timeout_s: float = 300.0, profile: cProfile.Profile | None = None
               ) -> tuple[float, float]:
    """Start an action from the event loop; (wall seconds until done, longest stall).

    ``profile``: profile the UI thread from the start of the action until it settled."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert app is not None
    started: list[float] = []
    finished: list[float] = []

    def kick() -> None:
        started.append(time.perf_counter())
        start()
        if done():
            finished.append(time.perf_counter())

    app.processEvents()
    watch.reset()
    if profile is not None:
        profile.enable()
    QTimer.singleShot(0, kick)
    limit = time.perf_counter() + timeout_s
    # Wait for events as the application's own loop does (the watch's timer wakes it every
    # few milliseconds): a loop that polls would hold the interpreter and a core, and slow
    # the very workers whose results it waits for.
    waiting = QEventLoop.ProcessEventsFlag.WaitForMoreEvents
    while not finished:
        app.processEvents(waiting)
        if started and done():
            finished.append(time.perf_counter())
        if time.perf_counter() > limit:
            raise RuntimeError("the action did not finish in time")
    settle = time.perf_counter() + SETTLE_S
    while time.perf_counter() < settle:
        app.processEvents(waiting)
    if profile is not None:
        profile.disable()
    # work the action left for later (a deferred redraw) counts until the UI thread is idle
    return max(finished[0], watch.busy_until) - started[0], watch.longest


def build_project(size: tuple[int, int, int], folder: Path) -> Path:
    """The generated evaluation of ``size`` saved as a project file."""
    from bench.generate import random_evaluation
    from slaselect.store.project import Project

    path = folder / "source.slaselect"
    Project.create(path, random_evaluation(*size))
    return path


def one_session(source: Path, folder: Path, number: int, results: dict[str, Measured],
                profile_of: str | None = None) -> None:
    """Open a fresh copy in a fresh window and run every scripted action once."""
    from PySide6.QtCore import QSettings

    from slaselect.domain import edits
    from slaselect.domain.model import CriterionKind
    from slaselect.ui.main_window import MainWindow
    from slaselect.ui.pages.base import Page
    from slaselect.ui.pages.registry import page_classes
    from slaselect.ui.pages.results import ResultsPage
    from slaselect.ui.pages.scoring import ScoringPage
    from slaselect.ui.settings import Settings

    path = folder / f"copy{number}.slaselect"
    shutil.copy(source, path)
    settings = Settings(QSettings(str(folder / f"s{number}.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings)
    window.show()
    watch = GapWatch()

    def record(name: str, start: Callable[[], None], done: Callable[[], bool]) -> None:
        profile = cProfile.Profile() if profile_of and profile_of in name else None
        wall, gap = run_action(watch, start, done, profile=profile)
        measured = results.setdefault(name, Measured())
        measured.wall.append(wall)
        measured.gap.append(gap)
        measured.gap_cpu.append(watch.longest_cpu)
        measured.gc.append(watch.longest_gc)
        if profile is not None:
            print(f"--- UI thread during {name!r} (session {number + 1}): wall "
                  f"{wall * 1000:.0f} ms, longest stall {gap * 1000:.0f} ms "
                  f"({watch.longest_cpu * 1000:.0f} ms CPU)")
            pstats.Stats(profile).sort_stats("cumulative").print_stats(40)

    def page_on_screen(wanted: type[Page] = Page) -> bool:
        """The page asked for is shown (a tender's is built a turn before it shows) and has
        finished what it works out on a worker (Compare, a tender's counts)."""
        page = window.current_page()
        return isinstance(page, wanted) and page.isVisible() and not is_busy(window) \
            and not is_busy(page, "is_working")

    record("open, first page shown", lambda: window.open_path(path), page_on_screen)
    shown_first = window.navigation.currentRow()  # the open already built this one
    for row, page_class in enumerate(page_classes()):
        if row == shown_first:
            continue
        record(f"first visit: {page_class.title}",
               lambda row=row: window.navigation.setCurrentRow(row),
               lambda page_class=page_class: page_on_screen(page_class))

    session = window.session
    assert session is not None
    evaluation = session.evaluation
    criterion = next(c for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT)
    provider, evaluator = evaluation.providers[0].key, evaluation.evaluators[0].key
    window.show_page(ScoringPage)
    for i in range(3):
        record("score edit (Scoring page)", lambda i=i: session.apply(
            edits.SetScore(provider, criterion.key, evaluator, float(3 + i))), lambda: True)
        record("undo (Scoring page)", session.undo_stack.undo, lambda: True)

    results_page = window.page(ResultsPage)
    assert isinstance(results_page, ResultsPage)
    window.show_page(ResultsPage)

    def analysis_shown() -> bool:
        return not results_page.analysis_pending()

    record("Robustness tab, first visit",
           lambda: results_page.tabs.setCurrentIndex(results_page.robustness_tab),
           analysis_shown)
    record("Robustness tab: edit -> analysis shown", lambda: session.apply(
        edits.SetScore(provider, criterion.key, evaluator, 9.0)), analysis_shown)
    record("Robustness tab: undo -> analysis shown", session.undo_stack.undo, analysis_shown)
    watch.stop()
    window.close()
    window.deleteLater()
    # the deletion an event loop would make on its next turn: nothing here returns to one, and
    # a tender's window left alive weighed on every later repeat (its stalls grew with it)
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def is_busy(widget: object, name: str = "is_loading") -> bool:
    """True while the window is still loading a project, or a page is still working out what
    it shows (when it does that on a worker)."""
    busy = getattr(widget, name, None)
    return bool(busy()) if callable(busy) else False


def budget_of(name: str, providers: int) -> float | None:
    """The wall-time budget of an action with ``providers`` providers (None: no budget)."""
    kind = "edit" if name.startswith(("score edit", "undo")) else next(
        (kind for kind in BUDGETS if name.startswith(kind)), None)
    if kind is None:
        return None
    sizes = sorted(size for size in BUDGETS[kind] if size >= providers)
    return BUDGETS[kind][sizes[0]] if sizes else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="200x100x20", help="providers x criteria x evaluators")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", metavar="TEXT",
                        help="print a cProfile of the UI thread during actions named with TEXT")
    args = parser.parse_args()
    size = tuple(int(part) for part in args.size.split("x"))
    assert len(size) == 3
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("SLASelect-bench")
    folder = Path(tempfile.mkdtemp())
    try:
        source = build_project(size, folder)  # type: ignore[arg-type]
        results: dict[str, Measured] = {}
        for number in range(args.repeat):
            one_session(source, folder, number, results, args.profile)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"size {args.size}, {args.repeat} repeats; medians; stall budget "
          f"{GAP_BUDGET_S * 1000:.0f} ms")
    print("'stall CPU': the UI thread's own CPU time in the longest stall (much less than the "
          "stall: it waited for a core or for a worker, it did not work)")
    print("'GC': the longest garbage-collector pass on the UI thread during the action")
    print(f"{'action':42} {'wall':>9} {'budget':>8} {'longest stall':>14} {'stall CPU':>10}"
          f" {'GC':>6}  {'stalls of each repeat':>21}")
    for name, measured in results.items():
        wall, gap = statistics.median(measured.wall), statistics.median(measured.gap)
        cpu = statistics.median(measured.gap_cpu)
        collected = statistics.median(measured.gc)
        budget = budget_of(name, size[0])
        over = " OVER" if (budget is not None and wall > budget) or gap > GAP_BUDGET_S else ""
        limit = f"{budget * 1000:6.0f} ms" if budget is not None else ""
        each = " ".join(f"{g * 1000:.0f}" for g in measured.gap)
        print(f"{name:42} {wall * 1000:6.0f} ms {limit:>9} {gap * 1000:11.0f} ms "
              f"{cpu * 1000:7.0f} ms {collected * 1000:3.0f} ms  {each:>21}{over}")


if __name__ == "__main__":
    main()
