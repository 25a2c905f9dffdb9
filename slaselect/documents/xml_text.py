"""Text that XML can carry: the one cleaning of every string an XML-based document receives.

XML 1.0 cannot hold most control characters (a bell, an escape, NUL) nor U+FFFE/U+FFFF; a
workbook or Word file holding one is malformed, and openpyxl refuses it or, in document
properties, writes a file that will not open. The workbook and the scoring sheet pass the
evaluation through :func:`xml_safe` first and their cell text through
``xlsx.safety.clean_text``; the Word term sheet passes each string through :func:`xml_text`
after showing invisible characters as signs (the PDF term sheet keeps them visible that way).
"""

from __future__ import annotations

import dataclasses
import enum
import re
from typing import Any, TypeVar

ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot carry (tab, line feed and carriage return it can)."""
REPLACEMENT = "\ufffd"

T = TypeVar("T")


def xml_text(text: str) -> str:
    """``text`` with every character XML cannot carry shown as U+FFFD (the replacement mark)."""
    return ILLEGAL_XML.sub(REPLACEMENT, text)


def xml_safe(value: T) -> T:
    """A copy of ``value`` (an evaluation, or any part of one) in which every string, however
    deep, is ``xml_text``; enum members and numbers are kept as they are."""
    return _clean(value)  # type: ignore[no-any-return]


def _clean(value: Any) -> Any:
    if isinstance(value, enum.Enum):  # a StrEnum is a str, but must stay the member it is
        return value
    if isinstance(value, str):
        return xml_text(value) if ILLEGAL_XML.search(value) else value
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, tuple):
        if _clean_records(value):
            return value  # hundreds of thousands of scores, none needing a change
        cleaned = [_clean(v) for v in value]
        return type(value)(*cleaned) if hasattr(value, "_fields") else tuple(cleaned)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _clean(getattr(value, f.name))
                   for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    return value


def _clean_records(values: tuple[Any, ...]) -> bool:
    """True when ``values`` are named tuples of one type (scores, say) whose fields are all
    plain text and numbers, and no text holds a character XML cannot carry: checked column by
    column with one search each, instead of one call per field."""
    if len(values) < 2:
        return False
    kind = type(values[0])
    if not hasattr(kind, "_fields") or not all(type(v) is kind for v in values):
        return False
    for column in zip(*values, strict=True):
        kinds = set(map(type, column))
        if kinds == {str}:
            if ILLEGAL_XML.search("\n".join(column)):
                return False
        elif not kinds <= {int, float, type(None)}:
            return False
    return True
