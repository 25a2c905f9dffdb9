"""The number fields the term editors are built from: empty means "not stated".

They keep exactly what was typed (see ``slaselect.ui.widgets.number_edit``): whether a number
fits its term is decided by the domain's ``checked_term_value`` when the value is saved.
"""

from __future__ import annotations

from slaselect.domain.wording import format_money
from slaselect.ui.widgets.number_edit import OptionalNumberField

OptionalSpinBox = OptionalNumberField
"""The term editors' number field (the name they have always used)."""


def plain_number(value: float) -> int | float:
    """A whole number as an int (so 30.0 is saved as 30), anything else as it is.

    Rounded at the ninth decimal only to drop binary noise of a unit change (1.1 h is 66
    minutes, not 66.00000000000001); no one types that many digits.
    """
    rounded = round(float(value), 9)
    return int(rounded) if rounded.is_integer() else rounded


def make_spin(low: float, high: float, decimals: int, suffix: str = "", prefix: str = "",
              step: float = 1.0) -> OptionalNumberField:
    """An optional number field with its unit and the arrow keys' range and step.

    ``decimals`` is kept for the callers' sake: a field shows what was typed, every digit.
    """
    del decimals
    spin = OptionalNumberField()
    spin.setRange(low, high)
    spin.setSingleStep(step)
    spin.setSuffix(suffix)
    spin.setPrefix(prefix)
    return spin


def currency_prefix(currency: str) -> str:
    """What goes before an amount: "$" for USD, "CHF " for CHF."""
    return format_money(0.0, currency)[:-1]
