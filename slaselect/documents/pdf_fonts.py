"""Fonts for our PDFs so that a name in any script prints, and never silently vanishes.

reportlab draws each character with one TrueType font and draws nothing (no box, no warning)
when that font lacks the glyph: "東京株式会社" used to disappear from the memo. So text is split
into runs by which font has each character, in this order:

1. the document family (Liberation Sans, else DejaVu Sans, else reportlab's Vera): Latin,
   Greek, Cyrillic;
2. DejaVu Sans when installed: Arabic, Hebrew, many symbols;
3. Droid Sans Fallback, bundled in ``resources/fonts`` (Apache 2.0): Chinese, Japanese,
   Korean and the fullwidth forms ("＝", "＠");
4. Nanum Gothic when installed (Debian ``fonts-nanum``, OFL): Korean Hangul;
5. Symbola when installed (Debian ``fonts-symbola``): emoji as black-and-white glyphs.

A character no font has, and every invisible one (control characters, zero-width spaces,
bidi overrides, which could disguise a name), prints as its code point: "[U+202E]"; only
emoji presentation hints (variation selectors, a zero-width joiner between two symbols) are
left out, the emoji themselves print. Right-to-left words are put in visual order (reportlab
lays text out left to right); Arabic letters print in their isolated forms, legible though not
joined as in print.

User text is data, never markup: ``paragraph_markup`` escapes it before it adds its own tags.
Fallback fonts load only when some text needs them, so Latin-only documents pay nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple
from xml.sax.saxutils import escape

import reportlab
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from slaselect.documents.resources import resources_folder

MARKER_COLOUR = "#A32B22"
"""Code-point markers print in red so a reader sees that something stood there."""

# Families tried in order: (regular, bold, italic, bold italic) file names.
_FAMILIES = (
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf", "LiberationSans-Italic.ttf",
     "LiberationSans-BoldItalic.ttf"),
    ("Arial.ttf", "Arial Bold.ttf", "Arial Italic.ttf", "Arial Bold Italic.ttf"),
    ("arial.ttf", "arialbd.ttf", "ariali.ttf", "arialbi.ttf"),
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
     "DejaVuSans-BoldOblique.ttf"),
)
# Fallbacks in order: (face name, regular file names, bold file names); bold may be missing.
_FALLBACKS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("DocDejaVu", ("DejaVuSans.ttf",), ("DejaVuSans-Bold.ttf",)),
    ("DocDroidFallback", ("DroidSansFallbackFull.ttf", "DroidSansFallback.ttf"), ()),
    ("DocNanum", ("NanumGothic.ttf",), ("NanumGothicBold.ttf",)),
    ("DocSymbola", ("Symbola_hint.ttf", "Symbola.ttf"), ()),
)
_FONT_FOLDERS = (
    Path("/usr/share/fonts/truetype/liberation2"), Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/droid"),
    Path("/usr/share/fonts-droid-fallback/truetype"),
    Path("/usr/share/fonts/truetype/ancient-scripts"), Path("/usr/share/fonts/truetype/nanum"),
    Path("/usr/share/fonts/TTF"),
    Path("/Library/Fonts"), Path("/System/Library/Fonts/Supplemental"),
    Path("C:/Windows/Fonts"),
)
# Right-to-left scripts: Hebrew, Arabic, Syriac, Thaana, NKo and their presentation forms.
_RTL_BIDI = frozenset({"R", "AL"})
_NUMBER_OR_CHARACTER = re.compile(r"\d+(?:[.,:/]\d+)*|.", re.DOTALL)
_WEAK_BIDI = frozenset({"EN", "AN", "ES", "ET", "CS", "NSM"})


@dataclass(frozen=True)
class PdfFonts:
    """The registered face names of the documents' main family."""

    regular: str
    bold: str
    italic: str
    bold_italic: str


class Run(NamedTuple):
    """A stretch of text drawn with one face; ``marker`` for a code point shown in its place."""

    face: str
    text: str
    marker: bool = False


def _font_folders() -> tuple[Path, ...]:
    return (resources_folder() / "fonts", *_FONT_FOLDERS)


def _find(*names: str) -> Path | None:
    for name in names:
        for folder in _font_folders():
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


@lru_cache(maxsize=1)
def pdf_fonts() -> PdfFonts:
    """Register (once) the main family and return its face names."""
    for names in _FAMILIES:
        regular, bold = _find(names[0]), _find(names[1])
        if regular is None or bold is None:
            continue
        return _register_family("DocSans", (regular, bold, _find(names[2]) or regular,
                                            _find(names[3]) or bold))
    bundled = Path(reportlab.__file__).parent / "fonts"
    return _register_family("DocVera", tuple(bundled / n for n in (
        "Vera.ttf", "VeraBd.ttf", "VeraIt.ttf", "VeraBI.ttf")))


def _register_family(prefix: str, files: tuple[Path, ...]) -> PdfFonts:
    faces = (prefix, f"{prefix}-Bold", f"{prefix}-Italic", f"{prefix}-BoldItalic")
    for face, file in zip(faces, files, strict=True):
        pdfmetrics.registerFont(TTFont(face, str(file)))
    pdfmetrics.registerFontFamily(prefix, normal=faces[0], bold=faces[1], italic=faces[2],
                                  boldItalic=faces[3])
    return PdfFonts(*faces)


def _to_unicode_cmap(fontname: str, subset: Any) -> str:
    """reportlab's ToUnicode map with characters beyond U+FFFF written as UTF-16 pairs.

    reportlab writes them as five hex digits, which readers take for a different character:
    an emoji copied out of the PDF (or read by pdftotext) came out as a Greek letter.
    """
    text: str = _REPORTLAB_TO_UNICODE(fontname, subset)
    for index, code in enumerate(subset):
        if code > 0xFFFF:
            pair = chr(code).encode("utf-16-be").hex().upper()
            text = text.replace(f"<{index:02X}> <{code:04X}>", f"<{index:02X}> <{pair}>")
    return text


_REPORTLAB_TO_UNICODE = ttfonts.makeToUnicodeCMap
ttfonts.makeToUnicodeCMap = _to_unicode_cmap


@cache
def _glyphs(face: str) -> frozenset[int]:
    font: Any = pdfmetrics.getFont(face)
    return frozenset(getattr(font.face, "charToGlyph", {}))


@lru_cache(maxsize=2)
def _fallback_faces(bold: bool) -> tuple[str, ...]:
    """The fallback faces found on this machine, registered on first use."""
    faces = []
    for name, regular_files, bold_files in _FALLBACKS:
        file = (_find(*bold_files) if bold and bold_files else None) or _find(*regular_files)
        if file is None:
            continue
        face = f"{name}-Bold" if bold and bold_files and file.name in bold_files else name
        if face not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(face, str(file)))
        faces.append(face)
    return tuple(faces)


def marker(character: str) -> str:
    """The visible stand-in of a character no font can draw: "[U+1F600]"."""
    return f"[U+{ord(character):04X}]"


def _invisible(character: str) -> bool:
    """Characters that would print as nothing: controls, format characters, unassigned."""
    if character in "\n ":
        return False
    return unicodedata.category(character) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def _presentation_hint(text: str, index: int) -> bool:
    """Variation selectors and emoji joiners: they choose a look, they carry no content."""
    character = text[index]
    if "\ufe00" <= character <= "\ufe0f":
        return True
    if character == "\u200d" and 0 < index < len(text) - 1:
        return all(unicodedata.category(c) == "So" for c in (text[index - 1], text[index + 1]))
    return False


def _face_for(character: str, main: str, bold: bool) -> str | None:
    code = ord(character)
    if code in _glyphs(main):
        return main
    for face in _fallback_faces(bold):
        if code in _glyphs(face):
            return face
    return None


def visual_order(line: str) -> str:
    """A line with each right-to-left stretch reversed, as reportlab must draw it.

    A stretch starts at a right-to-left letter and runs up to the last such letter or number
    before a left-to-right letter, as the Unicode bidi rules lay out a left-to-right line
    ("שלום 2024 Ltd" draws as "2024 םולש Ltd"); numbers inside keep their own order.
    """
    if not any(unicodedata.bidirectional(c) in _RTL_BIDI for c in line):
        return line
    out: list[str] = []
    index, length = 0, len(line)
    while index < length:
        if unicodedata.bidirectional(line[index]) not in _RTL_BIDI:
            out.append(line[index])
            index += 1
            continue
        end = last_rtl = index
        while end < length:
            kind = unicodedata.bidirectional(line[end])
            if kind in _RTL_BIDI or kind in ("EN", "AN"):
                last_rtl = end
            elif kind not in _WEAK_BIDI and kind not in ("WS", "ON", "B", "S"):
                break
            end += 1
        out.append(_reverse_keeping_numbers(line[index:last_rtl + 1]))
        index = last_rtl + 1
    return "".join(out)


def _reverse_keeping_numbers(stretch: str) -> str:
    return "".join(reversed(_NUMBER_OR_CHARACTER.findall(stretch)))


def runs(text: object, bold: bool = False, italic: bool = False) -> list[Run]:
    """The text split into runs of one face each, in drawing order, invisible characters marked.

    Newlines stay in the text (as "\\n") for the caller to break lines at; tabs read as spaces.
    """
    fonts = pdf_fonts()
    main = {(False, False): fonts.regular, (True, False): fonts.bold,
            (False, True): fonts.italic, (True, True): fonts.bold_italic}[(bold, italic)]
    lines = str(text).replace("\r\n", "\n").replace("\t", " ").split("\n")
    return _runs("\n".join(visual_order(line) for line in lines), main, bold)


def _runs(source: str, main: str, bold: bool) -> list[Run]:
    result: list[Run] = []
    for index, character in enumerate(source):
        if _presentation_hint(source, index):
            continue
        face = None if _invisible(character) else _face_for(character, main, bold)
        if face is None:
            result.append(Run(main, marker(character), True))
        elif result and result[-1].face == face and not result[-1].marker:
            result[-1] = Run(face, result[-1].text + character)
        elif character == " " and result and not result[-1].marker:
            result[-1] = Run(result[-1].face, result[-1].text + character)
        else:
            result.append(Run(face, character))
    return result


def shown_text(text: object) -> str:
    """The text as a reader copies it out of the PDF: in reading order, markers in place.

    What a test should find in pdftotext output for a name (pdftotext itself turns right-to-
    left words back into reading order).
    """
    source = str(text).replace("\r\n", "\n").replace("\t", " ")
    return "".join(run.text for run in _runs(source, pdf_fonts().regular, False))


def paragraph_markup(text: object, bold: bool = False, italic: bool = False) -> str:
    """User text as reportlab Paragraph markup: escaped, each run in a face that has it.

    Pass the same ``bold``/``italic`` as the paragraph style's font so fallback runs match.
    """
    parts = []
    for run in runs(text, bold, italic):
        body = escape(run.text).replace("\n", "<br/>")
        if run.marker:
            parts.append(f'<font color="{MARKER_COLOUR}">{body}</font>')
        elif run.face in _fallback_faces(bold):
            parts.append(f'<font face="{run.face}">{body}</font>')
        else:
            parts.append(body)
    return "".join(parts)


def text_width(text: object, size: float, bold: bool = False) -> float:
    """The printed width of the text in points, fallbacks and markers included."""
    return float(sum(pdfmetrics.stringWidth(run.text, run.face, size)
                     for run in runs(text, bold)))


def draw_text(canvas: Any, x: float, y: float, text: object, size: float,
              bold: bool = False, align: str = "left") -> None:
    """Draw one line of user text on a canvas (headers, footers), run by run."""
    line_runs = runs(str(text).replace("\n", " "), bold)
    if align != "left":
        width = sum(pdfmetrics.stringWidth(r.text, r.face, size) for r in line_runs)
        x -= width if align == "right" else width / 2
    for run in line_runs:
        canvas.setFont(run.face, size)
        canvas.drawString(x, y, run.text)
        x += pdfmetrics.stringWidth(run.text, run.face, size)


def reveal_invisible(text: object) -> str:
    """Invisible characters shown as code points, for documents whose fonts are the reader's.

    A DOCX cannot hold control characters at all, and a bidi override or zero-width space
    would disguise a name there just as in a PDF; presentation hints of emoji go.
    """
    source = str(text).replace("\r\n", "\n").replace("\t", " ")
    return "".join(
        "" if _presentation_hint(source, index)
        else marker(character) if _invisible(character) else character
        for index, character in enumerate(source)
    )
