"""Small widgets every page uses: in-place messages, labels, spin boxes, alignments.

Each name loads its module on first use, so the start screen (which needs only a label)
does not load the spin boxes and the domain rules behind them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from slaselect.ui.widgets.alignment import (
        LEFT,
        RIGHT,
        SIZE_SAMPLE_ROWS,
        fit_columns_to_sample,
    )
    from slaselect.ui.widgets.labels import EmptyState, help_label, page_title, plain_label
    from slaselect.ui.widgets.messages import InlineMessage, attempt
    from slaselect.ui.widgets.spin_boxes import (
        ClockSpin,
        DecimalSpin,
        IntSpin,
        NumberSpinBox,
        refusal_in,
        show_refusals,
    )
    from slaselect.ui.widgets.text_edits import CommitTextEdit, NotesEdit

_HOME = {
    "LEFT": "alignment", "RIGHT": "alignment", "SIZE_SAMPLE_ROWS": "alignment",
    "fit_columns_to_sample": "alignment",
    "EmptyState": "labels", "help_label": "labels", "page_title": "heading",
    "plain_label": "labels",
    "InlineMessage": "messages", "attempt": "messages",
    "ClockSpin": "spin_boxes", "DecimalSpin": "spin_boxes", "IntSpin": "spin_boxes",
    "NumberSpinBox": "spin_boxes", "refusal_in": "spin_boxes",
    "show_refusals": "spin_boxes",
    "CommitTextEdit": "text_edits", "NotesEdit": "text_edits",
}
"""Each name this package offers and the module that defines it."""

__all__ = [
    "LEFT", "RIGHT", "ClockSpin", "CommitTextEdit", "DecimalSpin", "EmptyState",
    "InlineMessage", "IntSpin", "NotesEdit", "NumberSpinBox", "attempt",
    "help_label", "page_title", "plain_label", "refusal_in", "show_refusals",
    "SIZE_SAMPLE_ROWS", "fit_columns_to_sample",
]


def __getattr__(name: str) -> Any:
    """Load the module of ``name`` on first use."""
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
