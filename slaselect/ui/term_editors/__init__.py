"""Editors for one SLA term value, one small widget per term type, and the dialog around them.

Each editor shows a value in the shape of shared/CONTRACT.md section 3 (``TermType``) and
gives it back in that shape; ``None`` means "not stated" (an emptied number box, the "not
stated" choice, or the dialog's *Clear value* button). Simple types (numbers, durations,
money, choices, flags, one-line text) also work inside a table cell; the rest open in
``TermValueDialog``. Editors do not judge a value: every path that saves one checks it with
the domain's ``checked_term_value``, which refuses it with one sentence a buyer understands.

Modules: ``spin_box`` (the optional number box), ``simple`` (cell editors and the base
class), ``compound`` (severity times, credit tiers, structured terms), ``choose``
(``editor_for``), ``dialog`` (``TermValueDialog``).
"""

from __future__ import annotations

from slaselect.ui.term_editors.choose import INLINE_TYPES, editor_for
from slaselect.ui.term_editors.compound import CreditTiersEditor, SeverityEditor, StructuredEditor
from slaselect.ui.term_editors.dialog import TermValueDialog
from slaselect.ui.term_editors.simple import (
    NOT_STATED,
    ChecklistEditor,
    ChoiceEditor,
    DurationEditor,
    FlagEditor,
    MoneyEditor,
    NumberEditor,
    PercentEditor,
    TermEditor,
    TextEditor,
)
from slaselect.ui.term_editors.spin_box import OptionalSpinBox, currency_prefix

__all__ = [
    "INLINE_TYPES",
    "NOT_STATED",
    "ChecklistEditor",
    "ChoiceEditor",
    "CreditTiersEditor",
    "DurationEditor",
    "FlagEditor",
    "MoneyEditor",
    "NumberEditor",
    "OptionalSpinBox",
    "PercentEditor",
    "SeverityEditor",
    "StructuredEditor",
    "TermEditor",
    "TermValueDialog",
    "TextEditor",
    "currency_prefix",
    "editor_for",
]
