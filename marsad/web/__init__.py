"""The web interface: right-to-left HTML pages, the JSON API and Atom feeds.

Pages and their JSON twins call the same `marsad.services` functions; see `app.py`.
"""

from marsad.web.app import create_app
from marsad.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
