"""Snippets: cut from the raw text, the best window, hits marked."""

from __future__ import annotations

from collections.abc import Callable

from marsad.store.highlight import ELLIPSIS, Markers, snippet


def _is(*words: str) -> Callable[[str], bool]:
    return lambda token: token in words


def test_hits_are_marked_in_the_raw_text() -> None:
    text = "قصفت الطائرات بلدة الباغوز، وقال الأهالي إن الباغوز محاصرة."
    result = snippet(text, _is("الباغوز"))
    assert result == "قصفت الطائرات بلدة [الباغوز]، وقال الأهالي إن [الباغوز] محاصرة."


def test_markers_are_configurable() -> None:
    result = snippet("في الرقة اليوم", _is("الرقة"), markers=Markers("<b>", "</b>"))
    assert result == "في <b>الرقة</b> اليوم"


def test_window_goes_where_the_hits_are() -> None:
    filler = " ".join(f"w{i}" for i in range(100))
    text = f"{filler} هنا الهدف ثم الهدف مرة أخرى {filler}"
    result = snippet(text, _is("الهدف"), window=10)
    assert result.startswith(ELLIPSIS) and result.endswith(ELLIPSIS)
    assert result.count("[الهدف]") == 2
    assert len(result.strip(ELLIPSIS).split()) == 10


def test_no_hit_gives_the_start_of_the_text() -> None:
    text = " ".join(f"w{i}" for i in range(50))
    result = snippet(text, _is("absent"), window=5)
    assert result == "w0 w1 w2 w3 w4" + ELLIPSIS


def test_line_breaks_become_spaces() -> None:
    assert snippet("سطر أول\n\nسطر ثان", _is()) == "سطر أول سطر ثان"


def test_empty_text() -> None:
    assert snippet("", _is("x")) == ""
