"""The runtime: a store, a fetcher and an enricher built from the user's settings.

The command line and the web server get what they run with from here, so they
depend on services and this module only: which backend a database URL names
(`marsad.store.factory`), how a fetch policy is made, where the enricher's resources
come from, how an input is read under the size cap are decided once, in one place.
Heavy modules (the tagger, the HTTP client) are imported when first asked for, so a
quick command does not pay for them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from marsad.ingest.repairs import Repair, RepairSink, ignore_repair
from marsad.services.config import default_database
from marsad.store.factory import DATABASE_VARIABLE, open_store
from marsad.store.protocol import Store

if TYPE_CHECKING:  # re-exported for the commands' annotations
    from marsad.ingest.fetch import Fetcher as Fetcher
    from marsad.ingest.fetch import FetchPolicy as FetchPolicy
    from marsad.steps.pipeline import Enricher as Enricher

__all__ = [
    "DATABASE_VARIABLE",
    "Repair",
    "RepairSink",
    "database",
    "fetch_policy",
    "ignore_repair",
    "load_enricher",
    "open_database",
    "open_fetcher",
    "read_input",
    "user_agent",
]


def database(db: str | None = None) -> str:
    """The database to use: `db` (--db), else `$MARSAD_DB`, else the per-user data file."""
    return db or os.environ.get(DATABASE_VARIABLE) or str(default_database())


def open_database(db: str | Path | None = None) -> Store:
    """Open the store named by `database(db)` (a path or `sqlite:///…`; a URL of a
    backend that does not exist yet is refused with a `StoreError`)."""
    return open_store(db if isinstance(db, Path) else database(db))


def load_enricher(enrich: bool = True) -> Enricher | None:
    """The enricher with its tagger, gazetteers and agency table loaded; None when off."""
    if not enrich:
        return None
    from marsad.steps.pipeline import Enricher

    return Enricher.load()


def fetch_policy(
    delay: float = 1.0,
    contact: str | None = None,
    allow_private: bool = False,
    deadline: float = 30.0,
) -> FetchPolicy:
    """The fetch policy of the command's options; without `allow_private` the
    environment (MARSAD_ALLOW_PRIVATE) decides."""
    from marsad.ingest.fetch import FetchPolicy

    return FetchPolicy(
        delay=delay,
        contact_url=contact,
        allow_private=True if allow_private else None,
        deadline=deadline,
    )


def open_fetcher(policy: FetchPolicy) -> Fetcher:
    """A fetcher (a context manager) keeping `policy`'s politeness per host."""
    from marsad.ingest.fetch import Fetcher

    return Fetcher(policy)


def user_agent(contact: str | None) -> str:
    """The User-Agent Marsad sends, with the operator's contact URL when given."""
    from marsad.ingest.fetch import user_agent as fetcher_user_agent

    return fetcher_user_agent(contact)


def read_input(file: str, max_bytes: int | None = None) -> tuple[bytes, str]:
    """A page from `file` (`-`: stdin) read under the size cap, and where it came from."""
    import sys

    from marsad.ingest.limits import document_limit, read_capped, read_file_capped

    limit = document_limit(max_bytes)
    if file == "-":
        return read_capped(sys.stdin.buffer, limit, "<stdin>"), "<stdin>"
    return read_file_capped(Path(file), limit), file
