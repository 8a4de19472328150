"""Settings of the gunicorn server bench/visitor_cache.py starts: the site's own production
settings (DEBUG off), served over plain HTTP at any host, with static files unhashed (no
collectstatic in a benchmark)."""

from participa.settings import *  # noqa: F403

ALLOWED_HOSTS = ["*"]
SECURE_SSL_REDIRECT = False
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
