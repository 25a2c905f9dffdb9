"""Strict field readers for untrusted interchange input, with messages that name the field.

Each reader takes the dotted path of the field (``criteria[3].weight``) so that a buyer who
edited a file by hand is told exactly where the problem is and what was found there.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from collections.abc import Mapping
from typing import Any

from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Term
from slaselect.domain.term_values import TermValueError, checked_term_value
from slaselect.domain.text_limits import MAX_NAME_CHARS, MAX_TEXT_CHARS

FORMAT = "slaselect-evaluation"
"""The ``format`` every interchange document names."""
VERSION = 1
"""The interchange version this SLASelect reads and writes."""
MAX_JSON_BYTES = 200 * 1024 * 1024
"""The largest interchange file read: bigger is not an evaluation."""
KEY_PATTERN = re.compile(r"[a-z0-9_]+")
DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MAX_INTEGER = 2**53 - 1
"""The largest whole number a field may hold: exact in every JSON reader and in SQLite."""
_SHOW_LIMIT = 40
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_]+")


class InterchangeError(EvaluationError):
    """An interchange file (or part of one) is not valid; the message names the field."""


def show(value: Any) -> str:
    """A short, safe rendering of a bad value for an error message."""
    if isinstance(value, str):
        # Quoted and escaped, so that a newline, a control character or a lone surrogate in
        # the value can neither break the one-line message nor make it unprintable.
        text = value if len(value) <= _SHOW_LIMIT else value[:_SHOW_LIMIT] + "…"
        quoted = json.dumps(text, ensure_ascii=False)
        return quoted.encode("utf-8", "backslashreplace").decode("utf-8")
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    try:
        text = repr(value)
    except ValueError:  # an int with more digits than Python will print
        return "a number with too many digits"
    return text if len(text) <= _SHOW_LIMIT else text[:_SHOW_LIMIT] + "…"


def member(path: str, name: Any) -> str:
    """The path of an object's member: ``values.uptime_pct``, or ``values["a b"]`` when the
    name is not a plain word (so that a newline in a name cannot break the message)."""
    word = str(name)
    if _PLAIN_NAME.fullmatch(word):
        return f"{path}.{word}" if path else word
    quoted = json.dumps(word, ensure_ascii=False).encode("utf-8", "backslashreplace")
    return f"{path}[{quoted.decode('utf-8')}]"


def fail(path: str, problem: str, value: Any = ...) -> InterchangeError:
    """Build the error for a field: ``path problem, got value``."""
    if value is ...:
        return InterchangeError(f"{path} {problem}")
    return InterchangeError(f"{path} {problem}, got {show(value)}")


def obj(value: Any, path: str) -> Mapping[str, Any]:
    """The value as a JSON object."""
    if not isinstance(value, Mapping):
        raise fail(path, "must be an object", value)
    return value


def lst(value: Any, path: str) -> list[Any]:
    """The value as a JSON list."""
    if not isinstance(value, list):
        raise fail(path, "must be a list", value)
    return value


def required(container: Mapping[str, Any], name: str, path: str) -> Any:
    """A field that must be present."""
    if name not in container:
        raise fail(f"{path}.{name}" if path else name, "is required")
    return container[name]


def text(value: Any, path: str, *, allow_empty: bool = True,
         limit: int = MAX_TEXT_CHARS) -> str:
    """A string (any Unicode: always data, never markup) of at most ``limit`` characters."""
    if not isinstance(value, str):
        raise fail(path, "must be text", value)
    check_unicode(value, path)
    if not allow_empty and not value.strip():
        raise fail(path, "must not be empty")
    if len(value) > limit:
        raise fail(path, f"may have at most {limit:,} characters, but has {len(value):,}")
    return value


def name(value: Any, path: str) -> str:
    """A name or label: non-empty text of at most ``MAX_NAME_CHARS`` characters."""
    return text(value, path, allow_empty=False, limit=MAX_NAME_CHARS)


def short_text(value: Any, path: str) -> str:
    """A one-line detail (category, unit, contact, label): at most ``MAX_NAME_CHARS``."""
    return text(value, path, limit=MAX_NAME_CHARS)


def known_fields(item: Mapping[str, Any], path: str, allowed: tuple[str, ...]) -> None:
    """Refuse a field SLASelect does not know, naming it: a typo (``wieght``) would otherwise be
    dropped silently, and an unknown field could carry anything, of any size."""
    for field in item:
        if field not in allowed:
            where = member(path, field)
            raise InterchangeError(
                f"{where} is not a field of interchange version {VERSION} (known here: "
                f"{', '.join(allowed)}); remove it"
            )


def key(value: Any, path: str) -> str:
    """A short identifier: lower-case letters, digits and underscores."""
    if not isinstance(value, str) or not KEY_PATTERN.fullmatch(value):
        raise fail(path, "must be a key of lower-case letters, digits and _", value)
    return value


def number(
    value: Any,
    path: str,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    above: float | None = None,
) -> float:
    """A finite number, optionally within bounds."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(path, "must be a number", value)
    try:
        as_float = float(value)
    except OverflowError:  # an int beyond the range of a float
        raise fail(path, "is too large a number", value) from None
    if not math.isfinite(as_float):
        raise fail(path, "must be a number", value)
    if minimum is not None and value < minimum:
        raise fail(path, f"must be >= {_plain(minimum)}", value)
    if maximum is not None and value > maximum:
        raise fail(path, f"must be <= {_plain(maximum)}", value)
    if above is not None and value <= above:
        raise fail(path, f"must be > {_plain(above)}", value)
    return as_float


def integer(value: Any, path: str, *, minimum: int | None = None) -> int:
    """A whole number (at most MAX_INTEGER in size), optionally at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(path, "must be a whole number", value)
    if isinstance(value, float) and not value.is_integer():  # also NaN and infinity
        raise fail(path, "must be a whole number", value)
    if minimum is not None and value < minimum:
        raise fail(path, f"must be >= {minimum}", value)
    if abs(value) > MAX_INTEGER:
        raise fail(path, f"must be at most {MAX_INTEGER} in size", value)
    return int(value)


def date(value: Any, path: str) -> str:
    """A calendar date written YYYY-MM-DD, or empty text for no date."""
    written = text(value, path)
    if not written:
        return written
    try:
        if not DATE_PATTERN.fullmatch(written):
            raise ValueError(written)
        datetime.date.fromisoformat(written)
    except ValueError:
        raise fail(path, "must be a date like 2026-10-01", value) from None
    return written


def check_unicode(value: str, path: str) -> None:
    """Refuse text that is not Unicode: a lone surrogate (``\\ud800``) cannot be saved."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        code = ord(value[error.start])
        raise fail(
            path, f"holds a lone surrogate (\\u{code:04x}), which is not Unicode text"
        ) from None


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_SURROGATE_BYTES = re.compile(rb"\xed[\xa0-\xbf]")


def plain_json_text(raw: bytes) -> bool:
    """True when JSON text in UTF-8 cannot give a string ``check_json_values`` refuses: it
    escapes no surrogate (``\\ud800``, even a valid pair: a rare, slow case) and encodes
    none, which ``json.loads`` would let through. Numbers too large for a float are the
    parser's to notice (``parse_float``)."""
    if json.detect_encoding(raw) != "utf-8":
        return False
    return _SURROGATE_ESCAPE.search(raw) is None and _SURROGATE_BYTES.search(raw) is None


def check_json_values(document: Any, path: str = "") -> None:
    """Walk a parsed document (without recursion) and refuse what no JSON file may hold.

    Every string, including object keys, must be Unicode text, and every number finite, so
    that the values can be saved and written back out. The first problem names its field.
    """
    try:  # the quick check, in C; only a document that fails it is walked to find the field
        json.dumps(document, ensure_ascii=False, allow_nan=False).encode("utf-8")
        return
    except (ValueError, TypeError, UnicodeEncodeError, RecursionError):
        pass
    stack: list[tuple[Any, str]] = [(document, path)]
    while stack:
        value, here = stack.pop()
        if isinstance(value, str):
            check_unicode(value, here or "the file")
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise fail(here or "the file", "must be a finite number", value)
        elif isinstance(value, Mapping):
            children = []
            for name, child in value.items():
                if isinstance(name, str):  # a bad key is reported on the object holding it
                    check_unicode(name, here or "the file")
                children.append((child, member(here, name)))
            stack.extend(reversed(children))
        elif isinstance(value, list | tuple):
            stack.extend(reversed([(child, f"{here}[{i}]") for i, child in enumerate(value)]))


def choice(value: Any, path: str, options: tuple[str, ...] | list[str]) -> str:
    """One of a fixed set of words."""
    if value not in options:
        raise fail(path, f"must be one of {', '.join(options)}", value)
    return str(value)


def unique_keys(items: list[Any], path: str, field: str = "key") -> None:
    """Refuse the second item of a list that repeats a key."""
    seen: set[Any] = set()
    for index, item in enumerate(items):
        value = item[field] if isinstance(item, Mapping) else getattr(item, field)
        if value in seen:
            raise fail(f"{path}[{index}].{field}", "repeats an earlier key", value)
        seen.add(value)


def term_value(term: Term, value: Any, path: str) -> Any:
    """A provider's (or the buyer's) value of a term in its saved form, by the same rules as
    the app (``domain.term_values``); refused with the field's path and the app's sentence."""
    try:
        return checked_term_value(term, value)
    except TermValueError as error:
        raise InterchangeError(error.at(path)) from None


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
