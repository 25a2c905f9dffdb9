"""One mapper per table: a domain value to its row, and a stored row back to a domain value.

Writing is plain; reading trusts nothing. A project may have been damaged, or edited by
another program, in ways ``PRAGMA quick_check`` cannot see: a flipped byte inside a text, a
number stored as text, JSON that no longer parses, a kind this version does not know. Each
reader checks every cell it turns into the domain model and raises ``DamagedRow`` naming the
table and the row, which the project reports as damage instead of a traceback.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from enum import Enum
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from slaselect.domain.model import (
    BusinessHours,
    Criterion,
    CriterionKind,
    Evaluation,
    Evaluator,
    EvaluatorRole,
    MoneyPeriod,
    MustHave,
    MustHaveKind,
    PriceFormula,
    Provider,
    Round,
    Scale,
    Scenario,
    Term,
    TermType,
    UptimeOutcome,
    ValueFunction,
    ValueFunctionKind,
)

if TYPE_CHECKING:
    pass


class DamagedRow(ValueError):
    """A stored row SLASelect could not have written; the message names table and row."""

    def __init__(self, table: str, row: str, problem: str) -> None:
        super().__init__(f"table {table}, {row}: {problem}")
        self.table = table
        self.row = row


def to_json(value: Any) -> str:
    """Compact JSON for a JSON column; NaN and infinity are refused, as on reading."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _no_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a number")


def from_json(text: str) -> Any:
    """Parse a JSON column (raises ValueError on bad JSON, NaN or infinity)."""
    return json.loads(text, parse_constant=_no_constant)


_E = TypeVar("_E", bound=Enum)
_CELL: Any = object()  # "read the cell itself", as opposed to a value taken out of its JSON


class Cells:
    """One stored row being read: typed getters that raise ``DamagedRow`` on a bad cell."""

    def __init__(self, table: str, row: Mapping[str, Any], label: str = "") -> None:
        self.table = table
        self.row = row
        key = row.get("key")
        self.label = label or (f"row {key!r}" if isinstance(key, str) else
                               f"row {row.get('_row', '?')}")

    def fail(self, column: str, problem: str) -> DamagedRow:
        """The damage found in ``column``."""
        return DamagedRow(self.table, self.label, f"{column} {problem}")

    def text(self, column: str) -> str:
        """A text cell."""
        value = self.row[column]
        if not isinstance(value, str):
            raise self.fail(column, "is not text")
        return value

    def optional_text(self, column: str) -> str | None:
        """A text cell that may be empty (NULL)."""
        return None if self.row[column] is None else self.text(column)

    def number(self, column: str) -> float:
        """A finite number cell."""
        return checked_number(self.row[column], lambda problem: self.fail(column, problem))

    def optional_number(self, column: str) -> float | None:
        """A finite number cell that may be empty (NULL)."""
        return None if self.row[column] is None else self.number(column)

    def integer(self, column: str, minimum: int = 0) -> int:
        """A whole-number cell of at least ``minimum``."""
        value = self.row[column]
        if type(value) is not int or value < minimum:
            raise self.fail(column, f"is not a whole number of at least {minimum}")
        return value

    def choice(self, kind: type[_E], column: str, value: Any = _CELL) -> _E:
        """A cell holding one of the names of ``kind`` (or ``value`` taken from JSON)."""
        value = self.row[column] if value is _CELL else value
        try:
            return kind(value)
        except ValueError:
            raise self.fail(column, f"holds {value!r}, which is no {kind.__name__}") from None

    def json(self, column: str) -> Any:
        """A JSON cell, parsed."""
        try:
            return from_json(self.text(column))
        except ValueError as error:
            raise self.fail(column, f"holds broken JSON ({error})") from None

    def shaped(self, column: str, expected: type, data: Any = None) -> Any:
        """A JSON cell (or ``data`` within it) that must be a list or an object."""
        data = self.json(column) if data is None else data
        if not isinstance(data, expected):
            raise self.fail(column, f"is not a JSON {'list' if expected is list else 'object'}")
        return data

    def texts(self, column: str) -> tuple[str, ...]:
        """A JSON list of texts."""
        data = self.shaped(column, list)
        if not all(isinstance(item, str) for item in data):
            raise self.fail(column, "lists something that is not text")
        return tuple(data)

    def text_map(self, column: str) -> dict[str, str]:
        """A JSON object of texts."""
        data = self.shaped(column, dict)
        if not all(isinstance(item, str) for item in data.values()):
            raise self.fail(column, "maps a name to something that is not text")
        return {str(name): text for name, text in data.items()}

    def number_map(self, column: str, data: Any) -> dict[str, float]:
        """A JSON object of finite numbers (``data``, part of ``column``)."""
        self.shaped(column, dict, data)
        for value in data.values():
            checked_number(value, lambda problem: self.fail(column, problem))
        return dict(data)


def checked_number(value: Any, fail: Any) -> float:
    """``value`` when it is a finite int or float (not a bool); else raise ``fail(problem)``."""
    if type(value) not in (int, float):
        raise fail("is not a number")
    if not math.isfinite(value):
        raise fail("is not a finite number")
    return float(value) if type(value) is float else value


# --------------------------------------------------------------------------- evaluation


def evaluation_row(evaluation: Evaluation) -> dict[str, Any]:
    """The evaluation's own settings as the one row of ``evaluation``."""
    return {
        "id": 1,
        "name": evaluation.name,
        "currency": evaluation.currency,
        "horizon_months": evaluation.horizon_months,
        "scale_min": evaluation.scale.min,
        "scale_max": evaluation.scale.max,
        "scenario": _scenario_json(evaluation.scenario),
        "ask": to_json(dict(evaluation.ask)),
        "criteria_locked_at": evaluation.criteria_locked_at,
    }


def evaluation_from_row(row: Mapping[str, Any]) -> Evaluation:
    """The evaluation's settings (no criteria, terms, providers...) from its stored row."""
    cells = Cells("evaluation", row, "its only row")
    scale = Scale(cells.number("scale_min"), cells.number("scale_max"))
    if not scale.max > scale.min:
        raise cells.fail("scale_max", "is not above scale_min")
    ask = cells.shaped("ask", dict)
    return Evaluation(
        name=cells.text("name"),
        currency=cells.text("currency"),
        horizon_months=cells.integer("horizon_months", 1),
        scale=scale,
        scenario=_scenario_from_cells(cells),
        ask=ask,
        criteria_locked_at=cells.text("criteria_locked_at"),
    )


def _scenario_json(scenario: Scenario) -> str:
    hours = scenario.business_hours
    return to_json(
        {
            "incidents_per_month": dict(scenario.incidents_per_month),
            "severity_weights": dict(scenario.severity_weights),
            "business_hours": {
                "days": list(hours.days),
                "start_hour": hours.start_hour,
                "end_hour": hours.end_hour,
                "zone": hours.zone,
                "holidays": {"country": hours.holiday_country, "subdiv": hours.holiday_subdiv},
                "closed": list(hours.closed),
            },
            "uptime_scenario": [[o.uptime, o.p] for o in scenario.uptime_scenario],
            "claim_success": scenario.claim_success,
            "support_hours_month": scenario.support_hours_month,
            "exit_month": scenario.exit_month,
        }
    )


def _scenario_from_cells(cells: Cells) -> Scenario:
    data = cells.shaped("scenario", dict)
    try:
        hours = cells.shaped("scenario", dict, data["business_hours"])
        days = cells.shaped("scenario", list, hours["days"])
        outcomes = cells.shaped("scenario", list, data["uptime_scenario"])
        numbers = [data["claim_success"], data["support_hours_month"], hours["start_hour"],
                   hours["end_hour"], *(n for o in outcomes for n in o)]
    except (KeyError, TypeError):
        raise cells.fail("scenario", "lacks a setting SLASelect writes") from None
    for number in numbers:
        checked_number(number, lambda problem: cells.fail("scenario", problem))
    if not all(type(day) is int for day in days) or type(data["exit_month"]) is not int:
        raise cells.fail("scenario", "holds a day or month that is not a whole number")
    if not all(isinstance(o, list) and len(o) == 2 for o in outcomes):
        raise cells.fail("scenario", "holds an uptime outcome that is not a pair")
    return Scenario(
        incidents_per_month=cells.number_map("scenario", data["incidents_per_month"]),
        severity_weights=cells.number_map("scenario", data["severity_weights"]),
        business_hours=_business_hours(cells, hours, days),
        uptime_scenario=tuple(UptimeOutcome(u, p) for u, p in outcomes),
        claim_success=float(data["claim_success"]),
        support_hours_month=float(data["support_hours_month"]),
        exit_month=data["exit_month"],
    )


def _business_hours(cells: Cells, hours: Mapping[str, Any], days: list[int]) -> BusinessHours:
    """The working week with its service calendar (zone, holidays, closed dates: CONTRACT 7)."""
    holidays = hours.get("holidays", {})
    closed = hours.get("closed", [])
    zone = hours.get("zone", "")
    if (not isinstance(holidays, dict) or not isinstance(closed, list)
            or not isinstance(zone, str)
            or not all(isinstance(v, str) for v in (*holidays.values(), *closed))):
        raise cells.fail("scenario", "holds a service calendar of the wrong shape")
    return BusinessHours(
        tuple(days), float(hours["start_hour"]), float(hours["end_hour"]), zone,
        holidays.get("country", ""), holidays.get("subdiv", ""), tuple(closed),
    )


# --------------------------------------------------------------------------- terms


def term_row(term: Term, position: int) -> dict[str, Any]:
    """A term definition as a row of ``terms``."""
    function = term.value_function
    return {
        "key": term.key,
        "position": position,
        "name": term.name,
        "category": term.category,
        "type": term.type.value,
        "unit": term.unit,
        "options": to_json(list(term.options)),
        "value_function": None
        if function is None
        else to_json(
            {
                "kind": function.kind.value,
                "worst": function.worst,
                "ideal": function.ideal,
                "map": dict(function.map),
            }
        ),
        "must_have": None
        if term.must_have is None
        else to_json({"kind": term.must_have.kind.value, "value": term.must_have.value}),
        "period": term.period.value if term.period else None,
        "description": term.description,
    }


def term_from_row(row: Mapping[str, Any]) -> Term:
    """A term definition from its stored row."""
    cells = Cells("terms", row)
    function = None
    if row["value_function"] is not None:
        data = cells.shaped("value_function", dict)
        worst, ideal = data.get("worst"), data.get("ideal")
        for bound in (worst, ideal):
            if bound is not None:
                checked_number(bound, lambda problem: cells.fail("value_function", problem))
        function = ValueFunction(
            cells.choice(ValueFunctionKind, "value_function", data.get("kind")), worst, ideal,
            cells.number_map("value_function", data.get("map", {})),
        )
    must_have = None
    if row["must_have"] is not None:
        data = cells.shaped("must_have", dict)
        must_have = MustHave(cells.choice(MustHaveKind, "must_have", data.get("kind")),
                             data.get("value"))
    period = row["period"]
    return Term(
        key=cells.text("key"),
        name=cells.text("name"),
        category=cells.text("category"),
        type=cells.choice(TermType, "type"),
        unit=cells.text("unit"),
        options=cells.texts("options"),
        value_function=function,
        must_have=must_have,
        period=None if period is None else cells.choice(MoneyPeriod, "period"),
        description=cells.text("description"),
    )


# --------------------------------------------------------------------------- criteria


def criterion_row(criterion: Criterion, position: int) -> dict[str, Any]:
    """A criterion as a row of ``criteria``."""
    return {
        "key": criterion.key,
        "position": position,
        "name": criterion.name,
        "grp": criterion.group,
        "weight": criterion.weight,
        "kind": criterion.kind.value,
        "description": criterion.description,
        "min_score": criterion.min_score,
        "rubric": to_json(dict(criterion.rubric)),
        "term": criterion.term,
        "figure": criterion.figure,
        "formula": criterion.formula.value,
        "best": criterion.best,
        "worst": criterion.worst,
        "a": criterion.a,
    }


def criterion_from_row(row: Mapping[str, Any]) -> Criterion:
    """A criterion from its stored row."""
    cells = Cells("criteria", row)
    weight = cells.number("weight")
    if weight < 0:
        raise cells.fail("weight", "is negative")
    return Criterion(
        key=cells.text("key"),
        name=cells.text("name"),
        group=cells.text("grp"),
        weight=weight,
        kind=cells.choice(CriterionKind, "kind"),
        description=cells.text("description"),
        min_score=cells.optional_number("min_score"),
        rubric=cells.text_map("rubric"),
        term=cells.optional_text("term"),
        figure=cells.text("figure"),
        formula=cells.choice(PriceFormula, "formula"),
        best=cells.optional_number("best"),
        worst=cells.optional_number("worst"),
        a=cells.number("a"),
    )


# --------------------------------------------------------------------------- providers


def provider_row(provider: Provider, position: int) -> dict[str, Any]:
    """A provider as a row of ``providers``."""
    return {
        "key": provider.key,
        "position": position,
        "name": provider.name,
        "notes": provider.notes,
        "contact": provider.contact,
        "website": provider.website,
        "certifications": to_json(list(provider.certifications)),
        "reference_notes": provider.references,
        "severity_names": to_json(dict(provider.severity_names)),
        "excluded": provider.excluded,
    }


def provider_from_row(row: Mapping[str, Any]) -> Provider:
    """A provider from its stored row."""
    cells = Cells("providers", row)
    return Provider(
        key=cells.text("key"),
        name=cells.text("name"),
        notes=cells.text("notes"),
        contact=cells.text("contact"),
        website=cells.text("website"),
        certifications=cells.texts("certifications"),
        references=cells.text("reference_notes"),
        severity_names=cells.text_map("severity_names"),
        excluded=cells.text("excluded"),
    )


# --------------------------------------------------------------------------- evaluators


def evaluator_row(evaluator: Evaluator, position: int) -> dict[str, Any]:
    """An evaluator as a row of ``evaluators``."""
    return {"key": evaluator.key, "position": position, "name": evaluator.name,
            "role": evaluator.role.value}


def evaluator_from_row(row: Mapping[str, Any]) -> Evaluator:
    """An evaluator from its stored row."""
    cells = Cells("evaluators", row)
    return Evaluator(cells.text("key"), cells.text("name"), cells.choice(EvaluatorRole, "role"))


# --------------------------------------------------------------------------- rounds


def round_row(negotiation_round: Round) -> dict[str, Any]:
    """A negotiation round (without its values) as a row of ``rounds``."""
    return {"provider": negotiation_round.provider, "number": negotiation_round.number,
            "label": negotiation_round.label, "date": negotiation_round.date}


def round_value_rows(negotiation_round: Round) -> list[dict[str, Any]]:
    """The term values a round states, one row of ``round_values`` each."""
    return [
        {"provider": negotiation_round.provider, "number": negotiation_round.number,
         "term": term, "value": to_json(value)}
        for term, value in negotiation_round.values.items()
    ]


def round_from_row(row: Mapping[str, Any], values: Mapping[str, Any]) -> Round:
    """A negotiation round from its stored row and the values stored for it."""
    cells = Cells("rounds", row)
    return Round(cells.text("provider"), cells.integer("number"), cells.text("label"),
                 cells.text("date"), values)


def round_value_from_row(row: Mapping[str, Any]) -> tuple[str, int, str, Any]:
    """(provider, round number, term, value) from a stored row of ``round_values``."""
    cells = Cells("round_values", row)
    return (cells.text("provider"), cells.integer("number"), cells.text("term"),
            cells.json("value"))
