"""The duplicate check before enrichment: a known document costs almost nothing.

Enrichment is most of ingest's time, and an exact duplicate (same canonical URL,
same folded title and text, or same id from the same site: the keys the store
refuses a second copy by, `marsad.store.keys`) would be enriched only for the store
to drop it. `KnownArticles` asks the store first (`Store.stored_id`) and remembers
the keys of the articles already sent in this run, so an article the store holds,
or a repeat inside the input, is counted as a duplicate without being enriched.

The check runs in the writer's process, on records a reader already made (JSON
Lines, WARC), before chunks go to an executor, so every executor sees the same
units. A page file is only an article after extraction, in the worker: it is
checked by the store when written, as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from marsad.model import Article
from marsad.store.keys import canonical_url, content_hash
from marsad.store.protocol import Store


@dataclass(frozen=True, slots=True)
class Known:
    """An article skipped before enrichment as a duplicate: of a stored article, or
    of an earlier one of this input. Counted in `IngestReport.duplicates`."""

    where: str


# One duplicate key: ("url", canonical), ("content", hash) or ("id", site + id).
Key = tuple[str, str]


def duplicate_keys(article: Article) -> list[Key]:
    """The keys the store recognises a copy of `article` by; none it cannot make
    (a malformed URL, text that cannot be folded) so the write reports those."""
    keys: list[Key] = []
    try:
        canonical = canonical_url(article.url)
        if canonical is not None:
            keys.append(("url", canonical))
        keys.append(("content", content_hash(article.title, article.text)))
    except (ValueError, TypeError):
        return keys
    if article.site is not None and article.external_id is not None:
        keys.append(("id", f"{article.site}\x1f{article.external_id}"))
    return keys


class KnownArticles:
    """Which articles need no enrichment: those the store holds, and repeats of one
    already sent in this run (its keys are kept: a few hundred bytes an article)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._sent: set[Key] = set()

    def is_known(self, article: Article) -> bool:
        """True when `article` duplicates a stored one or one sent before; else note
        its keys as sent, so a later copy is known."""
        keys = duplicate_keys(article)
        if any(key in self._sent for key in keys):
            return True
        if self.store.stored_id(article) is not None:
            return True
        self._sent.update(keys)
        return False


__all__ = ["Known", "KnownArticles", "duplicate_keys"]
