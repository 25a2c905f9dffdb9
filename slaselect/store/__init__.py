"""The .slaselect project file: one SQLite database, written one transaction per edit."""

PROJECT_SUFFIX = ".slaselect"
"""The project file's extension (here, so that naming files needs no SQLite code)."""
