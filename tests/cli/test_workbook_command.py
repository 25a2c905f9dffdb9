"""``slaselect workbook FILE -o OUT.xlsx``: exit codes, clear errors, never a partial file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl
import pytest

from slaselect.cli import main
from slaselect.documents import bundled, interchange
from slaselect.documents.workbook import SHEET_NAMES


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
    assert tuple(openpyxl.load_workbook(out_path, read_only=True).sheetnames) == SHEET_NAMES
    assert digest(project) == before  # the project is only read
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.slaselect", "terms.xlsx"]


def test_workbook_of_interchange_json_replaces_an_old_workbook(
    demo_json: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_path = tmp_path / "terms.xlsx"
    out_path.write_bytes(b"old")
    code, _, err = run(capsys, "workbook", str(demo_json), "--output", str(out_path))
    assert code == 0, err
    assert openpyxl.load_workbook(out_path, read_only=True).sheetnames[0] == "Summary"


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
