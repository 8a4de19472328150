"""What the load benchmarks share: checking that wrk, gunicorn and PostgreSQL are there, serving
the site with gunicorn on a free port, and measuring addresses with wrk in the same run."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_tools() -> tuple[str, str] | None:
    """(wrk, gunicorn) once Django is set up on PostgreSQL; None after saying what is missing."""
    wrk = shutil.which("wrk")
    gunicorn = shutil.which("gunicorn") or str(Path(sys.executable).with_name("gunicorn"))
    if wrk is None:
        print("skipped: wrk is not installed (apt-get install wrk)", flush=True)
        return None
    if not Path(gunicorn).exists():
        print("skipped: gunicorn is not installed (pip install -e '.[dev]')", flush=True)
        return None
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        print("skipped: needs PostgreSQL: set DATABASE_URL=postgres://...", flush=True)
        return None

    from django.db.utils import OperationalError

    from bench import django_env

    try:
        django_env.setup()
    except OperationalError as error:
        print(f"skipped: PostgreSQL at DATABASE_URL does not answer or has no such database "
              f"(create it with createdb): {str(error).strip().splitlines()[-1]}", flush=True)
        return None
    return wrk, gunicorn


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(base: str, host: str, process: subprocess.Popen[bytes]) -> None:
    request = urllib.request.Request(f"{base}/health/", headers={"Host": host})  # noqa: S310
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped before answering")
        try:
            with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 (local)
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 60 s")


def wrk_rate(wrk: str, url: str, host: str, seconds: int, connections: int,
             headers: Sequence[str] = ()) -> float:
    """Requests per second of wrk on ``url`` (with extra ``headers``); fails loudly on any
    non-2xx answer."""
    return wrk_run(wrk, url, host, seconds, connections, headers)[0]


def wrk_run(wrk: str, url: str, host: str, seconds: int, connections: int,
            headers: Sequence[str] = (), script: Sequence[str] = ()) -> tuple[float, int]:
    """Requests per second and requests answered of wrk on ``url`` (with extra ``headers``;
    ``script``: a Lua script and its arguments, which build the requests); fails loudly on
    any non-2xx answer."""
    command = [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "-H", f"Host: {host}",
               "-H", "Accept-Language: ro"]
    for header in headers:
        command += ["-H", header]
    tail = ["-s", script[0], url, "--", *script[1:]] if script else [url]
    output = subprocess.run([*command, *tail], capture_output=True, text=True,  # noqa: S603
                            check=True).stdout
    if "Non-2xx or 3xx responses" in output:
        raise RuntimeError(f"{url} answered errors under wrk:\n{output}")
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    answered = re.search(r"(\d+) requests in", output)
    if rate is None or answered is None:
        raise RuntimeError(f"no rate in wrk's output:\n{output}")
    return float(rate.group(1)), int(answered.group(1))


@contextmanager
def serving(*, gunicorn: str, host: str, workers: int,
            page_cache_seconds: int) -> Iterator[str]:
    """Gunicorn with ``workers`` (the page cache for visitors kept ``page_cache_seconds``)
    on a free port, answering; yields its base address and stops it on leaving."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench._server_settings",
           "PAGE_CACHE_SECONDS": str(page_cache_seconds)}
    process = subprocess.Popen(  # noqa: S603
        [gunicorn, "participa.wsgi:application", "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True)
    try:
        wait_until_up(base, host, process)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def serve_and_measure(*, wrk: str, gunicorn: str, host: str, workers: int, seconds: int,
                      connections: int, paths: Sequence[tuple[str, str]],
                      page_cache_seconds: int, headers: Sequence[str] = ()) -> dict[str, float]:
    """Start gunicorn with ``workers`` (the page cache for visitors kept
    ``page_cache_seconds``), warm every worker on each path, then measure each path's rate."""
    with serving(gunicorn=gunicorn, host=host, workers=workers,
                 page_cache_seconds=page_cache_seconds) as base:
        rates: dict[str, float] = {}
        for name, path in paths:
            wrk_rate(wrk, base + path, host, 2, connections, headers)  # warm every worker
            rates[name] = wrk_rate(wrk, base + path, host, seconds, connections, headers)
        return rates
