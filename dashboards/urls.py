from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("manager/", views.manager, name="manager"),
    path("department/", views.department, name="department"),
    path("directors/", views.directors, name="directors"),
    path("claims/", views.claims, name="claims"),
    path("handoffs/", views.handoffs, name="handoffs"),
]
