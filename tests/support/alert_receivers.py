"""Real local receivers for alert tests: an HTTP server thread and an aiosmtpd server."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass
class Received:
    """What the HTTP receiver got, and what it answers next (status codes, in order)."""

    answers: list[int] = field(default_factory=list)
    requests: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


@contextmanager
def http_receiver(answers: list[int] | None = None) -> Iterator[tuple[str, Received]]:
    """A webhook receiver on a free port; answers `answers` in turn, then 200."""
    received = Received(answers=list(answers or []))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with received.lock:
                status = received.answers.pop(0) if received.answers else 200
                received.requests.append((dict(self.headers.items()), body))
                received.statuses.append(status)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    finally:
        server.shutdown()
        server.server_close()


class MailBox:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.logins: list[str] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _authenticator(user: str, password: str, box: MailBox) -> Any:
    """Accept only `user`/`password` (LOGIN or PLAIN), remembering who logged in."""

    def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            user.encode(),
            password.encode(),
        )
        if ok:
            box.logins.append(user)
        return AuthResult(success=ok)

    return check


@contextmanager
def smtp_server(credentials: tuple[str, str] | None = None) -> Iterator[tuple[str, MailBox]]:
    """A real SMTP server on a free local port; yields its smtp:// URL and mailbox.

    With `credentials`, the server requires that login (over plain text, as a local
    test server may) and refuses mail without it.
    """
    box = MailBox()
    port = free_port()
    extra: dict[str, Any] = {}
    if credentials:
        extra = {
            "authenticator": _authenticator(*credentials, box),
            "auth_required": True,
            "auth_require_tls": False,
        }
    controller = Controller(box, hostname="127.0.0.1", port=port, **extra)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}", box
    finally:
        controller.stop()
