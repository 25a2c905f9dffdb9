"""Reading the definitions of an interchange document: terms (with value functions and
must-haves) and criteria. Values are checked by the domain's rules (``fields.term_value``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from slaselect.documents.interchange import fields as f
from slaselect.domain.figures import FIGURE_NAMES
from slaselect.domain.model import (
    Criterion,
    CriterionKind,
    MoneyPeriod,
    MustHave,
    MustHaveKind,
    PriceFormula,
    Scale,
    Term,
    TermType,
    ValueFunction,
    ValueFunctionKind,
)

SCALAR_FIGURES = tuple(
    name
    for name in FIGURE_NAMES
    if name not in ("response_real_minutes", "resolution_real_minutes")
)
_VALUE_FUNCTIONS_FOR = {
    TermType.PERCENT: ("linear", "log", "nines"),
    TermType.NUMBER: ("linear", "log"),
    TermType.DURATION: ("linear", "log"),
    TermType.MONEY: ("linear", "log"),
    TermType.SEVERITY_DURATIONS: ("log",),
    TermType.CHOICE: ("ordinal",),
}
_MUST_HAVES_FOR = {
    TermType.PERCENT: ("min", "max"),
    TermType.NUMBER: ("min", "max"),
    TermType.DURATION: ("min", "max"),
    TermType.MONEY: ("min", "max"),
    TermType.FLAG: ("true",),
    TermType.CHECKLIST: ("includes",),
    TermType.CHOICE: ("at_least",),
}


def read_term(value: Any, path: str) -> Term:
    item = f.obj(value, path)
    f.known_fields(item, path, ("key", "name", "category", "type", "unit", "options", "period",
                                "value_function", "must_have", "description"))
    term_type = TermType(f.choice(f.required(item, "type", path), f"{path}.type", list(TermType)))
    options: tuple[str, ...] = ()
    if "options" in item or term_type in (TermType.CHOICE, TermType.CHECKLIST):
        raw_options = f.lst(f.required(item, "options", path), f"{path}.options")
        options = tuple(f.short_text(o, f"{path}.options[{i}]")
                        for i, o in enumerate(raw_options))
        if term_type in (TermType.CHOICE, TermType.CHECKLIST) and not options:
            raise f.fail(f"{path}.options", "must list at least one option")
        if len(set(options)) != len(options):
            raise f.fail(f"{path}.options", "lists an option twice")
    term = Term(
        key=f.key(f.required(item, "key", path), f"{path}.key"),
        name=f.name(f.required(item, "name", path), f"{path}.name"),
        category=f.short_text(item.get("category", ""), f"{path}.category"),
        type=term_type,
        unit=f.short_text(item.get("unit", ""), f"{path}.unit"),
        options=options,
        period=(
            MoneyPeriod(f.choice(item["period"], f"{path}.period", list(MoneyPeriod)))
            if item.get("period") is not None
            else None
        ),
        description=f.text(item.get("description", ""), f"{path}.description"),
    )
    value_function = (
        _value_function(item["value_function"], f"{path}.value_function", term)
        if item.get("value_function") is not None
        else None
    )
    must_have = (
        _must_have(item["must_have"], f"{path}.must_have", term)
        if item.get("must_have") is not None
        else None
    )
    return replace(term, value_function=value_function, must_have=must_have)


def _value_function(value: Any, path: str, term: Term) -> ValueFunction:
    item = f.obj(value, path)
    f.known_fields(item, path, ("kind", "map", "worst", "ideal"))
    allowed = _VALUE_FUNCTIONS_FOR.get(term.type, ())
    if not allowed:
        raise f.fail(path, f"is not used by a {term.type.value} term; remove it")
    kind = ValueFunctionKind(f.choice(f.required(item, "kind", path), f"{path}.kind", allowed))
    if kind is ValueFunctionKind.ORDINAL:
        mapping = f.obj(f.required(item, "map", path), f"{path}.map")
        scores = {}
        for option, score in mapping.items():
            f.choice(option, f"{path}.map", term.options)
            scores[option] = f.number(score, f.member(f"{path}.map", option), minimum=0, maximum=10)
        return ValueFunction(kind, map=scores)
    worst = f.number(f.required(item, "worst", path), f"{path}.worst")
    ideal = f.number(f.required(item, "ideal", path), f"{path}.ideal")
    if worst == ideal:
        raise f.fail(f"{path}.ideal", "must differ from worst", ideal)
    if kind is ValueFunctionKind.LOG:
        f.number(worst, f"{path}.worst", above=0)
        f.number(ideal, f"{path}.ideal", above=0)
    if kind is ValueFunctionKind.NINES:
        f.number(worst, f"{path}.worst", minimum=0)
        f.number(ideal, f"{path}.ideal", minimum=0)
        if worst >= 100:
            raise f.fail(f"{path}.worst", "must be below 100", worst)
        if ideal >= 100:
            raise f.fail(
                f"{path}.ideal", "must be below 100 (100 % has infinitely many nines)", ideal
            )
    return ValueFunction(kind, worst, ideal)


def _must_have(value: Any, path: str, term: Term) -> MustHave:
    item = f.obj(value, path)
    allowed = _MUST_HAVES_FOR.get(term.type, ())
    if not allowed:
        raise f.fail(path, f"cannot be set on a {term.type.value} term")
    if len(item) != 1:
        raise f.fail(path, f"must hold exactly one of {', '.join(allowed)}", value)
    (name, limit), = item.items()
    kind = MustHaveKind(f.choice(name, path, allowed))
    here = f"{path}.{name}"
    if kind in (MustHaveKind.MIN, MustHaveKind.MAX):
        if limit is None:
            raise f.fail(here, "must be a number", limit)
        return MustHave(kind, f.term_value(term, limit, here))
    if kind is MustHaveKind.TRUE:
        if limit is not True:
            raise f.fail(here, "must be true", limit)
        return MustHave(kind, True)
    if kind is MustHaveKind.INCLUDES:
        if limit is None:
            raise f.fail(here, "must be a list", limit)
        return MustHave(kind, f.term_value(term, limit, here))
    return MustHave(kind, f.choice(limit, here, term.options))


def read_criterion(value: Any, path: str, terms: Mapping[str, Term], scale: Scale) -> Criterion:
    item = f.obj(value, path)
    f.known_fields(item, path, ("key", "name", "group", "weight", "kind", "description",
                                "min_score", "rubric", "term", "figure", "formula", "best",
                                "worst", "a"))
    kind = CriterionKind(
        f.choice(f.required(item, "kind", path), f"{path}.kind", list(CriterionKind))
    )
    base: dict[str, Any] = {
        "key": f.key(f.required(item, "key", path), f"{path}.key"),
        "name": f.name(f.required(item, "name", path), f"{path}.name"),
        "group": f.short_text(item.get("group", ""), f"{path}.group"),
        "weight": f.number(f.required(item, "weight", path), f"{path}.weight", minimum=0),
        "kind": kind,
        "description": f.text(item.get("description", ""), f"{path}.description"),
    }
    if kind is CriterionKind.JUDGEMENT:
        if item.get("min_score") is not None:
            base["min_score"] = f.number(
                item["min_score"], f"{path}.min_score", minimum=scale.min, maximum=scale.max
            )
        rubric = f.obj(item.get("rubric", {}), f"{path}.rubric")
        base["rubric"] = {
            str(level): f.text(words, f.member(f"{path}.rubric", level))
            for level, words in rubric.items()
        }
    elif kind is CriterionKind.TERM:
        term_key = f.key(f.required(item, "term", path), f"{path}.term")
        term = terms.get(term_key)
        if term is None:
            raise f.fail(f"{path}.term", "names no term in terms", term_key)
        if term.value_function is None and term.type not in (TermType.FLAG, TermType.CHECKLIST):
            raise f.fail(
                f"{path}.term", "names a term without a value function, so it cannot be scored",
                term_key,
            )
        base["term"] = term_key
    else:
        base["figure"] = f.choice(item.get("figure", "tco"), f"{path}.figure", SCALAR_FIGURES)
        formula = PriceFormula(
            f.choice(item.get("formula", "lowest_ratio"), f"{path}.formula", list(PriceFormula))
        )
        base["formula"] = formula
        if item.get("best") is not None:
            base["best"] = f.number(item["best"], f"{path}.best")
        if item.get("worst") is not None:
            base["worst"] = f.number(item["worst"], f"{path}.worst")
        if formula is PriceFormula.FIXED_RANGE:
            best = f.number(f.required(item, "best", path), f"{path}.best")
            worst = f.number(f.required(item, "worst", path), f"{path}.worst")
            if best == worst:
                raise f.fail(f"{path}.worst", "must differ from best", worst)
        base["a"] = f.number(item.get("a", 2), f"{path}.a", above=1)
    return Criterion(**base)
