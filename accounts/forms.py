from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, UserCreationForm
from django.contrib.auth.models import User


class NoColonLabels:
    """Labels read exactly as their names ("Password", not "Password:") for screen readers."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class SignUpForm(NoColonLabels, UserCreationForm):
    email = forms.EmailField(
        label="Email (optional)",
        required=False,
        help_text="Only used to reset a forgotten password.",
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")


class LoginForm(NoColonLabels, AuthenticationForm):
    pass


class ChangePasswordForm(NoColonLabels, PasswordChangeForm):
    pass
