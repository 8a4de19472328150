from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from participa.core.health import health
from participa.spaces.registry import url_mounts

urlpatterns: list[URLPattern | URLResolver] = [
    path("django-admin/", admin.site.urls),
    path("health/", health, name="health"),
    path("accounts/", include("allauth.urls")),
    path("manage/moderation/", include("participa.moderation.urls")),
    path("manage/", include("participa.manage.urls")),
    path("comments/", include("participa.comments.urls")),
    path("notifications/", include("participa.notifications.urls")),
    path("search/", include("participa.search.urls")),
    path("verifications/", include("participa.verifications.urls")),
    path("tracking/", include("participa.tracking.urls")),
    path("attachments/", include("participa.attachments.urls")),
    path("open-data/", include("participa.opendata.urls")),
    path("statistics/", include("participa.stats.urls")),
    # Site-wide URLs of the components, from their manifests (``ComponentSpec.urls``).
    *(path(mount.prefix, include(mount.module)) for mount in url_mounts()),
    path("", include("participa.journal.urls")),
    path("", include("participa.spaces.urls")),
    path("", include("participa.site.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
