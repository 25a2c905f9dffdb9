"""THE check for a number a buyer types into the app: reading the text, scores and weights.

Term values are checked by ``term_values.checked_term_value``; this module holds the rest of
what an editor needs so that every editor keeps exactly what was typed or refuses it with one
sentence: ``read_typed_number`` reads text ("1,500", "99.95", "-500") or says why it is no
number; ``checked_score`` holds a score to the evaluation's scale and its steps;
``checked_weight`` holds a criterion's weight to 0 points or more. The sentences name the
value typed and the limit it breaks ("11 is above the top of the scale (10)"); the editor adds
what stays ("the score stays 6").
"""

from __future__ import annotations

import math
import re

from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Scale
from slaselect.domain.wording import format_number

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_STEP_TOLERANCE = 1e-9


def read_typed_number(text: str) -> float | None:
    """The number typed (None for an empty field); EvaluationError when the text is no number.

    Accepts a sign, a decimal point, thousands separators as commas ("1,500.5") and a decimal
    comma when no point is used ("7,5").
    """
    bare = text.strip().replace(" ", "").replace("\u00a0", "").replace("\u2212", "-")
    if not bare:
        return None
    if _GROUPED.match(bare):
        bare = bare.replace(",", "")
    elif bare.count(",") == 1 and "." not in bare:
        bare = bare.replace(",", ".")
    if not _NUMBER.match(bare):
        shown = text.strip() if len(text.strip()) <= 30 else text.strip()[:30] + "…"
        raise EvaluationError(f"{shown!r} is not a number.")
    number = float(bare)
    if not math.isfinite(number):
        raise EvaluationError(f"{text.strip()!r} is too large to be a number.")
    return number


def score_step(scale: Scale) -> float:
    """The step scores are typed in: half points on a scale of ten or less, else whole points."""
    return 0.5 if scale.max - scale.min <= 10 else 1.0


def checked_score(scale: Scale, value: float) -> float:
    """The score when it lies on the scale and on its steps; EvaluationError saying why not."""
    shown = format_number(value, 6)
    if value > scale.max:
        raise EvaluationError(
            f"{shown} is above the top of the scale ({format_number(scale.max)}).")
    if value < scale.min:
        raise EvaluationError(
            f"{shown} is below the bottom of the scale ({format_number(scale.min)}).")
    step = score_step(scale)
    steps = (value - scale.min) / step
    if abs(steps - round(steps)) > _STEP_TOLERANCE:
        raise EvaluationError(
            f"{shown} is not on the scale's steps of {format_number(step)}.")
    return value


def checked_weight(value: float) -> float:
    """A criterion's weight when it is 0 points or more; EvaluationError saying why not."""
    if not math.isfinite(value) or value < 0:
        raise EvaluationError(
            f"{format_number(value, 6)} is below 0: a weight must be 0 or more.")
    return value
