from django.urls import path

from staffing import views

app_name = "staffing"

urlpatterns = [
    path("", views.home, name="home"),
    path("appoint/", views.appoint, name="appoint"),
    path("dismiss/", views.dismiss, name="dismiss"),
    path("transfer/", views.transfer, name="transfer"),
    path("transfers/<int:pk>/", views.transfer_detail, name="transfer_detail"),
]
