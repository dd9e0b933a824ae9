"""Web settings: the write token, the map tiles, the CSRF signing secret, the base URL.

Read from the environment by default (`MARSAD_TOKEN`, `MARSAD_TILES`,
`MARSAD_TILES_ATTRIBUTION`, `MARSAD_BASE_URL`), or given by the caller (tests,
`marsad serve`). Absolute links (feeds) are built from `base_url`, never from a
request's Host header, which any client can forge.
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

DEFAULT_BASE_URL = "http://127.0.0.1:8000"  # `marsad serve`'s default address


@dataclass(frozen=True, slots=True)
class WebSettings:
    token: str | None = None
    tiles: str | None = None  # e.g. "https://tiles.example.org/{z}/{x}/{y}.png"
    tiles_attribution: str = ""
    page_size: int = 20
    base_url: str = DEFAULT_BASE_URL  # scheme://host[:port][/prefix], no trailing slash
    # Signs CSRF tokens; random per process unless given (tokens then die on restart).
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)

    def __post_init__(self) -> None:
        if self.tiles is not None and self.tiles_origin() is None:
            raise InputError(f"MARSAD_TILES must be an http(s) URL template, not {self.tiles!r}")
        object.__setattr__(self, "base_url", checked_base_url(self.base_url))

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, *, base_url: str = DEFAULT_BASE_URL
    ) -> WebSettings:
        """Settings from `environ` (the process's); `base_url` unless MARSAD_BASE_URL is set."""
        env = os.environ if environ is None else environ
        secret = env.get("MARSAD_SECRET")
        settings = cls(
            token=env.get("MARSAD_TOKEN") or None,
            tiles=env.get("MARSAD_TILES") or None,
            tiles_attribution=env.get("MARSAD_TILES_ATTRIBUTION", ""),
            base_url=env.get("MARSAD_BASE_URL") or base_url,
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


def checked_base_url(value: str) -> str:
    """`value` without its trailing slash; anything but an http(s) URL without query is refused."""
    try:
        parts = urlsplit(value.strip())
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as error:
        raise InputError(f"the base URL {value!r} is not a URL: {error}") from error
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise InputError(f"the base URL must look like http://host:port, not {value!r}")
    return value.strip().rstrip("/")
