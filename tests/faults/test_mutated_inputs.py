"""Mutated interchange JSON and mutated scoring sheets (the campaign found no failure here;
these keep it that way). Seeded: each mutation is the same on every run.

A JSON file loses a key, gets a value of the wrong type, a duplicated list entry, a flipped
byte or its end cut off; a filled scoring sheet gets a wrong value in a cell (text, a formula,
a date, a negative or huge number), a row removed, its evaluator field changed or a sheet
renamed. Every run ends in success or in one ``error:`` line, and a refused import changes
nothing.
"""

from __future__ import annotations

import copy
import json
import random
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.faults.cli_run import assert_one_error, run_here, snapshot

JSON_MUTATIONS = 80
SHEET_MUTATIONS = 16
ODD_VALUES: tuple[Any, ...] = (None, "", -1, 10**30, [], {}, "x" * 300, True, 3.5, "=1+1",
                               "\x1b[2J", {"nested": [1, 2]})


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    from slaselect.documents import bundled, interchange
    from slaselect.store.project import Project

    folder = tmp_path_factory.mktemp("mutated")
    project = folder / "demo.slaselect"
    evaluation = bundled.load_demo()
    Project.create(project, evaluation)
    return project, json.loads(interchange.dumps(evaluation))


def _places(document: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside ``document``."""
    found: list[tuple[Any, ...]] = [path] if path else []
    if isinstance(document, dict):
        for key, value in document.items():
            found += _places(value, (*path, key))
    elif isinstance(document, list):
        for index, value in enumerate(document[:3]):  # a few entries of each list
            found += _places(value, (*path, index))
    return found


def _mutated_text(document: dict[str, Any], rng: random.Random) -> str:
    mutated = copy.deepcopy(document)
    place = rng.choice(_places(mutated))
    parent = mutated
    for step in place[:-1]:
        parent = parent[step]
    kind = rng.randrange(5)
    if kind == 0:
        del parent[place[-1]]
    elif kind == 1:
        parent[place[-1]] = rng.choice(ODD_VALUES)
    elif kind == 2 and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[place[-1]]))
    text = json.dumps(mutated, ensure_ascii=False)
    if kind == 3:
        data = bytearray(text.encode())
        offset = rng.randrange(len(data))
        data[offset] ^= 1 << rng.randrange(8)
        return data.decode("utf-8", "replace")
    if kind == 4:
        return text[:rng.randrange(len(text))]
    return text


@pytest.mark.parametrize("seed", range(JSON_MUTATIONS))
def test_mutated_json_is_read_or_refused_in_one_line(
        seed: int, demo: tuple[Path, dict[str, Any]], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    hand = tmp_path / "hand.json"
    hand.write_text(_mutated_text(demo[1], random.Random(seed)), encoding="utf-8")
    command = ("rank", hand) if seed % 2 else ("import-json", hand, tmp_path / "p.slaselect")
    before = snapshot(tmp_path)
    run = run_here(capsys, *command)
    if run.code != 0:
        assert_one_error(run)
        assert snapshot(tmp_path) == before


def _mutate_sheet(sheet: Path, rng: random.Random) -> None:
    import openpyxl
    from openpyxl.cell.cell import MergedCell

    from slaselect.documents.scoring_sheet import sheet as layout

    workbook = openpyxl.load_workbook(sheet)
    scores = workbook[layout.SCORES_TITLE]
    rows = range(layout.HEADER_ROW + 1, scores.max_row + 1)
    kind = rng.randrange(5)
    if kind == 0:
        value = rng.choice(("seven", "=10", datetime(2027, 1, 1), -3, 1e12, "", " 7 ", True))
        scores[f"D{rng.choice(rows)}"] = value
    elif kind == 1:
        scores.delete_rows(rng.choice(rows))
    elif kind == 2:  # a provider, criterion or evaluator cell (merged titles cannot change)
        cells = [scores[f"{column}{row}"] for column in "ABC" for row in rows]
        rng.choice([c for c in cells if not isinstance(c, MergedCell)]).value = rng.choice(
            ("zz", None, 42))
    elif kind == 3:
        workbook.worksheets[rng.randrange(len(workbook.worksheets))].title = "Renamed"
    else:
        scores.cell(row=layout.HEADER_ROW, column=rng.randrange(1, 6), value="Header?")
    workbook.save(sheet)


@pytest.mark.parametrize("seed", range(SHEET_MUTATIONS))
def test_mutated_scoring_sheet_is_imported_or_refused_in_one_line(
        seed: int, demo: tuple[Path, dict[str, Any]], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "p.slaselect"
    shutil.copyfile(demo[0], project)
    sheet = tmp_path / "sheet.xlsx"
    assert run_here(capsys, "scoring-sheet", project, "--evaluator", "ecom_it", "-o",
                    sheet).code == 0
    _mutate_sheet(sheet, random.Random(seed))
    before = snapshot(tmp_path)
    run = run_here(capsys, "import-scores", project, sheet)
    if run.code != 0:
        assert_one_error(run)
        assert snapshot(tmp_path) == before
    else:
        assert "Traceback" not in run.err
