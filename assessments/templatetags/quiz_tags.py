from django import template

from assessments.selectors import learner_quiz_card

register = template.Library()


@register.simple_tag(takes_context=True)
def quiz_card(context, quiz):
    """The learner's standing on `quiz` for the lesson's quiz block (None for visitors or a hidden quiz)."""
    request = context.get("request")
    return learner_quiz_card(user=getattr(request, "user", None), quiz=quiz)
