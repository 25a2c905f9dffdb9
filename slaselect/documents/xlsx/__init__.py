"""Spreadsheet safety: what SLASelect writes is never a formula, what it reads is never trusted."""
