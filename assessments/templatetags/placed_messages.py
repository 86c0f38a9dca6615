"""`{% message_at "plan-item" row.pk %}`: the message said beside the element of that id
(`assessments.views.placed_messages`), or nothing."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def message_at(context, *id_parts) -> str:
    message = context.get("placed_messages", {}).get("-".join(str(p) for p in id_parts))
    if message is None:
        return ""
    return format_html(
        '<p class="message message-{} message-placed">{}</p>', message.level_tag, message
    )
