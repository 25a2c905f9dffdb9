"""One registry of the main window's actions, with their shortcuts and help texts."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


class ActionId(Enum):
    """Every command of the main window."""

    NEW = auto()
    OPEN = auto()
    OPEN_DEMO = auto()
    SAVE_AS = auto()
    IMPORT_JSON = auto()
    EXPORT_JSON = auto()
    CLOSE = auto()
    QUIT = auto()
    UNDO = auto()
    REDO = auto()
    ABOUT = auto()


@dataclass(frozen=True)
class ActionSpec:
    """How an action looks: its text, shortcut and status-bar tip."""

    text: str
    shortcut: QKeySequence.StandardKey | str | None
    tip: str


SPECS: dict[ActionId, ActionSpec] = {
    ActionId.NEW: ActionSpec("&New Evaluation…", QKeySequence.StandardKey.New,
                             "Start a new evaluation from the Magento 2 + mobile app template"),
    ActionId.OPEN: ActionSpec("&Open…", QKeySequence.StandardKey.Open,
                              "Open a .slaselect project file"),
    ActionId.OPEN_DEMO: ActionSpec("Open &Demo Evaluation", None,
                                   "Open a fresh copy of the bundled demo evaluation"),
    ActionId.SAVE_AS: ActionSpec("Save &As…", QKeySequence.StandardKey.SaveAs,
                                 "Save a copy under a new name and continue there"),
    ActionId.IMPORT_JSON: ActionSpec("&Import Interchange JSON…", None,
                                     "Build a new project from an interchange JSON file"),
    ActionId.EXPORT_JSON: ActionSpec("&Export Interchange JSON…", None,
                                     "Write the whole evaluation as interchange JSON"),
    ActionId.CLOSE: ActionSpec("&Close", QKeySequence.StandardKey.Close,
                               "Close this evaluation"),
    ActionId.QUIT: ActionSpec("&Quit", QKeySequence.StandardKey.Quit, "Quit SLASelect"),
    ActionId.UNDO: ActionSpec("&Undo", QKeySequence.StandardKey.Undo, "Undo the last change"),
    ActionId.REDO: ActionSpec("&Redo", "Ctrl+Shift+Z", "Redo the change just undone"),
    ActionId.ABOUT: ActionSpec("&About SLASelect", None, "Version and where your data lives"),
}


def build_actions(parent: QWidget) -> dict[ActionId, QAction]:
    """Create every action (not yet connected) with its text, shortcut and tip."""
    actions: dict[ActionId, QAction] = {}
    for action_id, spec in SPECS.items():
        action = QAction(spec.text, parent)
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
        action.setStatusTip(spec.tip)
        action.setToolTip(spec.tip)
        actions[action_id] = action
    return actions
