"""Mailbox import: a hostile header is refused in time linear in its size.

A 1 MB .eml whose Subject holds 50,000 RFC 2047 encoded words used to hold a worker past its
timeout (the standard parser's work grows faster than the header). The import now measures the
headers on the raw bytes first and refuses such a message before parsing it.

Printed, from one run: the time to refuse the 1 MB hostile message against the time to read an
ordinary 1 MB message (a long body), and the ratio of refusing 1 MB to refusing 100 KB of
hostile header (at most 10, linear; less, since the scan stops at the 256 KB header limit).
For comparison, the standard parser alone on a 100 KB hostile header (5,000 words) is timed
too, against the refusal of the same message.
"""

from __future__ import annotations

import email
import email.policy
import time
from collections.abc import Callable


def hostile(words: int) -> bytes:
    subject = " ".join("=?UTF-8?B?w6TDpA==?=" for _ in range(words))
    return (f"From: spam@example.org\r\nSubject: {subject}\r\n\r\nBuy now.\r\n").encode()


def ordinary(size: int) -> bytes:
    line = "Propun ca taxa sa fie 3 lei pe ora in zona centrala, nu 5 lei.\r\n"
    body = line * (size // len(line))
    return ("From: Ana <ana@example.ro>\r\nSubject: Parcare\r\nMessage-ID: <a@b>\r\n"
            "Date: Tue, 3 Mar 2026 10:15:00 +0200\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body).encode()


def timed(action: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    from participa.lib import mailbox  # pure Python, no Django set-up

    def refuse(raw: bytes) -> Callable[[], object]:
        def run() -> object:
            try:
                mailbox.parse_message(raw)
            except mailbox.MailboxError as error:
                return error.code
            raise AssertionError("the hostile message was not refused")
        return run

    big, small = hostile(50_000), hostile(5_000)
    normal = ordinary(len(big))
    refuse_big, refuse_small = timed(refuse(big)), timed(refuse(small))
    read_normal = timed(lambda: mailbox.parse_message(normal))
    parse_small = timed(lambda: str(email.message_from_bytes(
        small, policy=email.policy.default)["Subject"]), repeat=1)
    print(f"hostile message: {len(big) / 1e6:.2f} MB, 50,000 encoded words; "
          f"ordinary message: {len(normal) / 1e6:.2f} MB")
    print(f"refusing the hostile 1 MB message / reading an ordinary 1 MB one: "
          f"{refuse_big / read_normal:.3f}")
    print(f"refusing 1 MB / refusing 100 KB of hostile header: {refuse_big / refuse_small:.1f} "
          "(<= 10: linear, bounded by the header limit)")
    print(f"standard parser on 100 KB of hostile header / refusing it: "
          f"{parse_small / refuse_small:.0f}x")


if __name__ == "__main__":
    main()
