"""The enricher's size cap: counted in UTF-8 bytes, set by the environment."""

from __future__ import annotations

import pytest

from marsad.errors import TOO_LARGE, InputError
from marsad.steps.text_limit import (
    LIMIT_VARIABLE,
    MAX_TEXT_BYTES,
    TextTooLarge,
    check_text_size,
    text_limit,
    text_size,
)


def test_the_size_is_counted_in_utf8_bytes() -> None:
    assert text_size("abc") == 3
    assert text_size("سوريا") == 10
    assert text_size("a\U0001f600") == 5


def test_a_text_at_the_limit_passes_and_one_byte_more_is_refused() -> None:
    check_text_size("ب" * 50, 100)
    with pytest.raises(TextTooLarge) as raised:
        check_text_size("ب" * 50 + "a", 100, "page.html")
    assert raised.value.code == TOO_LARGE
    assert raised.value.where == "page.html"
    assert "101 bytes" in raised.value.message
    assert "100 bytes" in raised.value.message


def test_the_limit_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(LIMIT_VARIABLE, raising=False)
    assert text_limit() == MAX_TEXT_BYTES
    monkeypatch.setenv(LIMIT_VARIABLE, "5000")
    assert text_limit() == 5000
    for wrong in ("-1", "0", "big"):
        monkeypatch.setenv(LIMIT_VARIABLE, wrong)
        with pytest.raises(InputError, match=LIMIT_VARIABLE):
            text_limit()
