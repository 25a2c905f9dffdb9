"""The memo's tables as printed: a header row only where a table starts or a page begins."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from slaselect.documents.bundled import load_demo
from slaselect.documents.exports import export_memo


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_no_table_header_is_drawn_twice_on_a_page(tmp_path: Path) -> None:
    path = tmp_path / "memo.pdf"
    export_memo(load_demo(), path, prepared_by="Dana Whitlock")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    moderation_header = re.compile(r"Provider\s+Criterion\s+Mean\s+Agreed\s+Reason")
    pages = text.split("\f")
    counts = [len(moderation_header.findall(page)) for page in pages]
    assert sum(counts) >= 1  # the moderation appendix is there
    assert max(counts) == 1, counts
