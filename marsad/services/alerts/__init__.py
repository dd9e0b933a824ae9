"""Alerts that reach people: watchlist matches and spikes by webhook and e-mail."""

from marsad.services.alerts.run import (
    AlertOptions,
    AlertReport,
    alerts_after_round,
    article_key,
    run_alerts,
)

__all__ = ["AlertOptions", "AlertReport", "alerts_after_round", "article_key", "run_alerts"]
