from django.urls import URLPattern, URLResolver, path

from participa.opendata import views

app_name = "opendata"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("latest.zip", views.latest_zip, name="latest_zip"),
    path("rebuild/", views.rebuild, name="rebuild"),
    path("manage/<slug:space_slug>/<int:component_id>/", views.component_exports,
         name="component_exports"),
    path("manage/<slug:space_slug>/<int:component_id>/<slug:export_name>.<str:fmt>",
         views.component_export_download, name="component_export_download"),
]
