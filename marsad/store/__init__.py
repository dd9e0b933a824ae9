"""Storage: the `Store` protocol, its SQLite backend, and `open_store`."""

from marsad.store.factory import open_store
from marsad.store.highlight import DEFAULT_MARKERS, Markers
from marsad.store.protocol import AddResult, Store
from marsad.store.sqlite import SQLiteStore

__all__ = ["DEFAULT_MARKERS", "AddResult", "Markers", "SQLiteStore", "Store", "open_store"]
