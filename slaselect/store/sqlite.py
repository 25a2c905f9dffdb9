"""The one door to sqlite-utils: imported without pandas.

sqlite-utils imports pandas when it is installed (half a second) only to accept DataFrame
values, which SLASelect never stores; every store module imports ``sqlite_utils`` from here so
that opening a project never pays for pandas.
"""

from __future__ import annotations

import sys


def _import_without_pandas() -> None:
    if "sqlite_utils" in sys.modules or "pandas" in sys.modules:
        return  # already loaded (or pandas is wanted by the caller anyway): nothing to save
    sys.modules["pandas"] = None  # type: ignore[assignment]  # "import pandas" fails fast
    try:
        import sqlite_utils  # noqa: F401 - loaded here, with pandas held back
    finally:
        del sys.modules["pandas"]


_import_without_pandas()

import sqlite_utils as sqlite_utils  # noqa: E402 - after the guarded first import

__all__ = ["sqlite_utils"]
