"""Web settings: the write token, the map tiles, the CSRF signing secret.

Read from the environment by default (`MARSAD_TOKEN`, `MARSAD_TILES`,
`MARSAD_TILES_ATTRIBUTION`), or given by the caller (tests, `marsad serve`).
With no token, writes are disabled: a fresh install is read-only until its owner
chooses a token. With no tile URL the map draws markers on a plain background, so
nothing is ever fetched from a third party unless configured.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from marsad.errors import InputError


@dataclass(frozen=True, slots=True)
class WebSettings:
    token: str | None = None
    tiles: str | None = None  # e.g. "https://tiles.example.org/{z}/{x}/{y}.png"
    tiles_attribution: str = ""
    page_size: int = 20
    # Signs CSRF tokens; random per process unless given (tokens then die on restart).
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)

    def __post_init__(self) -> None:
        if self.tiles is not None and self.tiles_origin() is None:
            raise InputError(f"MARSAD_TILES must be an http(s) URL template, not {self.tiles!r}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> WebSettings:
        env = os.environ if environ is None else environ
        secret = env.get("MARSAD_SECRET")
        settings = cls(
            token=env.get("MARSAD_TOKEN") or None,
            tiles=env.get("MARSAD_TILES") or None,
            tiles_attribution=env.get("MARSAD_TILES_ATTRIBUTION", ""),
        )
        return replace(settings, secret=secret.encode()) if secret else settings

    def tiles_origin(self) -> str | None:
        """`scheme://host[:port]` of the tile server, for the Content-Security-Policy."""
        if not self.tiles:
            return None
        parts = urlsplit(self.tiles.replace("{s}", "a"))
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return None
        netloc = parts.netloc.replace("a.", "*.", 1) if "{s}" in self.tiles else parts.netloc
        return f"{parts.scheme}://{netloc}"
