"""The decision memo (PDF). ``write_memo`` is the way in; reportlab loads only when it runs."""

from __future__ import annotations

from slaselect.documents.memo.document import PAPERS, STATUSES, memo_story, write_memo

__all__ = ["PAPERS", "STATUSES", "memo_story", "write_memo"]
