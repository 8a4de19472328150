from django.urls import URLPattern, URLResolver, path

from participa.comments import views

app_name = "comments"

urlpatterns: list[URLPattern | URLResolver] = [
    path("new/<str:target_label>/<int:target_id>/", views.create, name="create"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/support/", views.support, name="support"),
    path("<int:pk>/report/", views.report, name="report"),
]
