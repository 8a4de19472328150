from django.urls import path

from participa.core import views, views_people

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("language/", views.set_language, name="set_language"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    # People and groups (views_people.py)
    path("account/", views_people.account, name="account"),
    path("people/<str:username>/", views_people.profile, name="profile"),
    path("groups/", views_people.group_list, name="group_list"),
    path("groups/<slug:slug>/", views_people.group_detail, name="group_detail"),
]
