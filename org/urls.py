from django.contrib.auth import views as auth_views
from django.urls import path

from org import notification_views, saved_view_views, token_views
from org.forms import SignInForm

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("notifications/", notification_views.notification_list, name="notifications"),
    path(
        "notifications/read-all/",
        notification_views.notification_read_all,
        name="notifications_read_all",
    ),
    path(
        "notifications/settings/",
        notification_views.notification_settings,
        name="notification_settings",
    ),
    path(
        "notifications/<int:pk>/open/",
        notification_views.notification_open,
        name="notification_open",
    ),
    path(
        "notifications/<int:pk>/read/",
        notification_views.notification_read,
        name="notification_read",
    ),
    path("tokens/", token_views.api_token_create_view, name="api_token_create"),
    path("tokens/<int:pk>/revoke/", token_views.api_token_revoke_view, name="api_token_revoke"),
    path("views/<slug:page>/", saved_view_views.saved_view_manage, name="saved_view_manage"),
    path("views/<slug:page>/save/", saved_view_views.saved_view_save, name="saved_view_save"),
    path(
        "views/<int:pk>/rename/",
        saved_view_views.saved_view_rename_view,
        name="saved_view_rename",
    ),
    path(
        "views/<int:pk>/delete/",
        saved_view_views.saved_view_delete_view,
        name="saved_view_delete",
    ),
    path(
        "views/<int:pk>/default/",
        saved_view_views.saved_view_default_view,
        name="saved_view_default",
    ),
]
