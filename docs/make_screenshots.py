"""Write a screenshot of every page of the app on the demo evaluation to docs/screenshots/.

Run: ``QT_QPA_PLATFORM=offscreen python docs/make_screenshots.py`` (or under Xvfb for the
native look). The README shows these pictures.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtGui import QColor, QPalette  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from slaselect.domain import edits  # noqa: E402
from slaselect.ui.main_window import MainWindow  # noqa: E402
from slaselect.ui.pages.service import create_demo  # noqa: E402
from slaselect.ui.settings import Settings  # noqa: E402

OUT = Path(__file__).resolve().parent / "screenshots"


def dark_palette() -> QPalette:
    """A dark Fusion palette, to check every page is readable in a dark system theme."""
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#2b2b2b", QPalette.ColorRole.WindowText: "#e8e8e8",
        QPalette.ColorRole.Base: "#1e1e1e", QPalette.ColorRole.AlternateBase: "#262626",
        QPalette.ColorRole.Text: "#e8e8e8", QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: "#e8e8e8", QPalette.ColorRole.Highlight: "#2f65ca",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#353535",
        QPalette.ColorRole.ToolTipText: "#e8e8e8", QPalette.ColorRole.PlaceholderText: "#9a9a9a",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    return palette


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    dark = "--dark" in sys.argv
    if dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    folder = Path(tempfile.mkdtemp())
    settings = Settings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings)
    window.resize(1360, 860)
    window.show()
    OUT.mkdir(exist_ok=True)
    app.processEvents()
    if not dark:
        window.grab().save(str(OUT / "00-start.png"))
    path = folder / "Fernhollow selection.slaselect"
    create_demo(path)  # the demo as the app opens it: with its award and year of service
    window.open_path(path)
    session = window.session
    assert session is not None
    # a little history, as a real evaluation would have
    session.apply(edits.SetCriteriaLock("2026-09-15T08:30:00+00:00"))
    session.apply(edits.SetWeight("security_focus", 9),
                  reason="Board asked for more weight on security after the PCI audit")
    session.apply(edits.SetScore("pelican", "magento_expertise", "ecom_it", 3.5,
                                 "Second technical interview: weaker than first thought"))
    for number, page in enumerate(window.pages, start=1):
        window.navigation.setCurrentRow(number - 1)
        if hasattr(page, "preview_memo"):
            page.preview_memo()  # the Export page, with the memo previewed
            QTest.qWait(2500)  # pages are rendered in the background
        if hasattr(page, "robustness_tab"):
            page.tabs.setCurrentIndex(0)
        app.processEvents()
        name = page.title.lower().replace(" & ", "-").replace(" ", "-")
        suffix = "-dark" if dark else ""
        window.grab().save(str(OUT / f"{number:02d}-{name}{suffix}.png"))
        print(f"wrote {number:02d}-{name}.png")
    window.close()


if __name__ == "__main__":
    main()
