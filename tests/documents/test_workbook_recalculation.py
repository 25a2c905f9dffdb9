"""LibreOffice recalculates the workbook as a reader's spreadsheet would: every criterion
score, weighted total and rank on the Scores sheet equals ``slaselect rank``, before and
after a provider's monthly fee is edited on the Term sheet (the same edit made through the
domain gives the ranking to compare with).

Skipped only when LibreOffice is not installed: nothing else here can compute the formulas.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from slaselect.documents.bundled import load_demo
from slaselect.documents.interchange.writer import dumps
from slaselect.documents.workbook import write_workbook
from slaselect.domain.edits.negotiation import SetTermValue
from slaselect.domain.model import Criterion, CriterionKind, Evaluation, PriceFormula
from tests.factories import three_providers

ROOT = Path(__file__).resolve().parents[2]
OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    OFFICE is None, reason="LibreOffice (soffice) is not installed: nothing can recalculate "
    "the workbook's formulas")


def _rank(evaluation: Evaluation, folder: Path, name: str) -> dict[str, Any]:
    """What ``slaselect rank --json`` prints for the evaluation (run as a user runs it)."""
    source = folder / f"{name}.json"
    source.write_text(dumps(evaluation), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "slaselect", "rank", str(source), "--json"],
                          cwd=ROOT, check=True, capture_output=True, text=True, timeout=120)
    ranking: dict[str, Any] = json.loads(done.stdout)
    return ranking


def _recalculated(files: list[Path], folder: Path) -> list[openpyxl.Workbook]:
    """LibreOffice opens each workbook headless, computes every formula and saves a copy."""
    assert OFFICE
    out = folder / "recalculated"
    out.mkdir()
    subprocess.run(
        [OFFICE, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
         "--convert-to", "xlsx", "--outdir", str(out), *map(str, files)],
        check=True, capture_output=True, timeout=180,
    )
    return [openpyxl.load_workbook(out / f.name, data_only=True) for f in files]


def _term_cell(workbook: openpyxl.Workbook, term_name: str, provider_name: str) -> Any:
    """The Term sheet cell of a provider's value of a term, found by its labels."""
    sheet = workbook["Term sheet"]
    header = [str(c.value or "") for c in sheet[4]]
    column = next(i for i, label in enumerate(header, start=1)
                  if label in (provider_name, f"{provider_name} (ineligible)"))
    row = next(c.row for c in sheet["A"] if c.value == term_name)
    return sheet.cell(row=row, column=column)


def _scores(workbook: openpyxl.Workbook) -> dict[str, dict[str, Any]]:
    """Per provider on the computed Scores sheet: criterion scores by name, total, rank."""
    sheet = workbook["Scores"]
    labels = {c.value: c.row for c in sheet["A"] if isinstance(c.value, str)}
    header_row = labels["Criterion"]
    header = {c.value: c.column for c in sheet[header_row] if isinstance(c.value, str)}
    total, rank = header.pop("Weighted total (0-10)"), header.pop("Rank")
    criteria = {name: column for name, column in header.items()
                if column < total and name != "Criterion"}
    result: dict[str, dict[str, Any]] = {}
    row = labels["Share of the weight"] + 1
    while (name := sheet.cell(row=row, column=1).value):
        result[name] = {
            "criteria": {c: sheet.cell(row=row, column=col).value for c, col in criteria.items()},
            "total": sheet.cell(row=row, column=total).value,
            "rank": sheet.cell(row=row, column=rank).value,
        }
        row += 1
    return result


def _assert_equal_to_rank(workbook: openpyxl.Workbook, evaluation: Evaluation,
                          ranking: dict[str, Any], written: dict[str, Any] | None = None) -> None:
    """Every criterion score, total and rank shown equals ``ranking``. The rows stay in the
    order of the ranking the workbook was written with (``written``, default ``ranking``):
    a formula cannot move rows."""
    shown = _scores(workbook)
    names = {c.key: c.name for c in evaluation.criteria}
    assert list(shown) == [r["name"] for r in (written or ranking)["ranking"]]
    for result in ranking["ranking"]:
        row = shown[result["name"]]
        for key, score in result["criteria"].items():
            assert row["criteria"][names[key]] == pytest.approx(score, abs=1e-9), (
                result["name"], key)
        assert row["total"] == pytest.approx(result["score"], abs=1e-9), result["name"]
        assert row["rank"] == (result["rank"] if result["eligible"] else "—")


def _with_fee(evaluation: Evaluation, provider: str, fee: float) -> Evaluation:
    number = evaluation.latest_round_number(provider)
    assert number is not None
    edited, _ = SetTermValue(provider, number, "monthly_fee", fee).apply(evaluation)
    return edited


def test_a_fee_edited_in_the_workbook_flows_through_to_scores_totals_and_ranks(
    tmp_path: Path,
) -> None:
    demo = load_demo()
    second = _rank(demo, tmp_path, "demo")["ranking"][1]
    cheaper = _with_fee(demo, second["provider"], 5000.0)
    before, after = _rank(demo, tmp_path, "demo"), _rank(cheaper, tmp_path, "cheaper")
    # The edit matters: the runner-up wins, and the lowest eligible cost moves, so every
    # other provider's price score changes too; nobody crosses the gate.
    assert after["ranking"][0]["provider"] == second["provider"]
    assert [r["eligible"] for r in after["ranking"]] == [r["eligible"] for r in
                                                        before["ranking"]]
    assert after["ranking"][1]["criteria"]["tco"] != pytest.approx(
        next(r for r in before["ranking"]
             if r["provider"] == after["ranking"][1]["provider"])["criteria"]["tco"])

    written = tmp_path / "demo.xlsx"
    write_workbook(demo, written)
    book = openpyxl.load_workbook(written)
    fee = _term_cell(book, demo.term("monthly_fee").name, second["name"])
    assert fee.value == demo.current_terms()[second["provider"]]["monthly_fee"]
    fee.value = 5000.0
    edited = tmp_path / "edited.xlsx"
    book.save(edited)

    computed, computed_edit = _recalculated([written, edited], tmp_path)
    _assert_equal_to_rank(computed, demo, before)
    _assert_equal_to_rank(computed_edit, cheaper, after, before)


def test_small_evaluations_recalculate_to_the_ranking_also_after_a_fee_edit(
    tmp_path: Path,
) -> None:
    evaluations = {"three": three_providers(), "gate": three_providers(dpa_must_have=True)}
    files, expected = [], []
    for name, evaluation in evaluations.items():
        path = tmp_path / f"{name}.xlsx"
        write_workbook(evaluation, path)
        files.append(path)
        expected.append((evaluation, _rank(evaluation, tmp_path, name), None))
        # Double the first provider's fee: its cost of leaving grows.
        provider = evaluation.providers[0]
        fee = float(evaluation.current_terms()[provider.key]["monthly_fee"]) * 2
        book = openpyxl.load_workbook(path)
        _term_cell(book, evaluation.term("monthly_fee").name, provider.name).value = fee
        edited = tmp_path / f"{name}-edited.xlsx"
        book.save(edited)
        files.append(edited)
        changed = _with_fee(evaluation, provider.key, fee)
        ranking = _rank(changed, tmp_path, f"{name}-edited")
        before = expected[-1][1]
        assert [r["score"] for r in ranking["ranking"]] != [r["score"] for r in
                                                             before["ranking"]]
        expected.append((changed, ranking, before))
    for workbook, (evaluation, ranking, before) in zip(
            _recalculated(files, tmp_path), expected, strict=True):
        _assert_equal_to_rank(workbook, evaluation, ranking, before)


def _every_formula() -> Evaluation:
    """The demo with a criterion for every price formula and figure the workbook computes,
    and term criteria scored by log and decreasing linear value functions."""
    demo = load_demo()
    price = CriterionKind.PRICE
    extra = (
        Criterion("deviation", "Cost deviation", "Cost", 3, price,
                  formula=PriceFormula.PROPORTIONAL_DEVIATION),
        Criterion("first_year", "First-year cost", "Cost", 3, price, figure="first_year_cost",
                  formula=PriceFormula.LOG, a=3.0),
        Criterion("monthly", "Effective monthly cost", "Cost", 2, price,
                  figure="effective_monthly_cost"),
        Criterion("credit", "Expected credit", "Cost", 1, price, figure="expected_credit_month",
                  formula=PriceFormula.FIXED_RANGE, best=0.0, worst=400.0),
        Criterion("liability", "Liability cap", "Cost", 1, price, figure="liability_cap_amount",
                  formula=PriceFormula.FIXED_RANGE, best=300000.0, worst=20000.0),
        Criterion("backups", "Backup interval", "Service", 2, CriterionKind.TERM,
                  term="backup_interval_hours"),
        Criterion("maintenance", "Maintenance hours", "Service", 2, CriterionKind.TERM,
                  term="maintenance_hours_month"),
        Criterion("escalator", "Annual escalator", "Cost", 2, CriterionKind.TERM,
                  term="annual_escalator_pct"),
    )
    return replace(demo, criteria=(*demo.criteria, *extra))


def test_every_price_formula_and_value_function_recalculates_to_the_ranking(
    tmp_path: Path,
) -> None:
    evaluation = _every_formula()
    before = _rank(evaluation, tmp_path, "every")
    provider = before["ranking"][2]
    fee = float(evaluation.current_terms()[provider["provider"]]["monthly_fee"]) * 0.7
    changed = _with_fee(evaluation, provider["provider"], fee)
    after = _rank(changed, tmp_path, "every-edited")
    assert [r["score"] for r in after["ranking"]] != [r["score"] for r in before["ranking"]]

    written = tmp_path / "every.xlsx"
    write_workbook(evaluation, written)
    book = openpyxl.load_workbook(written)
    sheet = book["Scores"]
    header = {c.value: c.column for c in sheet[5] if isinstance(c.value, str)}
    first_row = 9  # the first provider's row
    for name in ("Cost deviation", "First-year cost", "Effective monthly cost",
                 "Expected credit", "Liability cap", "Backup interval", "Maintenance hours",
                 "Annual escalator"):
        assert sheet.cell(row=first_row, column=header[name]).data_type == "f", name
    _term_cell(book, evaluation.term("monthly_fee").name, provider["name"]).value = fee
    edited = tmp_path / "every-edited.xlsx"
    book.save(edited)

    computed, computed_edit = _recalculated([written, edited], tmp_path)
    _assert_equal_to_rank(computed, evaluation, before)
    _assert_equal_to_rank(computed_edit, changed, after, before)
