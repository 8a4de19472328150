"""Helpers of the fraud tests: voter records written straight in the database in the shapes
of the investigated cases (Wrocław, Puławy, Elbląg)."""

from __future__ import annotations

import datetime
import hashlib
import uuid

from django.utils import timezone

from participa.components.budgets.models import Edition, Pool, VoteChannel, Voter
from participa.components.budgets.models_fraud import VoterSignal


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def add_voters(edition: Edition, pool: Pool, count: int, *, prefix: str,
               ip: str | None = None, device: str = "", phones: int = 0,
               birth_year: int | None = None, guardian: str = "",
               channel: str = VoteChannel.ONLINE, minutes_apart: float = 1.0,
               start: datetime.datetime | None = None,
               voter_keys: list[str] | None = None) -> list[Voter]:
    """``count`` voter records in ``pool`` (``phones``: how many distinct phone numbers they
    share, in turn)."""
    begin = start or timezone.now() - datetime.timedelta(days=2)
    voters = [Voter(
        id=uuid.uuid4(), edition=edition, pool=pool,
        voter_key=voter_keys[k] if voter_keys else digest(f"{prefix}-{k}"),
        channel=channel, voted_at=begin + datetime.timedelta(minutes=k * minutes_apart),
        sealed_link=b"sealed", ip=ip, device_digest=digest(device) if device else "",
        phone_digest=digest(f"phone-{prefix}-{k % phones}") if phones else "")
        for k in range(count)]
    Voter.objects.bulk_create(voters)
    if birth_year is not None or guardian:
        VoterSignal.objects.bulk_create([
            VoterSignal(voter=v, birth_year=birth_year,
                        guardian_key=digest(guardian) if guardian else "") for v in voters])
    return voters
