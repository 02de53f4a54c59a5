"""Reaching a model of a higher layer through a relation, not an import.

A lower app (hand-offs, clients) sometimes needs a model that sits above it: hand-offs
show their contract, claim and client; a client's visibility depends on the hand-offs
on it. Importing the upper app would break the layers, and ``apps.get_model`` hides the
dependency in a string. The relation the models already declare names the model:
``related_model(Handoff, "contract")`` is the Contract model,
``related_model(Client, "handoffs")`` (a reverse relation) the Handoff model.
"""

from django.db import models


def related_model(model: type[models.Model], relation: str) -> type[models.Model]:
    """The model at the other end of ``model``'s field or reverse relation ``relation``."""
    target = model._meta.get_field(relation).related_model
    if target is None or isinstance(target, str):
        raise LookupError(f"{model.__name__}.{relation} is not a resolved relation")
    return target
