"""The command line as a script or a user would drive it: outputs, exit codes, untouched files."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from slaselect.cli import main
from slaselect.documents import bundled, interchange

REPO = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_user_error(code: int, err: str, *words: str) -> None:
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err
    for word in words:
        assert word in lines[0]


@pytest.fixture
def demo_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "demo.slaselect"
    assert run(capsys, "demo", str(path))[0] == 0
    return path


def test_demo_rank_prints_a_readable_table(demo_file: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rank", str(demo_file))
    assert code == 0
    assert "Rank  Provider" in out
    assert "Why providers are ineligible:" in out
    assert "Weighted total" in out
    winner = json.loads(run(capsys, "rank", str(demo_file), "--json")[1])["ranking"][0]
    assert any(line.split()[:1] == ["1"] and winner["name"] in line for line in out.splitlines())
    assert f"{winner['score']:.2f}" in out


def test_rank_json_matches_the_contract_shape(demo_file: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    for method in ("wsm", "topsis"):
        code, out, _ = run(capsys, "rank", str(demo_file), "--method", method, "--json")
        assert code == 0
        document = json.loads(out)
        assert document["method"] == method
        ranks = [r["rank"] for r in document["ranking"]]
        eligible = [r for r in document["ranking"] if r["eligible"]]
        assert ranks[: len(eligible)] == sorted(ranks[: len(eligible)])
        assert all(r["rank"] is None and r["reasons"] for r in document["ranking"]
                   if not r["eligible"])


def test_rank_reads_interchange_json_without_writing(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "evaluation.json"
    source.write_text(interchange.dumps(bundled.load_demo()), encoding="utf-8")
    before = digest(source)
    code, out, _ = run(capsys, "rank", str(source), "--json")
    assert code == 0 and json.loads(out)["ranking"]
    assert digest(source) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evaluation.json"]


def test_project_and_its_json_rank_identically(demo_file: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    exported = tmp_path / "out.json"
    assert run(capsys, "export-json", str(demo_file), "-o", str(exported))[0] == 0
    from_project = run(capsys, "rank", str(demo_file), "--json")[1]
    from_json = run(capsys, "rank", str(exported), "--json")[1]
    assert from_project == from_json


def test_export_json_to_stdout_round_trips(demo_file: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export-json", str(demo_file))
    assert code == 0
    # The demo project is the bundled evaluation plus its story after the award (the signed
    # round and the service calendar), nothing else.
    expected = bundled.load_demo()
    for edit in bundled.demo_service_edits(expected):
        expected, _ = edit.apply(expected)
    assert interchange.loads(out) == expected


def test_new_uses_the_default_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "new.slaselect"
    assert run(capsys, "new", str(path))[0] == 0
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0 and "0 providers" in out and "65 terms" in out


def test_new_with_unknown_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "new", str(tmp_path / "x.slaselect"), "--template", "nope")
    assert_user_error(code, err, "no template", "magento2_mobile")
    assert not list(tmp_path.iterdir())


def test_new_and_demo_refuse_to_overwrite(demo_file: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    before = digest(demo_file)
    for command in ("new", "demo"):
        code, _, err = run(capsys, command, str(demo_file))
        assert_user_error(code, err, "already exists")
    assert digest(demo_file) == before


def test_import_json_refuses_to_overwrite_without_force(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "other.json"
    template = interchange.dumps(bundled.load_template())
    source.write_text(template, encoding="utf-8")
    before = digest(demo_file)
    code, _, err = run(capsys, "import-json", str(source), str(demo_file))
    assert_user_error(code, err, "already exists")
    assert digest(demo_file) == before
    assert run(capsys, "import-json", str(source), str(demo_file), "--force")[0] == 0
    assert run(capsys, "check", str(demo_file))[1].count("0 providers") == 1


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{not json", ["not valid JSON", "line 1"]),
        ('{"format": "slaselect-evaluation", "version": 7}', ["newer"]),
        ("[]", ["must be an object"]),
    ],
)
def test_import_of_bad_json_changes_nothing(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str,
    words: list[str],
) -> None:
    source = tmp_path / "bad.json"
    source.write_text(content, encoding="utf-8")
    before = digest(demo_file)
    listing = sorted(p.name for p in tmp_path.iterdir())
    for target in (demo_file, tmp_path / "fresh.slaselect"):
        code, _, err = run(capsys, "import-json", str(source), str(target), "--force")
        assert_user_error(code, err, *words)
    assert digest(demo_file) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


def test_import_of_invalid_field_names_it(demo_file: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    document = interchange.evaluation_to_dict(bundled.load_demo())
    document["criteria"][3]["weight"] = -5
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    before = digest(demo_file)
    code, _, err = run(capsys, "import-json", str(source), str(demo_file), "--force")
    assert_user_error(code, err, "criteria[3].weight must be >= 0, got -5")
    assert digest(demo_file) == before


def test_export_to_a_missing_folder_leaves_nothing(demo_file: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "export-json", str(demo_file), "-o",
                       str(tmp_path / "nowhere" / "x.json"))
    assert_user_error(code, err, "does not exist")


@pytest.mark.parametrize("command", ["rank", "check", "export-json"])
def test_commands_on_files_that_are_not_projects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    missing = tmp_path / "missing.slaselect"
    code, _, err = run(capsys, command, str(missing))
    assert_user_error(code, err, "no such file")
    junk = tmp_path / "junk.slaselect"
    junk.write_bytes(b"PK\x03\x04 this is a spreadsheet")
    before = digest(junk)
    code, _, err = run(capsys, command, str(junk))
    assert_user_error(code, err, "not a SLASelect project")
    assert digest(junk) == before


def test_check_reports_integrity_and_warnings(demo_file: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(demo_file))
    assert code == 0
    assert "integrity ok" in out and "Evaluation content: valid." in out
    assert "5 providers" in out


def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["rank"])
    assert stop.value.code == 2
    with pytest.raises(SystemExit) as stop:
        main(["rank", "x.slaselect", "--method", "borda"])
    assert stop.value.code == 2


def test_python_dash_m_runs_the_same_command(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    target = tmp_path / "d.slaselect"
    made = subprocess.run([sys.executable, "-m", "slaselect", "demo", str(target)],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert made.returncode == 0, made.stderr
    failed = subprocess.run([sys.executable, "-m", "slaselect", "rank", str(tmp_path / "no")],
                            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert failed.returncode == 1
    assert failed.stderr.startswith("error: ") and "Traceback" not in failed.stderr
