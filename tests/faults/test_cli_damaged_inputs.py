"""Case 6 (JSON side) and the interchange limits: inputs that are not what they claim.

A FIFO, ``/dev/zero`` or standard input given as JSON (or as a scoring sheet) is refused at
once instead of hanging or reading gigabytes; what is read is capped, not what ``stat`` says;
an unknown field is refused by name; names longer than the domain allows are refused with the
limit. Every refusal is one ``error:`` line and leaves the folder as it was.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from slaselect.documents.interchange import reader
from slaselect.domain.text_limits import MAX_NAME_CHARS, MAX_TEXT_CHARS
from tests.faults.cli_run import assert_one_error, run_here, snapshot


@pytest.fixture(scope="module")
def demo_document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    from slaselect.documents import bundled, interchange

    document: dict[str, object] = json.loads(interchange.dumps(bundled.load_demo()))
    return document


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "dev-stdin"])
@pytest.mark.parametrize("command", ["rank", "import-json", "check"])
def test_non_regular_file_as_json_is_refused_at_once(
        kind: str, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.json"
    if kind == "fifo":
        os.mkfifo(source)  # no writer: reading it would wait forever
    else:
        source.symlink_to("/dev/zero" if kind == "dev-zero" else "/dev/stdin")
    before = snapshot(tmp_path)
    argv = [command, source] + ([tmp_path / "out.slaselect"] if command == "import-json" else [])
    assert_one_error(run_here(capsys, *argv), "not a regular file")
    assert snapshot(tmp_path) == before


def test_fifo_as_scoring_sheet_is_refused_at_once(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from slaselect.documents import bundled
    from slaselect.store.project import Project

    Project.create(tmp_path / "p.slaselect", bundled.load_demo())
    os.mkfifo(tmp_path / "sheet.xlsx")
    before = snapshot(tmp_path)
    assert_one_error(run_here(capsys, "import-scores", tmp_path / "p.slaselect",
                              tmp_path / "sheet.xlsx"), "not a regular file")
    assert snapshot(tmp_path) == before


def test_fifo_as_the_project_of_import_scores_is_refused_at_once(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Nothing waits on the pipe: not the check that the project is unchanged since it was
    read, nor the project's own checks."""
    from slaselect.documents import bundled
    from slaselect.documents.scoring_sheet.sheet import write_scoring_sheet

    write_scoring_sheet(bundled.load_demo(), "ecom_it", tmp_path / "sheet.xlsx")
    os.mkfifo(tmp_path / "p.slaselect")
    before = snapshot(tmp_path)
    assert_one_error(run_here(capsys, "import-scores", tmp_path / "p.slaselect",
                              tmp_path / "sheet.xlsx"), "not a regular file")
    assert snapshot(tmp_path) == before


def test_what_is_read_is_capped_not_what_stat_says(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(reader, "MAX_JSON_BYTES", 1024)
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"format": "slaselect-evaluation", "pad": "x" * 5000}))
    assert_one_error(run_here(capsys, "rank", big), "big.json", "MB")


@pytest.mark.parametrize(("where", "field"), [
    ("top", "junk"), ("providers", "colour"), ("criteria", "wieght"), ("scores", "extra"),
    ("scenario", "what_if"), ("evaluation", "owner")])
def test_unknown_json_key_is_refused_by_name(
        where: str, field: str, demo_document: dict[str, object], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    document = json.loads(json.dumps(demo_document))
    if where == "top":
        document[field] = list(range(1000))
    elif where in ("evaluation", "scenario"):
        document[where][field] = 1
    else:
        document[where][0][field] = 1
    source = tmp_path / "hand.json"
    source.write_text(json.dumps(document))
    before = snapshot(tmp_path)
    assert_one_error(run_here(capsys, "import-json", source, tmp_path / "p.slaselect"),
                     field, "not a field", "remove it")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(("where", "length", "limit"), [
    ("providers[0].name", 700, MAX_NAME_CHARS), ("evaluators[0].name", 1_000, MAX_NAME_CHARS),
    ("criteria[0].name", 2_000, MAX_NAME_CHARS), ("evaluation.name", 3_000, MAX_NAME_CHARS),
    ("scores[0].rationale", MAX_TEXT_CHARS + 1, MAX_TEXT_CHARS)])
def test_long_names_are_refused_with_the_limit(
        where: str, length: int, limit: int, demo_document: dict[str, object],
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = json.loads(json.dumps(demo_document))
    part, field = where.split(".")
    container = document[part[:-3]][0] if part.endswith("[0]") else document[part]
    container[field] = "N" * length
    source = tmp_path / "long.json"
    source.write_text(json.dumps(document))
    before = snapshot(tmp_path)
    assert_one_error(run_here(capsys, "import-json", source, tmp_path / "p.slaselect"),
                     where, f"at most {limit:,} characters")
    assert snapshot(tmp_path) == before
