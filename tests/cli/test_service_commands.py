"""After the award from the command line: award, imports all or nothing, service, claims,
reviews, the review pack and the re-tender (CONTRACT 7)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from slaselect.cli import main
from slaselect.documents import bundled
from slaselect.store.project import Project
from slaselect.store.service import load_service
from tests.cli.test_cli import assert_user_error, run

GENERIC = "id,priority,opened,responded,resolved,paused\n"


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "master.slaselect"
    assert main(["demo", str(path)]) == 0
    return path


@pytest.fixture
def demo(demo_master: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo.slaselect"
    shutil.copy(demo_master, copy)
    return copy


@pytest.fixture
def awarded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The bundled evaluation with Tidemark (credits on claim) awarded and no service data."""
    path = tmp_path / "fresh.slaselect"
    assert run(capsys, "import-json", str(bundled.resources_folder() / "demo" / "demo.json"),
               str(path))[0] == 0
    code, out, err = run(capsys, "award", str(path), "tidemark", "--start", "2027-01-01",
                         "--zone", "Europe/Berlin")
    assert (code, err) == (0, "")
    assert "Awarded Tidemark Commerce Operations round 3 from 2027-01-01" in out
    return path


def service_json(capsys: pytest.CaptureFixture[str], path: Path, *extra: str) -> dict:
    code, out, err = run(capsys, "service", str(path), "--json", *extra)
    assert (code, err) == (0, "")
    return json.loads(out)


def test_the_demo_report_matches_the_hand_checked_months(
        demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = service_json(capsys, demo, "--to", "2027-12")
    assert (report["provider"], report["round"], report["zone"]) == (
        "aurelgate", 4, "Europe/Berlin")
    months = {m["month"]: m for m in report["months"]}
    assert len(months) == 12
    # May: 1 h 12 min planned work (inside the 2 h allowance) and a 75-minute unplanned
    # outage on the 14th: uptime = 100 (44640 - 72 - 75 - 5-ish) ... worked out exactly below.
    may = months["2027-05"]
    assert may["excluded_minutes"] == pytest.approx(72.0)
    length = 31 * 24 * 60
    assert may["uptime_pct"] == pytest.approx(
        100 * (length - 72.0 - may["downtime_minutes"]) / (length - 72.0))
    assert may["uptime_pct"] < 99.95  # below the guarantee: 10 % credit of 12,400
    assert (may["credit_pct"], may["credit"]) == (10.0, pytest.approx(1240.0))
    assert may["claim"] == {"mechanism": "on_claim", "deadline": "2027-07-30",
                            "status": "expired"}
    # March: one P1 response breach, 5 % of the fee, claimed by the buyer.
    march = months["2027-03"]
    assert march["response"]["P1"]["breached"] == 1
    assert (march["credit_pct"], march["credit"]) == (5.0, pytest.approx(620.0))
    assert march["claim"]["status"] == "claimed"
    assert march["failed"] and may["failed"] and months["2027-08"]["failed"]
    assert [k for k, m in months.items() if m["failed"]] == ["2027-03", "2027-05", "2027-08"]
    assert report["credits_total"] == pytest.approx(1860.0)
    assert (report["end_date"], report["notice_deadline"]) == ("2029-01-01", "2028-10-03")
    assert report["termination_right_from"] is None


def test_service_text_says_what_is_owed_and_by_when(
        demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "service", str(demo), "--incidents")
    assert code == 0
    assert "EXPIRED (deadline 2027-07-30)" in out
    assert "give notice by 2028-10-03" in out
    assert "SD-1026" in out  # the P1 ticket behind March's breach


def test_an_import_round_trip_replaces_tickets_by_id(
        awarded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = tmp_path / "first.csv"
    first.write_text(GENERIC
                     + "T-1,P1,2027-02-01T10:00,2027-02-01T10:40,2027-02-01T12:00,\n"
                     + "T-2,P3,2027-02-02T17:00,2027-02-03T09:30,,"
                       "2027-02-03T10:00/2027-02-03T11:00\n", encoding="utf-8")
    code, out, err = run(capsys, "import-incidents", str(awarded), str(first))
    assert (code, err) == (0, "") and "Imported 2 tickets" in out
    second = tmp_path / "second.csv"
    second.write_text(GENERIC + "T-1,P1,2027-02-01T10:00,2027-02-01T10:10,2027-02-01T12:00,\n",
                      encoding="utf-8")
    assert run(capsys, "import-tickets", str(awarded), str(second))[0] == 0
    report = service_json(capsys, awarded, "--from", "2027-02", "--to", "2027-02",
                          "--incidents", "--as-of", "2027-02-10T00:00")
    by_id = {i["id"]: i for i in report["incidents"]}
    assert set(by_id) == {"T-1", "T-2"}
    assert by_id["T-1"]["response_minutes"] == pytest.approx(10.0)  # the re-import won
    assert by_id["T-2"]["resolution_status"] in ("open", "breached")
    with Project.open(awarded, read_only=True) as project:
        actions = [e.action for e in project.audit_trail()]
    assert actions == ["Award the contract", "Import tickets", "Import tickets"]


@pytest.mark.parametrize("row, problem", [
    ("T-9,P1,31/02/2027,,,", "line 3, opened: '31/02/2027' is not a date"),
    ("T-9,Sev 9,2027-02-01T10:00,,,", "line 3, priority: 'Sev 9' is not a known severity"),
    ("T-9,P1,2027-02-01T10:00,2027-01-01T10:00,,", "line 3, responded: '2027-01-01T10:00' "
                                                   "is before opened"),
    ("T-1,P1,2027-02-01T10:00,,,", "line 3, id: 'T-1' already appears on line 2"),
    (",P1,2027-02-01T10:00,,,", "line 3, id: is empty"),
])
def test_a_bad_row_refuses_the_whole_import_and_leaves_the_file_as_it_was(
        awarded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        row: str, problem: str) -> None:
    export = tmp_path / "bad.csv"
    export.write_text(GENERIC + "T-1,P1,2027-02-01T10:00,,,\n" + row + "\n", encoding="utf-8")
    before = awarded.read_bytes()
    code, out, err = run(capsys, "import-incidents", str(awarded), str(export))
    assert_user_error(code, err, "Nothing was imported")
    assert problem in out
    assert awarded.read_bytes() == before


def test_outages_import_and_a_claim_change_the_claim_status(
        awarded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outages = tmp_path / "outages.csv"
    outages.write_text("start,end,planned\n2027-03-10T10:00,2027-03-10T12:00,no\n",
                       encoding="utf-8")
    code, out, _ = run(capsys, "import-downtime", str(awarded), str(outages), "--dry-run")
    assert code == 0 and "Dry run" in out
    assert run(capsys, "import-outages", str(awarded), str(outages),
               "--from", "2027-03-01", "--to", "2027-03-31")[0] == 0
    # Importing the same export again replaces its outages instead of counting them twice.
    assert run(capsys, "import-outages", str(awarded), str(outages),
               "--from", "2027-03-01", "--to", "2027-03-31")[0] == 0
    report = service_json(capsys, awarded, "--as-of", "2027-04-05T00:00")
    march = next(m for m in report["months"] if m["month"] == "2027-03")
    assert march["downtime_minutes"] == pytest.approx(120.0)
    assert march["claim"]["status"] == "claimable" and march["credit"] > 0
    assert run(capsys, "claim", str(awarded), "--month", "2027-03", "--date", "2027-04-02",
               "--amount", str(march["credit"]), "--reference", "CR-7")[0] == 0
    report = service_json(capsys, awarded, "--as-of", "2027-04-05T00:00")
    march = next(m for m in report["months"] if m["month"] == "2027-03")
    assert march["claim"]["status"] == "claimed"


def test_commands_refuse_what_they_cannot_do(
        demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    json_file = bundled.resources_folder() / "demo" / "demo.json"
    code, _, err = run(capsys, "service", str(json_file))
    assert_user_error(code, err, "needs a project file")
    before = demo.read_bytes()
    code, _, err = run(capsys, "award", str(demo), "nobody", "--start", "2027-01-01")
    assert_user_error(code, err, "no provider 'nobody'")
    code, _, err = run(capsys, "award", str(demo), "aurelgate", "--start", "2027-01-01",
                       "--zone", "Mars/Base")
    assert_user_error(code, err, "not a time zone")
    code, _, err = run(capsys, "claim", str(demo), "--month", "2027-13", "--date",
                       "2027-04-02", "--amount", "5")
    assert_user_error(code, err, "not a month")
    assert demo.read_bytes() == before
    fresh = tmp_path / "fresh.slaselect"
    assert run(capsys, "import-json", str(json_file), str(fresh))[0] == 0
    export = tmp_path / "t.csv"
    export.write_text(GENERIC, encoding="utf-8")
    code, _, err = run(capsys, "import-incidents", str(fresh), str(export))
    assert_user_error(code, err, "No contract has been awarded")


def test_a_review_is_recorded_and_its_open_action_reaches_the_pack(
        demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "review", str(demo), "--date", "2028-01-20", "--attendees",
                       "Ana Souza", "Kenji 山田", "--feedback", "Faster P1 replies, please.",
                       "--action", "Publish the P1 rota|Provider account manager|2028-02-01")
    assert (code, err) == (0, "")
    with Project.open(demo, read_only=True) as project:
        reviews = load_service(project.db).reviews
    assert reviews[-1].attendees == ("Ana Souza", "Kenji 山田")
    assert reviews[-1].actions[0].owner == "Provider account manager"
    pack = tmp_path / "pack.pdf"
    code, out, err = run(capsys, "review-pack", str(demo), "--from", "2027-01", "--to",
                         "2027-12", "-o", str(pack))
    assert (code, err) == (0, "")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    text = subprocess.run(["pdftotext", "-layout", str(pack), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Publish the P1 rota" in text
    assert "Credits lost because the claim window closed: 2027-05" in text
    assert "notice must be given by 2028-10-03" in text
    assert "SD-1026" in text


def test_retender_starts_from_the_contract_with_the_track_record(
        demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = tmp_path / "renewal.slaselect"
    code, out, err = run(capsys, "retender", str(demo), str(new))
    assert (code, err) == (0, "")
    with Project.open(new, read_only=True) as project:
        evaluation = project.load()
    assert "decide by 2028-10-03" in evaluation.name
    assert [r.provider for r in evaluation.rounds] == ["aurelgate"]
    record = evaluation.terms_at("aurelgate")
    assert 95 < record["track_record_attainment_pct"] < 100
    assert record["track_record_credits"] == pytest.approx(1860.0)
    assert evaluation.criterion("track_record").weight == 0.0
    assert evaluation.scores == ()



def test_import_incidents_says_how_many_tickets_replaced_ones_already_held(
        awarded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = tmp_path / "desk.csv"
    export.write_text("id,priority,opened,responded,resolved,paused\n"
                      "NEW-1,P2,2027-03-02 10:00,2027-03-02 10:30,2027-03-02 14:00,\n"
                      "NEW-2,P3,2027-03-03 10:00,2027-03-03 10:30,,\n", encoding="utf-8")
    code, out, _ = run(capsys, "import-incidents", str(awarded), str(export))
    assert (code, out.strip()) == (0, "Imported 2 tickets from desk.csv.")
    code, out, _ = run(capsys, "import-incidents", str(awarded), str(export))
    assert (code, out.strip()) == (0, "Imported 2 tickets from desk.csv (2 tickets already "
                                      "held, replaced by the new rows).")


def test_a_ticket_opened_in_the_hour_the_clocks_skipped_is_refused(
        awarded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = awarded.read_bytes()
    export = tmp_path / "desk.csv"
    export.write_text("id,priority,opened,responded,resolved,paused\n"
                      "DST-1,P2,2027-03-28 02:30,2027-03-28 03:10,2027-03-28 05:00,\n",
                      encoding="utf-8")
    code, _, err = run(capsys, "import-incidents", str(awarded), str(export))
    assert code == 1
    assert "line 2, opened: '2027-03-28 02:30' did not occur in Europe/Berlin" in err
    assert awarded.read_bytes() == before
