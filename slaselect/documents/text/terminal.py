"""Text that is safe to show in a terminal: no character can move the cursor, change colours,
ring the bell, reverse the line or rewrite what is already on the screen.

A provider called ``"\\x1b[2J\\x1b[31mWinner"`` would clear the screen and print in red; one
holding U+202E (right-to-left override) shows the rest of the line backwards. Names are data,
so every such character is shown as a visible escape instead:

- C0 controls but the line break, e.g. ESC as ``\\x1b``, BEL as ``\\x07``, TAB as ``\\t``;
- DEL, the C1 controls (``\\x9b`` starts an escape sequence in some terminals), the bidi
  controls (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069) and the line and paragraph
  separators, as ``\\u009b``, ``\\u202e`` and so on.

The second form is also a JSON string escape, so JSON printed through ``visible`` (where the
C0 controls are already escaped) decodes to exactly the same data.
"""

from __future__ import annotations

import re

_C0 = "\x00-\x09\x0b-\x1f"
_OTHER = "\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"
UNSAFE = re.compile(f"[{_C0}{_OTHER}]")
"""Every character ``visible`` escapes."""
UNSAFE_OR_BREAK = re.compile(f"[{_C0}\n{_OTHER}]")
_NAMED = {"\t": "\\t", "\r": "\\r", "\n": "\\n"}


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    code = ord(character)
    if character in _NAMED:
        return _NAMED[character]
    return f"\\x{code:02x}" if code < 0x20 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character escaped visibly; line breaks are kept."""
    return UNSAFE.sub(_escape, text)


def one_line(text: str) -> str:
    """``text`` on one line: as ``visible``, and line breaks shown as ``\\n`` too."""
    return UNSAFE_OR_BREAK.sub(_escape, text)
