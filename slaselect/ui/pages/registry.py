"""Which pages the window has, in navigation order, and how to find them.

Each page's module (and what it needs: scipy, charts, the document writers) is imported on
its first visit, so the window shows without them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # both load with the first page, not with the window
    from slaselect.ui.changes import PageId
    from slaselect.ui.pages.base import Page

PAGES: tuple[tuple[str, str, str], ...] = (
    ("Overview", "overview", "OverviewPage"),
    ("Providers", "providers", "ProvidersPage"),
    ("Criteria & weights", "criteria", "CriteriaPage"),
    ("Scoring", "scoring", "ScoringPage"),
    ("Terms & negotiation", "terms", "TermsPage"),
    ("Compare", "compare", "ComparePage"),
    ("Results", "results", "ResultsPage"),
    ("Export", "export", "ExportPage"),
    ("History", "history", "HistoryPage"),
    ("Service", "service", "ServicePage"),
)
"""The pages in navigation order: (title, module under ``slaselect.ui.pages``, class). A page's
module (and what it needs: scipy, charts, the document writers) loads on its first visit, so
the window shows without them; a test checks the titles against the classes."""


def page_class(row: int) -> type[Page]:
    """The page class of a navigation row, imported on first use."""
    _, module, name = PAGES[row]
    found: type[Page] = getattr(importlib.import_module(f"slaselect.ui.pages.{module}"), name)
    return found


def page_classes() -> list[type[Page]]:
    """Every page class in navigation order (imports every page)."""
    return [page_class(row) for row in range(len(PAGES))]


def page_row(wanted: type[Page]) -> int:
    """The navigation row of a page class (ValueError for a class that is no page)."""
    for row, (_, _, name) in enumerate(PAGES):
        if name == wanted.__name__ and page_class(row) is wanted:
            return row
    raise ValueError(wanted.__name__)


def page_of(place: PageId) -> str:
    """The name of the page class (one of PAGES, loaded on first use) that shows each kind
    of place."""
    from slaselect.ui.changes import PageId

    return {
        PageId.OVERVIEW: "OverviewPage", PageId.PROVIDERS: "ProvidersPage",
        PageId.CRITERIA: "CriteriaPage", PageId.SCORING: "ScoringPage",
        PageId.TERMS: "TermsPage",
    }[place]


def page_named(name: str) -> type[Page]:
    """The page class called ``name`` (one of PAGES), imported on first use."""
    return page_class(next(row for row, (_, _, cls) in enumerate(PAGES) if cls == name))
