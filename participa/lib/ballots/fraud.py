"""Fraud signals over the vote records of an edition (no Django imports).

The patterns come from investigated Polish civic budgets:

* Wrocław 2025: 320 votes from one IP address with 65 phone numbers, and 97 votes in five
  hours all "aged 97";
* Puławy: about 500 votes cast with patients' PESEL numbers from two hospital computers;
* Elbląg 2024: the same people voted on paper and online, with forged parental consents.

:func:`detect` groups the records and returns one :class:`Signal` per suspicious group. A signal
is a reason to look, not a verdict: staff review it and may quarantine votes. Signals, by
``kind`` (``reason_code``; ``params``):

=============== ======================= ========================================================
``ip``          ``same_ip``             at least ``same_ip`` votes from one IP address
                                        (count, threshold)
``network``     ``same_network``        at least ``same_network`` votes from one /24 (IPv4) or
                                        /48 (IPv6) network with several addresses
                                        (count, addresses, threshold)
``device``      ``same_device``         at least ``same_device`` votes from one device
                                        fingerprint (count, threshold)
``phone``       ``shared_phone``        one phone number used by ``phone_voters`` voters or
                                        more (count, voters, threshold)
``ip_phones``   ``many_phones_one_ip``  ``phones_per_ip`` phone numbers or more from one IP
                                        address (count, phones, threshold)
``burst``       ``burst``               ``burst_votes`` votes or more within ``burst_window``
                                        from one network (count, start, end, window_seconds)
``age``         ``age_over_limit``      voters aged ``implausible_age`` or more
                                        (count, min_age, first, last)
``age``         ``age_spike``           one exact age holding ``age_spike_share`` of the votes of
                                        the ages within two years of it, with at least
                                        ``age_spike_votes`` votes (count, age, share_percent,
                                        first, last)
``author_ip``   ``author_ip``           ``author_ip_votes`` votes or more from one IP address a
                                        project author used (count, threshold)
``voter``       ``paper_and_online``    one voter on paper and online; ``voted_twice``: one voter
                                        twice in one channel (count, channels)
``guardian``    ``shared_guardian``     one guardian consenting for ``guardian_minors`` minors or
                                        more (count, voters, threshold)
=============== ======================= ========================================================

Keys are the IP address, the network (``203.0.113.0/24``), the fingerprint, the phone, the
voter key or the guardian key; ``burst`` keys are the network and the start of the burst;
``age`` keys ``100+`` or the age. Signals come sorted by size (most votes first), then kind
and key, with vote ids sorted: the same records always give the same list.

Addresses and devices of paper votes are left out: they are those of the officials who keyed
the ballots in.

Cost: one pass to group the records, one sort per group of times (bursts, ages): O(n log n).
"""

from __future__ import annotations

import ipaddress
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

VoteId = int | str


class Channel(StrEnum):
    ONLINE = "online"
    PAPER = "paper"


@dataclass(frozen=True)
class VoteRecord:
    """What the review knows about one vote; never the ballot's content.

    ``device`` is a user-agent or device fingerprint; ``phone`` digits only; ``voter_key`` and
    ``guardian_key`` are opaque (for example an HMAC of the identity number), the same for one
    person on paper and online. ``age`` wins over ``birth_year`` (age then = year cast minus
    birth year). ``author_ip_match``: the vote came from an IP address a project author used.
    """

    vote_id: VoteId
    cast_at: datetime
    channel: Channel | str = Channel.ONLINE
    ip: str | None = None
    device: str | None = None
    phone: str | None = None
    age: int | None = None
    birth_year: int | None = None
    voter_key: str | None = None
    guardian_key: str | None = None
    author_ip_match: bool = False

    @property
    def age_at_vote(self) -> int | None:
        if self.age is not None:
            return self.age
        if self.birth_year is not None:
            return self.cast_at.year - self.birth_year
        return None


@dataclass(frozen=True)
class FraudThresholds:
    """When a group becomes a signal. The defaults suit a city-wide vote of tens of thousands:
    a school or library behind one address gives a few dozen votes, a family shares a phone or
    a computer, a parent consents for their own few children."""

    same_ip: int = 25  # votes from one IP address
    same_network: int = 60  # votes from one /24 or /48 network with several addresses
    same_device: int = 10  # votes from one device fingerprint
    phone_voters: int = 3  # voters sharing one phone number (two: a couple)
    phones_per_ip: int = 10  # different phone numbers from one IP address
    burst_votes: int = 20  # votes from one network ...
    burst_window: timedelta = timedelta(minutes=10)  # ... within this sliding window
    implausible_age: int = 100  # voters this old or older
    age_spike_votes: int = 20  # at least this many votes of one exact age ...
    age_spike_share: float = 0.6  # ... holding this share of the ages within two years of it
    author_ip_votes: int = 3  # votes from one IP address a project author used
    guardian_minors: int = 4  # minors with one guardian's consent

    def __post_init__(self) -> None:
        for name in ("same_ip", "same_network", "same_device", "phone_voters", "phones_per_ip",
                     "burst_votes", "implausible_age", "age_spike_votes", "author_ip_votes",
                     "guardian_minors"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.burst_window <= timedelta(0):
            raise ValueError("burst_window must be positive")
        if not 0 < self.age_spike_share <= 1:
            raise ValueError("age_spike_share must be in (0, 1]")


@dataclass(frozen=True)
class Signal:
    kind: str
    key: str
    vote_ids: tuple[VoteId, ...]
    reason_code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.vote_ids)


def _id_key(vote_id: VoteId) -> tuple[int, int, str]:
    return (0, vote_id, "") if isinstance(vote_id, int) else (1, 0, str(vote_id))


def _ids(vote_ids: Iterable[VoteId]) -> tuple[VoteId, ...]:
    return tuple(sorted(set(vote_ids), key=_id_key))


def network_of(ip: str) -> str | None:
    """The /24 (IPv4) or /48 (IPv6) network of an address, or None if it is not one. An
    IPv4-mapped IPv6 address counts as its IPv4 address."""
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def canonical_ip(ip: str) -> str:
    """One spelling per address (``::FFFF:10.0.0.1`` is ``10.0.0.1``); other text as given."""
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return ip.strip()
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(address)


def detect(records: Sequence[VoteRecord],
           thresholds: FraudThresholds | None = None) -> list[Signal]:
    """Every fraud signal in ``records`` (see the module docstring)."""
    t = thresholds or FraudThresholds()
    by_ip: dict[str, list[int]] = defaultdict(list)
    by_network: dict[str, list[int]] = defaultdict(list)
    by_device: dict[str, list[int]] = defaultdict(list)
    by_phone: dict[str, list[int]] = defaultdict(list)
    by_age: dict[int, list[int]] = defaultdict(list)
    by_voter: dict[str, list[int]] = defaultdict(list)
    by_guardian: dict[str, list[int]] = defaultdict(list)
    author_ips: dict[str, list[int]] = defaultdict(list)
    parsed: dict[str, tuple[str, str | None]] = {}
    for k, r in enumerate(records):
        # a paper ballot's address and device are those of the official who keyed it in
        online = r.channel != Channel.PAPER
        if r.ip and online:
            if r.ip not in parsed:
                parsed[r.ip] = (canonical_ip(r.ip), network_of(r.ip))
            ip, network = parsed[r.ip]
            by_ip[ip].append(k)
            if network is not None:
                by_network[network].append(k)
            if r.author_ip_match:
                author_ips[ip].append(k)
        if r.device and online:
            by_device[r.device].append(k)
        if r.phone:
            by_phone[r.phone].append(k)
        age = r.age_at_vote
        if age is not None:
            by_age[age].append(k)
        if r.voter_key:
            by_voter[r.voter_key].append(k)
        if r.guardian_key:
            by_guardian[r.guardian_key].append(k)

    signals: list[Signal] = []

    def add(kind: str, key: str, members: Iterable[int], reason: str, **params: Any) -> None:
        ids = _ids(records[k].vote_id for k in members)
        signals.append(Signal(kind, key, ids, reason, {"count": len(ids), **params}))

    for ip, members in by_ip.items():
        if len(members) >= t.same_ip:
            add("ip", ip, members, "same_ip", threshold=t.same_ip)
        phones = {records[k].phone for k in members if records[k].phone}
        if len(phones) >= t.phones_per_ip:
            add("ip_phones", ip, members, "many_phones_one_ip", phones=len(phones),
                threshold=t.phones_per_ip)
    for network, members in by_network.items():
        addresses = {parsed[records[k].ip][0] for k in members}  # type: ignore[index]
        if len(members) >= t.same_network and len(addresses) > 1:
            add("network", network, members, "same_network", addresses=len(addresses),
                threshold=t.same_network)
        signals.extend(_bursts(records, network, members, t))
    for device, members in by_device.items():
        if len(members) >= t.same_device:
            add("device", device, members, "same_device", threshold=t.same_device)
    for phone, members in by_phone.items():
        voters = {records[k].voter_key or f"vote:{records[k].vote_id}" for k in members}
        if len(voters) >= t.phone_voters:
            add("phone", phone, members, "shared_phone", voters=len(voters),
                threshold=t.phone_voters)
    for ip, members in author_ips.items():
        if len(members) >= t.author_ip_votes:
            add("author_ip", ip, members, "author_ip", threshold=t.author_ip_votes)
    for voter, members in by_voter.items():
        if len(members) > 1:
            channels = sorted({str(records[k].channel) for k in members})
            reason = "paper_and_online" if len(channels) > 1 else "voted_twice"
            add("voter", voter, members, reason, channels=", ".join(channels))
    for guardian, members in by_guardian.items():
        voters = {records[k].voter_key or f"vote:{records[k].vote_id}" for k in members}
        if len(voters) >= t.guardian_minors:
            add("guardian", guardian, members, "shared_guardian", voters=len(voters),
                threshold=t.guardian_minors)
    signals.extend(_ages(records, by_age, t))
    signals.sort(key=lambda s: (-len(s.vote_ids), s.kind, s.key, s.reason_code))
    return signals


def _span(records: Sequence[VoteRecord], members: Iterable[int]) -> dict[str, str]:
    times = [records[k].cast_at for k in members]
    return {"first": min(times).isoformat(), "last": max(times).isoformat()}


def _bursts(records: Sequence[VoteRecord], network: str, members: list[int],
            t: FraudThresholds) -> list[Signal]:
    """One signal per stretch of time where every vote lies in a window of ``burst_window``
    holding ``burst_votes`` votes or more (overlapping windows merged)."""
    if len(members) < t.burst_votes:
        return []
    ordered = sorted(members, key=lambda k: (records[k].cast_at, _id_key(records[k].vote_id)))
    times = [records[k].cast_at for k in ordered]
    need = t.burst_votes - 1
    stretches: list[list[int]] = []  # [first, last] positions in ordered, merged
    for first in range(len(ordered) - need):
        last = first + need
        if times[last] - times[first] <= t.burst_window:
            if stretches and first <= stretches[-1][1]:
                stretches[-1][1] = last
            else:
                stretches.append([first, last])
    out = []
    for first, last in stretches:
        ids = _ids(records[k].vote_id for k in ordered[first:last + 1])
        start, end = times[first], times[last]
        out.append(Signal("burst", f"{network} {start.isoformat()}", ids, "burst", {
            "count": len(ids), "start": start.isoformat(), "end": end.isoformat(),
            "window_seconds": int(t.burst_window.total_seconds())}))
    return out


def _ages(records: Sequence[VoteRecord], by_age: dict[int, list[int]],
          t: FraudThresholds) -> list[Signal]:
    out = []
    old = [k for age, members in by_age.items() if age >= t.implausible_age for k in members]
    if old:
        ids = _ids(records[k].vote_id for k in old)
        out.append(Signal("age", f"{t.implausible_age}+", ids, "age_over_limit", {
            "count": len(ids), "min_age": t.implausible_age, **_span(records, old)}))
    for age, members in by_age.items():
        if len(members) < t.age_spike_votes or age >= t.implausible_age:
            continue
        around = sum(len(by_age.get(near, ())) for near in range(age - 2, age + 3))
        share = len(members) / around
        if share >= t.age_spike_share:
            ids = _ids(records[k].vote_id for k in members)
            out.append(Signal("age", str(age), ids, "age_spike", {
                "count": len(ids), "age": age, "share_percent": round(share * 100),
                **_span(records, members)}))
    return out
