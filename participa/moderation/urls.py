from django.urls import URLPattern, URLResolver, path

from participa.moderation import views

app_name = "moderation"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/hide/", views.hide, name="hide"),
    path("<int:pk>/unhide/", views.unhide, name="unhide"),
    path("<int:pk>/block/", views.block, name="block"),
    path("blocked/", views.blocked_list, name="blocked_list"),
    path("blocked/<int:pk>/unblock/", views.unblock, name="unblock"),
]
