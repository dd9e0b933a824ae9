"""Errors of alert delivery, with stable codes."""

from __future__ import annotations

from marsad.errors import InputError, MarsadError


class DeliveryError(MarsadError):
    """A webhook or e-mail could not be delivered (after its retries)."""

    code = "delivery-failed"

    def __init__(self, message: str, *, retryable: bool, where: str | None = None) -> None:
        super().__init__(message, where)
        self.retryable = retryable


class MailSettingsError(InputError):
    """`MARSAD_SMTP_URL` or `MARSAD_MAIL_FROM` is missing or malformed."""

    code = "bad-mail-settings"
