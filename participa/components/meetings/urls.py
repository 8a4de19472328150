from django.urls import URLPattern, path

from participa.components.meetings import manage_views, views

# Public views, mounted at /spaces/<space_slug>/meetings/<component_id>/ (namespace
# spaces:meetings).
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("<int:meeting_id>/", views.detail, name="detail"),
]

# Staff views, mounted at /manage/spaces/<space_slug>/meetings/<component_id>/ (namespace
# manage:meetings).
manage_urlpatterns: list[URLPattern] = [
    path("", manage_views.meetings.manage_index, name="manage_index"),
    path("<int:meeting_id>/", manage_views.meetings.manage_detail, name="manage_detail"),
    # Create, change, announce, cancel, delete (staff forms).
    path("new/", manage_views.meetings.manage_create, name="manage_create"),
    path("<int:meeting_id>/edit/", manage_views.meetings.manage_edit, name="manage_edit"),
    path("<int:meeting_id>/announce/", manage_views.meetings.manage_publish,
         name="manage_publish"),
    path("<int:meeting_id>/cancel/", manage_views.meetings.manage_cancel,
         name="manage_cancel"),
    path("<int:meeting_id>/delete/", manage_views.meetings.manage_delete,
         name="manage_delete"),
]
