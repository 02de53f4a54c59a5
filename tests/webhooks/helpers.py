import datetime

from django.utils import timezone

from org.outbox import Event, emit
from webhooks.models import Delivery, Endpoint


def endpoint_for(receiver, events=(Event.CLAIM_REGISTERED,), **fields):
    endpoint = Endpoint.objects.create(url=receiver.url, events=list(events), **fields)
    receiver.secret = endpoint.secret
    return endpoint


def an_event(name=Event.CLAIM_REGISTERED, **data):
    return emit(name, {"claim": {"id": 7, "status": "new"}, **data})


def only_delivery():
    (delivery,) = Delivery.objects.all()
    return delivery


def after(moment, seconds=1):
    return moment + datetime.timedelta(seconds=seconds)


def now():
    return timezone.now()
