"""``slaselect memo`` as a user drives it: a PDF on success, one ``error:`` line otherwise, and
never a partial or clobbered file."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from slaselect.cli import main
from slaselect.documents import interchange
from slaselect.documents.bundled import load_demo
from slaselect.domain import edits
from slaselect.domain.analysis import analyse
from slaselect.domain.errors import EvaluationError
from slaselect.store.project import Project
from tests.factories import three_providers

HOSTILE_REASON = "<b>x</b> & =cmd|"
HAS_PDFTOTEXT = shutil.which("pdftotext") is not None


def pdf_text(path: Path) -> str:
    """The PDF's text as a reader would copy it, whitespace collapsed."""
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                            check=True, timeout=60)
    return " ".join(result.stdout.split())


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
    from slaselect.documents.memo.pages import MemoDocument

    out_path = tmp_path / "memo.pdf"
    out_path.write_bytes(b"%PDF- last week's memo")

    def half_written(document: MemoDocument, story: Any, **kwargs: Any) -> None:
        Path(document.filename).write_bytes(b"%PDF- half")
        raise EvaluationError("the evaluation has no criteria, so it cannot be ranked")

    monkeypatch.setattr(MemoDocument, "build", half_written)
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


def test_memo_includes_the_analysis_unless_told_not_to(
        small_json: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from slaselect.documents import memo

    given: list[dict[str, Any]] = []
    real = memo.write_memo

    def spy(evaluation: Any, path: Path, **kwargs: Any) -> None:
        given.append(kwargs)
        real(evaluation, path, **kwargs)

    monkeypatch.setattr(memo, "write_memo", spy)
    assert run(capsys, "memo", str(small_json), "-o", str(tmp_path / "a.pdf"))[0] == 0
    assert run(capsys, "memo", str(small_json), "-o", str(tmp_path / "b.pdf"),
               "--no-analysis")[0] == 0
    expected = analyse(interchange.load_json_file(small_json))
    assert given[0]["analysis"].summary() == expected.summary()
    assert given[0]["analysis"].monte_carlo.samples == 10_000
    assert given[1]["analysis"] is None
    assert given[0]["audit_trail"] == [] == given[1]["audit_trail"]  # a .json has no history
    if HAS_PDFTOTEXT:
        with_analysis, without = pdf_text(tmp_path / "a.pdf"), pdf_text(tmp_path / "b.pdf")
        assert "Sensitivity and robustness" in with_analysis
        assert "Sensitivity and robustness" not in without
        assert "Change log" not in with_analysis


def test_memo_of_an_edited_project_has_the_change_log_with_the_reason(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from slaselect.documents import memo

    project_path = tmp_path / "demo.slaselect"
    Project.create(project_path, load_demo())
    with Project.open(project_path) as project:
        project.apply(project.load(), edits.SetWeight("security_focus", 20),
                      reason=HOSTILE_REASON, who="Dana Whitlock")
    given: list[dict[str, Any]] = []
    real = memo.write_memo

    def spy(evaluation: Any, path: Path, **kwargs: Any) -> None:
        given.append(kwargs)
        real(evaluation, path, **kwargs)

    monkeypatch.setattr(memo, "write_memo", spy)
    out_path = tmp_path / "memo.pdf"
    code, _, err = run(capsys, "memo", str(project_path), "-o", str(out_path))
    assert (code, err) == (0, "")
    [entry] = given[0]["audit_trail"]
    assert (entry.who, entry.action, entry.reason) == ("Dana Whitlock", "Change weight",
                                                       HOSTILE_REASON)
    if HAS_PDFTOTEXT:
        text = pdf_text(out_path)
        assert re.search(r"Appendix F (DRAFT )?Change log", text)  # the watermark may sit between
        assert "criterion: Security focus; weight (points): 8 -> 20" in text
        assert "Dana Whitlock" in text.split("Change log")[1]
        assert HOSTILE_REASON in text  # printed literally, never read as markup
        assert "4 Sensitivity and robustness" in text and "Disagreement notes" in text
