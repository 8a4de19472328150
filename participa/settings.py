"""Participa settings: one module, driven by environment variables.

Every variable is documented in docs/configuration.md. With no DATABASE_URL the site uses a SQLite
file; DEBUG defaults to off, and then SECRET_KEY is required and HTTPS protections are on.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Lets generic classes such as ModelForm[Model] be subscripted at run time (typing only).
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "development-only-insecure-key-do-not-use-in-production"
    else:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")

# The key of the keyed hashes (HMAC-SHA256) under which verified residents' identifiers are
# stored (participa/verifications/hashing.py); empty: derived from SECRET_KEY.
VERIFICATION_HASH_KEY = os.environ.get("VERIFICATION_HASH_KEY", "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "participa.core",
    "participa.spaces",
    "participa.comments",
    # Before the apps that read the declared items at start-up (moderation, search...).
    "participa.tracking",
    "participa.moderation",
    "participa.notifications",
    "participa.search",
    "participa.attachments",
    "participa.opendata",
    "participa.reports",
    "participa.intake",
    "participa.redaction",
    "participa.stats",
    "participa.journal",
    "participa.answers",
    "participa.manage",
    "participa.verifications",
    "participa.components.pages",
    "participa.components.consultations",
    "participa.components.meetings",
    "participa.components.proposals",
    "participa.components.budgets",
    "participa.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "participa.core.middleware.NullCharacterMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "participa.core.middleware.OrganizationMiddleware",
    "participa.core.middleware.LanguageMiddleware",
    "participa.core.pagecache.VisitorCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "participa.core.middleware.UserLanguageMiddleware",
    "participa.manage.middleware.ManageLoginMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "participa.core.middleware.StaffTwoFactorMiddleware",
]

ROOT_URLCONF = "participa.urls"
WSGI_APPLICATION = "participa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "participa.core.context_processors.organization",
                "participa.spaces.context_processors.component_nav",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Pages served to anonymous visitors (participa/core/pagecache.py), apart from the rate limits
# and sessions of the default cache so that a burst of pages cannot evict them.
CACHES["pages"] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
     "KEY_PREFIX": "pages"}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages",
          "OPTIONS": {"MAX_ENTRIES": 2000}}
)
# Longest time a cached page is served: bounds how late time-dependent text (countdowns) and
# writes that bypass model signals can show. 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["participa.core.auth.OrganizationAuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("email", "display_name", "legal_name", "first_name",
                                     "last_name")}},
    {"NAME": "participa.core.passwords.PublicNameSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"

# django-allauth: e-mail only, mandatory confirmation, no user enumeration, rate limits.
# Account e-mails go through the e-mail queue (participa/notifications/account_mail.py).
ACCOUNT_ADAPTER = "participa.notifications.account_mail.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# E-mail addresses are unique per organization, not per deployment: one person may join two
# municipalities with one address (two accounts). The database enforces it on core.User
# (user_email_unique_per_org); the adapter, forms and backend in participa/core/auth.py scope
# every lookup by the organization of the request. allauth's deployment-wide uniqueness is off.
ACCOUNT_UNIQUE_EMAIL = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": os.environ.get("LOGIN_FAILED_RATE_LIMIT", "5/5m/ip,5/5m/key"),
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_FORMS = {
    "signup": "participa.core.forms.SignupForm",
    "login": "participa.core.forms.LoginForm",
    "reset_password": "participa.core.forms.ResetPasswordForm",
    "add_email": "participa.core.forms.AddEmailForm",
}
ACCOUNT_USER_DISPLAY = "participa.core.selectors.user_display"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# The port of the public address in links sent by e-mail, when the site is not served on the
# scheme's usual port (``make demo PORT=8080``); empty in production.
PUBLIC_PORT = os.environ.get("PUBLIC_PORT", "").strip()

# Two-factor authentication (django-allauth's MFA): authenticator apps, recovery codes and
# security keys. Organizations can require it of their staff (Organization.require_staff_2fa).
MFA_ADAPTER = "participa.core.auth.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False
# Security keys need HTTPS; local development runs plain HTTP on localhost.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ro", _("Romanian")),
    ("pl", _("Polish")),
    ("en", _("English")),
    ("hu", _("Hungarian")),
    ("de", _("German")),
]
# Languages whose interface translation ships complete with Participa.
INTERFACE_LANGUAGES = ["ro", "pl", "en"]
LOCALE_PATHS = [BASE_DIR / "participa" / "locale"]
# Unambiguous dates per language: "18 Sept 2026", "18 septembrie 2026", "18.09.2026".
FORMAT_MODULE_PATH = ["participa.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Bucharest")
USE_I18N = True
USE_TZ = True


def _package_static(package: str) -> list[Path]:
    """The ``static`` folder a package ships (its files only: the package is not imported, so
    django-leaflet's GIS widgets, which need GDAL, never load); none when it is absent."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return []
    folder = Path(spec.origin).parent / "static"
    return [folder] if folder.is_dir() else []


STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static", *_package_static("leaflet")]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Object storage (django-storages, any S3-compatible service): STORAGE_BACKEND=s3 puts uploaded
# media in AWS_STORAGE_BUCKET_NAME, and attachments in the private AWS_ATTACHMENTS_BUCKET_NAME
# when set (otherwise they stay in ATTACHMENT_ROOT). Credentials: AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY, read by boto3 itself (or the machine's role).
STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "").strip().lower() or "local"
if STORAGE_BACKEND == "s3":
    _s3_options = {
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "file_overwrite": False,  # as on disk: a second upload of a name gets a new name
    }
    _media_bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not _media_bucket:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME.")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3_options,
            "bucket_name": _media_bucket,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", True),
        },
    }
    _attachments_bucket = os.environ.get("AWS_ATTACHMENTS_BUCKET_NAME", "").strip()
    if _attachments_bucket:
        STORAGES["attachments"] = {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **_s3_options,
                "bucket_name": _attachments_bucket,
                "default_acl": "private",
                "querystring_auth": True,
            },
        }
elif STORAGE_BACKEND != "local":
    raise ImproperlyConfigured("STORAGE_BACKEND must be local or s3.")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_IMAGE_UPLOAD_BYTES = int(os.environ.get("MAX_IMAGE_UPLOAD_BYTES", str(5 * 1024 * 1024)))
# Largest attachment (PDF, office document, CSV, image) staff may add to a space or an item.
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))
# Attachments are stored outside MEDIA_ROOT and only served through a permission-checked view.
ATTACHMENT_ROOT = Path(os.environ.get("ATTACHMENT_ROOT", BASE_DIR / "var" / "attachments"))

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# Seconds an SMTP connection may block (connect, each command): a hanging mail server must not
# hold a web worker until gunicorn kills it. A failed send is retried from the e-mail queue.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "participa@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: safe by default, relaxed only by DEBUG or explicit variables.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
# Content-Security-Policy on every response (django-csp): scripts and styles only from this
# site's static files, nothing inline. CSP_IMG_SRC adds origins images may come from, e.g. the
# S3 bucket serving media files. A view that needs another policy (the sandboxed HTML report)
# sets its own header, which the middleware keeps.
# Maps (proposals): the tile server, its attribution, and an optional geocoder (address →
# point; empty: no request ever leaves the server and the feature is absent).
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors')
# Where the map opens when no point is chosen: "latitude,longitude,zoom".
MAP_DEFAULT_VIEW = os.environ.get("MAP_DEFAULT_VIEW", "50.0,15.0,4")
GEOCODER_URL = os.environ.get("GEOCODER_URL", "")


def _origin(url: str) -> list[str]:
    parts = urlsplit(url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *_origin(MAP_TILE_URL), *env_list("CSP_IMG_SRC", [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# Sessions are read from the default cache (Redis when configured) and written through to the
# database: a signed-in page does not start with a query for its session.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Background work (e-mail, digests, exports) through the django-tasks API. By default tasks run
# in-process, right away; TASKS_BACKEND=database queues them for `manage.py db_worker`.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate")
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if TASKS_BACKEND == "database"
        else "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "email"],
    }
}

PAGINATE_BY = 20
