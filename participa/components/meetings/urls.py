from django.urls import URLPattern, path

from participa.components.meetings import (
    manage_views,
    views,
    views_agenda,
    views_calendar,
    views_draws,
    views_registration,
)

# Public views, mounted at /spaces/<space_slug>/meetings/<component_id>/ (namespace
# spaces:meetings).
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("<int:meeting_id>/", views.detail, name="detail"),
    # Residents' questions on the agenda.
    path("<int:meeting_id>/agenda/<int:item_id>/questions/", views_agenda.question_create,
         name="question_create"),
    path("<int:meeting_id>/questions/<int:question_id>/report/", views_agenda.question_report,
         name="question_report"),
    # Registration: register, cancel (page button or the e-mail's secret link).
    path("<int:meeting_id>/register/", views_registration.register, name="register"),
    path("<int:meeting_id>/cancel-registration/", views_registration.cancel,
         name="registration_cancel"),
    path("registrations/<uuid:token>/", views_registration.cancel_by_link,
         name="registration_link"),
    # iCalendar: the component's meetings, and one meeting ("add to calendar").
    path("calendar.ics", views_calendar.component_feed, name="feed"),
    path("<int:meeting_id>/calendar.ics", views_calendar.meeting_feed, name="meeting_feed"),
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
    # Agenda, questions, speakers, minutes.
    path("<int:meeting_id>/agenda/", manage_views.agenda.manage_agenda, name="manage_agenda"),
    path("<int:meeting_id>/agenda/<int:item_id>/", manage_views.agenda.manage_agenda_item,
         name="manage_agenda_item"),
    path("<int:meeting_id>/questions/", manage_views.agenda.manage_questions,
         name="manage_questions"),
    path("<int:meeting_id>/speakers/", manage_views.agenda.manage_speakers,
         name="manage_speakers"),
    path("<int:meeting_id>/minutes/", manage_views.after.manage_minutes,
         name="manage_minutes"),
    path("<int:meeting_id>/minutes/review/", manage_views.after.manage_minutes_review,
         name="manage_minutes_review"),
    # Registration: participants, exports, invitations, check-in at the door.
    path("<int:meeting_id>/participants/", manage_views.registrations.participants,
         name="manage_participants"),
    path("<int:meeting_id>/participants/export.<str:file_format>",
         manage_views.registrations.participants_export, name="manage_participants_export"),
    path("<int:meeting_id>/participants/invite/", manage_views.registrations.invite,
         name="manage_invite"),
    path("<int:meeting_id>/check-in/", manage_views.registrations.check_in,
         name="manage_check_in"),
    path("<int:meeting_id>/check-in/<int:registration_id>/",
         manage_views.registrations.check_in_person, name="manage_check_in_person"),
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
