import threading

from django import forms
from django.contrib.admin import forms as admin_forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    AdminUserCreationForm,
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    UserCreationForm,
)
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.views.decorators.debug import sensitive_variables

from accounts.client_address import UNKNOWN, request_client_address
from accounts.templatetags.form_errors import whole_form_error_ids
from accounts.throttling import PasswordAttempt, password_attempt, password_reset_mail_slot_take


class SummarisedError(ValidationError):
    """A field's error whose full text is long (what is wrong, then what to do instead): the
    error summary (`_error_summary.html`) gives `summary`, what is wrong, and links to the
    field, whose own error says all of it once."""

    def __init__(self, message: str, *, summary: str, code: str | None = None):
        super().__init__(message, code=code)
        self.summary = summary


class SiteForm:
    """Form mixin for every form of the site, rendered with `templates/_form.html` (or with
    its error summary, `_error_summary.html`, where a page lays its fields out itself):

    - labels read exactly as their names ("Password", not "Password:") for screen readers;
    - a form that comes back with errors autofocuses none of its fields: its error summary
      takes focus, so a wrong confirmation does not send the cursor back to the username;
    - an error about the whole form marks the fields in `invalid_together` invalid and
      describes them by it, as the error summary says it (a wrong log-in puts both username
      and password in question).
    """

    invalid_together: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def full_clean(self):
        super().full_clean()
        if not self._errors:
            return
        for field in self.fields.values():
            field.widget.attrs.pop("autofocus", None)
        if count := len(self.non_field_errors()):
            for name in self.invalid_together:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = " ".join(whole_form_error_ids(self, count))


NoColonLabels = SiteForm  # the first name of SiteForm, for forms written before it


class StrengthErrorsAtNewPassword:
    """For forms that set a password: what the password validators say about it (too short,
    too common, entirely numeric, too similar) is shown at the field where it was typed, not
    at its confirmation, where Django's forms put it; "the two passwords didn't match" stays
    at the confirmation. The field's aria-invalid and aria-describedby follow its errors."""

    new_password_field = "password1"

    def validate_password_for_user(self, user, password_field_name=None, **kwargs):
        super().validate_password_for_user(
            user, password_field_name=self.new_password_field, **kwargs
        )


class SignUpForm(SiteForm, StrengthErrorsAtNewPassword, UserCreationForm):
    email = forms.EmailField(
        label="Email (optional)",
        required=False,
        max_length=User._meta.get_field("email").max_length,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="Only used to reset a forgotten password.",
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")


class ThrottledPasswordCheck:
    """For forms that check a password: refuses while the username or the client's address
    cools down (the right password included), counts wrong passwords, and clears the count
    on a right one (accounts/throttling.py). `refusal` tells the view to answer 429."""

    refusal = None

    def password_checked(
        self, *, request, username: str, check, wrong: ValidationError
    ) -> PasswordAttempt:
        """Runs `check` under the limits; raises `wrong` (and the cool-down, once one starts)."""
        address = request_client_address(request) if request is not None else UNKNOWN
        attempt = password_attempt(username=username, address=address, check=check)
        self.refusal = attempt.refusal
        if attempt.correct:
            return attempt
        errors = [wrong] if attempt.checked else []
        if attempt.refusal:
            errors.append(ValidationError(attempt.refusal.message, code="throttled"))
        raise ValidationError(errors)

    def own_password_checked(self, password: str, *, wrong: str) -> None:
        """The form's person (self.user) typed their own password; `wrong` says it was not."""
        self.password_checked(
            request=self.request,
            username=self.user.get_username(),
            check=lambda: self.user.check_password(password),
            wrong=ValidationError(wrong, code="password_incorrect"),
        )


class ThrottledOldPassword(ThrottledPasswordCheck):
    """For PasswordChangeForm and its kin: the old password is checked under the limits."""

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    @sensitive_variables("old_password")
    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        self.own_password_checked(old_password, wrong=self.error_messages["password_incorrect"])
        return old_password


class ThrottledLogIn(ThrottledPasswordCheck):
    """AuthenticationForm.clean, with the log-in limits around authenticate()."""

    @sensitive_variables()
    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:

            def check() -> bool:
                self.user_cache = authenticate(self.request, username=username, password=password)
                return self.user_cache is not None

            self.password_checked(
                request=self.request,
                username=username,
                check=check,
                wrong=self.get_invalid_login_error(),
            )
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class LoginForm(SiteForm, ThrottledLogIn, AuthenticationForm):
    invalid_together = ("username", "password")


class AdminLoginForm(ThrottledLogIn, AdminAuthenticationForm):
    pass


class ChangePasswordForm(
    SiteForm, ThrottledOldPassword, StrengthErrorsAtNewPassword, PasswordChangeForm
):
    new_password_field = "new_password1"


class PasswordResetRequestForm(SiteForm, PasswordResetForm):
    email = forms.EmailField(
        label="Email",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="The address you gave when you signed up.",
    )

    def get_users(self, email):
        # Counted whether or not the address has an account; over the inbox's allowance no
        # mail goes, and the answer is the same (PASSWORD_RESET_MAILS_PER_EMAIL).
        if not password_reset_mail_slot_take(email=email):
            return iter(())
        return super().get_users(email)

    def send_mail(self, *args, **kwargs):
        # Sent beside the answer, not before it: how long the answer takes must not tell
        # whether the address has an account. (PasswordResetForm logs a failed send.)
        threading.Thread(
            target=super().send_mail, args=args, kwargs=kwargs, name="password-reset-mail"
        ).start()


class NewPasswordForm(SiteForm, StrengthErrorsAtNewPassword, SetPasswordForm):
    new_password_field = "new_password1"


class AdminOwnPasswordForm(
    ThrottledOldPassword, StrengthErrorsAtNewPassword, admin_forms.AdminPasswordChangeForm
):
    """The admin's /admin/password_change/ (an admin changes their own password): its old
    password is checked under the log-in limits, as on the site's own form."""

    new_password_field = "new_password1"


class AdminSetPasswordForm(StrengthErrorsAtNewPassword, AdminPasswordChangeForm):
    """The user admin's "Change password" form for a person."""


class AdminAddUserForm(StrengthErrorsAtNewPassword, AdminUserCreationForm):
    """The user admin's "Add user" form."""


class DeleteAccountForm(SiteForm, ThrottledPasswordCheck, forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To make sure it is you.",
    )

    def __init__(self, *args, user, request, **kwargs):
        self.user = user
        self.request = request
        super().__init__(*args, **kwargs)

    @sensitive_variables("password")
    def clean_password(self):
        password = self.cleaned_data["password"]
        self.own_password_checked(password, wrong="That is not your password. Nothing was deleted.")
        return password
