"""How often one username or one address may try: log-ins and password checks (per username
and, separately, per address), sign-ups and password-reset requests (per address), how many
reset mails one inbox gets, and how much pasted text one person and one address have read
(characters, per person and, separately, per address).

Counts live in Django's cache: local memory when REDIS_URL is unset (one count per process),
Redis in production (one count shared by every worker). Each (limit, subject) has a counter
that starts with the first counted event and lasts the limit's window, and a lock that lasts
its cool-down once the counter reaches the limit. Counting uses the cache's atomic add/incr
and counts a log-in attempt before its password is checked, so parallel requests cannot slip
past a limit. Backends whose incr() resets the expiry (the database and file caches) would
stretch the window: use local memory or Redis.
"""

import contextlib
import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    name: str
    allowed: int  # events per window; the next is refused
    window: int  # seconds
    cooldown: int  # seconds refused once the limit is reached
    message: str  # what a refused person reads; {wait} becomes "12 minutes"


LOGIN_PER_USERNAME = Limit(
    name="login-username",
    allowed=5,
    window=15 * 60,
    cooldown=15 * 60,
    message=(
        "Too many failed log-in attempts for this username. For its safety, log-in is paused "
        "for {wait}, even with the right password. Try again then, or reset your password."
    ),
)
LOGIN_PER_ADDRESS = Limit(
    name="login-address",
    allowed=50,
    window=15 * 60,
    cooldown=15 * 60,
    message=(
        "Too many failed log-in attempts from your network. Log-in from it is paused for "
        "{wait}, even with the right password."
    ),
)
SIGNUP_PER_ADDRESS = Limit(
    name="signup-address",
    allowed=10,
    window=60 * 60,
    cooldown=60 * 60,
    message="Too many accounts were created from your network. Try again in {wait}.",
)
# Sign-ups answered "a user with that username already exists": a way to list who has an
# account, one name per request. A person choosing a name hits a few; a script, thousands.
SIGNUP_NAMES_TAKEN_PER_ADDRESS = Limit(
    name="signup-taken-address",
    allowed=20,
    window=60 * 60,
    cooldown=60 * 60,
    message=(
        "Too many sign-ups from your network asked for usernames already taken. Signing up "
        "from it is paused for {wait}."
    ),
)
PASSWORD_RESET_PER_ADDRESS = Limit(
    name="password-reset-address",
    allowed=10,
    window=60 * 60,
    cooldown=60 * 60,
    message="Too many password-reset requests from your network. Try again in {wait}.",
)

# Reset mails one inbox gets, whoever asks from wherever: more were a way to flood someone's
# inbox from many addresses. Never said to the asker: the answer stays the same whether or not
# the address has an account (and whether or not a mail went), as for every reset request.
PASSWORD_RESET_MAILS_PER_EMAIL = Limit(
    name="password-reset-email",
    allowed=3,
    window=60 * 60,
    cooldown=60 * 60,
    message="",
)


# Pasted text read for skills (the skills page's paste, job ads saved or read again): the
# matcher's work grows with the text, and a 50,000-character text built of every alias's words
# costs seconds of CPU where a real CV or ad costs milliseconds. A person pastes a CV or a few
# dozen ads an hour (a few thousand characters each); 500,000 characters is a hundred such, or
# ten of the longest the forms take. An address is shared by a household or an office.
PASTE_CHARACTERS_PER_PERSON = Limit(
    name="paste-characters-person",
    allowed=500_000,
    window=60 * 60,
    cooldown=60 * 60,
    message=(
        "You have had more than 500,000 characters of text read for skills in the last hour, "
        "more than anyone needs, so reading text is paused for you for {wait}. Nothing was "
        "read or saved; try again then."
    ),
)
PASTE_CHARACTERS_PER_ADDRESS = Limit(
    name="paste-characters-address",
    allowed=2_000_000,
    window=60 * 60,
    cooldown=60 * 60,
    message=(
        "More than 2,000,000 characters of text were read for skills from your network in "
        "the last hour, so reading text from it is paused for {wait}. Nothing was read or "
        "saved; try again then."
    ),
)


@dataclass(frozen=True)
class Refusal:
    message: str
    retry_after: int  # seconds


@dataclass(frozen=True)
class PasswordAttempt:
    """What became of one password check: refused before checking, wrong, or right."""

    checked: bool
    correct: bool
    refusal: Refusal | None  # why it was refused, or the cool-down this failure started


# ---- Log-ins and password checks ---------------------------------------------------------


def password_attempt(*, username: str, address: str, check: Callable[[], bool]) -> PasswordAttempt:
    """Runs `check` (is the password right?) unless the username or the address cools down.
    A wrong password counts towards both limits and reaching one starts its cool-down; a right
    one clears the username's count and takes this attempt off the address's count."""
    if refusal := login_attempt_start(username=username, address=address):
        return PasswordAttempt(checked=False, correct=False, refusal=refusal)
    if check():
        login_attempt_succeeded(username=username, address=address)
        return PasswordAttempt(checked=True, correct=True, refusal=None)
    refusal = login_attempt_failed(username=username, address=address)
    return PasswordAttempt(checked=True, correct=False, refusal=refusal)


def login_attempt_start(*, username: str, address: str) -> Refusal | None:
    """Refuses while the username or the address cools down; otherwise counts the attempt."""
    return _take_each(_login_subjects(username, address))


def login_attempt_failed(*, username: str, address: str) -> Refusal | None:
    """The counted attempt failed: a count that reached its limit starts the cool-down."""
    refusals = [
        _lock(limit, subject)
        for limit, subject in _login_subjects(username, address)
        if _count_of(limit, subject) >= limit.allowed
    ]
    return refusals[0] if refusals else None


def login_attempt_succeeded(*, username: str, address: str) -> None:
    cache.delete(_key(LOGIN_PER_USERNAME, _username_subject(username), "count"))
    with contextlib.suppress(ValueError):  # the window ended meanwhile
        cache.decr(_key(LOGIN_PER_ADDRESS, address, "count"))


def login_lock_clear(*, username: str) -> None:
    """Ends the username's cool-down and count (its owner proved who they are by email)."""
    subject = _username_subject(username)
    cache.delete_many([_key(LOGIN_PER_USERNAME, subject, kind) for kind in ("count", "lock")])


# ---- Sign-ups and password-reset requests ------------------------------------------------


def signup_slot_take(*, address: str) -> Refusal | None:
    """Counts one new account from `address`; refuses once the window's allowance is used."""
    return _take(SIGNUP_PER_ADDRESS, address)


def signup_paused(*, address: str) -> Refusal | None:
    """The cool-down of sign-ups from `address` that asked for taken usernames, if one runs."""
    return _refusal(SIGNUP_NAMES_TAKEN_PER_ADDRESS, address)


def signup_name_taken(*, address: str) -> Refusal | None:
    """Counts one sign-up from `address` refused for a taken username; past the allowance,
    the cool-down starts (and this answer must not say the name is taken)."""
    return _take(SIGNUP_NAMES_TAKEN_PER_ADDRESS, address)


def password_reset_slot_take(*, address: str) -> Refusal | None:
    """Counts one reset request from `address`; refuses once the window's allowance is used."""
    return _take(PASSWORD_RESET_PER_ADDRESS, address)


def password_reset_mail_slot_take(*, email: str) -> bool:
    """Counts one reset mail to `email` (in any case); False once its inbox had its allowance."""
    return _take(PASSWORD_RESET_MAILS_PER_EMAIL, email.strip().casefold()) is None


# ---- Pasted text read for skills ---------------------------------------------------------


def text_reading_take(*, user_id: int, address: str, characters: int) -> Refusal | None:
    """Counts `characters` of text to read for a person and their address, before it is read
    (parallel requests cannot slip past); refuses while either cools down, and once this text
    would take either past its allowance (the cool-down then starts)."""
    subjects = [
        (PASTE_CHARACTERS_PER_PERSON, str(user_id)),
        (PASTE_CHARACTERS_PER_ADDRESS, address),
    ]
    return _take_each(subjects, amount=characters)


# ---- The counters ------------------------------------------------------------------------


def _login_subjects(username: str, address: str) -> list[tuple[Limit, str]]:
    return [(LOGIN_PER_USERNAME, _username_subject(username)), (LOGIN_PER_ADDRESS, address)]


def _username_subject(username: str) -> str:
    # Usernames are unique regardless of case (UserCreationForm), so "Ada" counts as "ada".
    return username.strip().casefold()


def _key(limit: Limit, subject: str, kind: str) -> str:
    # Hashed: any text a person types becomes a short key every cache backend accepts.
    digest = hashlib.sha256(subject.encode()).hexdigest()[:40]
    return f"throttle:{limit.name}:{kind}:{digest}"


def _take_each(subjects: list[tuple[Limit, str]], *, amount: int = 1) -> Refusal | None:
    """Refuses while any (limit, subject) cools down; otherwise counts `amount` towards each,
    refusing at the first it takes past its limit."""
    for limit, subject in subjects:
        if refusal := _refusal(limit, subject):
            return refusal
    for limit, subject in subjects:
        if refusal := _take(limit, subject, amount=amount):
            return refusal
    return None


def _take(limit: Limit, subject: str, *, amount: int = 1) -> Refusal | None:
    if refusal := _refusal(limit, subject):
        return refusal
    if _count(limit, subject, amount) > limit.allowed:
        return _lock(limit, subject)
    return None


def _count(limit: Limit, subject: str, amount: int = 1) -> int:
    key = _key(limit, subject, "count")
    if cache.add(key, amount, timeout=limit.window):
        return amount
    try:
        return cache.incr(key, amount)
    except ValueError:  # expired between add() and incr()
        cache.add(key, amount, timeout=limit.window)
        return amount


def _count_of(limit: Limit, subject: str) -> int:
    return cache.get(_key(limit, subject, "count"), 0)


def _lock(limit: Limit, subject: str) -> Refusal:
    until = time.time() + limit.cooldown
    cache.set(_key(limit, subject, "lock"), until, timeout=limit.cooldown)
    cache.delete(_key(limit, subject, "count"))
    return _refusal_until(limit, until)


def _refusal(limit: Limit, subject: str) -> Refusal | None:
    until = cache.get(_key(limit, subject, "lock"))
    return None if until is None else _refusal_until(limit, until)


def _refusal_until(limit: Limit, until: float) -> Refusal:
    seconds = max(1, math.ceil(until - time.time()))
    return Refusal(message=limit.message.format(wait=wait_text(seconds)), retry_after=seconds)


def wait_text(seconds: int) -> str:
    """A wait in words, rounded up to the minute: "1 minute", "15 minutes", "1 hour"."""
    minutes = max(1, math.ceil(seconds / 60))
    if minutes % 60 == 0:
        hours = minutes // 60
        return "1 hour" if hours == 1 else f"{hours} hours"
    return "1 minute" if minutes == 1 else f"{minutes} minutes"
