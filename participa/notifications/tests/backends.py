"""Test e-mail backend: raises SMTPException ``failures`` times, then works like locmem."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from typing import Any, ClassVar

from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    failures: ClassVar[int] = 0
    calls: ClassVar[int] = 0

    def send_messages(self, messages: Sequence[Any]) -> int:
        FlakyBackend.calls += 1
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise smtplib.SMTPException("421 Service not available (test)")
        return super().send_messages(messages)
