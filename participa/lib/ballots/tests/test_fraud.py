from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from participa.lib.ballots import fraud
from participa.lib.ballots.fraud import (
    Channel,
    FraudThresholds,
    Signal,
    VoteRecord,
    detect,
    network_of,
)

START = datetime(2025, 9, 1, 8, 0, tzinfo=UTC)
DAYS = 14


def background(n: int = 3000, seed: int = 1, start_id: int = 1) -> list[VoteRecord]:
    """Honest voting: spread over two weeks, one address, device and phone per voter, ages
    of a city's adults."""
    rng = random.Random(seed)
    records = []
    for k in range(n):
        vote_id = start_id + k
        records.append(VoteRecord(
            vote_id=vote_id,
            cast_at=START + timedelta(seconds=rng.randrange(DAYS * 86400)),
            ip=f"{rng.randrange(11, 223)}.{rng.randrange(256)}.{rng.randrange(256)}."
               f"{rng.randrange(1, 255)}",
            device=f"device-{vote_id}",
            phone=f"48{600000000 + vote_id}",
            age=rng.choice(range(16, 90)),
            voter_key=f"voter-{vote_id}",
        ))
    return records


def kinds(signals: list[Signal]) -> list[tuple[str, str, int]]:
    return [(s.kind, s.reason_code, s.size) for s in signals]


def test_it_finds_nothing_in_honest_voting():
    assert detect(background()) == []


# -- the investigated cases -----------------------------------------------------------------


def test_it_flags_the_wroclaw_2025_pattern():
    """320 votes from one IP address with 65 phone numbers; 97 votes in five hours, all
    aged 97."""
    records = background()
    rng = random.Random(7)
    for k in range(320):
        records.append(VoteRecord(
            vote_id=10_000 + k,
            cast_at=START + timedelta(days=3, seconds=rng.randrange(6 * 86400)),
            ip="83.0.17.201", device=f"browser-{k % 40}", phone=f"48500000{k % 65:03d}",
            age=rng.choice(range(20, 70)), voter_key=f"forged-{k}"))
    for k in range(97):
        records.append(VoteRecord(
            vote_id=20_000 + k,
            cast_at=START + timedelta(days=9, hours=10, seconds=k * 185),  # 97 in 5 hours
            ip=f"{100 + k}.20.30.40", device=f"d97-{k}", phone=f"48700000{k:03d}",
            age=97, voter_key=f"aged-{k}"))
    signals = detect(records)
    wroclaw_ip = [s for s in signals if s.key == "83.0.17.201"]
    assert [(s.kind, s.reason_code, s.size) for s in wroclaw_ip] == [
        ("ip", "same_ip", 320), ("ip_phones", "many_phones_one_ip", 320)]
    assert wroclaw_ip[1].params == {"count": 320, "phones": 65, "threshold": 10}
    assert wroclaw_ip[0].vote_ids == tuple(range(10_000, 10_320))
    aged = [s for s in signals if s.kind == "age"]
    assert len(aged) == 1
    assert aged[0].reason_code == "age_spike"
    assert aged[0].vote_ids == tuple(range(20_000, 20_097))
    assert aged[0].params["age"] == 97
    assert aged[0].params["first"] == "2025-09-10T18:00:00+00:00"
    assert aged[0].params["last"] == "2025-09-10T22:56:00+00:00"
    assert aged[0].params["share_percent"] >= 90
    # phones: each of the 65 numbers served about five forged voters
    phones = [s for s in signals if s.kind == "phone"]
    assert len(phones) == 65
    assert {s.params["voters"] for s in phones} == {4, 5}


def test_it_flags_the_pulawy_pattern():
    """About 500 votes cast with patients' PESEL numbers from two hospital computers."""
    records = background()
    rng = random.Random(3)
    for k in range(500):
        computer = k % 2
        records.append(VoteRecord(
            vote_id=30_000 + k,
            cast_at=START + timedelta(days=2, seconds=rng.randrange(10 * 86400)),
            ip=f"195.117.40.{11 + computer}", device=f"hospital-pc-{computer}",
            age=rng.choice(range(30, 95)), voter_key=f"patient-{k}"))
    signals = detect(records)
    hospital = [s for s in signals if int(s.vote_ids[0]) >= 30_000]
    assert kinds(hospital) == [
        ("network", "same_network", 500),
        ("device", "same_device", 250),
        ("device", "same_device", 250),
        ("ip", "same_ip", 250),
        ("ip", "same_ip", 250),
    ]
    assert [s.key for s in hospital] == [
        "195.117.40.0/24", "hospital-pc-0", "hospital-pc-1", "195.117.40.11", "195.117.40.12"]
    assert hospital[0].params == {"count": 500, "addresses": 2, "threshold": 60}
    assert all(int(s.vote_ids[0]) >= 30_000 for s in signals)


def test_it_flags_the_elblag_2024_pattern():
    """The same people voted on paper and online; forged parental consents."""
    records = background()
    for k in range(40):
        records.append(VoteRecord(vote_id=40_000 + k, cast_at=START + timedelta(days=12),
                                  channel=Channel.PAPER, voter_key=f"voter-{k + 1}",
                                  age=records[k].age))
    for k in range(12):
        records.append(VoteRecord(vote_id=41_000 + k, cast_at=START + timedelta(days=5, hours=k),
                                  ip=f"91.{k}.3.4", age=9, voter_key=f"child-{k}",
                                  guardian_key="guardian-1"))
    signals = detect(records)
    double = [s for s in signals if s.kind == "voter"]
    assert len(double) == 40
    assert {s.reason_code for s in double} == {"paper_and_online"}
    first = next(s for s in double if s.key == "voter-1")
    assert first.vote_ids == (1, 40_000)
    assert first.params == {"count": 2, "channels": "online, paper"}
    guardian = [s for s in signals if s.kind == "guardian"]
    assert kinds(guardian) == [("guardian", "shared_guardian", 12)]
    assert guardian[0].params == {"count": 12, "voters": 12, "threshold": 4}
    assert len(signals) == 41


# -- each signal ----------------------------------------------------------------------------


def votes_from(ip: str, n: int, *, first_id: int = 1, spread: timedelta = timedelta(days=5),
               **fields) -> list[VoteRecord]:
    step = spread / max(n, 1)
    return [VoteRecord(vote_id=first_id + k, cast_at=START + step * k, ip=ip, **fields)
            for k in range(n)]


def test_it_flags_an_address_at_the_threshold_and_not_below():
    assert detect(votes_from("10.0.0.1", 24)) == []
    assert kinds(detect(votes_from("10.0.0.1", 25))) == [("ip", "same_ip", 25)]
    lower = FraudThresholds(same_ip=5)
    assert kinds(detect(votes_from("10.0.0.1", 5), lower)) == [("ip", "same_ip", 5)]


def test_it_groups_ipv6_addresses_by_their_48_network():
    records = [VoteRecord(vote_id=k, cast_at=START + timedelta(hours=k),
                          ip=f"2001:db8:aa:{k:x}::1") for k in range(60)]
    signals = detect(records)
    assert kinds(signals) == [("network", "same_network", 60)]
    assert signals[0].key == "2001:db8:aa::/48"
    assert network_of("2001:db8:ab::1") == "2001:db8:ab::/48"


def test_it_reads_an_ipv4_mapped_address_as_ipv4():
    records = [*votes_from("::ffff:10.1.2.3", 13), *votes_from("10.1.2.3", 12, first_id=100)]
    signals = detect(records)
    assert kinds(signals) == [("ip", "same_ip", 25)]
    assert signals[0].key == "10.1.2.3"


def test_it_keeps_an_address_it_cannot_parse_as_text_without_a_network():
    assert network_of("unknown") is None
    assert kinds(detect(votes_from("unknown", 25))) == [("ip", "same_ip", 25)]


def test_it_does_not_repeat_a_network_of_one_address():
    assert [s.kind for s in detect(votes_from("10.0.0.1", 70))] == ["ip"]


def test_it_flags_a_burst_within_the_sliding_window_only():
    window = timedelta(minutes=10)
    inside = votes_from("10.0.0.1", 20, spread=window + window / 19)  # last at exactly 10 min
    assert [s.reason_code for s in detect(inside)] == ["burst"]
    outside = votes_from("10.0.0.1", 20, spread=window + window / 19 + timedelta(seconds=20))
    assert detect(outside) == []


def test_it_merges_overlapping_windows_into_one_burst_and_keeps_others_apart():
    records = [VoteRecord(vote_id=k, cast_at=START + timedelta(seconds=30 * k),
                          ip=f"10.0.0.{k % 7 + 1}") for k in range(45)]
    records += [VoteRecord(vote_id=100 + k, cast_at=START + timedelta(days=1, seconds=10 * k),
                           ip="10.0.0.200") for k in range(20)]
    records += [VoteRecord(vote_id=200 + k, cast_at=START + timedelta(days=2, hours=k),
                           ip="10.0.0.201") for k in range(5)]
    bursts = [s for s in detect(records) if s.kind == "burst"]
    assert [(s.size, s.params["start"], s.params["end"]) for s in bursts] == [
        (45, "2025-09-01T08:00:00+00:00", "2025-09-01T08:22:00+00:00"),
        (20, "2025-09-02T08:00:00+00:00", "2025-09-02T08:03:10+00:00"),
    ]
    assert bursts[0].key == "10.0.0.0/24 2025-09-01T08:00:00+00:00"
    assert bursts[1].vote_ids == tuple(range(100, 120))


def test_it_flags_one_device_fingerprint():
    records = [VoteRecord(vote_id=k, cast_at=START + timedelta(hours=k), ip=f"1.2.{k}.4",
                          device="Mozilla/5.0 fp:ab12") for k in range(10)]
    assert kinds(detect(records)) == [("device", "same_device", 10)]
    assert detect(records[:9]) == []


def test_it_flags_a_phone_shared_by_three_voters_not_by_a_couple():
    couple = [VoteRecord(vote_id=k, cast_at=START, phone="48600100200", voter_key=f"v{k}")
              for k in range(2)]
    assert detect(couple) == []
    three = [*couple, VoteRecord(vote_id=2, cast_at=START, phone="48600100200", voter_key="v2")]
    signals = detect(three)
    assert kinds(signals) == [("phone", "shared_phone", 3)]
    assert signals[0].params == {"count": 3, "voters": 3, "threshold": 3}


def test_it_flags_voters_of_a_hundred_and_more():
    records = [VoteRecord(vote_id=1, cast_at=START, age=99),
               VoteRecord(vote_id=2, cast_at=START, age=100),
               VoteRecord(vote_id=3, cast_at=START + timedelta(hours=2), birth_year=1921)]
    signals = detect(records)
    assert kinds(signals) == [("age", "age_over_limit", 2)]
    assert signals[0].vote_ids == (2, 3)
    assert signals[0].key == "100+"
    assert signals[0].params["last"] == "2025-09-01T10:00:00+00:00"


def test_it_flags_an_age_spike_but_not_a_smooth_age_distribution():
    smooth = [VoteRecord(vote_id=k, cast_at=START, age=40 + k % 5) for k in range(500)]
    assert detect(smooth) == []
    spike = [*smooth, *[VoteRecord(vote_id=1000 + k, cast_at=START, age=42)
                        for k in range(600)]]
    signals = detect(spike)
    assert kinds(signals) == [("age", "age_spike", 700)]
    # 700 of the 1,100 votes aged 40 to 44
    assert signals[0].params["share_percent"] == 64
    assert detect(spike, FraudThresholds(age_spike_share=0.7)) == []
    assert detect(spike[:900]) == []  # 500 of 900: 56 %


def test_it_flags_votes_from_an_address_a_project_author_used():
    records = [VoteRecord(vote_id=k, cast_at=START + timedelta(hours=k), ip="5.6.7.8",
                          author_ip_match=True) for k in range(3)]
    assert kinds(detect(records)) == [("author_ip", "author_ip", 3)]
    assert detect(records[:2]) == []  # the author and one more person at home


def test_it_flags_a_voter_who_voted_twice_in_one_channel():
    records = [VoteRecord(vote_id=1, cast_at=START, voter_key="k"),
               VoteRecord(vote_id=2, cast_at=START, voter_key="k")]
    assert kinds(detect(records)) == [("voter", "voted_twice", 2)]


def test_it_leaves_out_the_address_and_device_of_paper_ballots():
    records = [VoteRecord(vote_id=k, cast_at=START + timedelta(seconds=k), ip="10.9.9.9",
                          device="polling-point-pc", channel=Channel.PAPER) for k in range(80)]
    assert detect(records) == []


def test_it_refuses_thresholds_that_flag_everything():
    with pytest.raises(ValueError, match="same_ip"):
        FraudThresholds(same_ip=0)
    with pytest.raises(ValueError, match="burst_window"):
        FraudThresholds(burst_window=timedelta(0))
    with pytest.raises(ValueError, match="age_spike_share"):
        FraudThresholds(age_spike_share=1.5)


def test_it_gives_the_same_signals_whatever_the_order_of_the_records():
    records = background(1500)
    records += votes_from("83.0.17.201", 40, first_id=50_000, spread=timedelta(minutes=5))
    records += [VoteRecord(vote_id=f"p-{k}", cast_at=START, voter_key="voter-5",
                           channel=Channel.PAPER) for k in range(2)]
    expected = detect(records)
    assert kinds(expected) == [("burst", "burst", 40), ("ip", "same_ip", 40),
                               ("voter", "paper_and_online", 3)]
    shuffled = list(records)
    random.Random(11).shuffle(shuffled)
    assert detect(shuffled) == expected
    voter = next(s for s in expected if s.kind == "voter")
    assert voter.vote_ids == (5, "p-0", "p-1")  # numbers first, then text ids


# -- cost -----------------------------------------------------------------------------------

FRAUD_FILE = str(Path(fraud.__file__).resolve())


def lines_executed(records: list[VoteRecord], limit: int) -> int:
    """The number of lines of fraud.py run by detect(records), stopping past ``limit``."""
    count = 0

    class TooMany(Exception):
        pass

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
            if count > limit:
                raise TooMany
        return local

    def tracer(frame, event, arg):
        return local if frame.f_code.co_filename == FRAUD_FILE else None

    sys.settrace(tracer)
    try:
        detect(records)
    except TooMany:
        pass
    finally:
        sys.settrace(None)
    return count


def heavy(n: int) -> list[VoteRecord]:
    """The worst case for grouping: big groups on every key, long bursts, a few ages."""
    records = []
    for k in range(n):
        records.append(VoteRecord(
            vote_id=k,
            cast_at=START + timedelta(seconds=k % 50_000),
            ip=f"10.{k % 3}.0.{k % 5}",
            device=f"d{k % 4}",
            phone=f"{k % 1000}",
            age=30 + k % 3,
            voter_key=f"v{k % (n // 2)}",
            guardian_key=f"g{k % 10}" if k % 7 == 0 else None,
            author_ip_match=k % 11 == 0,
            channel=Channel.PAPER if k % 13 == 0 else Channel.ONLINE,
        ))
    return records


def test_it_processes_100000_records_in_n_log_n_steps():
    small = lines_executed(heavy(10_000), limit=10**9)
    per_record = 80  # a generous bound on the Python lines run per record
    large = lines_executed(heavy(100_000), limit=per_record * 100_000)
    assert large <= per_record * 100_000
    # ten times the records: ten times the steps (n log n would allow 12.5)
    assert large <= 11 * small
