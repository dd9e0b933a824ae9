"""Name suggestions for entity and place pickers, and names resolved to facet values.

A user types a name, not an id: "داعش", "صنعا". Names are matched on their folded
form (`marsad.text.normalize.fold`: diacritics, hamza and alef forms, taa marbuta;
and a hamza on the line dropped, as users often leave it out),
by prefix of the whole name or of any of its words, a leading article ignored;
the most named come first. Answers are bounded (`MAX_SUGGESTIONS`, `MAX_TYPED`).
"""

from __future__ import annotations

from typing import Any

from marsad.errors import InputError
from marsad.store.protocol import Store
from marsad.store.protocol_alerts import Suggestion, suggest_key

MAX_SUGGESTIONS = 20
MAX_TYPED = 100
ENTITY_ID_PREFIXES = ("per:", "org:", "loc:", "misc:", "gpe:")


def _matching(names: list[Suggestion], typed: str, limit: int) -> list[Suggestion]:
    key = suggest_key(typed)
    if not key:
        return []
    found: list[Suggestion] = []
    for name in names:
        if any(word.startswith(key) for word in name.words):
            found.append(name)
            if len(found) >= limit:
                break
    return found


def suggest(store: Store, kind: str, typed: str, limit: int = 10) -> list[dict[str, Any]]:
    """Up to `limit` stored names of `kind` ("entity", "place") that `typed` begins."""
    if not 1 <= limit <= MAX_SUGGESTIONS:
        raise InputError(f"limit must be between 1 and {MAX_SUGGESTIONS}")
    if len(typed) > MAX_TYPED:
        raise InputError(f"at most {MAX_TYPED} characters")
    names = store.suggestion_names(kind)
    return [
        {"value": name.value, "label": name.label, "detail": name.detail, "count": name.articles}
        for name in _matching(names, typed, limit)
    ]


def resolve_entity(store: Store, typed: str) -> str:
    """The entity id of a typed id or name (the most named of that exact folded name)."""
    typed = typed.strip()
    if typed.lower().startswith(ENTITY_ID_PREFIXES):
        store.entity_info(typed)  # raises NotFound
        return typed
    return _exact(store, "entity", typed, "لا يوجد كيان بهذا الاسم")


def resolve_place(store: Store, typed: str) -> str:
    """The stored place name a typed name means (spelling variants folded)."""
    return _exact(store, "place", typed.strip(), "لا يوجد مكان بهذا الاسم")


def _exact(store: Store, kind: str, typed: str, missing: str) -> str:
    key = suggest_key(typed)
    for name in store.suggestion_names(kind):
        if name.words and name.words[0] == key:
            return name.value
    raise InputError(f"{missing}: {typed}")
