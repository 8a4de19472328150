from django.urls import URLPattern, URLResolver, path

from participa.attachments import views

app_name = "attachments"

urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:pk>/download/", views.download, name="download"),
    path("manage/<str:target_type>/<int:object_id>/", views.manage, name="manage"),
    path("<int:pk>/delete/", views.delete, name="delete"),
]
