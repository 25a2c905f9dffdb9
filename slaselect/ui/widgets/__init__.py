"""Small widgets every page uses: in-place messages, labels, spin boxes, alignments."""

from __future__ import annotations

from slaselect.ui.widgets.alignment import LEFT, RIGHT, SIZE_SAMPLE_ROWS, fit_columns_to_sample
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

__all__ = [
    "LEFT", "RIGHT", "ClockSpin", "CommitTextEdit", "DecimalSpin", "EmptyState",
    "InlineMessage", "IntSpin", "NotesEdit", "NumberSpinBox", "attempt",
    "help_label", "page_title", "plain_label", "refusal_in", "show_refusals",
    "SIZE_SAMPLE_ROWS", "fit_columns_to_sample",
]
