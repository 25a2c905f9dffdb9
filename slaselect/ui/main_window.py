"""The main window: navigation, pages, menus, undo, file handling and the title."""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QStandardPaths, QTimer
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from slaselect import __version__
from slaselect.domain.errors import EvaluationError
from slaselect.store import PROJECT_SUFFIX
from slaselect.ui.actions import ActionId, build_actions, go_to_page_shortcut
from slaselect.ui.pages.registry import PAGES, page_class, page_named, page_of, page_row
from slaselect.ui.pages.start import StartPage
from slaselect.ui.settings import (
    LAST_FOLDER,
    LAST_PAGE,
    RECENT_FILES,
    WINDOW_GEOMETRY,
    WINDOW_STATE,
    Settings,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from slaselect.domain.model import Evaluation
    from slaselect.store.project import ProjectLocked
    from slaselect.ui.changes import Place
    from slaselect.ui.pages.base import Page
    from slaselect.ui.session import Session, SessionParts

# The window shows before the rest of the app loads: the session, the domain and the pages
# are imported when an evaluation opens, and dialogs when they are first needed, so that
# the first screen appears within 1.5 x a bare Qt window (bench/app_timing.py).

_QT_FREE_MODULES = ("slaselect.domain.edits", "slaselect.ui.changes",
                    "slaselect.ui.pages.service.reminder", "slaselect.domain.next_steps")
"""Modules an open evaluation needs that use no Qt: the worker that reads the file loads
them, so that the window does not stop while they load."""

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


class MainWindow(QMainWindow):
    """One window for the whole evaluation."""

    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.session: Session | None = None
        # Pages are built on their first visit: opening a tender-sized evaluation builds
        # only the page on screen (the others would take seconds to fill).
        self._built: list[Page | None] = []
        self.actions = build_actions(self)
        self.start_page = StartPage()
        self.start_page.new_requested.connect(self.new_evaluation)
        self.start_page.open_requested.connect(self.open_dialog)
        self.start_page.demo_requested.connect(self.open_demo)
        self.start_page.recent_requested.connect(lambda path: self.open_path(Path(path)))

        self.navigation = QListWidget()
        self.navigation.setMaximumWidth(220)
        self.navigation.setMinimumWidth(170)
        self.navigation.setSpacing(2)
        font = self.navigation.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.navigation.setFont(font)
        self.navigation.setStyleSheet("QListWidget::item { padding: 6px 8px; }")
        self.navigation.currentRowChanged.connect(self._show_page)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start_page)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.navigation)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([180, 1000])  # the navigation no wider than its names need
        # The notice reminder sits above everything while the deadline is near.
        self.reminder = QLabel()
        self.reminder.setWordWrap(True)
        self.reminder.setStyleSheet("background: #FCF3CF; color: #7D6608; padding: 6px 10px;")
        self.reminder.hide()
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.reminder)
        central_layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.save_state = QLabel()
        self.statusBar().addPermanentWidget(self.save_state)

        self._build_menus()
        self._connect_actions()
        self._restore_window()
        self._show_start()

    # ------------------------------------------------------------------ building

    def _build_menus(self) -> None:
        a = self.actions
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(a[ActionId.NEW])
        file_menu.addAction(a[ActionId.OPEN])
        self.recent_menu = file_menu.addMenu("Open &Recent")
        file_menu.addAction(a[ActionId.OPEN_DEMO])
        file_menu.addSeparator()
        file_menu.addAction(a[ActionId.SAVE_AS])
        file_menu.addAction(a[ActionId.IMPORT_JSON])
        file_menu.addAction(a[ActionId.EXPORT_JSON])
        file_menu.addSeparator()
        file_menu.addAction(a[ActionId.AWARD])
        file_menu.addSeparator()
        file_menu.addAction(a[ActionId.CLOSE])
        file_menu.addAction(a[ActionId.QUIT])
        self.edit_menu = self.menuBar().addMenu("&Edit")
        self.edit_menu.addAction(a[ActionId.UNDO])
        self.edit_menu.addAction(a[ActionId.REDO])
        self.go_menu = self.menuBar().addMenu("&Go")
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(a[ActionId.ABOUT])
        self._refresh_recent_menu()

    def _connect_actions(self) -> None:
        handlers: dict[ActionId, Callable[[], object]] = {
            ActionId.NEW: self.new_evaluation,
            ActionId.OPEN: self.open_dialog,
            ActionId.OPEN_DEMO: self.open_demo,
            ActionId.SAVE_AS: self.save_as,
            ActionId.IMPORT_JSON: self.import_json,
            ActionId.EXPORT_JSON: self.export_json,
            ActionId.CLOSE: self.close_evaluation,
            ActionId.QUIT: self.close,
            ActionId.UNDO: self._undo,
            ActionId.REDO: self._redo,
            ActionId.ABOUT: self._about,
            ActionId.AWARD: self.award_contract,
        }
        for action_id, handler in handlers.items():
            self.actions[action_id].triggered.connect(handler)

    def _restore_window(self) -> None:
        geometry = self.settings.get(WINDOW_GEOMETRY)
        if geometry.isEmpty():
            self.resize(1280, 820)
        else:
            self.restoreGeometry(geometry)
        state = self.settings.get(WINDOW_STATE)
        if not state.isEmpty():
            self.restoreState(state)
        splitter = self.settings.splitter("main")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    # ------------------------------------------------------------------ pages

    def _show_start(self) -> None:
        self.navigation.hide()
        self.start_page.set_recent_files(self.settings.get(RECENT_FILES))
        self.stack.setCurrentWidget(self.start_page)
        self._update_actions()
        self._update_title()

    def _install_session(self, session: Session) -> None:
        self._drop_session()
        self.session = session
        session.changed.connect(self._update_title)
        session.changed.connect(lambda _: self._update_reminder())
        session.saved.connect(self._show_saved)
        session.show_place.connect(self._go_to_soon)
        session.undo_stack.canUndoChanged.connect(lambda _: self._update_actions())
        session.undo_stack.canRedoChanged.connect(lambda _: self._update_actions())
        session.undo_stack.undoTextChanged.connect(lambda _: self._update_actions())
        session.undo_stack.redoTextChanged.connect(lambda _: self._update_actions())
        self.navigation.clear()
        self.go_menu.clear()
        self._built = [None] * len(PAGES)
        for number, (title, _, _) in enumerate(PAGES, start=1):
            self.navigation.addItem(QListWidgetItem(title))
            action = self.go_menu.addAction(title)
            action.setShortcut(go_to_page_shortcut(number))
            action.triggered.connect(lambda _=False, row=number - 1:
                                     self.navigation.setCurrentRow(row))
        self.navigation.show()
        last = self.settings.get(LAST_PAGE)
        self.navigation.setCurrentRow(last if 0 <= last < len(PAGES) else 0)
        self.save_state.setText("Read-only" if session.read_only else "All changes saved")
        self._update_actions()
        self._update_title()

    @property
    def pages(self) -> list[Page]:
        """Every page of the open evaluation, in navigation order (builds those not yet built)."""
        return [self._page_at(row) for row in range(len(self._built))]

    def _page_at(self, row: int) -> Page:
        """The page of a navigation row, built on first use."""
        page = self._built[row]
        if page is None:
            assert self.session is not None
            page = page_class(row)(self.session)
            page.refresh_when_shown = True
            self._built[row] = page
            self.stack.addWidget(page)
            self._restore_page_splitters(page)
        return page

    def _page_splitters(self, pages: list[Page]) -> list[tuple[str, QSplitter]]:
        """Every splitter inside the pages, named by page and position (for their sizes)."""
        named = []
        for page in pages:
            for index, splitter in enumerate(page.findChildren(QSplitter)):
                named.append((f"{type(page).__name__}/{index}", splitter))
        return named

    def _restore_page_splitters(self, page: Page) -> None:
        for name, splitter in self._page_splitters([page]):
            state = self.settings.splitter(name)
            if state is not None:
                splitter.restoreState(state)

    def _save_page_splitters(self) -> None:
        built = [page for page in self._built if page is not None]
        for name, splitter in self._page_splitters(built):
            self.settings.save_splitter(name, splitter.saveState())

    def _drop_session(self) -> None:
        self._save_page_splitters()
        for page in self._built:
            if page is not None:
                self.stack.removeWidget(page)
                page.deleteLater()
        self._built = []
        session, self.session = self.session, None
        if session is not None:
            session.undo_stack.blockSignals(True)
            session.blockSignals(True)
            session.close()
            session.deleteLater()
        self._update_actions()

    def _show_page(self, row: int) -> None:
        if 0 <= row < len(self._built):
            self.stack.setCurrentWidget(self._page_at(row))
            self.settings.set(LAST_PAGE, row)

    def current_page(self) -> QWidget:
        """The page on screen."""
        return self.stack.currentWidget()

    def page(self, page_class: type[Page]) -> Page:
        """The open page of a class (raises LookupError when no evaluation is open)."""
        if self._built:
            with contextlib.suppress(ValueError):
                return self._page_at(page_row(page_class))
        raise LookupError(page_class.__name__)

    def show_page(self, page_class: type[Page]) -> None:
        """Bring a page to the front."""
        self.page(page_class)  # raises LookupError when no evaluation is open
        self.navigation.setCurrentRow(page_row(page_class))

    def _go_to_soon(self, place: Place | None) -> None:
        """``go_to`` after an undo, a redo or a chosen next step: in a large evaluation on
        the next turn of the event loop, so that the window paints between saving the
        change and switching page (each is tens of milliseconds at tender size)."""
        from slaselect.ui.session import is_large

        if self.session is not None and is_large(self.session.evaluation):
            QTimer.singleShot(0, self, lambda: self.go_to(place))
        else:
            self.go_to(place)

    def go_to(self, place: Place | None) -> None:
        """Bring the page of ``place`` to the front with its row or cell selected."""
        if place is None or self.session is None:
            return
        page_class = page_named(page_of(place.page))
        self.show_page(page_class)
        self.page(page_class).show_place(place)

    # ------------------------------------------------------------------ status

    def _update_reminder(self) -> None:
        text = ""
        if self.session is not None and self.session.project is not None:
            from slaselect.ui.pages.service import notice_reminder

            text = notice_reminder(self.session.project) or ""
        self.reminder.setText(text or "")
        self.reminder.setVisible(bool(text))

    def award_contract(self) -> None:
        """File > Award Contract: on the Service page."""
        if self.session is not None:
            from slaselect.ui.pages.service import ServicePage

            self.show_page(ServicePage)
            page = self.page(ServicePage)
            assert isinstance(page, ServicePage)
            page.award()

    def _update_title(self) -> None:
        self._update_reminder()
        if self.session is None:
            self.setWindowTitle("SLASelect")
            self.setWindowFilePath("")
            return
        name = self.session.evaluation.name
        where = self.session.path.name if self.session.path else "not saved"
        suffix = " [read-only]" if self.session.read_only else ""
        self.setWindowTitle(f"{where} — {name}{suffix} — SLASelect")
        self.setWindowFilePath(str(self.session.path or ""))

    def _show_saved(self, text: str) -> None:
        import datetime as dt

        stamp = dt.datetime.now().strftime("%H:%M:%S")
        self.save_state.setText(f"All changes saved · {stamp}")
        self.statusBar().showMessage(text, 4000)

    def _update_actions(self) -> None:
        open_ = self.session is not None
        stack = self.session.undo_stack if self.session else None
        if stack is not None and not shiboken6.isValid(stack):
            return
        undo, redo = self.actions[ActionId.UNDO], self.actions[ActionId.REDO]
        undo.setEnabled(bool(stack and stack.canUndo()))
        redo.setEnabled(bool(stack and stack.canRedo()))
        undo.setText(f"&Undo {stack.undoText()}" if stack and stack.canUndo() else "&Undo")
        redo.setText(f"&Redo {stack.redoText()}" if stack and stack.canRedo() else "&Redo")
        for action_id in (ActionId.SAVE_AS, ActionId.EXPORT_JSON, ActionId.CLOSE,
                          ActionId.AWARD):
            self.actions[action_id].setEnabled(open_)

    def _refresh_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.get(RECENT_FILES)
        for text in recent:
            action = self.recent_menu.addAction(Path(text).name)
            action.setToolTip(text)
            action.triggered.connect(lambda _=False, p=text: self.open_path(Path(p)))
        self.recent_menu.setEnabled(bool(recent))

    # ------------------------------------------------------------------ undo

    def _undo(self) -> None:
        if self.session is not None:
            self._guarded(self.session.undo_stack.undo)

    def _redo(self) -> None:
        if self.session is not None:
            self._guarded(self.session.undo_stack.redo)

    def _guarded(self, action: Callable[[], None]) -> None:
        try:
            action()
        except EvaluationError as error:
            self.show_error("That could not be undone", str(error))

    # ------------------------------------------------------------------ files

    def show_error(self, title: str, text: str) -> None:
        """Tell the user what went wrong, in a sentence."""
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, title, text)

    def ask_open_read_only(self, error: ProjectLocked) -> bool:
        """Offer read-only access to a file another window is writing."""
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self, "Evaluation in use", f"{error}\n\nOpen a read-only view instead?",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Open,
        )
        return answer == QMessageBox.StandardButton.Open

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

    def _about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self, "About SLASelect",
            f"SLASelect {__version__}\n\nChoose a service provider and negotiate its SLA.\n"
            "Every change is saved to the evaluation file as you make it.",
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Remember the window and release the project file."""
        self.settings.set(WINDOW_GEOMETRY, self.saveGeometry())
        self.settings.set(WINDOW_STATE, self.saveState())
        self.settings.save_splitter("main", self.splitter.saveState())
        self._drop_session()
        event.accept()


def _same_file(one: Path, other: Path) -> bool:
    """Whether two paths name the same file (through links, ``..`` or another spelling)."""
    try:
        return one.exists() and other.exists() and one.samefile(other)
    except OSError:
        return one.resolve() == other.resolve()
