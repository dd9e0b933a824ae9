"""The `Store` protocol: everything a storage backend offers the services.

Services and the web talk to this protocol only, never to a backend's classes, so
SQLite (the embedded default) and a later PostgreSQL backend are interchangeable,
and tests can use an in-memory database. It is composed of one protocol per
concern, each in its own module with the values it exchanges:

* `protocol_articles`: storing, reading and searching articles (`AddResult`);
* `protocol_copies`: the copy detector's fingerprints, profiles and groups;
* `protocol_stories`: stories, vectors, event times, and `TrackingStore`, the
  transaction the tracker writes in;
* `protocol_pending`: articles stored but not tracked yet (kill-safety);
* `protocol_sources`: sources and the fetch queue;
* `protocol_web`: browsing, facets, entities, places and watchlists;
* `protocol_alerts`: saved searches, alert deliveries, volume counts, name suggestions;
* `protocol_events`: events across articles, their filters and timeline.

A backend implements all of them; `marsad.store.sqlite` proves statically that
`SQLiteStore` does.
"""

from __future__ import annotations

from typing import Protocol

from marsad.store.protocol_alerts import AlertStore
from marsad.store.protocol_articles import AddResult, ArticleStore
from marsad.store.protocol_events import EventStore
from marsad.store.protocol_sources import SourceStore
from marsad.store.protocol_stories import TrackingStore
from marsad.store.protocol_web import WebStore

__all__ = ["AddResult", "ArticleStore", "Store"]


class Store(ArticleStore, TrackingStore, SourceStore, WebStore, AlertStore, EventStore, Protocol):
    """A whole backend: articles, copies, stories, pending marks, sources, web reads,
    saved searches and alerts, events."""
