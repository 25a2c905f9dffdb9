"""The main window: navigation, pages, menus, undo and the title (the File menu's work is
``file_menu.FileMenu``'s)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QTimer
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
from slaselect.ui.actions import ActionId, build_actions, go_to_page_shortcut
from slaselect.ui.file_menu import FileMenu
from slaselect.ui.pages.registry import PAGES, page_class, page_named, page_of, page_row
from slaselect.ui.pages.start import StartPage
from slaselect.ui.settings import (
    LAST_PAGE,
    RECENT_FILES,
    WINDOW_GEOMETRY,
    WINDOW_STATE,
    Settings,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from slaselect.store.project import ProjectLocked
    from slaselect.ui.changes import Place
    from slaselect.ui.pages.base import Page
    from slaselect.ui.session import Session

# The window shows before the rest of the app loads: the session, the domain and the pages
# are imported when an evaluation opens, and dialogs when they are first needed, so that
# the first screen appears within 1.5 x a bare Qt window (bench/app_timing.py).

class MainWindow(FileMenu, QMainWindow):
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
        self.navigation.setCurrentRow(self.first_page_row())
        self.save_state.setText("Read-only" if session.read_only else "All changes saved")
        self._update_actions()
        self._update_title()

    def first_page_row(self) -> int:
        """The navigation row an opened evaluation shows first (where the user left off)."""
        last = self.settings.get(LAST_PAGE)
        return last if 0 <= last < len(PAGES) else 0

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
        if not 0 <= row < len(self._built):
            return
        self.settings.set(LAST_PAGE, row)
        if self._built[row] is None and self._in_a_tender():
            # A tender's page is built on this turn and shown on the next: the window paints
            # in between (building and first showing are each tens of milliseconds there).
            page = self._page_at(row)
            self._on_a_later_turn(lambda: self._show_built(row, page))
            return
        self.stack.setCurrentWidget(self._page_at(row))

    def _show_built(self, row: int, page: Page) -> None:
        """Show a page built a turn ago, unless the user has moved on or closed the file."""
        if self.navigation.currentRow() == row and row < len(self._built) \
                and self._built[row] is page:
            self.stack.setCurrentWidget(page)

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
        if self._in_a_tender():
            self._on_a_later_turn(lambda: self.go_to(place))
        else:
            self.go_to(place)

    def _in_a_tender(self) -> bool:
        """True when the open evaluation is large enough that its pages split their work
        over turns of the event loop (``session.is_large``)."""
        from slaselect.ui.session import is_large

        return self.session is not None and is_large(self.session.evaluation)

    def _on_a_later_turn(self, work: Callable[[], None]) -> None:
        """Run ``work`` on a later turn of the event loop (dropped with the window)."""
        from slaselect.ui.workers import LATER_TURN_MS

        QTimer.singleShot(LATER_TURN_MS, self, work)

    def go_to(self, place: Place | None) -> None:
        """Bring the page of ``place`` to the front with its row or cell selected (in a large
        evaluation the row or cell a turn later: the page paints first)."""
        if place is None or self.session is None:
            return
        page_class = page_named(page_of(place.page))
        self.show_page(page_class)
        if not self._in_a_tender():
            self.page(page_class).show_place(place)
            return
        session = self.session

        def select() -> None:
            if self.session is session and self.current_page() is self.page(page_class):
                self.page(page_class).show_place(place)

        self._on_a_later_turn(select)

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
