"""/docs: the API reference, rendered on the server from the OpenAPI document.

The stock Swagger page loads its scripts from a CDN and runs inline code, which the
Content-Security-Policy forbids; this page needs neither. The machine-readable
document stays at /openapi.json.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from marsad.web.render import page

router = APIRouter()


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            parameters = [
                {
                    "name": parameter["name"],
                    "where": parameter.get("in", ""),
                    "required": parameter.get("required", False),
                    "type": parameter.get("schema", {}).get("type", ""),
                }
                for parameter in operation.get("parameters", [])
            ]
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                    "body": "requestBody" in operation,
                }
            )
    return operations


@router.get("/docs", include_in_schema=False)
def docs_page(request: Request) -> Response:
    schema = request.app.openapi()
    context = {"operations": _operations(schema), "info": schema.get("info", {})}
    return page(request, "docs/docs.html", context)
