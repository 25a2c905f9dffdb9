"""A number as a buyer reads it ("99.9", "12", "1,500"): ``format_number``, the one home of
that wording (``wording`` gives it on with the other words). A module that imports nothing, so
the command line words its help's defaults without loading the model."""

from __future__ import annotations


def format_number(value: float, decimals: int = 2) -> str:
    """A number without needless trailing zeros: 99.90 -> "99.9", 12.0 -> "12"."""
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
