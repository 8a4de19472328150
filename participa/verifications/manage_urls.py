from django.urls import URLPattern, path

from participa.verifications import views

app_name = "verifications"

urlpatterns: list[URLPattern] = [
    path("", views.manage_list, name="list"),
    path("settings/", views.manage_settings, name="settings"),
    path("register/", views.manage_register, name="register"),
    path("<int:pk>/revoke/", views.manage_revoke, name="revoke"),
    path("<int:pk>/confirm/", views.manage_confirm, name="confirm"),
]
