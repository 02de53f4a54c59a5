"""The user's own notifications: read them, mark one or all read."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.errors import call_service
from api.serializers.resources import NotificationSerializer
from api.views import ID_PATTERN
from org.models import Notification
from org.services import notification_mark_all_read, notification_mark_read


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(
        field_name="read_at", lookup_expr="isnull", label="Only unread ones"
    )

    class Meta:
        model = Notification
        fields = ["unread"]


class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    queryset = Notification.objects.none()  # the model, for the schema; rows: get_queryset
    lookup_value_regex = ID_PATTERN
    serializer_class = NotificationSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = NotificationFilter

    def get_queryset(self) -> QuerySet[Notification]:
        return Notification.objects.filter(recipient=self.request.user).select_related(
            "addressed_to"
        )

    @extend_schema(
        summary="Mark one notification read", request=None, responses=NotificationSerializer
    )
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        notification = self.get_object()
        call_service(lambda: notification_mark_read(actor=request.user, notification=notification))
        return Response(NotificationSerializer(self.get_queryset().get(pk=notification.pk)).data)

    @extend_schema(
        summary="Mark every notification read",
        request=None,
        responses=inline_serializer("MarkedRead", {"marked": serializers.IntegerField()}),
    )
    @action(detail=False, methods=["post"], url_path="read-all", filter_backends=[])
    def read_all(self, request: Request) -> Response:
        count = call_service(lambda: notification_mark_all_read(actor=request.user))
        return Response({"marked": count})
