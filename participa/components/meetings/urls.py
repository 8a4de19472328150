from django.urls import URLPattern, path

from participa.components.meetings import manage_views, views, views_agenda

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
]

# Staff views, mounted at /manage/spaces/<space_slug>/meetings/<component_id>/ (namespace
# manage:meetings).
manage_urlpatterns: list[URLPattern] = [
    path("", manage_views.meetings.manage_index, name="manage_index"),
    path("<int:meeting_id>/", manage_views.meetings.manage_detail, name="manage_detail"),
]
