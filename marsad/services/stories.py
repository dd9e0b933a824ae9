"""Copies, provenance, stories and related articles: the use-cases.

`Tracker` is what ingest calls for each batch of NEW articles, once they have ids:
it finds the article's copy group (exact key, then MinHash LSH candidates),
re-points the group when a late-arriving original is earlier than the current head,
and puts the article in a story (a copy joins its original's story). Everything a
batch does is one transaction of the store. An undated article counts as published
when it is tracked, for the story's time window (and last, for "who was first").

The reading use-cases (`provenance`, `outlet_copies`, `related_articles`,
`story_view`, `list_stories`) serve the CLI and the web pages alike.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, cast

from marsad.dedup.fingerprint import Fingerprint, MinHasher, signature_from_bytes, text_words
from marsad.dedup.lsh import Banding
from marsad.dedup.provenance import MIN_WORDS, UNDATED, Stored, best_match, timestamp
from marsad.errors import InputError
from marsad.model import Article, Story
from marsad.services.pending import resume_pending
from marsad.store.protocol import Store
from marsad.store.sqlite_copies import CopyStore
from marsad.store.sqlite_stories import EventTimeRow, StoryRow, StoryStore, TrackingStore
from marsad.stories.cluster import (
    JOIN_THRESHOLD,
    MAX_CANDIDATES,
    WINDOW_SECONDS,
    StoryCandidate,
    assign,
    probe_terms,
)
from marsad.stories.events import EventSignature, StoryEvidence, signature, veto
from marsad.stories.related import Neighbour, rank_related, rank_related_stories
from marsad.stories.vectors import Stemmer, Vector, add, cosine, feature_counts, idf, weigh
from marsad.text.furniture import analysis_text

STORY_INDEX_TERMS = 20  # centroid terms indexed per story (candidate lookup)
RELATED_INDEX_TERMS = 10  # article terms indexed for related-article lookup
ORDERS = ("latest", "growing")


def _headline(article: Article, length: int = 80) -> str:
    """The article's title, or the start of its text when it has none."""
    if article.title.strip():
        return article.title.strip()
    text = " ".join(article.text.split())
    return text[:length] + ("…" if len(text) > length else "")


def _story_store(store: Store | TrackingStore) -> TrackingStore:
    """The store, as one that keeps copies and stories (every SQLite store does)."""
    if not hasattr(store, "tracking"):
        raise InputError("this database backend does not keep stories")
    return cast(TrackingStore, store)


class _Frequencies:
    """Document frequencies during one batch: stored counts read once per term, the
    batch's own counts kept aside and written in one statement at the end."""

    def __init__(self, store: StoryStore) -> None:
        self._store = store
        self.documents, self._stored = store.document_frequencies(())
        self._pending: Counter[str] = Counter()
        self._added = 0

    def weigh(self, counts: dict[str, float]) -> Vector:
        """The article's TF-IDF vector; then counts it as a document."""
        missing = [term for term in counts if term not in self._stored]
        if missing:
            _, found = self._store.document_frequencies(missing)
            self._stored.update((term, found.get(term, 0)) for term in missing)
        stored, pending, documents = self._stored, self._pending, self.documents + self._added
        vector = weigh(counts, lambda term: idf(documents, stored[term] + pending[term]))
        pending.update(counts.keys())
        self._added += 1
        return vector

    def flush(self) -> None:
        if self._added:
            self._store.count_documents(self._pending, self._added)


@dataclass
class Tracker:
    """Copy detection and story assignment, with their (picklable) parameters."""

    hasher: MinHasher = field(default_factory=MinHasher)
    banding: Banding = field(default_factory=Banding)
    join_threshold: float = JOIN_THRESHOLD
    window: float = WINDOW_SECONDS
    stemmer: Stemmer = field(default_factory=Stemmer)

    def track(self, store: Store | TrackingStore, articles: Sequence[Article]) -> None:
        """Track a batch of newly stored articles (each must have its `id`)."""
        tracked = _story_store(store)
        if not articles:
            return
        with tracked.tracking():
            ids = [article.id for article in articles if article.id is not None]
            untracked = tracked.untracked_among(ids)  # another process may have been first
            latest = -math.inf
            frequencies = _Frequencies(tracked)
            for article in articles:
                if article.id is None or article.id in untracked:
                    latest = max(latest, self._track_one(tracked, article, frequencies))
            frequencies.flush()
            clock = tracked.advance_clock(latest)
            tracked.close_stories(clock - self.window)
            tracked.clear_pending(ids)

    def _track_one(
        self, store: TrackingStore, article: Article, frequencies: _Frequencies
    ) -> float:
        if article.id is None:
            raise ValueError("only stored articles (with an id) can be tracked")
        published_at = timestamp(article.published)
        story_time = published_at if published_at != UNDATED else time.time()
        folded_words = text_words(article.text)
        fingerprint = self.hasher.fingerprint_words(folded_words)
        head = self._copy_head(store, article.id, published_at, fingerprint)
        story_words = text_words(analysis_text(article.text))  # no page furniture
        vector = frequencies.weigh(feature_counts(article, story_words, self.stemmer))
        story = store.story_of(head) if head is not None else None
        if story is not None:
            self._join_as_copy(store, story, article, story_time)
        else:
            story = self._cluster(store, article, vector, story_time)
        store.set_story(article.id, story)
        _keep_event_time(store, article)
        store.save_vector(article.id, vector, RELATED_INDEX_TERMS)
        return story_time

    # -- copies ----------------------------------------------------------------

    def _copy_head(
        self, store: CopyStore, article_id: int, published_at: float, fingerprint: Fingerprint
    ) -> int | None:
        """Record the fingerprint; return the head of the group the article copies."""
        keys = self.banding.keys(fingerprint.signature) + self.banding.keys(fingerprint.lead, 1)
        head = self._matching_head(store, fingerprint, keys)
        sizes = (fingerprint.words, fingerprint.shingles)
        store.add_fingerprint(
            article_id, fingerprint.exact, published_at, sizes, fingerprint.signature_bytes(), keys
        )
        if head is None:
            return None
        if (published_at, article_id) < (store.published_at_of(head), head):
            store.repoint_group(head, article_id)  # a late-arriving original
            return head
        store.set_duplicate(article_id, head)
        return head

    def _matching_head(
        self, store: CopyStore, fingerprint: Fingerprint, keys: list[int]
    ) -> int | None:
        rows = store.copy_candidates(
            keys if fingerprint.words >= MIN_WORDS else [], fingerprint.exact
        )
        exact = [row.head for row in rows if row.exact == fingerprint.exact]
        if exact:
            return min(exact)
        candidates = [
            Stored(
                row.id,
                row.published_at,
                row.words,
                row.shingles,
                signature_from_bytes(row.signature),
                row.head,
            )
            for row in rows
        ]
        match = best_match(
            fingerprint.signature, fingerprint.words, fingerprint.shingles, candidates
        )
        return None if match is None else match.article.head

    # -- stories ---------------------------------------------------------------

    def _join_as_copy(self, store: StoryStore, story_id: int, article: Article, at: float) -> None:
        row = store.story_row(story_id)
        widened = row._replace(first_at=min(row.first_at, at), last_at=max(row.last_at, at))
        store.save_story(
            widened,
            probe_terms(row.centroid, STORY_INDEX_TERMS),
            row.title,
            article.published,
            article.site,
        )

    def _cluster(self, store: StoryStore, article: Article, vector: Vector, at: float) -> int:
        assert article.id is not None
        rows = store.story_candidates(probe_terms(vector), at - self.window, MAX_CANDIDATES)
        found = signature(article)
        evidence = _evidence_of(store, [r.id for r in rows])
        candidates = [
            StoryCandidate(r.id, r.centroid, r.first_at, r.last_at)
            for r in rows
            if veto(found, evidence.get(r.id, StoryEvidence()), self.window) is None
        ]
        chosen = assign(vector, at, candidates, threshold=self.join_threshold, window=self.window)
        if chosen.story is None:
            row = StoryRow(0, dict(vector), at, at, article.id, 1.0, _headline(article))
            story_id = store.save_story(
                row,
                probe_terms(vector, STORY_INDEX_TERMS),
                _headline(article),
                article.published,
                article.site,
            )
            _add_evidence(store, story_id, StoryEvidence(), found)
            return story_id
        _add_evidence(store, chosen.story, evidence.get(chosen.story, StoryEvidence()), found)
        current = next(r for r in rows if r.id == chosen.story)
        centroid = add(current.centroid, [vector])
        title_article, title_score, title = self._central(store, current, centroid, article, vector)
        row = StoryRow(
            current.id,
            centroid,
            min(current.first_at, at),
            max(current.last_at, at),
            title_article,
            title_score,
            title,
        )
        return store.save_story(
            row, probe_terms(centroid, STORY_INDEX_TERMS), title, article.published, article.site
        )

    @staticmethod
    def _central(
        store: StoryStore, story: StoryRow, centroid: Vector, article: Article, vector: Vector
    ) -> tuple[int | None, float, str]:
        """The title article after `article` joined: whichever of it and the current
        title article is closer to the new centroid (both scored against it now)."""
        assert article.id is not None
        score = cosine(vector, centroid)
        holder = story.title_article
        held = store.vector_of(holder) if holder is not None else None
        held_score = cosine(held, centroid) if held is not None else -1.0
        if score > held_score:
            return article.id, score, _headline(article)
        return holder, held_score, story.title


def _evidence_of(store: StoryStore, story_ids: list[int]) -> dict[int, StoryEvidence]:
    """The event evidence of the candidate stories (none yet for a story tracked before
    evidence was kept: it contradicts nothing)."""
    return {
        story_id: StoryEvidence.from_json(text)
        for story_id, text in store.story_evidence(story_ids).items()
    }


def _add_evidence(
    store: StoryStore, story_id: int, evidence: StoryEvidence, found: EventSignature
) -> None:
    evidence.add(found)
    store.save_story_evidence(story_id, evidence.to_json())


def _keep_event_time(store: StoryStore, article: Article) -> None:
    """Persist an undated article's estimated event time beside its story."""
    if article.id is None or article.published or not article.published_estimated:
        return
    found = EventTimeRow(
        article.published_estimated,
        article.published_estimated_source or "",
        article.published_estimated_confidence or 0.0,
    )
    store.save_event_time(article.id, found)


def track_untracked(
    store: Store,
    tracker: Tracker | None = None,
    *,
    batch_size: int = 500,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Track every stored article not tracked yet (stored by an older Marsad, or
    ingested without tracking), earliest published first; how many were tracked.

    Articles an interrupted run left pending go first, as that run would have
    tracked them (`marsad.services.pending`).
    """
    tracker = tracker or Tracker()
    tracked = _story_store(store)
    done = resume_pending(store, tracker.track)
    while ids := tracked.untracked_ids(batch_size):
        tracker.track(store, [store.get(article_id) for article_id in ids])
        done += len(ids)
        if on_progress is not None:
            on_progress(done)
    return done


# -- reading use-cases ------------------------------------------------------------


def _summary(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "site": row.site,
        "source": row.source,
        "published": row.published,
        "duplicate_of": row.duplicate_of,
    }


def _by_time(rows: Iterable[Any]) -> list[Any]:
    return sorted(rows, key=lambda row: (timestamp(row.published), row.id))


def provenance(store: Store, article_id: int) -> dict[str, Any]:
    """Who published the article's text first, who republished it, and credited sources."""
    tracked = _story_store(store)
    article = store.get(article_id)
    head = article.duplicate_of or article.id
    assert head is not None
    members = _by_time(tracked.copy_group(head))
    original = next((row for row in members if row.id == head), members[0])
    credited = list(dict.fromkeys(row.source for row in members if row.source))
    return {
        "id": article_id,
        "is_copy": article.duplicate_of is not None,
        "original": _summary(original),
        "copies": [_summary(row) for row in members if row.id != head],
        "first_site": original.site,
        "credited_sources": credited,
        "sites": list(dict.fromkeys(row.site for row in members if row.site)),
    }


def copies_of(store: Store, article_id: int) -> list[dict[str, Any]]:
    """The other members of the article's copy group, earliest first."""
    article = store.get(article_id)
    head = article.duplicate_of or article.id
    assert head is not None
    rows = _by_time(_story_store(store).copy_group(head))
    return [_summary(row) for row in rows if row.id != article_id]


def outlet_copies(store: Store) -> list[tuple[str, str, int]]:
    """(copying site, original site, how many copies), most first."""
    return _story_store(store).outlet_copy_counts()


def related_articles(store: Store, article_id: int, k: int = 5) -> list[dict[str, Any]]:
    """The `k` articles nearest in content and entities, no copies of the article."""
    tracked = _story_store(store)
    article = store.get(article_id)
    vector = tracked.vector_of(article_id)
    if vector is None or k <= 0:
        return []
    head = article.duplicate_of or article_id
    rows = tracked.related_candidates(probe_terms(vector, RELATED_INDEX_TERMS))
    neighbours = (Neighbour(row[0], row[1], row[2]) for row in rows)
    ranked = rank_related(vector, head, neighbours, k)
    related: list[dict[str, Any]] = []
    for found_id, score in ranked:
        found = store.get(found_id)
        related.append(
            {
                "id": found.id,
                "title": found.title,
                "site": found.site,
                "published": found.published,
                "story": found.story,
                "score": round(score, 4),
            }
        )
    return related


def story_links(store: Store, article: Article, related: int = 5) -> dict[str, Any]:
    """The `story`, `copies` and `related` fields of the article view.

    A store without story tables leaves the article's own fields as they are.
    """
    if not hasattr(store, "tracking") or article.id is None:
        return {}
    links: dict[str, Any] = {"copies": copies_of(store, article.id)}
    if article.story is not None:
        links["story"] = asdict(get_story(store, article.story))
    links["related"] = list(article.related) + related_articles(store, article.id, related)
    return links | _estimate_fields(store, article)


def _estimate_fields(store: Store, article: Article) -> dict[str, Any]:
    """An undated article's estimated event time, as kept while tracking."""
    if article.id is None or article.published:
        return {}
    found = _story_store(store).event_times([article.id]).get(article.id)
    if found is None:
        return {}
    return {
        "published_estimated": found.estimated,
        "published_estimated_source": found.source,
        "published_estimated_confidence": found.confidence,
    }


RELATED_STORY_CANDIDATES = 50


def related_stories(store: Store, story_id: int, k: int = 5) -> list[dict[str, Any]]:
    """Other stories on the same broader topic (closest centroids), best first: linked,
    not merged, since they are other events."""
    tracked = _story_store(store)
    row = tracked.story_row(story_id)
    terms = probe_terms(row.centroid, STORY_INDEX_TERMS)
    rows = tracked.stories_sharing(terms, RELATED_STORY_CANDIDATES)
    ranked = rank_related_stories(row.centroid, story_id, ((r.id, r.centroid) for r in rows), k)
    found: list[dict[str, Any]] = []
    for other_id, score in ranked:
        other = tracked.get_story(other_id)
        found.append(asdict(other) | {"score": round(score, 4)})
    return found


def get_story(store: Store, story_id: int) -> Story:
    """The story `story_id`; raises `NotFound`."""
    return _story_store(store).get_story(story_id)


def story_view(store: Store, story_id: int) -> dict[str, Any]:
    """A story with its articles in time order, first publisher, entities and places."""
    story = get_story(store, story_id)
    articles = [
        store.get(article_id) for article_id in _story_store(store).story_article_ids(story_id)
    ]
    articles.sort(key=lambda found: (timestamp(found.published), found.id or 0))
    entities: dict[str, int] = {}
    places: dict[str, int] = {}
    for found in articles:
        for name in dict.fromkeys(span.name for span in found.entities):
            entities[name] = entities.get(name, 0) + 1
        for name in dict.fromkeys(span.name for span in found.places):
            places[name] = places.get(name, 0) + 1
    summaries = [_summary(found) | {"url": found.url} for found in articles]
    return {
        "story": asdict(story),
        "articles": summaries,
        "first": summaries[0] if summaries else None,
        "entities": sorted(entities, key=lambda name: -entities[name])[:20],
        "places": sorted(places, key=lambda name: -places[name])[:20],
        "related": related_stories(store, story_id),
    }


def list_stories(
    store: Store, *, limit: int = 20, offset: int = 0, order: str = "latest"
) -> list[Story]:
    """Stories by latest activity, or (`growing`) the open ones with most articles."""
    if order not in ORDERS:
        raise InputError(f"order must be one of {', '.join(ORDERS)}, got {order!r}")
    return _story_store(store).list_story_rows(limit=limit, offset=offset, order=order)
