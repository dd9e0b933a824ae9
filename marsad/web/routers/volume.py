"""Volume over time: `/api/volume` (JSON or CSV) and the chart panel pages include.

Any page shows a query's, story's, entity's, place's or outlet's volume with one
line, `{{ volume_panel(request, "entity", id, label=name) }}`: the panel is rendered
from the same service call as its JSON and CSV twins, which it links to.
"""

from __future__ import annotations

import csv
import io
import logging
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from jinja2 import Environment
from markupsafe import Markup
from starlette.responses import Response

from marsad.errors import MarsadError
from marsad.services.alerts.render import articles_phrase, copies_phrase
from marsad.services.volume import volume_series
from marsad.services.watchlists import query_with_facets
from marsad.store.protocol import Store
from marsad.web.render import store_of, templates
from marsad.web.volume_chart import chart_label, volume_svg

router = APIRouter()
log = logging.getLogger("marsad.web")
Kind = Literal["query", "story", "entity", "place", "site"]
Bucket = Literal["day", "hour"]
Text = Annotated[str | None, Query(max_length=500)]
_ISO_DAY = r"^(\d{4}-\d{2}-\d{2})?$"
FACET_NAMES = ("site", "entity", "place", "source", "lang", "date_from", "date_to")
CSV_COLUMNS = ("period", "count", "published", "estimated")


def _facets(**given: str | None) -> dict[str, str | None]:
    return {name: (given.get(name) or None) for name in FACET_NAMES}


def volume_csv(series: dict[str, Any]) -> str:
    """The series as CSV with a BOM (spreadsheet programs then read UTF-8 right)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for point in series["points"]:
        writer.writerow([point[column] for column in CSV_COLUMNS])
    return out.getvalue()


@router.get("/api/volume", tags=["volume"])
def api_volume(
    store: Annotated[Store, Depends(store_of)],
    kind: Kind = "query",
    value: Text = "",
    bucket: Bucket = "day",
    length: Annotated[int | None, Query(ge=2, le=366)] = None,
    end: Annotated[str | None, Query(max_length=25)] = None,
    format: Literal["json", "csv"] = "json",
    site: Text = None,
    entity: Text = None,
    place: Text = None,
    source: Text = None,
    lang: Annotated[str | None, Query(max_length=20)] = None,
    date_from: Annotated[str | None, Query(alias="from", pattern=_ISO_DAY)] = None,
    date_to: Annotated[str | None, Query(alias="to", pattern=_ISO_DAY)] = None,
) -> Any:
    """Articles per hour or day (zeros included) and whether the last bucket is a spike.

    Counts group `published` as the outlet wrote it; undated articles are counted at
    their estimated event time, apart (`estimated`). `format=csv` gives the same
    points as CSV.
    """
    facets = _facets(
        site=site,
        entity=entity,
        place=place,
        source=source,
        lang=lang,
        date_from=date_from,
        date_to=date_to,
    )
    series = volume_series(
        store, kind, value or "", bucket=bucket, length=length, end=end, facets=facets
    )
    if format == "csv":
        return Response(
            volume_csv(series),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="volume.csv"'},
        )
    return {"ok": True, **series}


def volume_panel(
    request: Request,
    kind: str,
    value: Any,
    label: str | None = None,
    end: str | None = None,
    **facets: str | None,
) -> Markup:
    """The chart and its CSV/JSON links, for a page's template; a notice if it cannot be drawn."""
    store: Store = request.app.state.store
    chosen = {name: facets.get(name) for name in FACET_NAMES if facets.get(name)}
    try:
        series = volume_series(
            store, kind, str(value or ""), end=end or None, facets=_facets(**chosen)
        )
    except MarsadError as error:
        log.info("volume panel: %s: %s", error.code, error)
        return Markup('<p class="notice">لا يمكن رسم الحجم عبر الزمن لهذا الطلب.</p>')
    params = {"kind": kind, "value": str(value or ""), "end": end or None, **chosen}
    html = templates.env.get_template("volume/_panel.html").render(
        series=series,
        chart=volume_svg(series, chart_label(series, label)),
        params={key.replace("date_", ""): item for key, item in params.items()},
    )
    return Markup(html)


def install(environment: Environment) -> None:
    """Offer `volume_panel`, Arabic counts and the facets-in-a-query text to templates."""
    environment.globals["volume_panel"] = volume_panel
    environment.globals["copies_phrase"] = copies_phrase
    environment.globals["articles_phrase"] = articles_phrase
    environment.globals["query_with_facets"] = query_with_facets
