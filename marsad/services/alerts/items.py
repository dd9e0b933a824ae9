"""The items of an alert: new matches with copies of one wire story folded together.

A copy group is an article (its head) and the articles whose `duplicate_of` points
at it. Among one delivery's matches, a group is one item: the head when it is among
them, else the group's first match, with "and N copies" (the other matches of the
group, and the sites that ran them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from marsad.store.protocol_alerts import MatchRow


@dataclass(frozen=True, slots=True)
class AlertItem:
    """One story of an alert: an article and the copies of it folded into it."""

    article: MatchRow
    copies: list[MatchRow] = field(default_factory=list)

    def as_json(self, base_url: str | None = None) -> dict[str, Any]:
        found = self.article
        fields: dict[str, Any] = {
            "id": found.id,
            "title": found.title,
            "url": found.url,
            "site": found.site,
            "source": found.source,
            "published": found.published,
            "story": found.story,
            "copies": len(self.copies),
            "copy_ids": [copy.id for copy in self.copies],
            "copy_sites": copy_sites(self),
        }
        if base_url:
            fields["marsad_url"] = f"{base_url}/articles/{found.id}"
        return fields


def copy_sites(item: AlertItem) -> list[str]:
    """The distinct sites that ran the item's copies, in order of first match."""
    return list(dict.fromkeys(copy.site for copy in item.copies if copy.site))


def fold_copies(matches: list[MatchRow]) -> list[AlertItem]:
    """One item per copy group among `matches`, in order of each group's first match."""
    groups: dict[int, list[MatchRow]] = {}
    for match in matches:
        groups.setdefault(match.duplicate_of or match.id, []).append(match)
    items = []
    for head, members in groups.items():
        lead = next((member for member in members if member.id == head), members[0])
        items.append(AlertItem(lead, [member for member in members if member is not lead]))
    return items
