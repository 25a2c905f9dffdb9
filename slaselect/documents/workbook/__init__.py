"""The term-sheet and scoring workbook (xlsx). openpyxl loads only when a workbook is built."""

from __future__ import annotations

from slaselect.documents.workbook.book import SHEET_NAMES, build_workbook, write_workbook

__all__ = ["SHEET_NAMES", "build_workbook", "write_workbook"]
