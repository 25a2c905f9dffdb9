"""The main window as a person uses it: open, navigate, edit, undo, reopen, locked files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from slaselect.documents import bundled
from slaselect.domain import edits
from slaselect.store.project import Project
from slaselect.ui.actions import ActionId
from slaselect.ui.file_menu import demo_copy_path
from slaselect.ui.main_window import MainWindow
from slaselect.ui.pages.criteria import CriteriaPage
from slaselect.ui.pages.results import ResultsPage
from slaselect.ui.settings import RECENT_FILES
from tests.factories import three_providers
from tests.ui.windows import shown_window

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    return shown_window(qtbot, tmp_path)


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "selection.slaselect"
    Project.create(path, three_providers())
    return path


def test_start_page_then_open_a_file(window: MainWindow, project_path: Path) -> None:
    assert window.current_page() is window.start_page
    assert window.windowTitle() == "SLASelect"
    assert not window.actions[ActionId.UNDO].isEnabled()
    assert window.open_path(project_path)
    assert window.windowTitle().startswith("selection.slaselect — Three providers")
    assert window.navigation.count() == len(window.pages) == 10
    assert window.settings.get(RECENT_FILES)[0] == str(project_path.resolve())


def test_edit_undo_redo_from_the_menu(window: MainWindow, project_path: Path) -> None:
    window.open_path(project_path)
    session = window.session
    assert session is not None
    window.show_page(ResultsPage)
    results = window.page(ResultsPage)
    assert isinstance(results, ResultsPage)
    session.apply(edits.SetWeight("quality", 0))
    assert window.actions[ActionId.UNDO].isEnabled()
    assert window.actions[ActionId.UNDO].text() == "&Undo Change weight"
    assert "All changes saved" in window.save_state.text()
    leader_after = results.ranking_model.data(results.ranking_model.index(0, 1))
    window.actions[ActionId.UNDO].trigger()
    assert session.evaluation.criterion("quality").weight == 50
    assert window.current_page() is window.page(CriteriaPage)  # undo shows where it happened
    window.show_page(ResultsPage)
    assert results.ranking_model.data(results.ranking_model.index(0, 1)) == "Alpha"
    window.actions[ActionId.REDO].trigger()
    window.show_page(ResultsPage)
    assert results.ranking_model.data(results.ranking_model.index(0, 1)) == leader_after
    # everything was saved as it happened: a second reader sees the redone weight
    with Project.open(project_path, read_only=True) as reader:
        assert reader.load().criterion("quality").weight == 0


def test_a_file_open_elsewhere_offers_read_only(window: MainWindow, project_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from slaselect.store.project import Project; "
         f"p = Project.open({str(project_path)!r}); print('ready', flush=True); "
         "sys.stdin.read()"],
        cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        offered: list[str] = []

        def accept(error: Exception) -> bool:
            offered.append(str(error))
            return True

        monkeypatch.setattr(window, "ask_open_read_only", accept)
        assert window.open_path(project_path)
        assert f"process {holder.pid}" in offered[0]
        assert window.session is not None and window.session.read_only
        assert window.windowTitle().endswith("[read-only] — SLASelect")
    finally:
        holder.communicate("", timeout=20)


def test_a_damaged_file_is_explained_and_not_opened(window: MainWindow, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    junk = tmp_path / "junk.slaselect"
    junk.write_bytes(b"PK\x03\x04 not an evaluation")
    shown: list[str] = []
    monkeypatch.setattr(window, "show_error", lambda title, text: shown.append(text))
    assert not window.open_path(junk)
    assert "not a SLASelect project" in shown[0]
    assert window.session is None and window.current_page() is window.start_page


def test_demo_opens_from_a_copy_in_the_data_folder(window: MainWindow) -> None:
    assert window.open_demo()
    assert window.session is not None and window.session.path is not None
    package = Path(bundled.__file__).resolve().parents[1]
    assert package not in window.session.path.resolve().parents
    assert window.session.evaluation.name == bundled.load_demo().name
    assert demo_copy_path() != window.session.path


def test_close_returns_to_start_and_releases_the_file(window: MainWindow,
                                                      project_path: Path) -> None:
    window.open_path(project_path)
    window.actions[ActionId.CLOSE].trigger()
    assert window.session is None and window.current_page() is window.start_page
    with Project.open(project_path) as again:  # the writer lock was released
        assert again.load() == three_providers()


def test_every_page_shows_on_the_demo(window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "demo.slaselect"
    Project.create(path, bundled.load_demo())
    window.open_path(path)
    for row in range(window.navigation.count()):
        window.navigation.setCurrentRow(row)
        assert window.current_page() is window.pages[row]
        assert not window.current_page().grab().isNull()


def test_every_window_shortcut_is_bound_once(window: MainWindow, project_path: Path) -> None:
    """Redo answers Ctrl+Shift+Z (and the platform's own Redo key) and no key is claimed by
    two window actions, which would leave both silent."""
    assert window.open_path(project_path)
    redo = [s.toString() for s in window.actions[ActionId.REDO].shortcuts()]
    assert redo[0] == "Ctrl+Shift+Z" and len(redo) == len(set(redo))
    actions = [*window.actions.values(), *window.go_menu.actions()]
    keys = [s.toString() for action in actions for s in action.shortcuts()]
    assert len(keys) == len(set(keys)), keys
    assert [a.shortcut().toString() for a in window.go_menu.actions()][:3] == \
        ["Ctrl+1", "Ctrl+2", "Ctrl+3"]


def test_a_new_evaluation_opens_on_the_overview_and_saves_to_the_documents_folder(
    window: MainWindow, project_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from slaselect.ui.pages.overview import OverviewPage

    window.open_path(project_path)
    window.show_page(ResultsPage)  # the last page shown is remembered for files reopened
    assert window.open_demo()
    assert isinstance(window.current_page(), OverviewPage)
    # The demo's copy lives in the app's hidden data folder: a save dialog never starts there.
    assert window.session is not None and window.session.path is not None
    assert Path(window._folder()) != window.session.path.parent
    created = tmp_path / "new.slaselect"
    monkeypatch.setattr(window, "choose_save_path", lambda *args: created)
    window.show_page(ResultsPage)
    window.new_evaluation()
    assert window.session is not None and window.session.path == created
    assert isinstance(window.current_page(), OverviewPage)


def test_every_page_the_app_sends_the_user_to_exists() -> None:
    import re

    from slaselect.ui.pages.registry import page_classes

    titles = {page.title.split()[0] for page in page_classes()}
    source = "\n".join(path.read_text(encoding="utf-8")
                       for path in (REPO / "slaselect" / "ui").rglob("*.py"))
    named = set(re.findall(r"(?:on|to|from|in) the ([A-Z][A-Za-z&]+)[A-Za-z &]* page", source))
    assert named and named <= titles, f"pages that do not exist: {named - titles}"


def test_the_navigation_titles_are_the_pages_own_titles() -> None:
    from slaselect.ui.pages.registry import PAGES, page_classes

    assert [title for title, _, _ in PAGES] == [page.title for page in page_classes()]


def test_the_window_loads_no_numbers_store_or_page_code_before_a_file_opens() -> None:
    heavy = ("numpy", "scipy", "sqlite_utils", "slaselect.store.project",
             "slaselect.ui.pages.results", "reportlab", "openpyxl", "PySide6.QtCharts",
             "slaselect.domain.model", "slaselect.domain.edits", "slaselect.ui.session",
             "slaselect.ui.pages.base", "slaselect.ui.widgets.spin_boxes")
    probe = ("import sys\nimport slaselect.ui.main_window\n"
             f"print(','.join(m for m in {heavy!r} if m in sys.modules) or 'none')")
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True,
                            text=True, check=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.stdout.strip().splitlines()[-1] == "none"


def test_opening_the_demo_on_its_first_page_loads_no_charts_or_document_writers(
        tmp_path: Path) -> None:
    heavy = ("reportlab", "openpyxl", "PySide6.QtCharts", "scipy",
             "slaselect.ui.pages.service.page", "slaselect.ui.pages.results")
    probe = (
        "import sys\nfrom PySide6.QtCore import QSettings\n"
        "from PySide6.QtWidgets import QApplication\napp = QApplication([])\n"
        "from slaselect.ui.main_window import MainWindow\n"
        "from slaselect.ui.settings import Settings\n"
        f"settings = Settings(QSettings({str(tmp_path / 's.ini')!r}, "
        "QSettings.Format.IniFormat))\n"
        "window = MainWindow(settings)\nwindow.show()\nassert window.open_demo()\n"
        "print(type(window.current_page()).__name__)\n"
        f"print(','.join(m for m in {heavy!r} if m in sys.modules) or 'none')\n"
        "window.close()")
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True,
                            text=True, check=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                                 "XDG_DATA_HOME": str(tmp_path / "data")})
    assert result.stdout.strip().splitlines()[-2:] == ["OverviewPage", "none"]


def test_save_as_onto_the_file_open_in_this_window_is_refused_and_keeps_its_history(
    window: MainWindow, project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.open_path(project_path)
    before = project_path.read_bytes()
    shown: list[str] = []
    monkeypatch.setattr(window, "show_error", lambda title, text: shown.append(text))
    # the same file spelt another way: through its folder and back
    spelt = project_path.parent / ".." / project_path.parent.name / project_path.name
    monkeypatch.setattr(window, "choose_save_path", lambda *args: spelt)
    window.save_as()
    assert shown and "is the file open in this window" in shown[0]
    assert project_path.read_bytes() == before
    assert window.session is not None and window.session.path == project_path
