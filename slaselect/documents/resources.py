"""Where the files that ship with SLASelect live (``resources/``): fonts, templates, the demo.

A module of its own, importing nothing of the project, so a writer that needs only a bundled
font (the memo, the term sheet) does not pull in the interchange reader.
"""

from __future__ import annotations

from pathlib import Path

DEFAULT_TEMPLATE = "magento2_mobile"
"""The template ``slaselect new`` starts from unless told another."""


def resources_folder() -> Path:
    """Where the bundled data lives: inside the installed package, or in the source tree."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "resources"
    return installed if installed.is_dir() else package.parent / "resources"
