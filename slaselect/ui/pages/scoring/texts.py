"""What the Scoring page says, worked out without Qt: empty states, typed scores, rubrics."""

from __future__ import annotations

from typing import Any

from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Criterion, Evaluation, EvaluatorRole, Scale
from slaselect.domain.typed_values import checked_score, read_typed_number
from slaselect.domain.wording import format_number
from slaselect.ui.models.scoring import judgement_criteria
from slaselect.ui.text import ROLE_WORDS, level_number

CONSENSUS_LABEL = "All evaluators (consensus)"


EMPTY_TEXTS = {
    "criteria": (
        "Nothing for the team to score yet",
        "Add judgement criteria first, on the Criteria & weights page: the qualities the team "
        "scores against a rubric, such as expertise or responsiveness. Criteria scored from the "
        "terms or the price are worked out by SLASelect and do not appear here.",
    ),
    "providers": (
        "No providers to score yet",
        "Add the shortlisted providers first, on the Providers page; then each evaluator "
        "scores them here.",
    ),
    "evaluators": (
        "No evaluators yet",
        "Add the scoring team first, under Scoring team on the Overview page; then each "
        "evaluator enters their "
        "scores here and the team agrees the consensus.",
    ),
}


def what_is_missing(evaluation: Evaluation) -> str:
    """What must be added before anything can be scored: "criteria", "providers",
    "evaluators", or '' when the grid can be shown."""
    if not judgement_criteria(evaluation):
        return "criteria"
    if not evaluation.providers:
        return "providers"
    if not evaluation.evaluators:
        return "evaluators"
    return ""


def parse_score(value: Any, scale: Scale, old: float | None) -> float | None | str:
    """A typed score as a number, None to clear, or the sentence saying why it is refused
    and what the cell keeps ("11 is above the top of the scale (10); the score stays 6")."""
    kept = "the cell stays not scored" if old is None else \
        f"the score stays {format_number(old)}"
    if value is None:
        return None
    try:
        if isinstance(value, bool):
            raise EvaluationError("A score must be a number.")
        number = float(value) if isinstance(value, int | float) else \
            read_typed_number(str(value))
        if number is None:
            return None
        return checked_score(scale, number)
    except EvaluationError as error:
        return f"{str(error).rstrip('.')}; {kept}."


def evaluator_label(name: str, role: EvaluatorRole) -> str:
    """An evaluator in the chooser: "Dana Whitlock (Procurement)"."""
    if role is EvaluatorRole.OTHER:  # "Other" says nothing worth a bracket
        return name
    return f"{name} ({ROLE_WORDS[role]})"


def rubric_text(criterion: Criterion, value: float | None) -> str:
    """The criterion's description and rubric levels, the level a value reaches marked ▶."""
    lines: list[str] = []
    if criterion.description:
        lines.extend([criterion.description, ""])
    levels = sorted(criterion.rubric.items(), key=lambda item: level_number(item[0]))
    if not levels:
        lines.append("No rubric written for this criterion yet (add one on the Criteria & "
                     "weights page).")
        return "\n".join(lines)
    reached = None
    if value is not None:
        reached = max((k for k, _ in levels if level_number(k) <= value + 1e-9),
                      key=level_number, default=None)
    for level, text in levels:
        marker = "▶ " if level == reached else "    "
        lines.append(f"{marker}{level}: {text}")
    return "\n".join(lines)
