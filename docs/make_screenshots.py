"""Write a screenshot of every page of the app on the demo evaluation to docs/screenshots/.

Every page (and the Results tabs) is drawn at 1024x700, 1280x800 and 1920x1080, in the light
and the dark theme, as ``docs/screenshots/<size>/<NN-page>[-dark].png``. The README shows the
1280x800 light pictures.

Run: ``QT_QPA_PLATFORM=offscreen python docs/make_screenshots.py`` (or under Xvfb for the
native look). ``--dark`` or ``--light`` draws one theme only; ``--size 1024x700`` one size only.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtGui import QColor, QImage, QPalette  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from slaselect.domain import edits  # noqa: E402
from slaselect.ui.main_window import MainWindow  # noqa: E402
from slaselect.ui.pages.service import create_demo  # noqa: E402
from slaselect.ui.settings import Settings  # noqa: E402

OUT = Path(__file__).resolve().parent / "screenshots"
SIZES = ((1024, 700), (1280, 800), (1920, 1080))


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
    # greyed-out buttons and fields look disabled, as in a real dark theme
    for role in (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Button, QColor("#2f2f2f"))
    return palette


def save(window: MainWindow, path: Path) -> None:
    """Save the window as a small PNG (an adaptive 256-colour palette when Pillow is there)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = window.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    try:
        from PIL import Image
    except ImportError:  # Pillow is optional: full colour, larger files
        image.save(str(path), "PNG", 0)
    else:
        picture = Image.frombytes("RGB", (image.width(), image.height()),
                                  bytes(image.constBits()), "raw", "RGB", image.bytesPerLine())
        # no dithering: text stays crisp, tints keep their colour
        picture.quantize(256, dither=Image.Dither.NONE).save(path, optimize=True)
    print(f"wrote {path.relative_to(OUT)}")


def slug(title: str) -> str:
    """A page title as a file name part ("Criteria & weights" -> "criteria-weights")."""
    return title.lower().replace(" & ", "-").replace(" ", "-")


def shoot(sizes: list[tuple[int, int]], dark: bool) -> None:
    """Draw every page at every size in one theme."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    if dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    suffix = "-dark" if dark else ""
    folder = Path(tempfile.mkdtemp())
    settings = Settings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings)
    window.show()
    for width, height in sizes:
        window.resize(width, height)
        app.processEvents()
        save(window, OUT / f"{width}x{height}" / f"00-start{suffix}.png")
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
    for width, height in sizes:
        window.resize(width, height)
        for number, page in enumerate(window.pages, start=1):
            window.navigation.setCurrentRow(number - 1)
            QTest.qWait(400)  # fitted columns and text boxes settle over a few turns
            if hasattr(page, "preview_memo"):
                page.preview_memo()  # the Export page, with the memo previewed
                QTest.qWait(2500)  # pages are rendered in the background
            views = [("", None)]
            if hasattr(page, "robustness_tab"):
                views = [("", 0), ("-criterion-scores", 1),
                         ("-robustness", page.robustness_tab),
                         ("-negotiation", page.negotiation_tab)]
            for extra, tab in views:
                if tab is not None:
                    page.tabs.setCurrentIndex(tab)
                    QTest.qWait(600 if tab else 50)
                    robustness = getattr(page, "robustness", None)
                    for _ in range(120):  # the analysis runs on a worker: wait for it
                        if robustness is None or not robustness.working.isVisible():
                            break
                        QTest.qWait(250)
                app.processEvents()
                name = f"{number:02d}-{slug(page.title)}{extra}{suffix}.png"
                save(window, OUT / f"{width}x{height}" / name)
    window.close()


def main() -> None:
    """Draw both themes, each in its own process (a palette is set before any widget)."""
    sizes = list(SIZES)
    if "--size" in sys.argv:
        width, height = sys.argv[sys.argv.index("--size") + 1].split("x")
        sizes = [(int(width), int(height))]
    if "--dark" in sys.argv or "--light" in sys.argv:
        shoot(sizes, dark="--dark" in sys.argv)
        return
    size_args = ["--size", sys.argv[sys.argv.index("--size") + 1]] if "--size" in sys.argv else []
    for theme in ("--light", "--dark"):
        subprocess.run([sys.executable, __file__, theme, *size_args], check=True)


if __name__ == "__main__":
    main()
