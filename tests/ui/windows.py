"""The application window as the UI tests open it: fresh settings in the test's folder,
shown, and optionally with a project open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from slaselect.ui.main_window import MainWindow
from slaselect.ui.settings import Settings


def shown_window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    """A window with settings of its own (``tmp_path/settings.ini``), shown, nothing open."""
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    main = MainWindow(settings)
    qtbot.addWidget(main)
    main.show()
    return main


def window_on(qtbot: QtBot, tmp_path: Path, path: Path) -> MainWindow:
    """A shown window with the project at ``path`` open."""
    main = shown_window(qtbot, tmp_path)
    assert main.open_path(path)
    return main


def service_demo_window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    """A shown window on the demo with its signed contract and a year of service (failed
    months, credits, claims), so every page, Service included, shows it all."""
    from slaselect.ui.pages.service import create_demo

    path = tmp_path / "demo.slaselect"
    create_demo(path)
    return window_on(qtbot, tmp_path, path)
