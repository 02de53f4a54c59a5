"""Clients, their contacts and sites, and contracts: read only, as the screens show them."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import mixins, viewsets
from rest_framework.request import Request

from api.serializers.resources import (
    ClientSerializer,
    ContactSerializer,
    ContractSerializer,
    SiteSerializer,
)
from api.views import ID_PATTERN
from clients.filters import ClientFilter
from clients.models import Client, Contact, Site
from contracts.filters import ContractFilter
from contracts.models import Contract


class ReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    filter_backends = [DjangoFilterBackend]


def visible_clients(request: Request | None) -> QuerySet[Client]:
    if request is None:
        return Client.objects.none()
    return Client.objects.visible_to(request.user)


class ClientPartFilter(django_filters.FilterSet):
    """A client's contacts or sites: by the client (one the user sees)."""

    client = django_filters.ModelChoiceFilter(queryset=visible_clients)


class ContactFilter(ClientPartFilter):
    class Meta:
        model = Contact
        fields = ["client"]


class SiteFilter(ClientPartFilter):
    class Meta:
        model = Site
        fields = ["client"]


class ClientViewSet(ReadOnlyViewSet):
    """Clients the user sees (the portfolio list's rule and filters)."""

    queryset = Client.objects.none()  # the model, for the schema; rows: get_queryset
    lookup_value_regex = ID_PATTERN
    serializer_class = ClientSerializer
    filterset_class = ClientFilter

    def get_queryset(self) -> QuerySet[Client]:
        return Client.objects.visible_to(self.request.user).select_related("account_manager")


class ContactViewSet(ReadOnlyViewSet):
    """Contact people of the clients the user sees."""

    queryset = Contact.objects.none()  # the model, for the schema; rows: get_queryset
    lookup_value_regex = ID_PATTERN
    serializer_class = ContactSerializer
    filterset_class = ContactFilter

    def get_queryset(self) -> QuerySet[Contact]:
        return Contact.objects.filter(client__in=visible_clients(self.request))


class SiteViewSet(ReadOnlyViewSet):
    """Sites of the clients the user sees."""

    queryset = Site.objects.none()  # the model, for the schema; rows: get_queryset
    lookup_value_regex = ID_PATTERN
    serializer_class = SiteSerializer
    filterset_class = SiteFilter

    def get_queryset(self) -> QuerySet[Site]:
        return Site.objects.filter(client__in=visible_clients(self.request))


class ContractViewSet(ReadOnlyViewSet):
    """Contracts the user sees, each with its stage (the contract list's filters)."""

    queryset = Contract.objects.none()  # the model, for the schema; rows: get_queryset
    lookup_value_regex = ID_PATTERN
    serializer_class = ContractSerializer
    filterset_class = ContractFilter

    def get_queryset(self) -> QuerySet[Contract]:
        return Contract.objects.visible_to(self.request.user).select_related("client", "manager")
