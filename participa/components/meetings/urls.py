from django.urls import URLPattern, path

from participa.components.meetings import manage_views, views, views_calendar

# Public views, mounted at /spaces/<space_slug>/meetings/<component_id>/ (namespace
# spaces:meetings).
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("<int:meeting_id>/", views.detail, name="detail"),
    # iCalendar: the component's meetings, and one meeting ("add to calendar").
    path("calendar.ics", views_calendar.component_feed, name="feed"),
    path("<int:meeting_id>/calendar.ics", views_calendar.meeting_feed, name="meeting_feed"),
]

# Staff views, mounted at /manage/spaces/<space_slug>/meetings/<component_id>/ (namespace
# manage:meetings).
manage_urlpatterns: list[URLPattern] = [
    path("", manage_views.meetings.manage_index, name="manage_index"),
    path("<int:meeting_id>/", manage_views.meetings.manage_detail, name="manage_detail"),
]
