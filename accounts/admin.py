from django.contrib import admin

from accounts.forms import AdminLoginForm

# The admin's log-in counts towards the same limits as the site's (accounts/throttling.py).
admin.site.login_form = AdminLoginForm
