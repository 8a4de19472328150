from django.urls import URLPattern, path

from participa.components.meetings import manage_views, views, views_draws

# Public views, mounted at /spaces/<space_slug>/meetings/<component_id>/ (namespace
# spaces:meetings).
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("<int:meeting_id>/", views.detail, name="detail"),
    # Draws of citizen seats.
    path("draws/<int:draw_id>/", views_draws.draw, name="draw"),
    path("draws/<int:draw_id>/apply/", views_draws.apply, name="draw_apply"),
    path("draws/<int:draw_id>/withdraw/", views_draws.withdraw, name="draw_withdraw"),
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
    path("draws/", manage_views.draws.manage_draws, name="manage_draws"),
    path("draws/<int:draw_id>/", manage_views.draws.manage_draw, name="manage_draw"),
]
