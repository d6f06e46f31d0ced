"""What the lesson page needs to frame and relay an H5P activity for the signed-in learner (read at render time)."""

import json

from django import template
from django.urls import reverse

from xapi.actors import actor_for
from xapi.vocabulary import activity_iri

register = template.Library()


@register.simple_tag(takes_context=True)
def h5p_player(context, package):
    user = getattr(context.get("request"), "user", None)  # no request when a module archive renders the lesson
    recording = bool(user is not None and user.is_authenticated)
    return {
        "src": reverse("h5p:player", kwargs={"pk": package.pk}),
        "iri": activity_iri("h5p", package.pk),
        "recording": recording,
        "actor_json": json.dumps(actor_for(user.public_id)) if recording else "",
    }
