"""The settings module as an operator meets it: environment variables in, a safe site out.

Each test starts a fresh Python process with a clean environment (only the variables the test
sets), exactly like a production service manager would.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PRINT_SETTINGS = """
import json
import re
import django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "host": db.get("HOST", ""),
    "port": str(db.get("PORT", "")), "user": db.get("USER", ""),
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION", ""),
    "debug": settings.DEBUG, "allowed_hosts": settings.ALLOWED_HOSTS,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
}))
"""


def clean_env(**variables: str) -> dict[str, str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
           "DJANGO_SETTINGS_MODULE": "participa.settings"}
    env.update(variables)
    return env


def run(args: list[str], **variables: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean_env(**variables), capture_output=True,
        text=True, timeout=120, check=False,
    )


def settings_with(**variables: str) -> dict:
    result = run(["-c", PRINT_SETTINGS], **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def production_variables() -> dict[str, str]:
    return {"SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "participa.example.ro,www.participa.example.ro"}


def test_it_passes_the_deploy_checks_with_production_variables():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                 **production_variables())

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output


def test_it_refuses_to_start_without_secret_key_when_debug_is_off():
    result = run(["manage.py", "check"], ALLOWED_HOSTS="participa.example.ro")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_it_refuses_an_empty_secret_key_too():
    result = run(["manage.py", "check"], SECRET_KEY="", DEBUG="0")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_it_uses_sqlite_when_no_database_is_configured():
    values = settings_with(DEBUG="1")

    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"].endswith("db.sqlite3")
    assert values["debug"] is True


def test_it_uses_postgresql_when_database_url_is_set():
    values = settings_with(
        **production_variables(),
        DATABASE_URL="postgres://participa:s3cret@db.internal:5433/participa_prod",
    )

    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "participa_prod"
    assert values["host"] == "db.internal"
    assert values["port"] == "5433"
    assert values["user"] == "participa"


def test_it_turns_https_protections_on_when_debug_is_off():
    values = settings_with(**production_variables())

    assert values["debug"] is False
    assert values["ssl_redirect"] is True
    assert values["session_cookie_secure"] is True
    assert values["allowed_hosts"] == ["participa.example.ro", "www.participa.example.ro"]


def test_it_serves_no_host_by_default_in_production():
    values = settings_with(SECRET_KEY=secrets.token_urlsafe(64))

    assert values["allowed_hosts"] == []


def test_it_uses_redis_for_the_cache_when_redis_url_is_set():
    values = settings_with(**production_variables(), REDIS_URL="redis://cache.internal:6379/1")

    assert values["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert values["cache_location"] == "redis://cache.internal:6379/1"


def test_it_keeps_the_cache_in_process_without_redis():
    values = settings_with(**production_variables())

    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"


ENV_READ = re.compile(
    r"""(?:os\.environ\.get|os\.getenv|env_bool|env_list|env_int)\(\s*["']([A-Z0-9_]+)["']"""
    r"""|os\.environ\[\s*["']([A-Z0-9_]+)["']\s*\]"""
)
DOCUMENTED = re.compile(r"^\| `([A-Z0-9_]+)` \|", re.M)


def test_it_documents_every_environment_variable_the_settings_read():
    source = (ROOT / "participa" / "settings.py").read_text(encoding="utf-8")
    read = {a or b for a, b in ENV_READ.findall(source)}
    docs = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    documented = set(DOCUMENTED.findall(docs))

    assert "SECRET_KEY" in read and "DATABASE_URL" in read
    assert sorted(read - documented) == [], "undocumented in docs/configuration.md"
