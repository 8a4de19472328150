from django.urls import path

from participa.core.urls import urlpatterns as core_urlpatterns
from participa.site import views

# The site's pages keep their historical names in the "core" namespace (core:home, ...); the
# site URLconf mounts core's own pages with them, so core never imports the layers above it.
app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("account/my-data/", views.account_download, name="account_download"),
    path("account/delete/", views.account_delete, name="account_delete"),
    *core_urlpatterns,
]
