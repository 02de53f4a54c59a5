from django.urls import path

from clients import views, views_site

app_name = "clients"

urlpatterns = [
    path("", views.client_list_view, name="list"),
    path("new/", views.client_create, name="create"),
    path("<int:pk>/", views.client_detail, name="detail"),
    path("<int:pk>/edit/", views.client_update, name="update"),
    path("<int:pk>/contacts/new/", views.contact_create, name="contact_create"),
    path("<int:pk>/contacts/<int:contact_pk>/edit/", views.contact_update, name="contact_update"),
    path("<int:pk>/contacts/<int:contact_pk>/delete/", views.contact_delete, name="contact_delete"),
    path("<int:pk>/sites/new/", views.site_create, name="site_create"),
    path("<int:pk>/sites/<int:site_pk>/", views_site.site_detail, name="site_detail"),
    path("<int:pk>/sites/<int:site_pk>/edit/", views.site_update, name="site_update"),
    path("<int:pk>/sites/<int:site_pk>/delete/", views.site_delete, name="site_delete"),
]
