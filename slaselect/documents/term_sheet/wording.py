"""The term sheet's own sentences and table rows, shared by the DOCX and the PDF writer."""

from __future__ import annotations

from datetime import date

from slaselect.documents.term_sheet.content import SheetTerm, TermSheet

HISTORY_HEADINGS = ("Round", "Term", "Before", "After", "For the Client")
# Relative column widths, by number of columns, shared by both writers.
OPEN_POINT_WEIGHTS = {4: (28, 26, 22, 24), 5: (24, 21, 18, 16, 21)}
SECTION_WEIGHTS = {2: (26, 74), 3: (22, 56, 22)}
HISTORY_WEIGHTS = (20, 22, 22, 22, 14)


def title(sheet: TermSheet) -> str:
    """The document title: "Term sheet: Aurelgate Digital"."""
    return f"Term sheet: {sheet.provider.name}"


def preamble(sheet: TermSheet, prepared: date) -> list[str]:
    """The lines under the title: parties, round, status of the document, summary."""
    lines = [
        f"Between {sheet.provider.name} (the Provider) and the buyer of "
        f"\u201c{sheet.evaluation_name}\u201d (the Client).",
        f"Terms as of {sheet.round_title}; prepared {prepared.isoformat()}. A summary of the "
        "service and commercial terms for drafting the contract; it is not itself a contract.",
    ]
    if sheet.provider.excluded:
        lines.append(f"Note: the Client excluded this provider from the selection: "
                     f"{sheet.provider.excluded}")
    if sheet.has_ask or sheet.has_walk_away:
        lines.append(sheet.summary)
    return lines


def open_point_headings(sheet: TermSheet) -> list[str]:
    """Column headings of the open-points table."""
    return (["Term", "Provider's position", "Client's ask"]
            + (["Walk-away"] if sheet.has_walk_away else []) + ["Standing"])


def open_point_row(sheet: TermSheet, term: SheetTerm) -> list[str]:
    """One open point: term (section), the provider's position, ask, walk-away, standing."""
    row = [f"{term.label} ({term.section})", term.value_text, term.ask_text or "\u2014"]
    if sheet.has_walk_away:
        row.append(term.walk_away_text or "\u2014")
    return row + [term.standing_text]


def section_headings(sheet: TermSheet) -> list[str]:
    """Column headings of a section's table."""
    marked = sheet.has_ask or sheet.has_walk_away
    return ["Term", "Provision"] + (["Against the ask"] if marked else [])


def section_row(sheet: TermSheet, term: SheetTerm) -> list[str]:
    """One term of a section: label, contract clause and, when marked, its standing."""
    row = [term.label, term.clause]
    if not (sheet.has_ask or sheet.has_walk_away):
        return row
    standing = term.standing_text
    if term.is_open and term.missing_text:
        standing += f" ({term.missing_text})"
    elif term.is_open:
        asks = [f"ask: {term.ask_text}"] if term.ask_text else []
        asks += [f"walk-away: {term.walk_away_text}"] if term.walk_away_text else []
        standing += f" ({'; '.join(asks)})" if asks else ""
    return row + [standing]


def no_open_points(sheet: TermSheet) -> str:
    """What the open-points heading says when there is none to list."""
    if not sheet.has_ask and not sheet.has_walk_away:
        return "None can be listed: the Client has recorded no ask."
    return "None: every term with an ask meets or beats it."


def history_rows(sheet: TermSheet) -> list[list[str]]:
    """The history table's rows; a round's title only on its first row, so rounds stand out."""
    rows, previous = [], None
    for row in sheet.history:
        shown = row.round_title if row.round_number != previous else ""
        previous = row.round_number
        rows.append([shown, row.label, row.old_text, row.new_text, row.verdict])
    return rows


def history_intro(sheet: TermSheet) -> str:
    """The sentence above the history table."""
    if sheet.round_count == 0:
        return "No negotiation round is recorded for this provider."
    if sheet.round_count == 1:
        return "One round is recorded: the opening offer, whose terms are shown above."
    if not sheet.history:
        return "No term changed after the opening offer."
    return ("Each row is a term that changed in a round, with its value before and after; "
            "terms that never changed keep their opening value.")
