"""Outlets: Arabic display names from a curated table, and the outlet page.

Articles carry their outlet as a site key (a domain such as `aawsat.com`, or a
corpus slug such as `aawsat`); people know it as «الشرق الأوسط». The curated table
(`marsad/resources/outlets/outlets.tsv`) gives the names, read once. An outlet page
shows its volume, its newest articles and the copy links between outlets: whom it
copies and who copies it (never itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from marsad.errors import NotFound
from marsad.resources import resource_path
from marsad.store.protocol import Store
from marsad.store.protocol_web import SearchFilters

KIND_LABELS = {
    "agency": "وكالة أنباء",
    "newspaper": "صحيفة",
    "broadcaster": "قناة",
    "website": "موقع إخباري",
}
_COLUMNS = 5
_GENERIC_LABELS = frozenset({"arabic", "news", "ar", "www", "m"})


@dataclass(frozen=True, slots=True)
class Outlet:
    """One outlet of the curated table."""

    domain: str
    name: str
    name_en: str
    kind: str
    aliases: tuple[str, ...] = ()

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


def _site_key(site: str) -> str:
    key = site.strip().lower()
    return key[4:] if key.startswith("www.") else key


class OutletTable:
    """Outlets by every key an article's site may hold: domain, alias, bare name."""

    def __init__(self, outlets: list[Outlet]) -> None:
        self.outlets = outlets
        self._by_key: dict[str, Outlet] = {}
        for outlet in outlets:
            for key in (outlet.domain, *outlet.aliases):
                self._by_key.setdefault(_site_key(key), outlet)
        for outlet in outlets:  # aawsat.com is also known as aawsat (not arabic.rt.com)
            label = outlet.domain.split(".")[0]
            if label not in _GENERIC_LABELS:
                self._by_key.setdefault(label, outlet)

    def find(self, site: str | None) -> Outlet | None:
        """The outlet of `site` (a domain, a subdomain of one, or a slug), if curated."""
        if not site:
            return None
        key = _site_key(site)
        found = self._by_key.get(key)
        while found is None and key.count(".") > 1:
            key = key.split(".", 1)[1]  # news.aawsat.com → aawsat.com
            found = self._by_key.get(key)
        return found

    def display_name(self, site: str | None) -> str:
        """The Arabic name of `site`, or the site key itself when not curated."""
        outlet = self.find(site)
        return outlet.name if outlet else (site or "")


def load_outlets(path: Path) -> OutletTable:
    """Read an outlets table (header line, `#` comments, five tab-separated columns)."""
    outlets: list[Outlet] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith(("#", "domain\t")):
            continue
        fields = line.split("\t")
        if len(fields) != _COLUMNS or fields[3] not in KIND_LABELS or not fields[0]:
            raise ValueError(f"{path.name}:{number}: expected {_COLUMNS} fields and a known kind")
        domain, name, name_en, kind, aliases = fields
        outlets.append(Outlet(domain, name, name_en, kind, tuple(filter(None, aliases.split("|")))))
    return OutletTable(outlets)


@cache
def shipped_outlets() -> OutletTable:
    """The shipped table, read on first use (immutable afterwards)."""
    return load_outlets(resource_path("outlets/outlets.tsv"))


def outlet_name(site: str | None) -> str:
    """The Arabic display name of an article's site."""
    return shipped_outlets().display_name(site)


def _named(site: str, count: int) -> dict[str, Any]:
    return {"site": site, "name": outlet_name(site), "count": count}


def _keys_of(outlet: Outlet) -> list[str]:
    return [outlet.domain, f"www.{outlet.domain}", *outlet.aliases, outlet.domain.split(".")[0]]


def outlet_view(store: Store, site: str, *, latest: int = 20) -> dict[str, Any]:
    """The outlet page's facts: names, article count, newest articles, copy links.

    Raises `NotFound` for a site with no stored article.
    """
    outlet = shipped_outlets().find(site)
    for key in dict.fromkeys([site, *(_keys_of(outlet) if outlet else ())]):
        found, total = store.browse(
            "", SearchFilters(site=key), sort="date", limit=latest, offset=0
        )
        if total:
            site = key  # the key this archive files the outlet under (aawsat.com → aawsat)
            break
    else:
        raise NotFound(f"لا مقالات محفوظة من الموقع «{site}»")
    pairs = store.outlet_copy_counts()
    copies_from = [_named(original, n) for copier, original, n in pairs if copier == site]
    copied_by = [_named(copier, n) for copier, original, n in pairs if original == site]
    return {
        "site": site,
        "name": outlet.name if outlet else site,
        "name_en": outlet.name_en if outlet else None,
        "domain": outlet.domain if outlet else None,
        "kind": outlet.kind if outlet else None,
        "kind_label": outlet.kind_label if outlet else None,
        "articles": total,
        "latest": [
            {
                "id": item.hit.id,
                "title": item.hit.title,
                "url": item.hit.url,
                "published": item.published,
                "source": item.source,
                "story": item.story,
                "duplicate_of": item.duplicate_of,
            }
            for item in found
        ],
        "copies_from": [row for row in copies_from if row["site"] and row["site"] != site],
        "copied_by": [row for row in copied_by if row["site"] and row["site"] != site],
    }
