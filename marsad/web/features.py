"""Optional services the pages use when they exist: stories and source health.

The one place that asks whether `marsad.services.stories` and `.sources` are
installed; a page whose service is missing says "not available yet" instead of
failing. Only a missing module counts as absent; any other import error is a bug
and surfaces.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from marsad.errors import MarsadError
from marsad.model import Story
from marsad.store.protocol import Store


class NotAvailable(MarsadError):
    """The feature's service is not part of this installation yet."""

    code = "not-available"


def _optional(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name == name:
            return None
        raise


@dataclass(frozen=True, slots=True)
class Features:
    stories: ModuleType | None
    sources: ModuleType | None

    @classmethod
    def detect(cls) -> Features:
        return cls(
            stories=_optional("marsad.services.stories"),
            sources=_optional("marsad.services.sources"),
        )

    def _stories(self) -> ModuleType:
        if self.stories is None:
            raise NotAvailable("stories are not available yet")
        return self.stories

    def list_stories(
        self, store: Store, *, limit: int, offset: int = 0, order: str = "latest"
    ) -> list[Story]:
        stories: list[Story] = self._stories().list_stories(
            store, limit=limit, offset=offset, order=order
        )
        return stories

    def story_view(self, store: Store, story_id: int) -> dict[str, Any]:
        view: dict[str, Any] = self._stories().story_view(store, story_id)
        return view

    def _sources(self) -> ModuleType:
        if self.sources is None:
            raise NotAvailable("source health is not available yet")
        return self.sources

    def list_sources(self, store: Store) -> list[dict[str, Any]]:
        sources: list[dict[str, Any]] = self._sources().list_sources(store)
        return sources

    def add_source(
        self, store: Store, url: str, name: str | None, kind: str | None
    ) -> dict[str, Any]:
        """Register a source (discovered from a home page unless `kind` is given).

        Returns `{"added": [ids], "existing": [ids], "problems": [...]}`.
        """
        added = self._sources().add_source(store, url, name or None, kind=kind or None)
        return {
            "added": [row.id for row in added.added],
            "existing": [row.id for row in added.existing],
            "problems": list(added.problems),
        }
