"""Development's mail backend: Django's console, each mail's text printed as written, so a link
in it can be copied whole."""

import email.policy

from django.core.mail.backends.console import EmailBackend

# RFC 5322, 2.1.1: a line MUST NOT exceed 998 characters (78 is only recommended). Python's
# email package sends any text with a line longer than its policy's max_line_length
# quoted-printable; a password-reset link alone is longer than 78, so under the default
# policy the console printed it cut by "=" at line ends and with "=3D" for "=".
AS_WRITTEN = email.policy.default.clone(max_line_length=998)


class ConsoleBackend(EmailBackend):
    """Django's console backend, the text sent 7bit (8bit beyond ASCII) as long as no line
    passes RFC 5322's limit; SMTP, in production, keeps Django's own encoding (a mail client
    decodes it)."""

    def write_message(self, message):
        text = message.message(policy=AS_WRITTEN).as_bytes().decode("utf-8", "replace")
        self.stream.write(f"{text}\n{'-' * 79}\n")
