"""Every script prints in our PDFs, and what cannot be drawn shows as its code point."""

from __future__ import annotations

from slaselect.documents.pdf_fonts import (
    marker,
    paragraph_markup,
    pdf_fonts,
    reveal_invisible,
    runs,
    shown_text,
    visual_order,
)


def test_cjk_and_fullwidth_text_is_drawn_with_a_font_that_has_it() -> None:
    main = pdf_fonts().regular
    for text in ("東京株式会社", "＝1+1"):
        drawn = runs(text)
        assert not any(run.marker for run in drawn)
        assert any(run.face != main for run in drawn)
        assert "".join(run.text for run in drawn) == text


def test_latin_greek_and_cyrillic_stay_in_the_main_font() -> None:
    assert {run.face for run in runs("Acme Ελλάδα Москва")} == {pdf_fonts().regular}


def test_invisible_characters_show_as_their_code_point() -> None:
    assert shown_text("evil\u202egnp.exe") == "evil[U+202E]gnp.exe"
    assert shown_text("Bell\x07") == "Bell[U+0007]"
    assert shown_text("zero\u200bwidth") == "zero[U+200B]width"
    assert reveal_invisible("a\u202eb\x1bc") == "a[U+202E]b[U+001B]c"


def test_an_emoji_is_drawn_or_shown_as_its_code_point_never_dropped() -> None:
    shown = shown_text("Rocket 🚀")
    assert shown in ("Rocket 🚀", f"Rocket {marker('🚀')}")


def test_user_text_is_escaped_and_never_read_as_markup() -> None:
    markup = paragraph_markup('<b>Bold</b> & <a href="javascript:x">')
    assert "<b>" not in markup and "<a " not in markup
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;a href=" in markup


def test_right_to_left_words_are_laid_out_in_visual_order() -> None:
    assert visual_order("שלום") == "םולש"
    assert visual_order("Acme שלום Ltd") == "Acme םולש Ltd"
    assert visual_order("שלום 2024 Ltd") == "2024 םולש Ltd"
    assert visual_order("plain text") == "plain text"
