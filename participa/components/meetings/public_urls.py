"""The organization-wide pages of meetings at /meetings/ (not namespaced): the list, the month
calendar, the organization's iCalendar feed and a person's calendar."""

from django.urls import URLPattern, path

from participa.components.meetings import views_calendar, views_public

urlpatterns: list[URLPattern] = [
    path("", views_public.meeting_list, name="meetings_list"),
    path("calendar/", views_public.meeting_calendar, name="meetings_calendar"),
    path("calendar.ics", views_calendar.organization_feed, name="meetings_organization_feed"),
    path("my-calendar/", views_calendar.my_calendar, name="meetings_my_calendar"),
    path("my-calendar/renew/", views_calendar.my_calendar_renew,
         name="meetings_my_calendar_renew"),
    path("calendar/<uuid:token>.ics", views_calendar.personal_feed,
         name="meetings_personal_feed"),
]
