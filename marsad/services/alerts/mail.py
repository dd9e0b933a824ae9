"""E-mail delivery through the SMTP server the user configures.

`MARSAD_SMTP_URL` is `smtp://[user:pass@]host[:port]` (STARTTLS when the server
offers it) or `smtps://…` (TLS from the start); `MARSAD_MAIL_FROM` the sender. A
message is multipart: plain text first, then right-to-left Arabic HTML.
"""

from __future__ import annotations

import smtplib
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import unquote, urlsplit

from marsad.services.alerts.errors import DeliveryError, MailSettingsError
from marsad.services.alerts.retry import DEFAULT_BACKOFF, Backoff, with_retries

TIMEOUT_SECONDS = 30.0
DEFAULT_PORTS = {"smtp": 25, "smtps": 465}


@dataclass(frozen=True, slots=True)
class MailSettings:
    """Where and as whom to send."""

    host: str
    port: int
    secure: bool
    sender: str
    user: str | None = None
    password: str | None = None

    def __repr__(self) -> str:  # the password never reaches a log
        return f"MailSettings({self.host}:{self.port}, secure={self.secure}, from={self.sender})"

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> MailSettings | None:
        """The settings of `environ`, or None when no SMTP server is configured."""
        url = environ.get("MARSAD_SMTP_URL", "").strip()
        if not url:
            return None
        sender = environ.get("MARSAD_MAIL_FROM", "").strip()
        if "@" not in sender:
            raise MailSettingsError("MARSAD_MAIL_FROM must be the sender's e-mail address")
        return cls.from_url(url, sender)

    @classmethod
    def from_url(cls, url: str, sender: str) -> MailSettings:
        parts = urlsplit(url)
        if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
            raise MailSettingsError(
                "MARSAD_SMTP_URL must look like smtp://user:pass@host:port or smtps://…"
            )
        try:
            port = parts.port or DEFAULT_PORTS[parts.scheme]
        except ValueError as error:
            raise MailSettingsError(f"MARSAD_SMTP_URL has a bad port: {error}") from None
        return cls(
            host=parts.hostname,
            port=port,
            secure=parts.scheme == "smtps",
            sender=sender,
            user=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
        )


def build_message(
    settings: MailSettings, recipients: list[str], subject: str, text: str, html: str
) -> EmailMessage:
    """A multipart/alternative message: plain text, then the HTML."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings.sender
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or None)
    message["Content-Language"] = "ar"
    message.set_content(text, charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    return message


def _send_once(settings: MailSettings, message: EmailMessage) -> None:
    where = f"{settings.host}:{settings.port}"
    try:
        if settings.secure:
            context = ssl.create_default_context()
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=TIMEOUT_SECONDS, context=context
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS)
        with client:
            client.ehlo()
            if not settings.secure and client.has_extn("starttls"):
                client.starttls(context=ssl.create_default_context())
                client.ehlo()
            if settings.user:
                client.login(settings.user, settings.password or "")
            client.send_message(message)
    except smtplib.SMTPResponseException as error:
        temporary = 400 <= error.smtp_code < 500
        detail = f"SMTP {error.smtp_code}: {error.smtp_error!r}"
        raise DeliveryError(detail, retryable=temporary, where=where) from None
    except smtplib.SMTPRecipientsRefused as error:
        raise DeliveryError(f"recipients refused: {error}", retryable=False, where=where) from None
    except (smtplib.SMTPException, OSError) as error:
        raise DeliveryError(
            f"{type(error).__name__}: {error}", retryable=True, where=where
        ) from None


def send_mail(
    settings: MailSettings,
    message: EmailMessage,
    *,
    backoff: Backoff = DEFAULT_BACKOFF,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Send, retrying temporary failures with backoff; returns the tries."""
    _, tries = with_retries(lambda: _send_once(settings, message), backoff, sleep)
    return tries
