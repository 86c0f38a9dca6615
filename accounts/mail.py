"""Mail whose text keeps its lines as written, so a link in it can be copied whole."""

import email.policy

from django.core.mail import EmailMultiAlternatives

# RFC 5322, 2.1.1: a line MUST NOT exceed 998 characters (78 is only recommended).
LINE_LIMIT = 998


class PlainLinesMail(EmailMultiAlternatives):
    """Django's mail, its text/plain body sent as written: 7bit (8bit when it holds other
    than ASCII, a name) instead of quoted-printable. Python's e-mail package encodes any body
    with a line over 78 characters quoted-printable; a password-reset link alone is longer, so
    it came out cut by "=" at line ends and with "=3D" for "=", which the console (the mail
    backend in development) prints as it is. A body with a line over 998 characters, or with
    alternatives or attachments, is left to Django."""

    def message(self, *, policy=email.policy.default):
        msg = super().message(policy=policy)
        if msg.is_multipart() or msg.get_content_type() != "text/plain":
            return msg
        body = msg.get_content()
        if any(len(line.encode()) > LINE_LIMIT for line in body.splitlines()):
            return msg
        msg.set_content(body, charset="utf-8", cte="7bit" if body.isascii() else "8bit")
        return msg
