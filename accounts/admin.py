from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from accounts.forms import (
    AdminAddUserForm,
    AdminLoginForm,
    AdminSetPasswordForm,
)
from assessments.services.versioning import PersonLockedDeletes

# The admin's log-in counts towards the same limits as the site's (accounts/throttling.py).
admin.site.login_form = AdminLoginForm
# The admin's password forms show a weak password at the field it was typed in, as the site's do
# (its own password change: accounts/admin_site.py).


# Deleting people deletes all their rows: each person is locked first, as their own account
# deletion does (accounts.services.account_delete).
admin.site.unregister(User)


@admin.register(User)
class PersonLockedUserAdmin(PersonLockedDeletes, UserAdmin):
    add_form = AdminAddUserForm
    change_password_form = AdminSetPasswordForm
