"""`{% load feedback_tags %}{% rating_link case as url %}`: the link where the sender
rates a closed case ('' while the case is not closed). Creates the invitation once."""

from django import template

from kancelaria.feedback.services import rating_invitation_for, rating_url

register = template.Library()


@register.simple_tag
def rating_link(case) -> str:
    if case is None:
        return ""
    invitation = rating_invitation_for(case)
    return rating_url(invitation) if invitation else ""


@register.filter
def yes_share(summary, question: str):
    """The share of "yes" among the answers to a survey question (per cent), or None."""
    return summary.yes_share(question)


@register.filter
def service_name(service) -> str:
    """A catalogue service's code and name in the reader's language."""
    return f"{service.code} {service.t('name')}".strip() if service else ""
