"""``slaselect memo`` as a user drives it: a PDF on success, one ``error:`` line otherwise, and
never a partial or clobbered file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from slaselect.cli import main
from slaselect.documents import interchange
from tests.factories import three_providers


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_user_error(code: int, err: str, *words: str) -> None:
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    for word in words:
        assert word in lines[0]


def first_page_size(path: Path) -> tuple[float, float]:
    match = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", path.read_bytes())
    assert match is not None
    return float(match.group(1)), float(match.group(2))


@pytest.fixture
def small_json(tmp_path: Path) -> Path:
    path = tmp_path / "three.json"
    path.write_text(interchange.dumps(three_providers()), encoding="utf-8")
    return path


def test_memo_of_a_project_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "demo.slaselect"
    assert run(capsys, "demo", str(project))[0] == 0
    before = project.read_bytes()
    out_path = tmp_path / "memo.pdf"
    code, out, err = run(capsys, "memo", str(project), "-o", str(out_path))
    assert (code, err) == (0, "")
    assert "Wrote the draft decision memo" in out and str(out_path) in out
    assert out_path.read_bytes().startswith(b"%PDF-")
    assert first_page_size(out_path) == pytest.approx((595.28, 841.89), abs=0.01)
    assert project.read_bytes() == before  # the evaluation is only read


def test_letter_final_prepared_by_from_json(small_json: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    out_path = tmp_path / "final.pdf"
    code, out, _ = run(capsys, "memo", str(small_json), "-o", str(out_path), "--paper",
                       "letter", "--final", "--prepared-by", "Eve Ng")
    assert code == 0 and "final decision memo" in out
    assert first_page_size(out_path) == (612.0, 792.0)


def test_missing_input_is_an_error_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_path = tmp_path / "memo.pdf"
    code, _, err = run(capsys, "memo", str(tmp_path / "absent.slaselect"), "-o", str(out_path))
    assert_user_error(code, err, "absent.slaselect")
    assert list(tmp_path.iterdir()) == []


def test_bad_output_is_an_error(small_json: Path, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "memo", str(small_json), "-o", str(tmp_path / "no" / "m.pdf"))
    assert_user_error(code, err, "does not exist")
    code, _, err = run(capsys, "memo", str(small_json), "-o", str(tmp_path / "memo.docx"))
    assert_user_error(code, err, ".pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["three.json"]


def test_bad_paper_is_a_usage_error(small_json: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["memo", str(small_json), "-o", str(tmp_path / "m.pdf"), "--paper", "A3"])
    assert stop.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_failure_while_writing_keeps_the_previous_memo(
        small_json: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from slaselect.documents import memo

    out_path = tmp_path / "memo.pdf"
    out_path.write_bytes(b"%PDF- last week's memo")

    def half_written(evaluation: Any, path: Path, **kwargs: Any) -> None:
        Path(path).write_bytes(b"%PDF- half")
        raise memo.EvaluationError("the evaluation has no criteria, so it cannot be ranked")

    monkeypatch.setattr(memo, "write_memo", half_written)
    code, _, err = run(capsys, "memo", str(small_json), "-o", str(out_path))
    assert_user_error(code, err, "no criteria")
    assert out_path.read_bytes() == b"%PDF- last week's memo"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.pdf", "three.json"]


def test_memo_never_overwrites_its_own_input(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "three.pdf"
    source.write_text(interchange.dumps(three_providers()), encoding="utf-8")
    before = source.read_bytes()
    code, _, err = run(capsys, "memo", str(source), "-o", str(source))
    assert_user_error(code, err, "overwrite")
    assert source.read_bytes() == before


def test_memo_quotes_the_robustness_analysis_unless_told_not_to(
        small_json: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from slaselect.commands import memo as command
    from slaselect.documents import memo

    quoted: list[list[str]] = []
    real = memo.write_memo

    def spy(evaluation: Any, path: Path, **kwargs: Any) -> None:
        quoted.append(list(kwargs["analysis_summary"]))
        real(evaluation, path, **kwargs)

    monkeypatch.setattr(memo, "write_memo", spy)
    assert run(capsys, "memo", str(small_json), "-o", str(tmp_path / "a.pdf"))[0] == 0
    assert run(capsys, "memo", str(small_json), "-o", str(tmp_path / "b.pdf"),
               "--no-analysis")[0] == 0
    assert quoted[0] == command.analysis_summary(interchange.load_json_file(small_json))
    assert quoted[1] == []
