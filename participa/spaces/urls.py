from django.urls import URLPattern, URLResolver, include, path

from participa.spaces import views
from participa.spaces.registry import all_specs

app_name = "spaces"

urlpatterns: list[URLPattern | URLResolver] = [
    path("processes/", views.process_list, name="process_list"),
    path("assemblies/", views.assembly_list, name="assembly_list"),
    path("spaces/<slug:slug>/", views.space_detail, name="space_detail"),
]

# Each component's public views: /spaces/<space>/<component type>/<component id>/...
for _spec in all_specs():
    urlpatterns.append(
        path(
            f"spaces/<slug:space_slug>/{_spec.name}/<int:component_id>/",
            include((f"participa.components.{_spec.name}.urls", _spec.name), namespace=_spec.name),
        )
    )
