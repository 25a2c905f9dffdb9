"""The term-sheet and scoring workbook: live totals equal the ranking, text stays text.

The Scores formulas are checked twice: by a tiny evaluator here (it reads the SUMPRODUCT and
RANK inputs from the cells and computes), and, when LibreOffice is installed, by letting
LibreOffice recalculate the workbook headless, also after a weight was changed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest

from slaselect.documents.bundled import load_demo
from slaselect.documents.workbook import SHEET_NAMES, write_workbook
from slaselect.domain.audit import AuditEntry
from slaselect.domain.audit_words import local_moment
from slaselect.domain.contract_language import duration_words
from slaselect.domain.figures import provider_figures
from slaselect.domain.model import Consensus, Evaluation, Term, TermType
from slaselect.domain.negotiation import round_changes
from slaselect.domain.ranking import Method, rank, score_table, wsm_totals
from slaselect.domain.wording import format_minutes
from tests.factories import three_providers

TODAY = date(2026, 11, 20)
RANGE = r"\$[A-Z]+\$\d+:\$[A-Z]+\$\d+"
TOTAL = re.compile(
    rf"^=IF\(SUM\((?P<w>{RANGE})\)>0,SUMPRODUCT\((?P=w),(?P<s>[A-Z]+\d+:[A-Z]+\d+)\)"
    rf"/SUM\((?P=w)\),0\)$"
)
SHARE = re.compile(rf"^=IF\(SUM\((?P<w>{RANGE})\)>0,(?P<x>[A-Z]+\d+)/SUM\((?P=w)\),0\)$")
RANK = re.compile(rf"^=RANK\((?P<x>[A-Z]+\d+),(?P<r>{RANGE})\)$")
HOSTILE_NAME = '=HYPERLINK("http://x","y")'
HOSTILE_RATIONALE = "+cmd|' /C calc'!A0"
HOSTILE_REASON = "<b>x</b> & =cmd|"
FORMULA_REASON = "=cmd|' /C calc'!A0"
TRAIL = (
    AuditEntry("2026-11-18T09:15:00+00:00", "Dana Whitlock", "Change weight",
               '{"edit": "SetWeight", "criterion": "quality", "weight": 60}',
               "Board asked for more weight on quality"),
    AuditEntry("2026-11-19T16:40:00+00:00", HOSTILE_NAME, "Change score",
               '{"edit": "SetScore", "provider": "a", "criterion": "quality", '
               '"evaluator": "e1", "value": 3, "rationale": "@SUM(1+1)"}', FORMULA_REASON),
    AuditEntry("2026-11-20T08:00:00+00:00", "Eve", "Change weight",
               '{"edit": "SetWeight", "criterion": "uptime", "weight": 25}', HOSTILE_REASON),
)


def _written(evaluation: Evaluation, path: Path) -> Path:
    write_workbook(evaluation, path, today=TODAY)
    return path


# ------------------------------------------------------------------ the tiny evaluator


def _numbers(sheet: Any, reference: str, known: dict[str, float] | None = None) -> list[float]:
    """The numbers in a range; a cell holding a formula takes its value from ``known``."""
    cells = sheet[reference.replace("$", "")]
    if not isinstance(cells, tuple):
        cells = ((cells,),)
    return [float((known or {}).get(cell.coordinate, cell.value) if cell.data_type == "f"
                  else cell.value) for row in cells for cell in row]


def _formula_scores(workbook: openpyxl.Workbook, evaluation: Evaluation) -> dict[str, float]:
    """The domain's criterion scores for the Scores cells that are formulas (term and price
    scores). The tiny evaluator checks the totals and ranks built on them; LibreOffice checks
    those formulas themselves (test_workbook_recalculation)."""
    sheet = workbook["Scores"]
    rows: dict[str, int] = {}
    for cell in sheet["A"]:  # the first row of a name (moderation rows repeat names below)
        if isinstance(cell.value, str):
            rows.setdefault(cell.value, cell.row)
    known: dict[str, float] = {}
    for result in rank(evaluation).results:
        for j, criterion in enumerate(evaluation.criteria):
            cell = sheet.cell(row=rows[result.name], column=2 + j)
            if cell.data_type == "f":
                known[cell.coordinate] = result.criteria[criterion.key]
    return known


def _minutes(value: Any) -> float:
    """A duration cell as minutes (openpyxl reads [h]:mm cells as timedelta)."""
    return value.total_seconds() / 60.0


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _written(load_demo(), tmp_path_factory.mktemp("demo") / "demo.xlsx")


@pytest.fixture(scope="module")
def demo_book(demo_path: Path) -> openpyxl.Workbook:
    """The demo workbook as read back; tests only look at it."""
    return openpyxl.load_workbook(demo_path)


def _evaluate_total(sheet: Any, formula: str, known: dict[str, float]) -> float:
    match = TOTAL.match(formula)
    assert match, formula
    weights, scores = _numbers(sheet, match["w"]), _numbers(sheet, match["s"], known)
    total_weight = sum(weights)
    if total_weight <= 0:
        return 0.0
    return sum(w * s for w, s in zip(weights, scores, strict=True)) / total_weight


class ScoresSheet:
    """The Scores sheet as a reader finds it: the labelled rows and columns."""

    def __init__(self, workbook: openpyxl.Workbook, evaluation: Evaluation) -> None:
        self.sheet = workbook["Scores"]
        self.known = _formula_scores(workbook, evaluation)
        column_a = {c.value: c.row for c in self.sheet["A"] if isinstance(c.value, str)}
        self.weight_row = column_a["Weight (points)"]
        self.share_row = column_a["Share of the weight"]
        header = {c.value: c.column for c in self.sheet[self.weight_row - 2] if c.value}
        self.total_column = header["Weighted total (0-10)"]
        self.rank_column = header["Rank"]
        self.eligible_column = header["Eligible"]
        self.rows: dict[str, int] = {}
        row = self.share_row + 1
        while self.sheet.cell(row=row, column=1).value:
            self.rows[self.sheet.cell(row=row, column=1).value] = row
            row += 1

    def formula(self, row: int, column: int) -> str:
        value = self.sheet.cell(row=row, column=column).value
        assert isinstance(value, str)
        return value

    def totals(self) -> dict[str, float]:
        return {name: _evaluate_total(self.sheet, self.formula(row, self.total_column),
                                      self.known)
                for name, row in self.rows.items()}

    def ranks(self) -> dict[str, int | str]:
        totals = self.totals()
        by_cell = {f"{self.sheet.cell(row=row, column=self.total_column).coordinate}": name
                   for name, row in self.rows.items()}
        result: dict[str, int | str] = {}
        for name, row in self.rows.items():
            value = self.sheet.cell(row=row, column=self.rank_column).value
            match = RANK.match(value) if isinstance(value, str) else None
            if match is None:
                result[name] = value
                continue
            mine = totals[by_cell[match["x"]]]
            cells = self.sheet[match["r"].replace("$", "")]
            others = [totals[by_cell[c.coordinate]] for r in cells for c in r]
            result[name] = 1 + sum(other > mine for other in others)
        return result


# ------------------------------------------------------------------ scores and ranks


def _assert_scores_match_the_ranking(evaluation: Evaluation, workbook: Any) -> None:
    ranking = rank(evaluation)
    scores = ScoresSheet(workbook, evaluation)
    totals, ranks = scores.totals(), scores.ranks()
    assert set(totals) == {r.name for r in ranking.results}
    for result in ranking.results:
        assert totals[result.name] == pytest.approx(result.score, abs=1e-9)
        assert ranks[result.name] == (result.rank if result.eligible else "—")
    # Eligible providers first, best first, in one block; the ineligible below them.
    assert list(scores.rows) == [r.name for r in ranking.results]


def test_demo_scores_formulas_give_the_totals_and_ranks_of_slaselect_rank(
    demo_book: openpyxl.Workbook,
) -> None:
    _assert_scores_match_the_ranking(load_demo(), demo_book)


def _tied() -> Evaluation:
    """Bravo offers exactly what Alpha offers and is agreed Alpha's score: a tie for first."""
    evaluation = three_providers()
    alpha = [r for r in evaluation.rounds if r.provider == "a"]
    rounds = tuple(r for r in evaluation.rounds if r.provider != "b") + tuple(
        replace(r, provider="b") for r in alpha)
    return replace(evaluation, rounds=rounds,
                   consensus=(Consensus("b", "quality", 4.5, "same as Alpha"),))


@pytest.mark.parametrize("make", [three_providers, lambda: three_providers(dpa_must_have=True),
                                  _tied], ids=["three", "three-dpa-gate", "tie"])
def test_small_scores_formulas_give_the_totals_and_ranks_of_slaselect_rank(
    make: Any, tmp_path: Path
) -> None:
    evaluation = make()
    workbook = openpyxl.load_workbook(_written(evaluation, tmp_path / "w.xlsx"))
    _assert_scores_match_the_ranking(evaluation, workbook)


def test_equal_totals_share_a_rank(tmp_path: Path) -> None:
    ranking = rank(_tied())
    assert [r.rank for r in ranking.results] == [1, 1, None]
    scores = ScoresSheet(openpyxl.load_workbook(_written(_tied(), tmp_path / "w.xlsx")), _tied())
    assert list(scores.ranks().values()) == [1, 1, "—"]


def test_ranks_range_covers_exactly_the_eligible_providers(
    demo_book: openpyxl.Workbook,
) -> None:
    ranking = rank(load_demo())
    scores = ScoresSheet(demo_book, load_demo())
    eligible_rows = [scores.rows[r.name] for r in ranking.results if r.eligible]
    total = openpyxl.utils.get_column_letter(scores.total_column)
    expected = f"${total}${min(eligible_rows)}:${total}${max(eligible_rows)}"
    for row in eligible_rows:
        match = RANK.match(scores.formula(row, scores.rank_column))
        assert match and match["r"] == expected
    ineligible = [r for r in ranking.results if not r.eligible]
    assert ineligible, "the demo has an ineligible provider"
    for result in ineligible:
        row = scores.rows[result.name]
        assert scores.sheet.cell(row=row, column=scores.eligible_column).value == "no"
        assert scores.sheet.cell(row=row, column=scores.rank_column).value == "—"


def test_weights_are_editable_values_and_shares_follow_them(
    demo_book: openpyxl.Workbook,
) -> None:
    evaluation = load_demo()
    scores = ScoresSheet(demo_book, evaluation)
    weights = [c.weight for c in evaluation.criteria]
    for j, criterion in enumerate(evaluation.criteria):
        weight_cell = scores.sheet.cell(row=scores.weight_row, column=2 + j)
        assert weight_cell.value == criterion.weight and weight_cell.data_type == "n"
        match = SHARE.match(scores.formula(scores.share_row, 2 + j))
        assert match
        share = _numbers(scores.sheet, match["x"])[0] / sum(_numbers(scores.sheet, match["w"]))
        assert share == pytest.approx(criterion.weight / sum(weights), abs=1e-12)


def test_changing_weights_recomputes_like_the_weighted_sum(demo_path: Path) -> None:
    evaluation = load_demo()
    table = score_table(evaluation)
    scores = ScoresSheet(openpyxl.load_workbook(demo_path), evaluation)  # a copy of its own to edit
    new_weights = np.array([float(3 + (j * 7) % 11) for j in range(len(evaluation.criteria))])
    for j, weight in enumerate(new_weights):
        scores.sheet.cell(row=scores.weight_row, column=2 + j).value = weight
    expected = dict(zip((p.name for p in table.providers),
                        wsm_totals(table.scores, new_weights).tolist(), strict=True))
    totals = scores.totals()
    for name, total in expected.items():
        assert totals[name] == pytest.approx(total, abs=1e-9)
    assert totals != {r.name: r.score for r in rank(evaluation).results}


def test_term_and_price_columns_that_follow_the_term_sheet_say_so(
    demo_book: openpyxl.Workbook,
) -> None:
    evaluation = load_demo()
    scores = ScoresSheet(demo_book, evaluation)
    how = scores.weight_row - 1
    first = next(iter(scores.rows.values()))
    for j, criterion in enumerate(evaluation.criteria):
        said = scores.sheet.cell(row=how, column=2 + j).value
        is_formula = scores.sheet.cell(row=first, column=2 + j).data_type == "f"
        assert said.endswith("formula") == is_formula, (criterion.key, said)
    live = {c.key for j, c in enumerate(evaluation.criteria)
            if scores.sheet.cell(row=first, column=2 + j).data_type == "f"}
    # Numeric terms and both prices are formulas; judgement and terms in words are not.
    assert live == {"uptime", "first_call_resolution", "security_audits", "tco", "exit_cost"}


# ------------------------------------------------------------------ the other sheets


def test_sheets_freeze_their_headers_and_print_landscape_readably_wide(
    demo_book: openpyxl.Workbook,
) -> None:
    workbook = demo_book
    assert tuple(workbook.sheetnames) == SHEET_NAMES
    for sheet in workbook.worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        # The term sheet prints in groups of providers (its own tests); Scores and Figures
        # spread over as many pages as keep them at a readable size.
        if sheet.title == "Term sheet":
            pass
        elif sheet.title in ("Scores", "Figures"):
            assert _printed_page_width(sheet) <= 160
            assert sheet.page_setup.fitToHeight == 0
            assert sheet.sheet_properties.pageSetUpPr.fitToPage
        else:
            assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
            assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert "&P of &N" in sheet.oddFooter.right.text
        if sheet.title != "Summary":
            assert sheet.freeze_panes, sheet.title
            assert sheet.print_title_rows, sheet.title
        assert all(d.width for d in sheet.column_dimensions.values())
    assert workbook["Scores"].freeze_panes == "B9"
    assert workbook["Scores"].print_title_cols == "$A:$A"
    assert workbook["Negotiation"].auto_filter.ref.startswith("A4:H")


def _printed_page_width(sheet: Any) -> float:
    """Characters of column width each printed page holds: the repeated columns plus an
    equal share of the others."""
    area = sheet.print_area or ""
    last = openpyxl.utils.column_index_from_string(
        re.findall(r"\$?([A-Z]+)\$?\d+$", area)[0]) if area else sheet.max_column
    widths = [sheet.column_dimensions[openpyxl.utils.get_column_letter(c)].width or 8.43
              for c in range(1, last + 1)]
    titles = sheet.print_title_cols or ""
    repeated = openpyxl.utils.column_index_from_string(titles.split(":")[-1].strip("$")) \
        if titles else 0
    fixed = sum(widths[:repeated])
    return fixed + (sum(widths) - fixed) / sheet.page_setup.fitToWidth


def test_wide_scores_spread_over_pages_each_printed_readably(tmp_path: Path) -> None:
    from bench.generate import random_evaluation

    evaluation = random_evaluation(30, 40, 3)
    workbook = openpyxl.load_workbook(_written(evaluation, tmp_path / "wide.xlsx"))
    for title in ("Scores", "Figures"):
        sheet = workbook[title]
        assert sheet.page_setup.fitToWidth > 1, title
        assert 100 <= _printed_page_width(sheet) <= 160, title


def test_summary_names_the_recommended_provider(demo_book: openpyxl.Workbook) -> None:
    evaluation = load_demo()
    winner = rank(evaluation).results[0]
    sheet = demo_book["Summary"]
    facts = {row[0].value: row[1].value for row in sheet.iter_rows(min_row=4, max_row=11)}
    assert facts["Evaluation"] == evaluation.name
    assert facts["Written on"].date() == TODAY
    assert facts["Recommended provider"].startswith(f"{winner.name}: weighted total "
                                                    f"{winner.score:.2f} of 10")
    assert "Weighted sum" in facts["Method"]


def _term_rows(sheet: Any) -> dict[str, int]:
    return {c.value: c.row for c in sheet["A"] if isinstance(c.value, str)}


def test_term_sheet_shows_numbers_as_numbers_with_units_and_must_haves(
    demo_book: openpyxl.Workbook,
) -> None:
    evaluation = load_demo()
    sheet = demo_book["Term sheet"]
    rows = _term_rows(sheet)
    header = [c.value for c in sheet[4]]
    assert header[:3] == ["Term", "Unit", "Must-have"]
    column = {str(name).removesuffix(" (ineligible)"): i + 1 for i, name in enumerate(header)}
    current = evaluation.current_terms()
    uptime = rows["Uptime guarantee"]
    assert sheet.cell(row=uptime, column=2).value == "%"
    assert sheet.cell(row=uptime, column=3).value == "at least 99.5 %"
    for provider in evaluation.providers:
        cell = sheet.cell(row=uptime, column=column[provider.name])
        assert cell.data_type == "n" and cell.value == current[provider.key]["uptime_pct"]
        fee = sheet.cell(row=rows["Monthly retainer fee"], column=column[provider.name])
        assert fee.value == current[provider.key]["monthly_fee"] and "$" in fee.number_format
        rpo = sheet.cell(row=rows["Recovery point objective (RPO)"], column=column[provider.name])
        assert rpo.value == duration_words(current[provider.key]["rpo"])  # "4 h", not "4:00"
    # Best and worst of numeric rows are live conditional formats on that row.
    ranges = {str(rule_range.sqref) for rule_range in sheet.conditional_formatting}
    first = min(column[p.name] for p in evaluation.providers)
    last = max(column[p.name] for p in evaluation.providers)
    letters = openpyxl.utils.get_column_letter
    assert f"{letters(first)}{uptime}:{letters(last)}{uptime}" in ranges
    # A text value failing a must-have is marked, with the reason on hover.
    pci = sheet.cell(row=rows["PCI DSS responsibility"], column=column["Kestrabyte Solutions"])
    assert pci.value == "the Client alone"  # the contract's label, not the key
    assert pci.font.bold and pci.comment is not None
    assert "must-have" in pci.comment.text


def test_term_sheet_lists_providers_in_ranking_order_ineligible_last(
    demo_book: openpyxl.Workbook,
) -> None:
    ranking = rank(load_demo(), Method.WSM)
    header = [c.value for c in demo_book["Term sheet"][4]][3:]
    header = [h for h in header if h != "Buyer's ask"]
    expected = [r.name + ("" if r.eligible else " (ineligible)") for r in ranking.results]
    assert header == expected and any(not r.eligible for r in ranking.results)


def test_no_term_sheet_cell_is_a_raw_key_or_a_clock_reading(
    demo_book: openpyxl.Workbook,
) -> None:
    texts = [str(c.value) for row in demo_book["Term sheet"].iter_rows(min_row=6)
             for c in row if isinstance(c.value, str)]
    assert not [t for t in texts if "_" in t or re.fullmatch(r"\d+:\d\d", t)]
    assert not [t for t in texts if re.search(r"\b1 hours\b", t)]
    assert any("SOC 2 Type II" in t for t in texts)


def test_negotiation_lists_every_round_and_marks_the_changes(
    demo_book: openpyxl.Workbook,
) -> None:
    evaluation = load_demo()
    sheet = demo_book["Negotiation"]
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    openings = [r for r in rows if str(r[4]).startswith("Opening offer")]
    changed = [r for r in rows if r[7]]
    expected = 0
    for provider in evaluation.providers:
        numbers = [r.number for r in evaluation.rounds_of(provider.key)]
        for before, after in zip(numbers, numbers[1:], strict=False):
            expected += len(round_changes(evaluation, provider.key, before, after).changes) or 1
    # One line per opening offer, then only the terms that changed (or "No term changed").
    assert len(openings) == len(evaluation.providers)
    assert len(rows) == len(openings) + expected < len(evaluation.rounds) * 10
    assert len(changed) > 0 and {r[7] for r in changed} <= {"better", "worse", "changed"}
    assert all(r[6] and r[5] for r in changed)  # new and previous value are shown
    assert not any(":" in str(r[5]) and str(r[5]).replace(":", "").isdigit() for r in rows)
    assert all(isinstance(r[3], type(rows[0][3])) for r in rows)  # dates are dates
    assert rows[0][3].date() == date.fromisoformat(evaluation.rounds_of(
        evaluation.providers[0].key)[0].date)


def test_figures_show_money_as_live_formulas_and_durations_in_words(
    demo_book: openpyxl.Workbook,
) -> None:
    evaluation = load_demo()
    sheet = demo_book["Figures"]
    rows = _term_rows(sheet)
    header = [c.value for c in sheet[4]]
    ranking = rank(evaluation)
    # Providers in ranking order, the ineligible last and marked, as on the Term sheet.
    assert header[2:] == [r.name if r.eligible else f"{r.name} (ineligible)"
                          for r in ranking.results]
    tco_row = rows[f"Total cost of ownership ({evaluation.horizon_months} months)"]
    assert sheet.cell(row=tco_row, column=2).value == evaluation.currency
    for offset, result in enumerate(ranking.results):
        column = 3 + offset
        figures = provider_figures(evaluation.terms_at(result.provider), evaluation.scenario,
                                   evaluation.horizon_months)
        tco = sheet.cell(row=tco_row, column=column)
        assert tco.data_type == "f" and "'Term sheet'!" in tco.value
        assert "$" in tco.number_format
        downtime = sheet.cell(row=rows["Allowed downtime a month"], column=column)
        assert downtime.value == format_minutes(figures["downtime_minutes_month"])
        p1 = sheet.cell(row=rows["Response in real time, P1"], column=column)
        assert p1.value == format_minutes(figures["response_real_minutes"]["P1"])
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [t for t in texts if re.search(r"\b\d+:\d\d\b(?!-)", t) and ":00-" not in t]
    assert not [t for t in texts if re.search(r"\b1 hours\b", t)]
    assert "Incidents a month" in rows


# ------------------------------------------------------------------ formula injection


def _hostile() -> Evaluation:
    evaluation = three_providers()
    law = Term("governing_law", "Governing law", "Legal", TermType.TEXT)
    providers = (replace(evaluation.providers[0], name=HOSTILE_NAME),
                 evaluation.providers[1],
                 replace(evaluation.providers[2], excluded="＝1+1 withdrew"))
    criteria = (replace(evaluation.criteria[0], name="@SUM(1+1)", group="-Capability"),
                *evaluation.criteria[1:])
    rounds = tuple(
        replace(r, label="-2+3", values={**r.values, "governing_law": "\t=1+1"})
        if r.provider == "a" else r
        for r in evaluation.rounds
    )
    consensus = (Consensus("b", "quality", 3.5, HOSTILE_RATIONALE),)
    return replace(evaluation, name="=cmd|evaluation", providers=providers,
                   criteria=criteria, terms=(*evaluation.terms, law), rounds=rounds,
                   consensus=consensus)


OWN_SHEETS = re.compile(r"'Term sheet'!|Figures!|Scores!")
OWN_FORMULA = re.compile(r'^=[A-Z0-9().,:*/+\-^<>=$"—e]+$')
"""SLASelect's own formulas: functions, cell references, numbers, operators, "—"."""


def test_user_text_is_never_a_formula_anywhere(tmp_path: Path) -> None:
    evaluation = _hostile()
    workbook = openpyxl.load_workbook(_written(evaluation, tmp_path / "w.xlsx"))
    found: dict[str, int] = {}
    hostile = {HOSTILE_NAME, HOSTILE_RATIONALE, "@SUM(1+1)", "-Capability", "-2+3", "\t=1+1",
               "=cmd|evaluation"}
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert OWN_FORMULA.match(OWN_SHEETS.sub("", cell.value)), (
                        sheet.title, cell.coordinate, cell.value)
                if cell.value in hostile:
                    assert cell.data_type == "s"
                    assert cell.quotePrefix and cell.number_format == "@"
                    found[cell.value] = found.get(cell.value, 0) + 1
    assert found.keys() == hostile
    assert found[HOSTILE_NAME] >= 5  # on every sheet
    excluded = [c for s in workbook.worksheets for r in s.iter_rows() for c in r
                if isinstance(c.value, str) and "＝1+1 withdrew" in c.value]
    assert excluded and all(c.data_type == "s" for c in excluded)
    footer = workbook["Scores"].oddFooter.left.text
    assert footer == "=cmd|evaluation"


def test_ranking_is_unchanged_by_hostile_names(tmp_path: Path) -> None:
    evaluation = _hostile()
    book = openpyxl.load_workbook(_written(evaluation, tmp_path / "w.xlsx"))
    scores = ScoresSheet(book, evaluation)
    for result in rank(evaluation).results:
        assert scores.totals()[result.name] == pytest.approx(result.score, abs=1e-9)


# ------------------------------------------------------------------ audit trail


def test_audit_trail_sheet_lists_every_change_and_keeps_hostile_text_as_text(
    tmp_path: Path,
) -> None:
    path = tmp_path / "audited.xlsx"
    write_workbook(three_providers(), path, today=TODAY, audit_trail=TRAIL)
    sheet = openpyxl.load_workbook(path)["Audit trail"]
    assert [c.value for c in sheet[4]] == ["#", "When (local time)", "Who", "What", "Detail",
                                          "Why", "Recorded (UTC)"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5, max_row=7)]
    assert rows[0] == [1, local_moment(TRAIL[0].at), "Dana Whitlock", "Change weight",
                       "criterion: Quality; weight (points): 60",
                       "Board asked for more weight on quality", TRAIL[0].at]
    assert rows[1][2:6] == [HOSTILE_NAME, "Change score",
                            "provider: Alpha; criterion: Quality; evaluator: Eve; value: 3; "
                            'rationale: "@SUM(1+1)"', FORMULA_REASON]
    assert rows[2][5] == HOSTILE_REASON
    for cell in (sheet["F6"], sheet["C6"]):  # a formula-like reason or name stays text
        assert cell.data_type == "s" and cell.quotePrefix and cell.number_format == "@"
    assert sheet["B5"].is_date and sheet["B5"].number_format == "yyyy-mm-dd hh:mm"
    assert sheet.freeze_panes == "A5" and sheet.auto_filter.ref == "A4:G7"
    assert sheet.max_row == 7
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_audit_trail_sheet_without_history_says_so(demo_book: openpyxl.Workbook) -> None:
    sheet = demo_book["Audit trail"]
    assert sheet["A5"].value == "No changes recorded (an interchange file has no history)."
    assert sheet.max_row == 5 and sheet.freeze_panes == "A5"
    assert sheet.page_setup.orientation == "landscape"


# ------------------------------------------------------------------ LibreOffice


def _office() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _recalculated(files: list[Path], folder: Path) -> list[openpyxl.Workbook]:
    """LibreOffice opens each workbook, computes every formula, and saves a copy."""
    office = _office()
    assert office
    out = folder / "recalculated"
    out.mkdir()
    subprocess.run(
        [office, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
         "--convert-to", "xlsx", "--outdir", str(out), *map(str, files)],
        check=True, capture_output=True, timeout=120,
    )
    return [openpyxl.load_workbook(out / f.name, data_only=True) for f in files]


@pytest.mark.skipif(_office() is None, reason="LibreOffice is not installed")
def test_libreoffice_computes_the_same_totals_and_ranks_and_follows_weights(
    demo_path: Path, tmp_path: Path,
) -> None:
    demo, hostile, tied = load_demo(), _hostile(), _tied()  # the last two vary three_providers()
    files = [demo_path, _written(hostile, tmp_path / "hostile.xlsx"),
             _written(tied, tmp_path / "tied.xlsx")]
    audited = tmp_path / "audited.xlsx"
    write_workbook(three_providers(), audited, today=TODAY, audit_trail=TRAIL)
    # A reader doubles the weight of the first criterion and saves.
    edited = openpyxl.load_workbook(files[0])
    layout = ScoresSheet(edited, demo)
    layout.sheet.cell(row=layout.weight_row, column=2).value = demo.criteria[0].weight * 2
    edited.save(tmp_path / "edited.xlsx")
    files.append(tmp_path / "edited.xlsx")
    files.append(audited)

    computed = _recalculated(files, tmp_path)
    trail = computed[4]["Audit trail"]  # the reasons are still the literal text
    assert [trail.cell(row=r, column=6).value for r in (5, 6, 7)] == [
        TRAIL[0].reason, FORMULA_REASON, HOSTILE_REASON]
    assert trail.cell(row=6, column=3).value == HOSTILE_NAME
    for evaluation, workbook in zip((demo, hostile, tied), computed, strict=False):
        layout = ScoresSheet(workbook, evaluation)
        for result in rank(evaluation).results:
            row = layout.rows[result.name]
            total = layout.sheet.cell(row=row, column=layout.total_column).value
            assert total == pytest.approx(result.score, abs=1e-9), result.name
            shown = layout.sheet.cell(row=row, column=layout.rank_column).value
            assert shown == (result.rank if result.eligible else "—")
    assert HOSTILE_NAME in ScoresSheet(computed[1], hostile).rows  # still the literal text

    table = score_table(demo)
    weights = table.weights.copy()
    weights[0] *= 2
    expected = dict(zip((p.name for p in table.providers),
                        wsm_totals(table.scores, weights).tolist(), strict=True))
    layout = ScoresSheet(computed[3], demo)
    before = {r.name: r.score for r in rank(demo).results}
    totals = {name: layout.sheet.cell(row=row, column=layout.total_column).value
              for name, row in layout.rows.items()}
    for name, total in expected.items():
        assert totals[name] == pytest.approx(total, abs=1e-9)
        assert totals[name] != pytest.approx(before[name], abs=1e-6)
    eligible = [r.name for r in rank(demo).results if r.eligible]
    by_total = sorted(eligible, key=lambda name: -totals[name])
    ranks = {name: layout.sheet.cell(row=layout.rows[name], column=layout.rank_column).value
             for name in eligible}
    assert [ranks[name] for name in by_total] == sorted(ranks.values())
    assert rank(demo, Method.WSM).results[0].name in layout.rows


def test_summary_says_whether_prices_were_sealed_and_why_topsis_disagrees(
        tmp_path: Path, demo_book: openpyxl.Workbook) -> None:
    def facts(book: openpyxl.Workbook) -> dict[str, str]:
        return {row[0].value: row[1].value for row in book["Summary"].iter_rows(min_row=4,
                                                                                 max_row=20)}

    demo = facts(demo_book)  # written from the interchange form: nothing recorded
    assert demo["Price envelopes"].startswith("Prices were not recorded as sealed")
    assert demo["Cross-check (TOPSIS)"].startswith(
        "TOPSIS ranks Tidemark Commerce Operations first and Aurelgate Digital last: it "
        "rewards being close to the best score on every criterion")
    opened = replace(three_providers(), price_envelopes_opened_at="2026-11-19T09:00:00+00:00")
    path = tmp_path / "sealed.xlsx"
    write_workbook(opened, path, today=TODAY, audit_trail=TRAIL)
    said = facts(openpyxl.load_workbook(path))
    assert said["Price envelopes"] == (
        "1 quality score was entered or changed after the price envelopes were opened on "
        "2026-11-19, the last on 2026-11-19: those scores were given with the prices in view.")
    assert said["Cross-check (TOPSIS)"].startswith("TOPSIS ranks Bravo first and Alpha last")
    alone = replace(three_providers(), providers=three_providers().providers[:1])
    write_workbook(alone, path, today=TODAY)
    assert facts(openpyxl.load_workbook(path))["Cross-check (TOPSIS)"] == (
        "TOPSIS (closeness to an ideal bid) also ranks Alpha first.")
