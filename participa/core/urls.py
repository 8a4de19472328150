from django.urls import path

from participa.core import views, views_people

# Mounted with the pages of the layers above by participa/site/urls.py, in the "core"
# namespace.

urlpatterns = [
    path("favicon.ico", views.favicon, name="favicon"),
    path("organization.css", views.organization_stylesheet, name="organization_stylesheet"),
    path("language/", views.set_language, name="set_language"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("terms/", views.terms, name="terms"),
    # People and groups (views_people.py)
    path("account/", views_people.account, name="account"),
    path("account/notifications/", views_people.account_notifications,
         name="account_notifications"),
    path("people/<str:username>/", views_people.profile, name="profile"),
    path("groups/", views_people.group_list, name="group_list"),
    path("groups/new/", views_people.group_create, name="group_create"),
    path("groups/<slug:slug>/", views_people.group_detail, name="group_detail"),
    path("groups/<slug:slug>/edit/", views_people.group_edit, name="group_edit"),
    path("groups/<slug:slug>/join/", views_people.group_join, name="group_join"),
    path("groups/<slug:slug>/leave/", views_people.group_leave, name="group_leave"),
    path("groups/<slug:slug>/members/<int:membership_id>/<slug:action>/",
         views_people.group_member_action, name="group_member_action"),
]
