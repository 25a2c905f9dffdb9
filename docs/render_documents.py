"""Render the documents SLASelect writes to PNG pages, to look at them as their readers will.

Run: ``python docs/render_documents.py [OUT_FOLDER]`` (default ``/tmp/slaselect-render``).
Writes the demo's board brief and decision memo, a memo whose providers carry hostile names
in every script (and its board brief with a 10,000-character name), the board brief of a
generated 12-provider evaluation, the demo's workbook (every printed sheet), the demo's term
sheets (one provider with an ask and walk-away limits, one without) and a term sheet of a
provider with a hostile name; converts each DOCX and XLSX
to PDF with LibreOffice (as Word and spreadsheet users would see it) and renders every PDF
page with pdftoppm at 60 dpi. Needs poppler-utils and LibreOffice; steps whose tool is
missing are skipped with a note.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from slaselect.documents.bundled import load_demo  # noqa: E402
from slaselect.documents.term_sheet import write_term_sheet  # noqa: E402
from slaselect.domain.model import Evaluation  # noqa: E402
from tests.hostile_names import HOSTILE_NAMES  # noqa: E402


def demo_with_ask() -> tuple[Evaluation, dict[str, object]]:
    """The demo with an ask (a rival's latest terms) and walk-away limits (its opening terms)."""
    demo = load_demo()
    rival = demo.providers[1].key
    return replace(demo, ask=demo.terms_at(rival)), demo.terms_at(rival, 1)


def longest_first(evaluation: Evaluation) -> Evaluation:
    """The evaluation with its recommended provider named by the 10,000-character name."""
    first = replace(evaluation.providers[0], name=HOSTILE_NAMES[-1])
    return replace(evaluation, providers=(first, *evaluation.providers[1:]))


def write_documents(folder: Path) -> list[Path]:
    """Every document to look at, written into ``folder``."""
    demo, walk_away = demo_with_ask()
    first = demo.providers[0]
    hostile = replace(demo, providers=(replace(first, name=" | ".join(HOSTILE_NAMES[:-1])),
                                       *demo.providers[1:]))
    written = []
    for name, evaluation, limits, size in (
        ("term-sheet-ask", demo, walk_away, "A4"),
        ("term-sheet-plain", load_demo(), None, "Letter"),
        ("term-sheet-hostile", hostile, None, "A4"),
    ):
        for suffix in (".pdf", ".docx"):
            path = folder / f"{name}{suffix}"
            write_term_sheet(evaluation, first.key, path, walk_away=limits, page_size=size)
            written.append(path)
    from bench.generate import random_evaluation
    from slaselect.documents.exports import export_memo

    for name, evaluation, brief in (("board-brief", load_demo(), True),
                                    ("board-brief-twelve", random_evaluation(12, 14, 3, seed=7),
                                     True),
                                    ("memo", load_demo(), False),
                                    ("memo-hostile", hostile, False),
                                    ("board-brief-hostile", longest_first(hostile), True)):
        path = folder / f"{name}.pdf"
        export_memo(evaluation, path, brief=brief, prepared_by="Dana Whitlock")
        written.append(path)
    from slaselect.documents.exports import export_workbook

    # The workbook's printed sheets: LibreOffice prints it as a spreadsheet user would.
    path = folder / "workbook.xlsx"
    export_workbook(demo, path, audit_trail=[])
    written.append(path)
    return written


def docx_to_pdf(path: Path, folder: Path) -> Path | None:
    """The DOCX (or XLSX) as LibreOffice prints it, or None without LibreOffice."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        print(f"skipped {path.name}: LibreOffice is not installed")
        return None
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([office, "--headless", f"-env:UserInstallation=file://{profile}",
                        "--convert-to", "pdf", "--outdir", str(folder / "docx-as-pdf"),
                        str(path)], check=True, capture_output=True, timeout=180)
    return folder / "docx-as-pdf" / f"{path.stem}.pdf"


def render(pdf: Path, folder: Path, label: str) -> list[Path]:
    """Every page of the PDF as PNG files named after ``label``."""
    if shutil.which("pdftoppm") is None:
        print(f"skipped {pdf.name}: pdftoppm is not installed")
        return []
    prefix = folder / "png" / label
    prefix.parent.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(prefix)], check=True)
    return sorted(prefix.parent.glob(f"{label}-*.png"))


def main() -> None:
    """Write, convert and render every document; print the PNG files."""
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/slaselect-render")
    folder.mkdir(parents=True, exist_ok=True)
    for path in write_documents(folder):
        pdf = path if path.suffix == ".pdf" else docx_to_pdf(path, folder)
        if pdf is not None:
            label = f"{path.stem}-{path.suffix[1:]}"
            for page in render(pdf, folder, label):
                print(page)


if __name__ == "__main__":
    main()
