"""``/api/v1/`` (the resources), ``/api/schema/`` (OpenAPI 3) and ``/api/docs/`` (Swagger
UI from the app's own static files)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
    schema,
    throttle_classes,
)
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from api.views.claims import ClaimViewSet
from api.views.handoffs import HandoffViewSet
from api.views.notifications import NotificationViewSet
from api.views.records import ClientViewSet, ContactViewSet, ContractViewSet, SiteViewSet

app_name = "api"


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@permission_classes([AllowAny])
@authentication_classes([])
@throttle_classes([])
@schema(None)
def not_found(request: Request) -> Response:
    raise NotFound


router = SimpleRouter(trailing_slash=True)
router.register("clients", ClientViewSet, basename="client")
router.register("contacts", ContactViewSet, basename="contact")
router.register("sites", SiteViewSet, basename="site")
router.register("contracts", ContractViewSet, basename="contract")
router.register("claims", ClaimViewSet, basename="claim")
router.register("handoffs", HandoffViewSet, basename="handoff")
router.register("notifications", NotificationViewSet, basename="notification")


def _token_or_session(patterns: list[Any]) -> list[Any]:
    """The API authenticates its own requests (token or session): the site-wide sign-in
    redirect (LoginRequiredMiddleware) must not send a token client to the sign-in page.
    (DRF's views say so themselves too; this keeps it true whatever a view is.)"""
    for pattern in patterns:
        pattern.callback.login_required = False
    return patterns


urlpatterns = [
    path("v1/", include(_token_or_session(router.urls))),
    *_token_or_session(
        [
            path("schema/", SpectacularAPIView.as_view(), name="schema"),
        ]
    ),
    # Anything else under /api/v1/ is a JSON 404 too, not the app's HTML error page.
    re_path(r"^v1/", not_found),
    # The docs are a page of the app: signed-in users only, like every other page.
    path(
        "docs/",
        login_required(SpectacularSwaggerView.as_view(url_name="api:schema")),
        name="docs",
    ),
]
