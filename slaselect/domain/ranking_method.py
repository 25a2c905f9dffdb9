"""The ranking methods, apart from the ranking maths: what ``rank --method`` offers can be
listed (``slaselect rank --help``) without loading numpy."""

from __future__ import annotations

from enum import StrEnum


class Method(StrEnum):
    """Ranking method."""

    WSM = "wsm"
    TOPSIS = "topsis"
