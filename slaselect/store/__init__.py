"""The .slaselect project file: one SQLite database, written one transaction per edit."""
