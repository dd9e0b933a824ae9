"""A bounded memory of per-word work that outlives one tagging call.

Tagging spends most of its time on what depends only on the word (clitic stripping,
gazetteer lookups, letter models, summed feature weights). Words repeat across
articles far more than within one, so each stage keeps its results per token here,
for the life of the loaded tagger. The memory is forgotten wholesale when it reaches
`limit` entries (cheap and bounded; the frequent words come back at once), and it is
not pickled: a tagger shipped to a worker process starts with an empty one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

Value = TypeVar("Value")
DEFAULT_LIMIT = 200_000


class WordMemory(Generic[Value]):
    """token -> value, computed by `compute` on first use."""

    def __init__(self, compute: Callable[[str], Value], limit: int = DEFAULT_LIMIT) -> None:
        self._compute = compute
        self._limit = limit
        self._known: dict[str, Value] = {}

    def __call__(self, token: str) -> Value:
        found = self._known.get(token)
        if found is None:
            if len(self._known) >= self._limit:
                self._known.clear()
            found = self._known[token] = self._compute(token)
        return found

    def __len__(self) -> int:
        return len(self._known)

    def __getstate__(self) -> dict[str, Any]:
        return {"compute": self._compute, "limit": self._limit}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["compute"], state["limit"])  # type: ignore[misc]
