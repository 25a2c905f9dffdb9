"""Text alignments every table and form uses: numbers right, words left."""

from __future__ import annotations

from PySide6.QtCore import Qt

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
