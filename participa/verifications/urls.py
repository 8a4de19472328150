from django.urls import URLPattern, path

from participa.verifications import views

app_name = "verifications"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
    path("<slug:method>/", views.verify, name="verify"),
]
