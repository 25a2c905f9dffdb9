"""Names that have broken documents before: formulas, markup, links, invisible characters,
every script, emoji and sheer length. Shared by the document tests and the render script."""

from __future__ import annotations

HOSTILE_NAMES: tuple[str, ...] = (
    '=HYPERLINK("http://evil.example","Click")',
    "+cmd|' /C calc'!A0",
    "-2+3 Holdings",
    "@SUM(A1) Ltd",
    "\tTabbed Services",
    "＝1+1 Fullwidth",
    "＠SUM(1) Partners",
    "Bell\x07 and \x1b[31mEscape",
    "<b>Bold</b> & <i>Co</i> <font size=40>Big</font>",
    "javascript:alert(document.cookie)",
    '<a href="javascript:alert(1)">Click me</a>',
    "Reversed \u202egnp.exe Ltd",
    "Zero\u200bwidth\u200cjoin\ufeffName",
    "東京株式会社",
    "Ελληνικά Υπηρεσίες Α.Ε.",
    "Рога и копыта ООО",
    "شركة الأمل للتقنية",
    "חברת שלום בע״מ",
    "한국 소프트웨어",
    "Rocket 🚀 Labs 😀",
    ("Long " + "Provider Name " * 714)[:9_997] + "End",
)
"""The last name is 10,000 characters long."""

assert len(HOSTILE_NAMES[-1]) == 10_000
