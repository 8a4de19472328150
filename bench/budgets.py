"""A city-wide participatory-budget vote: 100,000 voters on 150 projects (issue #13).

Seeds, on PostgreSQL (DATABASE_URL), one organization whose budget edition is in its voting
phase (residents of the city vote; the electoral commission's key published) with one
city-wide pool of 150 admitted projects (approval, at most ``--max-projects`` each), then the
votes of ``--voters`` people in two steps (a tenth first), in bulk but in the voting
service's own shapes: for each, the eligibility record with its sealed link and receipt
digest, the anonymous ballot and the channel lock (``voter_row``/``ballot_row`` of
``participa/components/budgets/services/voting.py``). At a tenth and at all of the voters it
measures, in this process:

- the queries of casting one more ballot through the service (``ballot_cast``) and through
  the voting page (the test client): they must not change with the number of voters;
- the export of the pool's anonymised ``.pb`` file (``pool_election_file``): its time at all
  voters over its time at a tenth (linear: about 10);
- the count of every pool as the background task runs it (``results_count_build``: the file
  built, counted, built again with its winners and stored), for each ``--rules``, as a
  multiple of the time to parse the pool's file (``participa.lib.pb`` reader).

Then gunicorn (``--workers``) under wrk (``--connections``, ``--seconds``): the health view,
the ballot page as a signed-in voter, and the ballot POSTed by a Lua script that signs in
as a new voter for every request (a session, its CSRF token and their choices, prepared in
bulk), so that each request records a real ballot (every answer must be the receipt page).
Prints ballots per second and the ratios to the health view, measured in this run.

Skips with a message when wrk, gunicorn or PostgreSQL is missing; deletes what it seeded.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any

from bench._load import load_tools, serving, wrk_rate, wrk_run

PROJECTS = 150
BATCH = 5000
# Every request POSTs the ballot of the next prepared voter (one per line: session key, CSRF
# token, form body, separated by tabs); thread k of n takes lines k+1, k+1+n, ...
CAST_SCRIPT = """
local lines = {}
local threads = 0
local position, stride

function setup(thread)
  thread:set("first", threads)
  threads = threads + 1
end

function init(args)
  for line in io.lines(args[1]) do lines[#lines + 1] = line end
  stride = tonumber(args[2])
  position = first + 1
end

function request()
  local line = lines[position] or lines[1]  -- out of voters: a second vote, refused (400)
  position = position + stride
  local session, token, body = line:match("^([^\\t]+)\\t([^\\t]+)\\t(.*)$")
  return wrk.format("POST", nil, {
    ["Cookie"] = "sessionid=" .. session .. "; csrftoken=" .. token,
    ["X-CSRFToken"] = token,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end
"""


def _seed(host: str, max_projects: int) -> dict[str, Any]:
    """The organization, its edition in the voting phase and the city-wide pool."""
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from participa.components.budgets.models import (
        CostItem,
        Edition,
        ElectionKey,
        Pool,
        Project,
        ProjectState,
        Residence,
        VotingMethod,
    )
    from participa.core.models import Organization
    from participa.lib.ballots import generate_keypair
    from participa.lib.ballots.sealing import key_fingerprint
    from participa.spaces.models import Component, Phase, Space, SpaceKind

    now = timezone.now()
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    org = Organization.objects.create(name="Bench", host=host, languages=["pl", "ro", "en"],
                                      default_language="pl", time_zone="Europe/Warsaw")
    space = Space.objects.create(organization=org, kind=SpaceKind.PROCESS, slug="budzet",
                                 title={"pl": "Budżet obywatelski"}, published_at=now)
    Phase.objects.create(space=space, title={"pl": "Głosowanie"}, position=0,
                         start_date=today - 100 * day, end_date=today + 100 * day)
    component = Component.objects.create(space=space, type="budgets",
                                         name={"pl": "Budżet obywatelski"}, published_at=now)
    edition = Edition.objects.create(
        component=component, submission_opens_at=now - 95 * day,
        submission_closes_at=now - 65 * day, review_ends_on=today - 35 * day,
        voting_opens_at=now - 5 * day, voting_closes_at=now + 5 * day,
        results_on=today + 15 * day, residence=Residence.CITY, allow_ballot_change=True,
        tie_breaking=["votes", "cost"], frozen_at=now - 5 * day)
    public, _private = generate_keypair()  # the commission keeps the private half offline
    ElectionKey.objects.create(edition=edition, public_key=public,
                               fingerprint=key_fingerprint(public))
    rng = random.Random(13)
    costs = [Decimal(rng.randrange(50, 2000) * 1000) for _ in range(PROJECTS)]
    pool = Pool.objects.create(
        edition=edition, name={"pl": "Ogólnomiejski"}, amount=sum(costs) // 5,
        min_project_cost=Decimal(1000), max_project_cost=Decimal(2_000_000),
        method=VotingMethod.APPROVAL, max_projects=max_projects, rule="greedy")
    projects = Project.objects.bulk_create([
        Project(component=component, pool=pool, number=n + 1, state=ProjectState.ADMITTED,
                title=f"Projekt {n + 1}", description="Ławki i drzewa.",
                title_public=f"Projekt {n + 1}", description_public="Ławki i drzewa.",
                cost=cost, submitted_at=now, published_at=now)
        for n, cost in enumerate(costs)])
    CostItem.objects.bulk_create([CostItem(project=project, description="Całość",
                                           amount=project.cost) for project in projects])
    return {"org": org, "edition": edition, "pool": pool,
            "projects": [project.pk for project in projects], "sessions": []}


def _ballots(rng: random.Random, projects: list[int], max_projects: int) -> list[int]:
    """1 to ``max_projects`` projects, the first ones far more popular (Zipf)."""
    weights = [1 / (k + 1) for k in range(len(projects))]
    wanted = rng.randint(1, max_projects)
    chosen: set[int] = set()
    while len(chosen) < wanted:
        chosen.update(rng.choices(projects, weights=weights, k=wanted - len(chosen)))
    return sorted(chosen)


def _add_votes(seeded: dict[str, Any], start: int, count: int, max_projects: int) -> None:
    """``count`` people of the register who voted online, as the voting service writes
    them, inserted in bulk."""
    from participa.components.budgets.models import (
        Ballot,
        ElectionKey,
        VoteChannel,
        Voter,
        VoterChannelLock,
    )
    from participa.components.budgets.services.voting import (
        ballot_row,
        pool_rules,
        voter_key_for_identifier,
        voter_row,
    )
    from participa.lib.ballots import new_receipt, normalise

    edition, pool = seeded["edition"], seeded["pool"]
    public_key = ElectionKey.objects.get(edition=edition).public_key
    rules = pool_rules(pool)
    rng = random.Random(start)
    for first in range(start, start + count, BATCH):
        voters, ballots, locks = [], [], []
        for n in range(first, min(first + BATCH, start + count)):
            voter_key = voter_key_for_identifier(edition, "register", f"bench-{n}")
            receipt = new_receipt()
            ballot_id = uuid.uuid4()
            choices = {pid: 1 for pid in _ballots(rng, seeded["projects"], max_projects)}
            voters.append(voter_row(edition=edition, pool=pool, voter_key=voter_key,
                                    channel=VoteChannel.ONLINE, ballot_id=ballot_id,
                                    public_key=public_key, receipt=receipt))
            ballots.append(ballot_row(edition=edition, pool=pool, ballot_id=ballot_id,
                                      normalised=normalise(rules, choices), receipt=receipt))
            locks.append(VoterChannelLock(edition=edition, voter_key=voter_key,
                                          channel=VoteChannel.ONLINE))
        Voter.objects.bulk_create(voters)
        Ballot.objects.bulk_create(ballots)
        VoterChannelLock.objects.bulk_create(locks)


def _residents(org: Any, label: str, count: int) -> list[Any]:
    """``count`` people whose address in the city staff confirmed (they may vote)."""
    from django.utils import timezone

    from participa.core.models import User
    from participa.verifications.models import Authorization, Method, Status

    people = User.objects.bulk_create([
        User(username=f"{org.host}-{label}-{n}", email=f"{label}{n}@{org.host}",
             organization=org, display_name=f"Mieszkaniec {n}", password="!")
        for n in range(count)], batch_size=BATCH)
    now = timezone.now()
    Authorization.objects.bulk_create([
        Authorization(organization=org, user=person, method=Method.ADDRESS,
                      status=Status.GRANTED, granted_at=now, address="Rynek 1")
        for person in people], batch_size=BATCH)
    return people


class _QueryCounter:
    """Counts every query the connection runs (a ``connection.execute_wrapper``)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool,
                 context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def _cast_queries(seeded: dict[str, Any], label: str) -> tuple[int, int]:
    """The queries of casting one ballot through the service and through the voting page."""
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from participa.components.budgets.models import Edition, Pool
    from participa.components.budgets.services.voting import ballot_cast

    first, second = _residents(seeded["org"], label, 2)
    edition = Edition.objects.get(pk=seeded["edition"].pk)
    pool = Pool.objects.get(pk=seeded["pool"].pk)
    service = _QueryCounter()
    with connection.execute_wrapper(service):
        ballot_cast(acting_user=first, edition=edition, pool=pool,
                    choices={seeded["projects"][0]: 1, seeded["projects"][5]: 1})
    client = Client(HTTP_HOST=seeded["org"].host)
    client.force_login(second)
    seeded["sessions"].append(client.cookies["sessionid"].value)
    address = reverse("spaces:budgets:vote",
                      args=[edition.component.space.slug, edition.component_id, pool.pk])
    assert client.get(address).status_code == 200  # the organization is cached by host
    page = _QueryCounter()
    with connection.execute_wrapper(page):
        response = client.post(address, {"project": seeded["projects"][:3]})
    assert response.status_code == 200 and b'id="receipt-code"' in response.content, \
        response.status_code
    return service.count, page.count


def _best(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        out = function()
        best = min(best, time.perf_counter() - started)
    return best, out


def _results(seeded: dict[str, Any], rules: list[str], repeat: int) -> dict[str, float]:
    """Seconds of the export, of parsing the file, and of the background count per rule."""
    from participa.components.budgets.models import Pool
    from participa.components.budgets.models_results import ResultsBuild
    from participa.components.budgets.services.results import (
        STALE_AFTER,
        pool_election_file,
        results_count_build,
    )
    from participa.lib.pb import pabulib
    from participa.reports.builds import build_queue
    from participa.reports.models import BuildState

    edition, pool = seeded["edition"], seeded["pool"]
    export, published = _best(lambda: pool_election_file(edition, pool), repeat)
    parse, _read = _best(lambda: pabulib.read_bytes(published.data), repeat)
    times = {"export": export, "parse": parse}
    for rule in rules:
        Pool.objects.filter(pk=pool.pk).update(rule=rule)

        def count() -> None:
            built = build_queue(ResultsBuild, scope={"edition": edition},
                                stale_after=STALE_AFTER, stale_error="stopped")
            done = results_count_build(build_id=built.pk)
            assert done.state == BuildState.DONE, done.error

        times[rule], _none = _best(count, repeat)
    Pool.objects.filter(pk=pool.pk).update(rule="greedy")
    return times


def _voters_file(seeded: dict[str, Any], label: str, count: int, folder: Path,
                 max_projects: int) -> Path:
    """``count`` new residents, each signed in (a session in the database) with a CSRF
    token and a ballot to POST: one line each for the Lua script."""
    import datetime
    from importlib import import_module
    from urllib.parse import urlencode

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.models import Session
    from django.middleware.csrf import CSRF_ALLOWED_CHARS
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    backend = settings.AUTHENTICATION_BACKENDS[0]
    expires = timezone.now() + datetime.timedelta(days=1)
    rng = random.Random(label)
    people = _residents(seeded["org"], label, count)
    sessions, lines = [], []
    for person in people:
        key = get_random_string(32, CSRF_ALLOWED_CHARS)
        sessions.append(Session(session_key=key, expire_date=expires, session_data=store.encode(
            {SESSION_KEY: str(person.pk), BACKEND_SESSION_KEY: backend,
             HASH_SESSION_KEY: person.get_session_auth_hash()})))
        token = get_random_string(32, CSRF_ALLOWED_CHARS)
        body = urlencode([("project", pid)
                          for pid in _ballots(rng, seeded["projects"], max_projects)])
        lines.append(f"{key}\t{token}\t{body}")
    Session.objects.bulk_create(sessions, batch_size=BATCH)
    seeded["sessions"] += [session.session_key for session in sessions]
    path = folder / f"{label}.tsv"
    path.write_text("\n".join(lines) + "\n")
    return path


def _load(args: argparse.Namespace, wrk: str, gunicorn: str, seeded: dict[str, Any],
          cast_seconds: float) -> None:
    from django.urls import reverse

    from participa.components.budgets.models import Ballot

    edition, pool, host = seeded["edition"], seeded["pool"], seeded["org"].host
    address = reverse("spaces:budgets:vote",
                      args=[edition.component.space.slug, edition.component_id, pool.pk])
    # More voters than the workers could serve even at the service's own in-process speed.
    per_second = args.workers / cast_seconds * 1.5
    with tempfile.TemporaryDirectory(prefix="participa-bench-") as folder:
        script = Path(folder) / "cast.lua"
        script.write_text(CAST_SCRIPT)
        warm = _voters_file(seeded, "warm", int(2 * per_second) + 100, Path(folder),
                            args.max_projects)
        measured = _voters_file(seeded, "load", int(args.seconds * per_second) + 100,
                                Path(folder), args.max_projects)
        reader = _voters_file(seeded, "reader", 1, Path(folder), args.max_projects)
        reader_cookie = "Cookie: sessionid=" + reader.read_text().split("\t")[0]
        before = Ballot.objects.filter(pool=pool).count()
        with serving(gunicorn=gunicorn, host=host, workers=args.workers,
                     page_cache_seconds=60) as base:
            rates: dict[str, float] = {}
            for name, path, headers in (("health", "/health/", []),
                                        ("ballot page", address, [reader_cookie])):
                wrk_rate(wrk, base + path, host, 2, args.connections, headers)  # warm up
                rates[name] = wrk_rate(wrk, base + path, host, args.seconds, args.connections,
                                       headers)
            wrk_run(wrk, base + address, host, 2, args.connections,
                    script=[str(script), str(warm), "2"])
            rates["cast"], answered = wrk_run(wrk, base + address, host, args.seconds,
                                              args.connections,
                                              script=[str(script), str(measured), "2"])
        recorded = Ballot.objects.filter(pool=pool).count() - before
    health = rates["health"]
    print(f"gunicorn with {args.workers} workers, wrk with {args.connections} connections "
          f"for {args.seconds} s: health {health:,.0f} req/s; ballot page (signed in) "
          f"{rates['ballot page']:,.0f} req/s = {rates['ballot page'] / health:.2f} of health; "
          f"casting ballots {rates['cast']:,.0f} ballots/s = {rates['cast'] / health:.2f} of "
          f"health ({answered:,} ballots cast in the measured run, each answered with its "
          f"receipt; {recorded:,} recorded in the database with the warm-up)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--voters", type=int, default=100_000)
    parser.add_argument("--max-projects", type=int, default=10)
    parser.add_argument("--rules", default="greedy,equalshares/add1",
                        help="the counting rules to time, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()

    tools = load_tools()
    if tools is None:
        return
    wrk, gunicorn = tools

    host = f"bench-{uuid.uuid4().hex[:8]}.test"
    rules = [rule.strip() for rule in args.rules.split(",") if rule.strip()]
    steps = [args.voters // 10, args.voters - args.voters // 10]
    seeded: dict[str, Any] = {"sessions": []}
    try:
        seeded = _seed(host, args.max_projects)
        queries: list[tuple[int, int]] = []
        times: list[dict[str, float]] = []
        done = 0
        for step in steps:
            started = time.perf_counter()
            _add_votes(seeded, done, step, args.max_projects)
            done += step
            print(f"{done:,} voters seeded ({time.perf_counter() - started:.0f} s)", flush=True)
            queries.append(_cast_queries(seeded, f"cast{done}"))
            times.append(_results(seeded, rules, args.repeat))
        _report(steps, queries, times, rules)
        cast_seconds = statistics.median(
            _best(lambda: _cast_once(seeded), 1)[0] for _ in range(5))
        _load(args, wrk, gunicorn, seeded, cast_seconds)
    finally:
        _delete(host, seeded["sessions"])


def _cast_once(seeded: dict[str, Any]) -> None:
    from participa.components.budgets.services.voting import ballot_cast

    person = _residents(seeded["org"], f"once{uuid.uuid4().hex[:6]}", 1)[0]
    ballot_cast(acting_user=person, edition=seeded["edition"], pool=seeded["pool"],
                choices={seeded["projects"][1]: 1})


def _report(steps: list[int], queries: list[tuple[int, int]], times: list[dict[str, float]],
            rules: list[str]) -> None:
    small, large = steps[0], steps[0] + steps[1]
    (service_small, page_small), (service_large, page_large) = queries
    same = "equal" if queries[0] == queries[1] else "NOT equal"
    print(f"one city-wide pool of {PROJECTS} projects; casting a ballot: service "
          f"{service_small} queries at {small:,} voters, {service_large} at {large:,}; voting "
          f"page {page_small} and {page_large} ({same})", flush=True)
    ratio = times[1]["export"] / times[0]["export"]
    linear = "met" if ratio <= 1.5 * large / small else "NOT met"
    print(f".pb export: {large:,} voters / {small:,} voters = {ratio:.1f}x "
          f"(linear: {large / small:.0f}x, within 1.5x of it: {linear})"
          f"; export / parse of its file = {times[0]['export'] / times[0]['parse']:.1f}x and "
          f"{times[1]['export'] / times[1]['parse']:.1f}x", flush=True)
    for rule in rules:
        print(f"background count of every pool, rule {rule}: "
              f"{times[0][rule] / times[0]['parse']:.1f}x parse at {small:,} voters, "
              f"{times[1][rule] / times[1]['parse']:.1f}x at {large:,}; {large:,} / {small:,} "
              f"voters = {times[1][rule] / times[0][rule]:.1f}x", flush=True)


def _delete(host: str, sessions: list[str]) -> None:
    from django.contrib.sessions.models import Session

    from participa.components.budgets.models import Ballot, Project, Voter
    from participa.components.budgets.models_results import PoolResult
    from participa.components.budgets.services.report import report_storage
    from participa.core.models import Organization
    from participa.spaces.models import Space

    storage = report_storage()
    files = PoolResult.objects.filter(edition__component__space__organization__host=host)
    for path in files.values_list("file_path", flat=True):
        storage.delete(path)
    for edition_id in set(files.values_list("edition_id", flat=True)):
        with suppress(NotImplementedError, OSError):  # a local folder left empty
            os.rmdir(storage.path(f"budget-results/{edition_id}"))
    for first in range(0, len(sessions), BATCH):
        Session.objects.filter(session_key__in=sessions[first:first + BATCH]).delete()
    mine = {"edition__component__space__organization__host": host}
    Ballot.objects.filter(**mine).delete()
    Voter.objects.filter(**mine).delete()
    Project.objects.filter(pool__edition__component__space__organization__host=host).delete()
    Space.objects.filter(organization__host=host).delete()
    Organization.objects.filter(host=host).delete()


if __name__ == "__main__":
    main()
