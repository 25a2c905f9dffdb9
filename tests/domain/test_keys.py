"""Keys made from names: plain, unique, and readable."""

from __future__ import annotations

from slaselect.domain.keys import key_from_name


def test_keys_from_names() -> None:
    assert key_from_name("Pelican Loop Studio", []) == "pelican_loop_studio"
    assert key_from_name("Müller & Söhne", []) == "muller_sohne"
    assert key_from_name("a", ["a", "a_2"]) == "a_3"
    assert key_from_name("!!!", [], fallback="provider") == "provider"
