"""Load and save the evaluation in the project database; every write is one transaction.

Functions take the ``sqlite_utils.Database`` first. Writers run inside ``db.atomic()``: a
failure at any row rolls the whole write back, so a file never holds half an import.
"""

from __future__ import annotations

import contextlib
import gc
import json
from collections.abc import Iterable, Iterator
from functools import singledispatch
from typing import Any

import sqlite_utils

from slaselect.domain import edits
from slaselect.domain.audit import AuditEntry
from slaselect.domain.model import (
    BusinessHours,
    Consensus,
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
    Score,
    Term,
    TermType,
    UptimeOutcome,
    ValueFunction,
    ValueFunctionKind,
)

_TABLES_CHILD_FIRST = (
    "round_values",
    "rounds",
    "consensus",
    "scores",
    "criteria",
    "terms",
    "evaluators",
    "providers",
    "evaluation",
)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


# --------------------------------------------------------------------------- rows


def _scenario_json(scenario: Scenario) -> str:
    hours = scenario.business_hours
    return _json(
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


def _scenario_from_json(text: str) -> Scenario:
    data = json.loads(text)
    hours = data["business_hours"]
    return Scenario(
        incidents_per_month=data["incidents_per_month"],
        severity_weights=data["severity_weights"],
        business_hours=BusinessHours(
            tuple(hours["days"]), float(hours["start_hour"]), float(hours["end_hour"]),
            hours.get("zone", ""), hours.get("holidays", {}).get("country", ""),
            hours.get("holidays", {}).get("subdiv", ""), tuple(hours.get("closed", ())),
        ),
        uptime_scenario=tuple(UptimeOutcome(u, p) for u, p in data["uptime_scenario"]),
        claim_success=float(data["claim_success"]),
        support_hours_month=float(data["support_hours_month"]),
        exit_month=int(data["exit_month"]),
    )


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
        "options": _json(list(term.options)),
        "value_function": None
        if function is None
        else _json(
            {
                "kind": function.kind.value,
                "worst": function.worst,
                "ideal": function.ideal,
                "map": dict(function.map),
            }
        ),
        "must_have": None
        if term.must_have is None
        else _json({"kind": term.must_have.kind.value, "value": term.must_have.value}),
        "period": term.period.value if term.period else None,
        "description": term.description,
    }


def _term_from_row(row: dict[str, Any]) -> Term:
    function = None
    if row["value_function"]:
        data = json.loads(row["value_function"])
        function = ValueFunction(
            ValueFunctionKind(data["kind"]), data["worst"], data["ideal"], data["map"]
        )
    must_have = None
    if row["must_have"]:
        data = json.loads(row["must_have"])
        must_have = MustHave(MustHaveKind(data["kind"]), data["value"])
    return Term(
        key=row["key"],
        name=row["name"],
        category=row["category"],
        type=TermType(row["type"]),
        unit=row["unit"],
        options=tuple(json.loads(row["options"])),
        value_function=function,
        must_have=must_have,
        period=MoneyPeriod(row["period"]) if row["period"] else None,
        description=row["description"],
    )


def provider_row(provider: Provider, position: int) -> dict[str, Any]:
    """A provider as a row of ``providers``."""
    return {
        "key": provider.key,
        "position": position,
        "name": provider.name,
        "notes": provider.notes,
        "contact": provider.contact,
        "website": provider.website,
        "certifications": _json(list(provider.certifications)),
        "reference_notes": provider.references,
        "severity_names": _json(dict(provider.severity_names)),
        "excluded": provider.excluded,
    }


def _provider_from_row(row: dict[str, Any]) -> Provider:
    return Provider(
        key=row["key"],
        name=row["name"],
        notes=row["notes"],
        contact=row["contact"],
        website=row["website"],
        certifications=tuple(json.loads(row["certifications"])),
        references=row["reference_notes"],
        severity_names=json.loads(row["severity_names"]),
        excluded=row["excluded"],
    )


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
        "rubric": _json(dict(criterion.rubric)),
        "term": criterion.term,
        "figure": criterion.figure,
        "formula": criterion.formula.value,
        "best": criterion.best,
        "worst": criterion.worst,
        "a": criterion.a,
    }


def _criterion_from_row(row: dict[str, Any]) -> Criterion:
    return Criterion(
        key=row["key"],
        name=row["name"],
        group=row["grp"],
        weight=row["weight"],
        kind=CriterionKind(row["kind"]),
        description=row["description"],
        min_score=row["min_score"],
        rubric=json.loads(row["rubric"]),
        term=row["term"],
        figure=row["figure"],
        formula=PriceFormula(row["formula"]),
        best=row["best"],
        worst=row["worst"],
        a=row["a"],
    )


# --------------------------------------------------------------------------- load


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while hundreds of thousands of score tuples are
    made: they hold no cycles, and collecting as they appear costs a third of the load."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_evaluation(db: sqlite_utils.Database) -> Evaluation:
    """Read the whole evaluation from an open project database."""
    with _collector_paused():
        return _load_evaluation(db)


def _load_evaluation(db: sqlite_utils.Database) -> Evaluation:
    conn = db.conn
    header = conn.execute(
        "SELECT name, currency, horizon_months, scale_min, scale_max, scenario, ask, "
        "criteria_locked_at FROM evaluation"
    ).fetchone()
    if header is None:
        raise LookupError("the project holds no evaluation")
    name, currency, horizon, scale_min, scale_max, scenario, ask, locked_at = header

    def rows(sql: str) -> Iterator[dict[str, Any]]:
        cursor = conn.execute(sql)
        columns = [d[0] for d in cursor.description]
        for values in cursor:
            yield dict(zip(columns, values, strict=True))

    terms = tuple(_term_from_row(r) for r in rows("SELECT * FROM terms ORDER BY position"))
    criteria = tuple(
        _criterion_from_row(r) for r in rows("SELECT * FROM criteria ORDER BY position")
    )
    providers = tuple(
        _provider_from_row(r) for r in rows("SELECT * FROM providers ORDER BY position")
    )
    evaluators = tuple(
        Evaluator(k, n, EvaluatorRole(role))
        for k, n, role in conn.execute(
            "SELECT key, name, role FROM evaluators ORDER BY position"
        )
    )
    scores = tuple(
        map(
            Score._make,
            conn.execute(
                "SELECT provider, criterion, evaluator, value, rationale FROM scores ORDER BY rowid"
            ),
        )
    )
    consensus = tuple(
        map(
            Consensus._make,
            conn.execute(
                "SELECT provider, criterion, value, rationale FROM consensus ORDER BY rowid"
            ),
        )
    )
    values_by_round: dict[tuple[str, int], dict[str, Any]] = {}
    for provider, number, term, value in conn.execute(
        "SELECT provider, number, term, value FROM round_values ORDER BY rowid"
    ):
        values_by_round.setdefault((provider, number), {})[term] = json.loads(value)
    rounds = tuple(
        Round(provider, number, label, date, values_by_round.get((provider, number), {}))
        for provider, number, label, date in conn.execute(
            "SELECT provider, number, label, date FROM rounds ORDER BY rowid"
        )
    )
    return Evaluation(
        name=name,
        currency=currency,
        horizon_months=int(horizon),
        scale=Scale(scale_min, scale_max),
        criteria=criteria,
        terms=terms,
        providers=providers,
        evaluators=evaluators,
        scores=scores,
        consensus=consensus,
        rounds=rounds,
        scenario=_scenario_from_json(scenario),
        ask=json.loads(ask),
        criteria_locked_at=locked_at,
    )


# --------------------------------------------------------------------------- save


def save_evaluation(db: sqlite_utils.Database, evaluation: Evaluation) -> None:
    """Replace the project's whole content with ``evaluation``, all or nothing."""
    with db.atomic():
        for table in _TABLES_CHILD_FIRST:
            db.execute(f"DELETE FROM {table}")
        _insert(db, "evaluation", [_evaluation_row(evaluation)])
        _insert(db, "terms", (term_row(t, i) for i, t in enumerate(evaluation.terms)))
        _insert(db, "criteria", (criterion_row(c, i) for i, c in enumerate(evaluation.criteria)))
        _insert(db, "providers", (provider_row(p, i) for i, p in enumerate(evaluation.providers)))
        _insert(
            db,
            "evaluators",
            (
                {"key": e.key, "position": i, "name": e.name, "role": e.role.value}
                for i, e in enumerate(evaluation.evaluators)
            ),
        )
        _insert(db, "scores", (s._asdict() for s in evaluation.scores))
        _insert(db, "consensus", (c._asdict() for c in evaluation.consensus))
        _insert(
            db,
            "rounds",
            (
                {"provider": r.provider, "number": r.number, "label": r.label, "date": r.date}
                for r in evaluation.rounds
            ),
        )
        _insert(
            db,
            "round_values",
            (
                {"provider": r.provider, "number": r.number, "term": term, "value": _json(value)}
                for r in evaluation.rounds
                for term, value in r.values.items()
            ),
        )


def _evaluation_row(evaluation: Evaluation) -> dict[str, Any]:
    return {
        "id": 1,
        "name": evaluation.name,
        "currency": evaluation.currency,
        "horizon_months": evaluation.horizon_months,
        "scale_min": evaluation.scale.min,
        "scale_max": evaluation.scale.max,
        "scenario": _scenario_json(evaluation.scenario),
        "ask": _json(dict(evaluation.ask)),
        "criteria_locked_at": evaluation.criteria_locked_at,
    }


def _insert(db: sqlite_utils.Database, table: str, rows: Iterable[dict[str, Any]]) -> None:
    """Insert rows with executemany; a failing row raises, the caller's transaction rolls back."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return
    columns = list(first)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})"
    )

    def values() -> Iterator[tuple[Any, ...]]:
        yield tuple(first[c] for c in columns)
        for row in iterator:
            yield tuple(row[c] for c in columns)

    db.conn.executemany(sql, values())


# --------------------------------------------------------------------------- edits


@singledispatch
def _write_edit(edit: object, db: sqlite_utils.Database, after: Evaluation) -> None:
    raise TypeError(f"the project file cannot store a {type(edit).__name__}")


def apply_edit(
    db: sqlite_utils.Database, edit: object, after: Evaluation, audit: AuditEntry | None = None
) -> None:
    """Write one applied edit (``after`` is the evaluation with it made) in one transaction.

    With ``audit`` the change is recorded in the append-only audit trail in the same
    transaction, so the trail never claims a change the file does not hold, nor misses one.
    """
    with db.atomic():
        _write_edit(edit, db, after)
        if audit is not None:
            db.execute(
                "INSERT INTO audit (at, who, action, detail, reason) VALUES (?, ?, ?, ?, ?)",
                [audit.at, audit.who, audit.action, audit.detail, audit.reason],
            )


def audit_trail(db: sqlite_utils.Database) -> list[AuditEntry]:
    """Every recorded change, oldest first."""
    return [
        AuditEntry(*row)
        for row in db.conn.execute(
            "SELECT at, who, action, detail, reason FROM audit ORDER BY id"
        )
    ]


def _upsert_score(db: sqlite_utils.Database, score: Score) -> None:
    db.execute(
        "INSERT INTO scores (provider, criterion, evaluator, value, rationale) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (provider, criterion, evaluator) "
        "DO UPDATE SET value = excluded.value, rationale = excluded.rationale",
        list(score),
    )


@_write_edit.register
def _(edit: edits.SetScore, db: sqlite_utils.Database, after: Evaluation) -> None:
    if edit.value is None:
        db.execute(
            "DELETE FROM scores WHERE provider = ? AND criterion = ? AND evaluator = ?",
            [edit.provider, edit.criterion, edit.evaluator],
        )
    else:
        _upsert_score(db, Score(edit.provider, edit.criterion, edit.evaluator,
                                float(edit.value), edit.rationale))


@_write_edit.register
def _(edit: edits.SetConsensus, db: sqlite_utils.Database, after: Evaluation) -> None:
    if edit.value is None:
        db.execute("DELETE FROM consensus WHERE provider = ? AND criterion = ?",
                   [edit.provider, edit.criterion])
    else:
        db.execute(
            "INSERT INTO consensus (provider, criterion, value, rationale) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (provider, criterion) "
            "DO UPDATE SET value = excluded.value, rationale = excluded.rationale",
            [edit.provider, edit.criterion, float(edit.value), edit.rationale],
        )


def _update(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> None:
    columns = [c for c in row if c != "key"]
    db.execute(
        f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in columns)} WHERE key = ?",
        [row[c] for c in columns] + [row["key"]],
    )


def _renumber(db: sqlite_utils.Database, table: str, keys: Iterable[str]) -> None:
    db.conn.executemany(f"UPDATE {table} SET position = ? WHERE key = ?",
                        [(i, k) for i, k in enumerate(keys)])


@_write_edit.register
def _(edit: edits.SetWeight, db: sqlite_utils.Database, after: Evaluation) -> None:
    db.execute("UPDATE criteria SET weight = ? WHERE key = ?", [edit.weight, edit.criterion])


@_write_edit.register
def _(edit: edits.ReplaceCriterion, db: sqlite_utils.Database, after: Evaluation) -> None:
    position = [c.key for c in after.criteria].index(edit.criterion.key)
    _update(db, "criteria", criterion_row(edit.criterion, position))


@_write_edit.register
def _(edit: edits.InsertCriterion, db: sqlite_utils.Database, after: Evaluation) -> None:
    _insert(db, "criteria", [criterion_row(edit.criterion, len(after.criteria))])
    _renumber(db, "criteria", (c.key for c in after.criteria))
    _insert(db, "scores", (s._asdict() for s in edit.scores))
    _insert(db, "consensus", (c._asdict() for c in edit.consensus))


@_write_edit.register
def _(edit: edits.DeleteCriterion, db: sqlite_utils.Database, after: Evaluation) -> None:
    db.execute("DELETE FROM criteria WHERE key = ?", [edit.key])
    _renumber(db, "criteria", (c.key for c in after.criteria))




def _evaluator_row(evaluator: Evaluator, position: int) -> dict[str, Any]:
    return {"key": evaluator.key, "position": position, "name": evaluator.name,
            "role": evaluator.role.value}


def _insert_rounds(db: sqlite_utils.Database, rounds: Iterable[Round]) -> None:
    rounds = list(rounds)
    _insert(db, "rounds", (
        {"provider": r.provider, "number": r.number, "label": r.label, "date": r.date}
        for r in rounds
    ))
    _insert(db, "round_values", (
        {"provider": r.provider, "number": r.number, "term": term, "value": _json(value)}
        for r in rounds
        for term, value in r.values.items()
    ))


@_write_edit.register
def _(edit: edits.ReplaceProvider, db: sqlite_utils.Database, after: Evaluation) -> None:
    position = [p.key for p in after.providers].index(edit.provider.key)
    _update(db, "providers", provider_row(edit.provider, position))


@_write_edit.register
def _(edit: edits.InsertProvider, db: sqlite_utils.Database, after: Evaluation) -> None:
    _insert(db, "providers", [provider_row(edit.provider, len(after.providers))])
    _renumber(db, "providers", (p.key for p in after.providers))
    _insert(db, "scores", (s._asdict() for s in edit.scores))
    _insert(db, "consensus", (c._asdict() for c in edit.consensus))
    _insert_rounds(db, edit.rounds)


@_write_edit.register
def _(edit: edits.DeleteProvider, db: sqlite_utils.Database, after: Evaluation) -> None:
    db.execute("DELETE FROM round_values WHERE provider = ?", [edit.key])
    db.execute("DELETE FROM providers WHERE key = ?", [edit.key])
    _renumber(db, "providers", (p.key for p in after.providers))


@_write_edit.register
def _(edit: edits.ReplaceEvaluator, db: sqlite_utils.Database, after: Evaluation) -> None:
    position = [e.key for e in after.evaluators].index(edit.evaluator.key)
    _update(db, "evaluators", _evaluator_row(edit.evaluator, position))


@_write_edit.register
def _(edit: edits.InsertEvaluator, db: sqlite_utils.Database, after: Evaluation) -> None:
    _insert(db, "evaluators", [_evaluator_row(edit.evaluator, len(after.evaluators))])
    _renumber(db, "evaluators", (e.key for e in after.evaluators))
    _insert(db, "scores", (s._asdict() for s in edit.scores))


@_write_edit.register
def _(edit: edits.DeleteEvaluator, db: sqlite_utils.Database, after: Evaluation) -> None:
    db.execute("DELETE FROM evaluators WHERE key = ?", [edit.key])
    _renumber(db, "evaluators", (e.key for e in after.evaluators))


@_write_edit.register
def _(edit: edits.SetTermValue, db: sqlite_utils.Database, after: Evaluation) -> None:
    if edit.value is None:
        db.execute("DELETE FROM round_values WHERE provider = ? AND number = ? AND term = ?",
                   [edit.provider, edit.number, edit.term])
    else:
        db.execute(
            "INSERT INTO round_values (provider, number, term, value) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (provider, number, term) DO UPDATE SET value = excluded.value",
            [edit.provider, edit.number, edit.term, _json(edit.value)],
        )


@_write_edit.register
def _(edit: edits.InsertRound, db: sqlite_utils.Database, after: Evaluation) -> None:
    _insert_rounds(db, [edit.round])


@_write_edit.register
def _(edit: edits.DeleteRound, db: sqlite_utils.Database, after: Evaluation) -> None:
    db.execute("DELETE FROM round_values WHERE provider = ? AND number = ?",
               [edit.provider, edit.number])
    db.execute("DELETE FROM rounds WHERE provider = ? AND number = ?",
               [edit.provider, edit.number])


@_write_edit.register
def _(edit: edits.SetRoundInfo, db: sqlite_utils.Database, after: Evaluation) -> None:
    db.execute("UPDATE rounds SET label = ?, date = ? WHERE provider = ? AND number = ?",
               [edit.label, edit.date, edit.provider, edit.number])


@_write_edit.register
def _(edit: edits.BatchEdit, db: sqlite_utils.Database, after: Evaluation) -> None:
    # Positions are renumbered from the final order, which is what the file must end with.
    for part in edit.edits:
        _write_edit(part, db, after)


@_write_edit.register(edits.SetEvaluationInfo)
@_write_edit.register(edits.SetScenario)
@_write_edit.register(edits.SetAskValue)
@_write_edit.register(edits.SetCriteriaLock)
def _(edit: object, db: sqlite_utils.Database, after: Evaluation) -> None:
    row = _evaluation_row(after)
    columns = [c for c in row if c != "id"]
    db.execute(f"UPDATE evaluation SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = 1",
               [row[c] for c in columns])
