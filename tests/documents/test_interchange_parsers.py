"""Interchange JSON is parsed by orjson when it can be, by the standard library otherwise, and
the buyer cannot tell which: the same evaluation to the bit, or the same sentence.

Every case below reads the same text twice, as ``loads`` does it and with orjson left out
(``_read_with_orjson`` giving None, as it does for anything orjson refuses), and asks for
identical results. Cases meant to go through orjson check that they did, so that a silent
fallback cannot make a comparison pass by comparing the standard library with itself.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest

from bench.generate import random_evaluation
from slaselect.documents.bundled import load_demo
from slaselect.documents.interchange import (
    InterchangeError,
    dumps,
    evaluation_to_dict,
    loads,
    reader,
)
from slaselect.domain.model import Evaluation
from tests.documents.test_interchange import small_document


@pytest.fixture()
def standard_library_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[bytes], Any]]:
    """``read(raw)``: what ``loads`` gives (or the sentence it refuses with) with orjson left
    out; the patch is undone before the test reads the text the usual way."""

    def read(raw: bytes) -> Any:
        with monkeypatch.context() as patch:
            patch.setattr(reader, "_read_with_orjson", lambda _raw: None)
            return _outcome(raw)

    yield read


def _outcome(raw: bytes) -> Any:
    try:
        evaluation = loads(raw)
    except InterchangeError as error:
        return f"refused: {error}"
    return evaluation, _float_bits(evaluation)


def _float_bits(evaluation: Evaluation) -> list[str]:
    """Every number the scores and criteria hold, to the bit (``float.hex`` tells -0.0 from
    0.0, which ``==`` does not)."""
    numbers: list[Any] = [s.value for s in evaluation.scores]
    numbers += [c.value for c in evaluation.consensus]
    numbers += [c.weight for c in evaluation.criteria]
    numbers += [evaluation.scale.min, evaluation.scale.max]
    return [float(n).hex() for n in numbers]


def _with_literals(document: dict[str, Any], literals: list[str]) -> bytes:
    """The document as JSON text, with the first scores' values written as ``literals``
    (number text exactly as given, which ``json.dumps`` would have normalised)."""
    marked = json.loads(json.dumps(document))
    for index, _ in enumerate(literals):
        marked["scores"][index]["value"] = f"@@{index}@@"
    text = json.dumps(marked, ensure_ascii=False)
    for index, literal in enumerate(literals):
        text = text.replace(f'"@@{index}@@"', literal, 1)
    return text.encode()


def _tender_document(seed: int = 3) -> dict[str, Any]:
    rng = random.Random(seed)
    evaluation = random_evaluation(14, 12, 4, seed=seed)
    low, high = evaluation.scale.min, evaluation.scale.max
    scores = tuple(s._replace(value=rng.uniform(low, high)) for s in evaluation.scores)
    return evaluation_to_dict(replace(evaluation, scores=scores))


TRICKY_NUMBERS = [
    "0", "-0", "-0.0", "0.0e0", "1E0", "7.0E+0", "10", "1e1", "5e-324", "1e-400",
    "2.4703282292062328e-324", "0.1", "2.675", "9.999999999999999", "9.9999999999999999999",
    "0.1000000000000000055511151231257827021181583404541015625",
    "3.00000000000000044408920985006", "1.00000000000000011102230246251565404236316680908203125",
    "4.35", "8.41e-1", "0.00000000000000000000000000000000000000000000000000000001e56",
]


def test_every_number_reads_to_the_same_bit(
    standard_library_only: Callable[[bytes], Any],
) -> None:
    raw = _with_literals(_tender_document(), TRICKY_NUMBERS)
    assert reader._read_with_orjson(raw) is not None, "orjson must read this file"
    quick = _outcome(raw)
    assert quick == standard_library_only(raw)
    # "-0" is the whole number 0; every other text reads as Python's float() reads it
    assert quick[1][:len(TRICKY_NUMBERS)] == [float(json.loads(t)).hex() for t in TRICKY_NUMBERS]
    assert quick[1][2] == "-0x0.0p+0"


@pytest.mark.parametrize("make", [
    pytest.param(lambda: dumps(load_demo()).encode(), id="demo"),
    pytest.param(lambda: json.dumps(small_document()).encode(), id="every-term-type"),
    pytest.param(lambda: json.dumps(_tender_document(8), indent=1).encode(), id="tender"),
])
def test_whole_files_read_the_same(
    make: Callable[[], bytes], standard_library_only: Callable[[bytes], Any],
) -> None:
    raw = make()
    assert reader._read_with_orjson(raw) is not None
    assert _outcome(raw) == standard_library_only(raw)


def _text_of(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)


def _unusual_but_valid() -> list[Any]:
    tender = _tender_document()
    weights = json.loads(json.dumps(tender))
    weights["criteria"][0]["weight"] = 10**20  # whole numbers beyond 64 bits: floats in
    weights["criteria"][1]["weight"] = 2**64 + 1  # orjson, ints in the standard library
    repeated = _text_of(tender).replace('"currency": "USD"',
                                        '"currency": "EUR", "currency": "USD"', 1)
    escaped = json.loads(json.dumps(tender))
    escaped["providers"][0]["notes"] = "caf\u00e9 \U0001f600 a/b \\ \" \t tab \x00 nul"
    escaped_text = json.dumps(escaped)  # \\u escapes, a surrogate pair among them
    assert "\\ud83d\\ude00" in escaped_text
    return [
        pytest.param(_text_of(weights).encode(), id="weights-beyond-64-bits"),
        pytest.param(repeated.encode(), id="a-repeated-field"),
        pytest.param(escaped_text.encode(), id="escapes"),
        pytest.param(_text_of(tender).encode("utf-8"), id="indented"),
    ]


@pytest.mark.parametrize("raw", _unusual_but_valid())
def test_unusual_valid_files_read_the_same(
    raw: bytes, standard_library_only: Callable[[bytes], Any],
) -> None:
    assert reader._read_with_orjson(raw) is not None
    quick = _outcome(raw)
    assert not isinstance(quick, str), quick
    assert quick == standard_library_only(raw)


def test_a_byte_order_mark_is_read_by_the_standard_library(
    standard_library_only: Callable[[bytes], Any],
) -> None:
    raw = b"\xef\xbb\xbf" + dumps(load_demo()).encode()
    assert reader._read_with_orjson(raw) is None
    assert _outcome(raw) == standard_library_only(raw)
    assert not isinstance(_outcome(raw), str)


def _deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def _refused_cases() -> list[Any]:
    small = _text_of(small_document())
    tender = _tender_document()
    scale_2_64 = json.loads(json.dumps(tender))
    scale_2_64["evaluation"]["scale"] = {"min": 0, "max": 2**64}
    scale_2_64["scores"][0]["value"] = 2**64 + 1  # above the scale by one: a float can't tell
    twice = json.loads(json.dumps(tender))
    twice["scores"].append(dict(twice["scores"][5]))
    huge = _with_literals(tender, ["1" + "0" * 400])
    return [
        pytest.param(small.replace('"horizon_months": 36', '"horizon_months": NaN'), id="nan"),
        pytest.param(small.replace('"horizon_months": 36', '"horizon_months": -Infinity'),
                     id="infinity"),
        pytest.param(small.replace('"horizon_months": 36', '"horizon_months": 1e400'),
                     id="overflowing-float"),
        pytest.param(huge.decode(), id="overflowing-whole-number"),
        pytest.param(small.replace('"name": "', '"name": "\\ud800', 1), id="lone-surrogate"),
        pytest.param(small.replace('"name": "', '"name": "\\udc00\\ud800', 1),
                     id="reversed-surrogates"),
        pytest.param(small[:-2] + ', "deep": ' + _deep(5000) + "}", id="nested-too-deeply"),
        pytest.param(small.replace('"scores": [', '"scores": [' + _deep(3000) + ",", 1),
                     id="nested-too-deeply-in-scores"),
        pytest.param(small.replace('"scores": [', '"scores": [' + _deep(20) + ",", 1),
                     id="a-list-for-a-score"),
        pytest.param(_text_of(scale_2_64), id="above-a-scale-beyond-2**53"),
        pytest.param(_text_of(twice), id="a-second-score-of-a-cell"),
        pytest.param(small.replace("}", ",}", 1), id="trailing-comma"),
        pytest.param(small.replace('"format"', '"format_"', 1), id="unknown-field"),
    ]


@pytest.mark.parametrize("text", _refused_cases())
def test_refused_files_get_the_same_sentence(
    text: str, standard_library_only: Callable[[bytes], Any],
) -> None:
    raw = text.encode("utf-8", "surrogatepass")
    refusal = _outcome(raw)
    assert isinstance(refusal, str) and refusal.startswith("refused: "), refusal
    assert refusal == standard_library_only(raw)


def test_the_refusals_say_what_they_always_said() -> None:
    small = _text_of(small_document())
    deep = small[:-2] + ', "deep": ' + _deep(5000) + "}"
    assert _outcome(deep.encode()) == "refused: cannot read the JSON: it is nested too deeply"
    scale = json.loads(json.dumps(_tender_document()))
    scale["evaluation"]["scale"] = {"min": 0, "max": 2**64}
    scale["scores"][0]["value"] = 2**64 + 1
    assert _outcome(_text_of(scale).encode()) == (
        "refused: scores[0].value must be <= 18446744073709551616, got 18446744073709551617")
    encoded = small.replace('"name": "', '"name": "\ud800', 1).encode("utf-8", "surrogatepass")
    assert _outcome(encoded) == ("refused: evaluation.name holds a lone surrogate (\\ud800), "
                                 "which is not Unicode text")
