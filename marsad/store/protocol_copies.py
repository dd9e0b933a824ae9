"""The copy detector's part of the `Store` protocol, and the rows it reads.

A copy group is an article (its head) and the articles whose `duplicate_of` points
at it. The tracker writes these inside `TrackingStore.tracking()`.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol


class FingerprintRow(NamedTuple):
    id: int
    published_at: float
    words: int
    shingles: int
    signature: bytes
    head: int
    exact: str


class ProfileRow(NamedTuple):
    id: int
    published_at: float
    wire: bool
    lang: str | None
    profile: bytes
    head: int


class CopyRow(NamedTuple):
    id: int
    site: str | None
    source: str | None
    published: str | None
    title: str
    duplicate_of: int | None


class CopyStore(Protocol):
    """What the copy detector and the provenance use-cases need from a store."""

    def copy_candidates(self, band_keys: list[int], exact: str) -> list[FingerprintRow]: ...
    def add_fingerprint(
        self,
        article_id: int,
        exact: str,
        published_at: float,
        sizes: tuple[int, int],
        signature: bytes,
        band_keys: list[int],
    ) -> None: ...
    def published_at_of(self, article_id: int) -> float: ...
    def profile_candidates(self, keys: list[int]) -> list[ProfileRow]: ...
    def add_profile(
        self,
        article_id: int,
        words: int,
        lang: str | None,
        wire: bool,
        profile: bytes,
        keys: list[int],
    ) -> None: ...
    def is_wire(self, article_id: int) -> bool: ...
    def stored_profile(self, article_id: int) -> bytes | None: ...
    def learn_site_lines(self, site: str, line_keys: list[str]) -> set[str]: ...
    def set_duplicate(self, article_id: int, head: int | None) -> None: ...
    def repoint_group(self, old_head: int, new_head: int) -> None: ...
    def copy_group(self, head: int) -> list[CopyRow]: ...
    def outlet_copy_counts(self) -> list[tuple[str, str, int]]: ...
