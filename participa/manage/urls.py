import importlib

from django.urls import URLPattern, URLResolver, include, path

from participa.manage import (
    views,
    views_organization,
    views_spaces,
    views_transparency,
)
from participa.redaction import comments as redaction_comments
from participa.redaction import tool as views_redaction
from participa.spaces.registry import all_specs

app_name = "manage"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    # The organization (administrators).
    path("organization/", views_organization.organization_edit, name="organization_edit"),
    path("scopes/", views_organization.scope_list, name="scope_list"),
    path("scopes/new/", views_organization.scope_form, name="scope_create"),
    path("scopes/<int:pk>/", views_organization.scope_form, name="scope_edit"),
    path("scopes/<int:pk>/delete/", views_organization.scope_delete, name="scope_delete"),
    path("areas/", views_organization.area_list, name="area_list"),
    path("areas/new/", views_organization.area_form, name="area_create"),
    path("areas/<int:pk>/", views_organization.area_form, name="area_edit"),
    path("areas/<int:pk>/delete/", views_organization.area_delete, name="area_delete"),
    path("verifications/", include("participa.verifications.manage_urls")),
    path("tracking/", include("participa.tracking.manage_urls")),
    path("roles/", views_organization.role_list, name="role_list"),
    path("roles/new/", views_organization.role_assign, name="role_assign"),
    path("roles/<int:pk>/revoke/", views_organization.role_revoke, name="role_revoke"),
    path("groups/", views_organization.group_list, name="group_list"),
    path("groups/<int:pk>/verify/", views_organization.group_verify, name="group_verify"),
    path("groups/<int:pk>/unverify/", views_organization.group_unverify,
         name="group_unverify"),
    path("audit-log/", views_organization.audit_log, name="audit_log"),
    # Tools: personal-data redaction of any document, the annual transparency report.
    *views_redaction.urlpatterns,
    *redaction_comments.urlpatterns,
    *views_transparency.urlpatterns,
    # Spaces.
    path("spaces/", views_spaces.space_list, name="space_list"),
    path("spaces/new/", views_spaces.space_create, name="space_create"),
    path("spaces/<slug:slug>/", views_spaces.space_edit, name="space_edit"),
    path("spaces/<slug:slug>/publish/", views_spaces.space_publish, name="space_publish"),
    path("spaces/<slug:slug>/delete/", views_spaces.space_delete, name="space_delete"),
    path("spaces/<slug:slug>/phases/", views_spaces.phase_list, name="phase_list"),
    path("spaces/<slug:slug>/phases/new/", views_spaces.phase_form, name="phase_create"),
    path("spaces/<slug:slug>/phases/<int:pk>/", views_spaces.phase_form, name="phase_edit"),
    path("spaces/<slug:slug>/phases/<int:pk>/move/", views_spaces.phase_move,
         name="phase_move"),
    path("spaces/<slug:slug>/phases/<int:pk>/delete/", views_spaces.phase_delete,
         name="phase_delete"),
    path("spaces/<slug:slug>/components/", views_spaces.component_list,
         name="component_list"),
    path("spaces/<slug:slug>/components/new/", views_spaces.component_add,
         name="component_add"),
    path("spaces/<slug:slug>/components/<int:pk>/", views_spaces.component_edit,
         name="component_edit"),
    path("spaces/<slug:slug>/components/<int:pk>/phases/", views_spaces.component_phases,
         name="component_phases"),
    path("spaces/<slug:slug>/components/<int:pk>/publish/", views_spaces.component_publish,
         name="component_publish"),
    path("spaces/<slug:slug>/components/<int:pk>/delete/", views_spaces.component_delete,
         name="component_delete"),
    path("spaces/<slug:slug>/members/", views_spaces.member_list, name="member_list"),
    path("spaces/<slug:slug>/members/<int:pk>/public/", views_spaces.member_toggle_public,
         name="member_toggle_public"),
    path("spaces/<slug:slug>/members/<int:pk>/remove/", views_spaces.member_remove,
         name="member_remove"),
]

# Each component's staff views: /manage/spaces/<space>/<component type>/<component id>/...
# (namespace manage:<component type>), from ``manage_urlpatterns`` in the component's urls.py.
for _spec in all_specs():
    _module = importlib.import_module(f"participa.components.{_spec.name}.urls")
    urlpatterns.append(
        path(
            f"spaces/<slug:space_slug>/{_spec.name}/<int:component_id>/",
            include((list(getattr(_module, "manage_urlpatterns", [])), _spec.name),
                    namespace=_spec.name),
        )
    )
