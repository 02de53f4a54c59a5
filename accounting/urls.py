from django.urls import path

from accounting import views

app_name = "accounting"

urlpatterns = [
    path("bas/", views.export_page, name="bas"),
    path("bas/download/", views.export_download, name="bas_download"),
]
