"""Article data made safe to show on a terminal, and the one-line form of any message.

Titles and texts come from the web: a title holding `ESC [2J` clears the user's screen,
an OSC sequence can retitle the window or forge a link, a C1 byte is a CSI on some
terminals, and a bidi override (U+202E) can make a line read as something it is not.
`for_terminal` removes all of these; it keeps the Arabic marks a text needs (U+200E,
U+200F, U+061C) and, in multi-line text, tabs and newlines.
"""

from __future__ import annotations

import re

# ESC sequences: CSI (ESC [ … final), OSC/DCS/APC/PM/SOS strings up to BEL or ST, and
# two-character escapes; then the same introduced by C1 bytes (0x9B CSI, 0x9D OSC…).
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
)
# C0 controls but tab and newline, DEL, C1 controls.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Embeddings, overrides and isolates: they reorder what follows on the line.
_BIDI_OVERRIDES = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"[\t\n\r\v\f\u2028\u2029\x85]+")
# Characters a JSON line keeps as they are but a terminal would act on.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def for_terminal(text: str, *, one_line: bool = True) -> str:
    """`text` without escape sequences and controls; `one_line` also folds line breaks
    into spaces and removes bidi overrides (a one-line title cannot be reordered)."""
    if one_line:
        text = _LINE_BREAKS.sub(" ", text)
    text = _ESCAPES.sub("", text)
    text = _CONTROLS.sub("", text)
    if one_line:
        text = _BIDI_OVERRIDES.sub("", text)
    return _SURROGATES.sub("\ufffd", text)


def json_for_terminal(line: str) -> str:
    """A serialized JSON line with DEL, C1 controls, line separators and lone surrogates
    written as `\\uXXXX` escapes: the same JSON value, harmless on a terminal."""
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", line)
