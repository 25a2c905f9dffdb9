"""Which editor fits a term: one small widget per term type."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QWidget

from slaselect.domain.model import Term, TermType
from slaselect.ui.term_editors.compound import CreditTiersEditor, SeverityEditor, StructuredEditor
from slaselect.ui.term_editors.simple import (
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

INLINE_TYPES = frozenset({
    TermType.PERCENT, TermType.NUMBER, TermType.DURATION, TermType.MONEY, TermType.CHOICE,
    TermType.FLAG, TermType.TEXT,
})
"""Term types whose editor fits inside a table cell; the others open in a dialog."""


def editor_for(term: Term, currency: str = "USD", severity_names: Mapping[str, str] | None = None,
               parent: QWidget | None = None) -> TermEditor:
    """The editor that fits the term's type."""
    kind = term.type
    editor: TermEditor
    if kind is TermType.PERCENT:
        editor = PercentEditor(term)
    elif kind is TermType.NUMBER:
        editor = NumberEditor(term)
    elif kind is TermType.DURATION:
        editor = DurationEditor(term)
    elif kind is TermType.MONEY:
        editor = MoneyEditor(term, currency)
    elif kind is TermType.CHOICE:
        editor = ChoiceEditor(term)
    elif kind is TermType.FLAG:
        editor = FlagEditor(term)
    elif kind is TermType.CHECKLIST:
        editor = ChecklistEditor(term)
    elif kind is TermType.SEVERITY_DURATIONS:
        editor = SeverityEditor(term, severity_names)
    elif kind is TermType.CREDIT_TIERS:
        editor = CreditTiersEditor(term)
    elif kind is TermType.STRUCTURED:
        editor = StructuredEditor(term, currency)
    else:
        editor = TextEditor(term)
    if parent is not None:
        editor.setParent(parent)
    return editor
