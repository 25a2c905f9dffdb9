"""Strict field readers for untrusted JSON-like input, with messages that name the field.

Each reader takes the dotted path of the field (``criteria[3].weight``) so that a buyer who
edited a file by hand is told exactly where the problem is and what was found there.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from slaselect.domain.errors import EvaluationError

KEY_PATTERN = re.compile(r"[a-z0-9_]+")
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
_SHOW_LIMIT = 40


class InterchangeError(EvaluationError):
    """An interchange file (or part of one) is not valid; the message names the field."""


def show(value: Any) -> str:
    """A short, safe rendering of a bad value for an error message."""
    if isinstance(value, str):
        text = value if len(value) <= _SHOW_LIMIT else value[:_SHOW_LIMIT] + "…"
        return f'"{text}"'
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= _SHOW_LIMIT else text[:_SHOW_LIMIT] + "…"


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


def text(value: Any, path: str, *, allow_empty: bool = True) -> str:
    """A string (any Unicode: always data, never markup)."""
    if not isinstance(value, str):
        raise fail(path, "must be text", value)
    if not allow_empty and not value.strip():
        raise fail(path, "must not be empty")
    return value


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
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise fail(path, "must be a number", value)
    if minimum is not None and value < minimum:
        raise fail(path, f"must be >= {_plain(minimum)}", value)
    if maximum is not None and value > maximum:
        raise fail(path, f"must be <= {_plain(maximum)}", value)
    if above is not None and value <= above:
        raise fail(path, f"must be > {_plain(above)}", value)
    return float(value)


def integer(value: Any, path: str, *, minimum: int | None = None) -> int:
    """A whole number, optionally at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise fail(path, "must be a whole number", value)
    if minimum is not None and value < minimum:
        raise fail(path, f"must be >= {minimum}", value)
    return int(value)


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


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
