"""``slaselect analyse``: the CONTRACT 6 document, the plain report, and errors in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from slaselect.cli import main

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "demo.json"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_json_follows_contract_section_6(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "analyse", str(DEMO), "--json")
    assert status == 0 and err == ""
    document = json.loads(out)
    assert document["winner"] == "aurelgate"
    assert len(document["stability"]) == 19
    for entry in document["stability"]:
        assert entry.keys() == {"criterion", "weight_pct", "low_pct", "high_pct"}
        assert 0 <= entry["low_pct"] <= entry["weight_pct"] <= entry["high_pct"] <= 100
    assert all(isinstance(s, str) and s.endswith(".") for s in document["tipping_points"])
    carlo = document["monte_carlo"]
    assert (carlo["samples"], carlo["seed"]) == (10_000, 1)
    assert sum(carlo["win_probability"].values()) == pytest.approx(1.0)
    for cell in document["disagreement"]:
        assert {"provider", "criterion", "range", "std"} <= cell.keys()
        assert cell["range"] >= 3
    assert document["dominated"] == []
    assert document["method_agreement"] == {
        "spearman": pytest.approx(-0.4), "same_winner": False, "topsis_winner": "tidemark"}


def test_same_seed_same_output_and_settings_echoed(capsys: pytest.CaptureFixture[str]) -> None:
    args = ("analyse", str(DEMO), "--samples", "700", "--seed", "42", "--json")
    _, first, _ = run(capsys, *args)
    _, again, _ = run(capsys, *args)
    assert first == again
    carlo = json.loads(first)["monte_carlo"]
    assert (carlo["samples"], carlo["seed"]) == (700, 42)
    _, other, _ = run(capsys, "analyse", str(DEMO), "--samples", "700", "--seed", "43", "--json")
    assert json.loads(other)["monte_carlo"]["win_probability"] != carlo["win_probability"]


def test_threshold_and_concentration_options(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "analyse", str(DEMO), "--threshold", "4", "--concentration", "200",
                    "--samples", "300", "--json")
    document = json.loads(out)
    assert [(d["provider"], d["criterion"]) for d in document["disagreement"]] == [
        ("tidemark", "scalability")]
    assert document["disagreement_threshold"] == 4.0
    assert document["monte_carlo"]["concentration"] == 200.0


def test_plain_report_starts_with_the_summary(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "analyse", str(DEMO))
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "Fernhollow Outdoor Co. — Magento 2 + app support selection 2026"
    assert "Kestrabyte Solutions is ineligible and left out" in " ".join(lines[1:3])
    sections = ["Summary", "Warnings", "Tipping points, nearest first", "Cross-checks"]
    positions = [lines.index(title) for title in sections]
    assert positions == sorted(positions)
    summary = lines[positions[0] + 1]
    assert summary.startswith("  Aurelgate Digital leads the weighted ranking with 7.67 of 10")
    assert "Robustness: 10,000 scenarios (seed 1" in out
    assert "Total cost of ownership (36 months)  15.0 %  0.0 %   24.4 %" in out
    assert all(len(line) <= 100 for line in lines)
    assert not any(line.lstrip().startswith("%") for line in lines)  # "6 %" kept together


def test_works_on_a_project_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "demo.slaselect"
    assert main(["import-json", str(DEMO), str(project)]) == 0
    capsys.readouterr()
    before = project.read_bytes()
    _, from_project, _ = run(capsys, "analyse", str(project), "--samples", "300", "--json")
    _, from_json, _ = run(capsys, "analyse", str(DEMO), "--samples", "300", "--json")
    assert json.loads(from_project) == json.loads(from_json)
    assert project.read_bytes() == before  # read-only


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--samples", "0"], "error: the number of samples must be a whole number from 1 to "),
        (["--seed", "-3"], "error: the seed must be a whole number, 0 or more"),
        (["--threshold", "12"], "error: the disagreement threshold must be between 0 and 10"),
        (["--concentration", "-1"], "error: the weight concentration must be a number above 0"),
    ],
)
def test_bad_settings_are_one_line_errors(
    capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    status, out, err = run(capsys, "analyse", str(DEMO), *options)
    assert status == 1 and out == ""
    assert err.startswith(message) and err.count("\n") == 1


def test_no_weighted_criteria_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads(DEMO.read_text(encoding="utf-8"))
    for criterion in document["criteria"]:
        criterion["weight"] = 0
    path = tmp_path / "weightless.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    status, out, err = run(capsys, "analyse", str(path))
    assert (status, out) == (1, "")
    assert err == "error: every criterion weighs 0, so there is no ranking to analyse\n"


def test_missing_file_and_bad_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "analyse", str(tmp_path / "nowhere.json"))
    assert status == 1 and err.startswith("error: ")
    with pytest.raises(SystemExit) as usage:
        main(["analyse", str(DEMO), "--samples", "many"])
    assert usage.value.code == 2
