"""One registry of actions and their shortcuts: the main window's commands and the pages'.

Every keyboard shortcut of the app is declared here, once, keyed by ``ActionId``; standard
keys come from ``QKeySequence.StandardKey`` so that each platform gets its own binding.
"""

from __future__ import annotations

from enum import Enum, auto
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    # Qt's namespace of enums takes ~60 ms to load: the start screen does without it
    from PySide6.QtCore import QObject, Qt
    from PySide6.QtWidgets import QWidget


class ActionId(Enum):
    """Every command with a shortcut: the main window's, then those the pages offer."""

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
    AWARD = auto()
    # page commands: their text is the page's, their keys are here
    ADD_ROW = auto()
    REMOVE_ROW = auto()
    CLEAR_CELLS = auto()
    FIND = auto()


class ActionSpec(NamedTuple):
    """How an action looks: its text, shortcuts (first is the one shown) and status-bar tip."""

    text: str
    shortcuts: tuple[QKeySequence.StandardKey | str, ...]
    tip: str


SPECS: dict[ActionId, ActionSpec] = {
    ActionId.NEW: ActionSpec("&New Evaluation…", (QKeySequence.StandardKey.New,),
                             "Start a new evaluation from the Magento 2 + mobile app template"),
    ActionId.OPEN: ActionSpec("&Open…", (QKeySequence.StandardKey.Open,),
                              "Open a .slaselect project file"),
    ActionId.OPEN_DEMO: ActionSpec("Open &Demo Evaluation", (),
                                   "Open a fresh copy of the bundled demo evaluation"),
    ActionId.SAVE_AS: ActionSpec("Save &As…", (QKeySequence.StandardKey.SaveAs,),
                                 "Save a copy under a new name and continue there"),
    ActionId.IMPORT_JSON: ActionSpec("&Import Interchange JSON…", (),
                                     "Build a new project from an interchange JSON file"),
    ActionId.EXPORT_JSON: ActionSpec("&Export Interchange JSON…", (),
                                     "Write the whole evaluation as interchange JSON"),
    ActionId.CLOSE: ActionSpec("&Close", (QKeySequence.StandardKey.Close,),
                               "Close this evaluation"),
    ActionId.QUIT: ActionSpec("&Quit", (QKeySequence.StandardKey.Quit,), "Quit SLASelect"),
    ActionId.UNDO: ActionSpec("&Undo", (QKeySequence.StandardKey.Undo,), "Undo the last change"),
    # Ctrl+Shift+Z everywhere, and the platform's own Redo key (Ctrl+Y on Windows) as well
    ActionId.REDO: ActionSpec("&Redo", ("Ctrl+Shift+Z", QKeySequence.StandardKey.Redo),
                              "Redo the change just undone"),
    ActionId.ABOUT: ActionSpec("&About SLASelect", (), "Version and where your data lives"),
    ActionId.AWARD: ActionSpec("A&ward Contract…", (),
                               "Make the chosen provider's signed round the contract"),
    ActionId.ADD_ROW: ActionSpec("&Add…", ("Ins",), "Add a row"),
    ActionId.REMOVE_ROW: ActionSpec("&Remove…", (QKeySequence.StandardKey.Delete,),
                                    "Remove the selected row"),
    ActionId.CLEAR_CELLS: ActionSpec("Clear", (QKeySequence.StandardKey.Delete,
                                               "Backspace"),
                                     "Clear the selected cells"),
    ActionId.FIND: ActionSpec("&Find", (QKeySequence.StandardKey.Find,), "Find by name"),
}


def key_sequences(action_id: ActionId) -> list[QKeySequence]:
    """The shortcuts of an action, without repeats (a standard key may equal a written one)."""
    sequences: list[QKeySequence] = []
    for key in SPECS[action_id].shortcuts:
        sequence = QKeySequence(key)
        if not sequence.isEmpty() and sequence not in sequences:
            sequences.append(sequence)
    return sequences


def build_actions(parent: QWidget) -> dict[ActionId, QAction]:
    """Create every main-window action (not yet connected) with its text, shortcut and tip."""
    actions: dict[ActionId, QAction] = {}
    for action_id, spec in SPECS.items():
        if action_id in PAGE_ACTIONS:
            continue
        action = QAction(spec.text, parent)
        action.setShortcuts(key_sequences(action_id))
        action.setStatusTip(spec.tip)
        action.setToolTip(spec.tip)
        actions[action_id] = action
    return actions


PAGE_ACTIONS = frozenset({ActionId.ADD_ROW, ActionId.REMOVE_ROW, ActionId.CLEAR_CELLS,
                          ActionId.FIND})
"""Actions a page creates for itself, with its own words, through ``page_action``."""


def page_action(action_id: ActionId, text: str, parent: QObject, *,
                context: Qt.ShortcutContext | None = None) -> QAction:
    """A page's action with the registry's shortcuts, active only where ``context`` says
    (by default ``WidgetShortcut``: while its widget has the focus)."""
    from PySide6.QtCore import Qt

    action = QAction(text, parent)
    action.setShortcuts(key_sequences(action_id))
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut if context is None else context)
    return action


def go_to_page_shortcut(number: int) -> QKeySequence:
    """The shortcut of the Go menu's page ``number`` (1-9: Ctrl+1 … Ctrl+9; none beyond)."""
    return QKeySequence(f"Ctrl+{number}") if 1 <= number <= 9 else QKeySequence()
