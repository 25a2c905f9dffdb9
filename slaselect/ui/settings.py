"""Every setting of the app, declared once with its type and default.

Preferences (what the user chooses) and UI state (window geometry, splitters, last folder)
are kept apart, as QSettings groups ``preferences/`` and ``state/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Generic, NamedTuple, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")

MAX_RECENT_FILES = 8


class Setting(NamedTuple, Generic[T]):
    """A named setting with its default; the default's type is the setting's type."""

    key: str
    default: T


RECENT_FILES: Setting[list[str]] = Setting("state/recent_files", [])
LAST_FOLDER: Setting[str] = Setting("state/last_folder", "")
WINDOW_GEOMETRY: Setting[QByteArray] = Setting("state/window_geometry", QByteArray())
WINDOW_STATE: Setting[QByteArray] = Setting("state/window_state", QByteArray())
LAST_PAGE: Setting[int] = Setting("state/last_page", 1)
PAPER_SIZE: Setting[str] = Setting("preferences/paper_size", "A4")
USER_NAME: Setting[str] = Setting("preferences/user_name", "")


class Settings:
    """Typed access to QSettings."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store if store is not None else QSettings()

    def get(self, setting: Setting[T]) -> T:
        """The stored value, or the default when absent or of the wrong type."""
        value = self._store.value(setting.key, setting.default)
        default = setting.default
        if isinstance(default, list):
            if value is None or value == "":
                return type(default)()  # type: ignore[return-value]
            if isinstance(value, str):
                value = [value]  # QSettings returns a one-item list as a plain string
            return [str(v) for v in value] if isinstance(value, list) else default  # type: ignore[return-value]
        if isinstance(default, bool):
            return (value in (True, "true", "1", 1)) if value is not None else default  # type: ignore[return-value]
        if isinstance(default, int):
            try:
                return int(value)  # type: ignore[return-value, arg-type]
            except (TypeError, ValueError):
                return default
        if isinstance(default, QByteArray):
            return value if isinstance(value, QByteArray) else default  # type: ignore[return-value]
        return value if isinstance(value, type(default)) else default  # type: ignore[return-value]

    def set(self, setting: Setting[T], value: T) -> None:
        """Store a value."""
        self._store.setValue(setting.key, value)

    def splitter_key(self, name: str) -> str:
        """The key under which a named splitter's state is kept."""
        return f"state/splitters/{name}"

    def save_splitter(self, name: str, state: QByteArray) -> None:
        """Remember a splitter's sizes."""
        self._store.setValue(self.splitter_key(name), state)

    def splitter(self, name: str) -> QByteArray | None:
        """A splitter's remembered sizes, if any."""
        value = self._store.value(self.splitter_key(name))
        return value if isinstance(value, QByteArray) else None

    def remember_file(self, path: Path) -> list[str]:
        """Put a file at the top of the recent files; return the new list."""
        text = str(path.resolve())
        recent = [p for p in self.get(RECENT_FILES) if p != text]
        recent.insert(0, text)
        recent = recent[:MAX_RECENT_FILES]
        self.set(RECENT_FILES, recent)
        self.set(LAST_FOLDER, str(path.resolve().parent))
        return recent

    def forget_file(self, path: str) -> None:
        """Drop a file from the recent files (it was moved or deleted)."""
        self.set(RECENT_FILES, [p for p in self.get(RECENT_FILES) if p != path])
