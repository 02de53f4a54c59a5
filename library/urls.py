from django.urls import path

from library import views

app_name = "library"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/", views.document_create, name="create"),
    path("badge/", views.acknowledgement_badge, name="badge"),
    path("<int:pk>/", views.document_detail, name="document"),
    path("<int:pk>/versions/new/", views.version_create, name="version_create"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/edit/", views.version_edit, name="version_edit"),
    path("versions/<int:pk>/submit/", views.version_submit, name="submit"),
    path("versions/<int:pk>/approve/", views.version_approve, name="approve"),
    path("versions/<int:pk>/return/", views.version_return, name="return"),
    path("versions/<int:pk>/acknowledge/", views.version_acknowledge, name="acknowledge"),
    path("versions/<int:pk>/file/", views.version_file, name="file"),
]
