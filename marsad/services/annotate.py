"""The `marsad annotate` use-case: raw text in, every annotation out."""

from __future__ import annotations

from datetime import date
from typing import Any

from marsad.steps.pipeline import Enricher


def annotate_text(
    text: str, base: date | None = None, enricher: Enricher | None = None
) -> dict[str, Any]:
    """Entities, places, dates and quantities of `text` (offsets into `text`)."""
    return (enricher or Enricher.load()).annotate(text, base)
