"""The one exception type for problems a buyer can cause and fix."""

from __future__ import annotations


class EvaluationError(Exception):
    """A problem with the user's input or file, worded for the buyer.

    The message is one sentence that says what is wrong and, where it helps, what to do.
    The CLI prints it as ``error: <message>``; the app shows it in place.
    """


class Cancelled(Exception):  # noqa: N818 - the word the callers use: "the work was cancelled"
    """Long work (the robustness analysis) stopped because its result is no longer wanted,
    e.g. a newer edit superseded it; nothing is reported to the user."""
