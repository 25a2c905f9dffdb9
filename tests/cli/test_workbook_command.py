"""``slaselect workbook FILE -o OUT.xlsx``: exit codes, clear errors, never a partial file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl
import pytest

from slaselect.cli import main
from slaselect.documents import bundled, interchange
from slaselect.documents.workbook import SHEET_NAMES
from slaselect.domain import edits
from slaselect.store.project import Project

HOSTILE_REASON = "=cmd|' /C calc'!A0 <b>x</b> &"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_user_error(code: int, err: str, *words: str) -> None:
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err
    for word in words:
        assert word in lines[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def demo_json(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("source") / "demo.json"
    path.write_text(interchange.dumps(bundled.load_demo()), encoding="utf-8")
    return path


def test_workbook_of_a_project_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "demo.slaselect"
    assert run(capsys, "demo", str(project))[0] == 0
    before = digest(project)
    out_path = tmp_path / "terms.xlsx"
    code, out, err = run(capsys, "workbook", str(project), "-o", str(out_path))
    assert code == 0, err
    assert "terms.xlsx" in out and err == ""
    # The demo has an awarded contract: its Service sheet comes before the Audit trail.
    assert tuple(openpyxl.load_workbook(out_path, read_only=True).sheetnames) == (
        *SHEET_NAMES[:-1], "Service", SHEET_NAMES[-1])
    assert digest(project) == before  # the project is only read
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.slaselect", "terms.xlsx"]


def test_workbook_of_interchange_json_replaces_an_old_workbook(
    demo_json: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_path = tmp_path / "terms.xlsx"
    out_path.write_bytes(b"old")
    code, _, err = run(capsys, "workbook", str(demo_json), "--output", str(out_path))
    assert code == 0, err
    workbook = openpyxl.load_workbook(out_path)
    assert workbook.sheetnames[0] == "Summary"
    assert workbook["Audit trail"]["A5"].value == (
        "No changes recorded (an interchange file has no history).")


def test_workbook_of_an_edited_project_has_the_change_in_its_audit_trail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project_path = tmp_path / "demo.slaselect"
    Project.create(project_path, bundled.load_demo())
    with Project.open(project_path) as project:
        project.apply(project.load(), edits.SetWeight("security_focus", 20),
                      reason=HOSTILE_REASON, who="Dana Whitlock")
    out_path = tmp_path / "terms.xlsx"
    code, _, err = run(capsys, "workbook", str(project_path), "-o", str(out_path))
    assert (code, err) == (0, "")
    sheet = openpyxl.load_workbook(out_path)["Audit trail"]
    row = [c.value for c in sheet[5]]
    assert row[0] == 1 and row[2:6] == [
        "Dana Whitlock", "Change weight", "criterion: Security focus; weight (points): 8 -> 20",
        HOSTILE_REASON]
    assert sheet["F5"].data_type == "s" and sheet["F5"].quotePrefix  # text, not a formula
    assert sheet.max_row == 5


def test_missing_output_option_is_bad_usage(demo_json: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["workbook", str(demo_json)])
    assert stopped.value.code == 2
    assert "-o" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["terms.pdf", "terms", "terms.xls"])
def test_output_must_be_an_xlsx(demo_json: Path, tmp_path: Path, name: str,
                                capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "workbook", str(demo_json), "-o", str(tmp_path / name))
    assert_user_error(code, err, ".xlsx")
    assert not list(tmp_path.iterdir())


def test_unreadable_input_leaves_nothing(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    out_path = tmp_path / "terms.xlsx"
    code, _, err = run(capsys, "workbook", str(tmp_path / "missing.slaselect"), "-o",
                       str(out_path))
    assert_user_error(code, err)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "slaselect-evaluation", "version": 1', encoding="utf-8")
    code, _, err = run(capsys, "workbook", str(bad), "-o", str(out_path))
    assert_user_error(code, err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]


def test_missing_output_folder_is_a_clear_error(demo_json: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "workbook", str(demo_json), "-o",
                       str(tmp_path / "nowhere" / "terms.xlsx"))
    assert_user_error(code, err, "does not exist")
    assert not list(tmp_path.iterdir())


def test_a_failure_while_writing_keeps_the_previous_workbook(
    demo_json: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out_path = tmp_path / "terms.xlsx"
    out_path.write_bytes(b"the workbook legal already has")

    def broken_save(self: openpyxl.Workbook, filename: str) -> None:
        Path(filename).write_bytes(b"PK half a zip")
        raise OSError(28, "No space left on device", filename)

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    code, _, err = run(capsys, "workbook", str(demo_json), "-o", str(out_path))
    assert_user_error(code, err, "No space left on device")
    assert out_path.read_bytes() == b"the workbook legal already has"
    assert [p.name for p in tmp_path.iterdir()] == ["terms.xlsx"]  # no temporary file left


def test_refuses_to_write_over_its_own_input(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "evaluation.xlsx"
    source.write_bytes(b"not really")
    code, _, err = run(capsys, "workbook", str(source), "-o", str(source))
    assert_user_error(code, err, "overwrite")
    assert source.read_bytes() == b"not really"
