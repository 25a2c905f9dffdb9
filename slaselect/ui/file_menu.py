"""The File menu's work: open, new, the demo, save as, import and export JSON, close.

``FileMenu`` is a part of ``MainWindow`` (a mixin): it opens and creates project files on the
window's behalf, reading them on a worker so the window keeps painting, and hands the opened
session to the window. It asks the user through dialogs that tests replace
(``choose_open_path``, ``choose_save_path``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, QTimer

from slaselect.domain.errors import EvaluationError
from slaselect.store import PROJECT_SUFFIX
from slaselect.ui.pages.registry import page_class
from slaselect.ui.settings import LAST_FOLDER, RECENT_FILES

if TYPE_CHECKING:
    from PySide6.QtWidgets import QListWidget, QStatusBar

    from slaselect.domain.model import Evaluation
    from slaselect.store.project import ProjectLocked
    from slaselect.ui.pages.start import StartPage
    from slaselect.ui.session import Session
    from slaselect.ui.settings import Settings

_QT_FREE_MODULES = ("slaselect.domain.edits", "slaselect.ui.changes",
                    "slaselect.ui.pages.service.reminder", "slaselect.domain.next_steps",
                    # what the first pages (Providers, Overview, Scoring) use of the domain
                    "slaselect.domain.checks", "slaselect.domain.keys",
                    "slaselect.domain.typed_values", "slaselect.domain.audit_words",
                    "slaselect.domain.scores")
"""Modules an open evaluation needs that use no Qt: the worker that reads the file loads
them, so that the window does not stop while they load (the first open of a session would
otherwise stop for them as it shows its first page)."""

FILE_FILTER = f"SLASelect evaluations (*{PROJECT_SUFFIX})"
JSON_FILTER = "Interchange JSON (*.json)"


def demo_copy_path() -> Path:
    """A fresh file name for a demo copy in the user's data folder (never the package)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    folder = Path(base or Path.home() / ".slaselect") / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    import datetime as dt

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return folder / f"demo-{stamp}{PROJECT_SUFFIX}"


class FileMenu:
    """File > Open, New, Open Demo, Save As, Import, Export and Close, for ``MainWindow``."""

    if TYPE_CHECKING:  # what the window provides
        settings: Settings
        session: Session | None
        start_page: StartPage
        navigation: QListWidget

        def statusBar(self) -> QStatusBar: ...  # noqa: N802 - Qt's name
        def show_error(self, title: str, text: str) -> None: ...
        def ask_open_read_only(self, error: ProjectLocked) -> bool: ...
        def _install_session(self, session: Session) -> None: ...
        def first_page_row(self) -> int: ...
        def _refresh_recent_menu(self) -> None: ...
        def _drop_session(self) -> None: ...
        def _show_start(self) -> None: ...

    def choose_open_path(self) -> Path | None:
        """Ask which project file to open."""
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getOpenFileName(self, "Open evaluation", self._folder(), FILE_FILTER)
        return Path(name) if name else None

    def choose_save_path(self, title: str, suggested: str, file_filter: str = FILE_FILTER
                         ) -> Path | None:
        """Ask where to write a file."""
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getSaveFileName(
            self, title, str(Path(self._folder()) / suggested), file_filter
        )
        if not name:
            return None
        path = Path(name)
        wanted = ".json" if file_filter == JSON_FILTER else PROJECT_SUFFIX
        return path if path.suffix.lower() == wanted else path.with_name(path.name + wanted)

    def _folder(self) -> str:
        folder = self.settings.get(LAST_FOLDER)
        hidden = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        # The demo's copies live in the app's own data folder: never offer it for the user's files.
        if folder and Path(folder).is_dir() and not (
                hidden and Path(folder).resolve().is_relative_to(Path(hidden).resolve())):
            return folder
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return documents or str(Path.home())

    def open_dialog(self) -> None:
        """File > Open."""
        path = self.choose_open_path()
        if path is not None:
            self.open_path(path)

    def open_path(self, path: Path, *, read_only: bool = False) -> bool:
        """Open a project file; offer read-only when another window writes it.

        The file is checked and read on a worker (a tender's evaluation takes seconds to
        load), so the window keeps repainting; it shows progress when that takes a while.
        """
        from slaselect.ui.session import Session, SessionParts, open_session_parts
        from slaselect.ui.workers import run_with_progress

        def work(report: Callable[[float], None], cancelled: Callable[[], bool]
                 ) -> SessionParts | EvaluationError | None:
            for module in _QT_FREE_MODULES:  # loaded here, not on the UI thread
                importlib.import_module(module)
            parts = open_session_parts(path, read_only)
            if cancelled() and isinstance(parts, SessionParts):
                parts.project.close()  # the user gave up waiting: leave the file as it was
                return None
            return parts

        # The first page's module loads on the UI thread's first turn while the file is read
        # (a Qt module is not for the worker), not in the stop that shows the page.
        first = self.first_page_row()
        QTimer.singleShot(0, self, lambda: page_class(first))
        opened = run_with_progress(self, f"Opening {path.name}…", work)
        if opened is None:
            return False
        from slaselect.store.project import ProjectLocked  # loaded by the open above

        if isinstance(opened, ProjectLocked):
            if read_only or not self.ask_open_read_only(opened):
                return False
            return self.open_path(path, read_only=True)
        if isinstance(opened, EvaluationError):
            self.show_error("Cannot open this evaluation", str(opened))
            if not path.exists():
                self.settings.forget_file(str(path.resolve()))
                self._refresh_recent_menu()
                self.start_page.set_recent_files(self.settings.get(RECENT_FILES))
            return False
        self._install_session(Session.from_parts(opened))
        self.settings.remember_file(path)
        self._refresh_recent_menu()
        return True

    def _create_and_open(self, path: Path, evaluation: Evaluation, *, overwrite: bool) -> bool:
        from slaselect.store.project import Project

        if self.session is not None and self.session.path is not None \
                and _same_file(path, self.session.path):
            self.show_error("Not saved", f"{path.name} is the file open in this window; "
                            "writing a new evaluation over it would lose its history. "
                            "Choose another name.")
            return False
        try:
            Project.create(path, evaluation, overwrite=overwrite)
        except EvaluationError as error:
            self.show_error("Cannot create the evaluation", str(error))
            return False
        opened = self.open_path(path)
        if opened:
            self.navigation.setCurrentRow(0)  # a new evaluation starts on the Overview
        return opened

    def new_evaluation(self) -> None:
        """File > New: a project from the default template."""
        path = self.choose_save_path("New evaluation", f"Provider selection{PROJECT_SUFFIX}")
        if path is not None:
            from slaselect.documents import bundled

            self._create_and_open(path, bundled.load_template(), overwrite=True)

    def open_demo(self) -> bool:
        """File > Open Demo: a fresh copy of the demo in the user's data folder, with the
        demo's award and year of service (as ``slaselect demo`` writes it)."""
        from slaselect.ui.pages.service import create_demo

        path = demo_copy_path()
        try:
            create_demo(path)
        except EvaluationError as error:
            self.show_error("Cannot create the evaluation", str(error))
            return False
        opened = self.open_path(path)
        if opened:
            self.navigation.setCurrentRow(0)
        return opened

    def save_as(self) -> None:
        """File > Save As: copy the evaluation to a new file and continue there."""
        if self.session is None:
            return
        stem = self.session.path.stem if self.session.path else "Evaluation"
        path = self.choose_save_path("Save a copy as", f"{stem} copy{PROJECT_SUFFIX}")
        if path is not None:
            self._create_and_open(path, self.session.evaluation, overwrite=True)

    def import_json(self) -> None:
        """File > Import: build a project from interchange JSON (checked on a worker)."""
        from PySide6.QtWidgets import QFileDialog

        from slaselect.ui.workers import run_with_progress

        name, _ = QFileDialog.getOpenFileName(self, "Import interchange JSON", self._folder(),
                                              JSON_FILTER)
        if not name:
            return
        source = Path(name)
        from slaselect.documents import interchange

        evaluation = run_with_progress(
            self, "Reading and checking the JSON…",
            lambda report, cancelled: interchange.load_json_file(source),
        )
        if evaluation is None:
            return
        target = self.choose_save_path("Save the imported evaluation as",
                                       source.stem + PROJECT_SUFFIX)
        if target is not None:
            self._create_and_open(target, evaluation, overwrite=True)

    def export_json(self) -> None:
        """File > Export: write interchange JSON atomically."""
        from slaselect.ui.workers import run_with_progress

        if self.session is None:
            return
        stem = self.session.path.stem if self.session.path else "evaluation"
        target = self.choose_save_path("Export interchange JSON", stem + ".json", JSON_FILTER)
        if target is None:
            return
        evaluation = self.session.evaluation
        from slaselect.documents import interchange
        from slaselect.documents.files import write_atomically

        def write(report: Callable[[float], None], cancelled: Callable[[], bool]) -> Path:
            text = interchange.dumps(evaluation)
            report(0.5)
            if cancelled():
                raise EvaluationError("Export cancelled; nothing was written.")
            write_atomically(target, lambda p: p.write_text(text, encoding="utf-8"))
            return target

        if run_with_progress(self, "Exporting…", write) is not None:
            self.statusBar().showMessage(f"Exported {target.name}", 5000)

    def close_evaluation(self) -> None:
        """File > Close: back to the start page (everything is already saved)."""
        self._drop_session()
        self._show_start()


def _same_file(one: Path, other: Path) -> bool:
    """Whether two paths name the same file (through links, ``..`` or another spelling)."""
    try:
        return one.exists() and other.exists() and one.samefile(other)
    except OSError:
        return one.resolve() == other.resolve()
