"""The workbook's Service sheet: live formulas over the ticket rows that LibreOffice computes to
exactly what ``slaselect service --json`` says (CONTRACT 7)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from slaselect.cli import main
from slaselect.documents import bundled
from slaselect.documents.workbook.service import MONTH_COLUMNS, SERVICE, TICKET_COLUMNS
from tests.cli.test_cli import run

GENERIC = "id,priority,opened,responded,resolved,paused\n"
HOSTILE_ID = '=HYPERLINK("http://example.invalid","x")'


def _office() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _service_json(capsys: pytest.CaptureFixture[str], path: Path) -> dict[str, Any]:
    code, out, err = run(capsys, "service", str(path), "--json")
    assert (code, err) == (0, ""), err
    return json.loads(out)


def _workbook(capsys: pytest.CaptureFixture[str], path: Path) -> Path:
    output = path.with_suffix(".xlsx")
    code, _, err = run(capsys, "workbook", str(path), "-o", str(output))
    assert (code, err) == (0, ""), err
    return output


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.slaselect"
    assert main(["demo", str(path)]) == 0
    return path


@pytest.fixture
def hostile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """Tidemark awarded (credits on claim) with P1 breaches over two months and a ticket id
    that reads like a formula."""
    path = tmp_path / "hostile.slaselect"
    assert run(capsys, "import-json", str(bundled.resources_folder() / "demo" / "demo.json"),
               str(path))[0] == 0
    assert run(capsys, "award", str(path), "tidemark", "--start", "2027-01-01",
               "--zone", "Europe/Berlin")[0] == 0
    export = tmp_path / "tickets.csv"
    quoted = '"' + HOSTILE_ID.replace('"', '""') + '"'
    export.write_text(
        GENERIC
        + f"{quoted},P1,2027-01-05T10:00,2027-01-05T13:00,2027-01-06T12:00,\n"
        + "T-2,P1,2027-01-20T23:50,2027-01-21T00:05,,\n"
        + "T-3,P3,2027-02-05T17:30,2027-02-08T09:30,2027-02-09T10:00,"
          "2027-02-08T10:00/2027-02-08T11:00\n"
        + "T-4,P1,2027-02-10T10:00,2027-02-10T16:00,2027-02-12T10:00,\n"
        + "T-5,P2,2027-03-01T08:00,,,\n", encoding="utf-8")
    code, _, err = run(capsys, "import-incidents", str(path), str(export))
    assert (code, err) == (0, ""), err
    return path


def _month_rows(sheet: Any) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for values in sheet.iter_rows(values_only=True):
        key = values[0]
        if isinstance(key, str) and len(key) == 7 and key[4] == "-" and key[:4].isdigit():
            rows[key] = dict(zip(MONTH_COLUMNS, values, strict=False))
    return rows


def test_a_project_without_a_contract_has_no_service_sheet(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plain.slaselect"
    assert run(capsys, "import-json", str(bundled.resources_folder() / "demo" / "demo.json"),
               str(path))[0] == 0
    assert SERVICE not in openpyxl.load_workbook(_workbook(capsys, path)).sheetnames


def test_attainment_and_credits_are_formulas_and_a_hostile_id_stays_text(
        hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = openpyxl.load_workbook(_workbook(capsys, hostile))[SERVICE]
    january = _month_rows(sheet)["2027-01"]
    for name in ("Uptime %", "Response attainment P1 %", "Credit %", "Credit", "Failed"):
        assert str(january[name]).startswith("="), name
    assert "COUNTIFS(" in str(january["Response attainment P1 %"])
    ids = [row[0].value for row in sheet.iter_rows() if row[0].value == HOSTILE_ID]
    assert len(ids) == 1
    cell = next(row[0] for row in sheet.iter_rows() if row[0].value == HOSTILE_ID)
    assert cell.data_type == "s" and cell.quotePrefix
    status_column = TICKET_COLUMNS.index("Response status")
    statuses = [row[status_column].value for row in sheet.iter_rows()
                if row[1].value in ("P1", "P2", "P3", "P4") and row[status_column].value]
    assert statuses and all(str(s).startswith("=IF(ISNUMBER(") for s in statuses)


def _close(found: Any, wanted: Any) -> bool:
    if wanted is None:
        return found in (None, "")
    return isinstance(found, int | float) and abs(found - wanted) < 1e-6


@pytest.mark.skipif(_office() is None, reason="LibreOffice is not installed")
def test_libreoffice_computes_what_service_json_says(
        demo: Path, hostile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    projects = [demo, hostile]
    reports = [_service_json(capsys, p) for p in projects]
    files = [_workbook(capsys, p) for p in projects]
    out = tmp_path / "recalculated"
    subprocess.run(
        [str(_office()), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
         "--headless", "--convert-to", "xlsx", "--outdir", str(out), *map(str, files)],
        check=True, capture_output=True, timeout=180)
    for report, file in zip(reports, files, strict=True):
        sheet = openpyxl.load_workbook(out / file.name, data_only=True)[SERVICE]
        rows = _month_rows(sheet)
        assert [m["month"] for m in report["months"]] == list(rows)
        compared = 0
        for month in report["months"]:
            row = rows[month["month"]]
            pairs = [("Uptime %", month["uptime_pct"]), ("Fee", month["fee"]),
                     ("Downtime minutes", month["downtime_minutes"]),
                     ("Excluded maintenance minutes", month["excluded_minutes"]),
                     ("Credit %", month["credit_pct"]), ("Credit", month["credit"])]
            for measure, title in (("response", "Response"), ("resolution", "Resolution")):
                pairs += [(f"{title} attainment {p} %", c["attainment_pct"])
                          for p, c in month[measure].items()]
            for name, wanted in pairs:
                assert _close(row[name], wanted), (file.name, month["month"], name,
                                                   row[name], wanted)
                compared += wanted is not None
            assert (row["Failed"] == "yes") == month["failed"], (file.name, month["month"])
        assert compared > 10
        total = sum(r["Credit"] or 0 for r in rows.values())
        assert total == pytest.approx(report["credits_total"], abs=1e-6)
    hostile_months = {m["month"]: m for m in reports[1]["months"]}
    assert hostile_months["2027-01"]["response"]["P1"]["breached"] == 1
