"""Words for codes, and which article addresses become links."""

from __future__ import annotations

import pytest

from parallax.render.sections import plural
from parallax.serve.words import entity_label, web_link


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,x", "//evil.example/x", "file:///etc/passwd", ""]
)
def test_only_web_addresses_become_links_to_the_original(url: str) -> None:
    assert web_link(url) is None


def test_a_web_address_is_linked_as_it_is() -> None:
    assert web_link("https://news.example/a?b=1") == "https://news.example/a?b=1"


def test_codes_read_as_words_and_counts_agree_in_number() -> None:
    assert entity_label("GPE") == "country, city or state"
    assert entity_label("NORP") == "nationality or group"
    assert entity_label("WEIRD_LABEL") == "weird label"
    assert plural(1, "document") == "1 document"
    assert plural(4, "outlet") == "4 outlets"
    assert plural(2, "copy", "copies") == "2 copies"
