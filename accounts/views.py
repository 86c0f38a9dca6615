from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap
from django_htmx.middleware import HtmxDetails

from accounts.client_address import request_client_address
from accounts.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    LoginForm,
    NewPasswordForm,
    PasswordResetRequestForm,
    SignUpForm,
)
from accounts.http import NotFound
from accounts.personal_data import personal_data_export, personal_data_summary
from accounts.services import account_delete, database_is_up, user_sign_up
from accounts.throttling import (
    Refusal,
    login_lock_clear,
    password_reset_slot_take,
    signup_name_taken,
    signup_paused,
    signup_slot_take,
    wait_text,
)
from assessments.page_cache import personal_page
from assessments.selectors import profile_for
from market.page_cache import public_page


def refused(response: HttpResponse, refusal: Refusal | None) -> HttpResponse:
    """A form answer that a limit refused becomes 429 Too Many Requests, with Retry-After."""
    if refusal is not None:
        response.status_code = 429
        response["Retry-After"] = str(refusal.retry_after)
    return response


class RejectedFormStatus:
    """Mixin for Django's form views (log-in, password change and reset): a rejected form comes
    back as the site's function views answer theirs (`400 if form.errors else 200`): 400, with
    what was typed and what is wrong (htmx swaps a 400 in: base.html's htmx-config), or 429
    when a limit refused it (the form's `refusal`, accounts.forms.ThrottledPasswordCheck)."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return refused(response, getattr(form, "refusal", None))


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What to do next: sign up (anonymous; one page for everyone, market/page_cache.py), or
    for a signed-in person their own page (assessments/page_cache.py): "Choose your target"
    until they have one, then the report and the plan. A cached page costs the queries any
    cached page does (session with user, then versions); the profile is read on a render."""
    if request.user.is_authenticated:
        return _home_signed_in(request)
    return _home_public(request)


@public_page
def _home_public(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


@personal_page
def _home_signed_in(request: HttpRequest) -> HttpResponse:
    profile = profile_for(user=request.user)
    return render(request, "home.html", {"has_target": profile.target_role_id is not None})


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    if database_is_up():
        return JsonResponse({"status": "ok", "database": "ok"})
    return JsonResponse({"status": "error", "database": "unavailable"}, status=503)


@require_GET
@cache_control(max_age=24 * 60 * 60)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico where a response names no icon (/healthz, a JSON or CSV
    file); it was a 404 in their console and in the server's log each time."""
    return redirect(static("favicon.svg"))


def bad_request_message(exception: Exception | None) -> str:
    """What was wrong with a request Django refused before any view read it, in plain words."""
    if isinstance(exception, RequestDataTooBig):
        size = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 2**20
        return (
            f"What you sent is larger than {size:g} MB, the most this site takes at once, "
            "so none of it was read: paste a shorter text."
        )
    if isinstance(exception, TooManyFieldsSent):
        return (
            f"What you sent has more than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,} fields, "
            "the most this site takes at once, so none of it was read: send fewer at a time."
        )
    return "What you sent could not be read, so nothing was done: reload the page and try again."


@vary_on_headers("HX-Request")
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: a site page that says what went wrong. An htmx request gets the message
    alone, put at the top of its target rather than in place of it: the request was refused
    unread, so the target's form and the text typed in it must stay. (When the form used lies
    inside the target, static/js/a11y.js puts it at the top of that form instead.)"""
    context = {"message": bad_request_message(exception)}
    if HtmxDetails(request):  # request.htmx is unset if a middleware before it refused
        response = render(request, "400.html#message", context, status=400)
        return reswap(response, "afterbegin")
    return render(request, "400.html", context, status=400)


def not_found_reason(exception: Exception | None) -> str:
    """What a view found missing, as it said it in its NotFound; "" for any other 404 (an
    address no view answers, Django's own messages)."""
    if not isinstance(exception, NotFound):
        return ""
    reason = exception.args[0] if exception.args else ""
    return reason if isinstance(reason, str) else ""


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404: the site's page, saying what was missing and the way back when the view
    said so."""
    reason = not_found_reason(exception)
    back = exception.back if reason and isinstance(exception, NotFound) else None
    return render(request, "404.html", {"reason": reason, "back": back}, status=404)


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and (refusal := _signup_refusal(request, form)):
        form.errors.pop("username", None)  # a refused answer says nothing of the name
        form.add_error(None, refusal.message)
        return refused(render(request, "accounts/signup.html", {"form": form}), refusal)
    if form.is_bound and form.is_valid():
        user = user_sign_up(
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password1"],
            email=form.cleaned_data.get("email", ""),
        )
        login(request, user)
        messages.success(request, f"Welcome, {user.username}! Tell us where you stand.")
        return redirect("assessments:onboarding")
    status = 400 if form.errors else 200
    return render(request, "accounts/signup.html", {"form": form}, status=status)


def _signup_refusal(request: HttpRequest, form: SignUpForm) -> Refusal | None:
    """Why a sign-up from the request's network is refused, if it is: it asked for too many
    taken usernames (and this may be one more), or it made its allowance of accounts."""
    address = request_client_address(request)
    valid = form.is_valid()
    if refusal := signup_paused(address=address):
        return refusal
    if form.has_error("username", code="unique"):
        return signup_name_taken(address=address)
    return signup_slot_take(address=address) if valid else None


class LogInView(RejectedFormStatus, auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_redirect_url(self):
        """`next`, unless it names this page: a signed-in person sent back here would loop
        (Django raises an error for `next=/accounts/login/`: a 500)."""
        url = super().get_redirect_url()
        return "" if urlsplit(url).path == self.request.path else url


class LogOutView(auth_views.LogoutView):
    """POST logs out (Django's view). A GET, say a typed or bookmarked /accounts/logout/, got an
    empty 405 response; now it gets a page that asks, with the button that posts."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return render(request, "registration/logout.html")


class ChangePasswordView(RejectedFormStatus, auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
    success_url = reverse_lazy("password_change_done")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class PasswordResetView(RejectedFormStatus, auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm
    email_template_name = "registration/password_reset_email.txt"

    def form_valid(self, form):
        refusal = password_reset_slot_take(address=request_client_address(self.request))
        if refusal is not None:
            form.add_error(None, refusal.message)
            return refused(self.form_invalid(form), refusal)
        self.extra_email_context = {"valid_for": reset_link_valid_for()}
        return super().form_valid(form)


def reset_link_valid_for() -> str:
    """How long a reset link works, in words ("1 hour"), as the mail and the pages say it."""
    return wait_text(settings.PASSWORD_RESET_TIMEOUT)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"valid_for": reset_link_valid_for()}


class PasswordResetConfirmView(RejectedFormStatus, auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"valid_for": reset_link_valid_for()}

    def form_valid(self, form):
        response = super().form_valid(form)
        # The owner proved who they are: a log-in cool-down on their name ends now.
        login_lock_clear(username=form.user.get_username())
        return response


@require_GET
@never_cache
@login_required
def export(request: HttpRequest) -> HttpResponse:
    document = personal_data_export(user=request.user)
    response = JsonResponse(document, json_dumps_params={"indent": 2, "ensure_ascii": False})
    filename = f"skillgap-{request.user.get_username()}-{timezone.now():%Y-%m-%d}.json"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        account_delete(user=request.user)
        logout(request)
        messages.success(request, "Your account and all its data were deleted. Goodbye!")
        return redirect("home")
    summary = personal_data_summary(user=request.user)
    context = {"form": form, "summary": summary}
    response = render(request, "accounts/delete.html", context, status=400 if form.errors else 200)
    return refused(response, form.refusal)
