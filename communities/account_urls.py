"""Sign-in, sign-out and password pages, under Django's own URL names (the
password e-mails and templates refer to them without a namespace)."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from communities import ratelimits
from communities.forms.accounts import EmailAuthenticationForm, LiftingSetPasswordForm, QueuedPasswordResetForm
from communities.views import accounts as views
from communities.views import audit, onboarding, privacy, security

urlpatterns = [
    # The rate limits per IP and per account wrap the route, whatever view answers it.
    path(
        "login/",
        ratelimits.limit_sign_in(
            security.SignInView.as_view(authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True)
        ),
        name="login",
    ),
    # The second step of signing in, for people with a second factor.
    path("login/code/", security.sign_in_code, name="login_code"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        views.PasswordChangeView.as_view(success_url=reverse_lazy("communities:home")),
        name="password_change",
    ),
    path(
        "password/reset/",
        ratelimits.limit_password_resets(auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm)),
        name="password_reset",
    ),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        security.PasswordResetConfirmView.as_view(form_class=LiftingSetPasswordForm),
        name="password_reset_confirm",
    ),
    path("password/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("notices/", views.notice_preferences, name="notice_preferences"),
    # What was done to the person's account, memberships and roles (the audit trail).
    path("activity/", audit.account_activity, name="account_activity"),
    # Account security: the second factor and the person's sessions.
    path("security/", security.security_home, name="security"),
    path("security/app/", security.security_app, name="security_app"),
    path("security/codes/", security.security_codes, name="security_codes"),
    path("security/remove/", security.security_remove, name="security_remove"),
    path("security/sign-out-everywhere/", security.security_sign_out_everywhere, name="security_sign_out_everywhere"),
    path("notices/off/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # «Mis datos»: the person's download and their requests about it (derechos ARCO).
    path("data/", privacy.my_data, name="my_data"),
    path("data/mis-datos.json", privacy.my_data_json, name="my_data_json"),
    path("data/mis-datos.pdf", privacy.my_data_pdf, name="my_data_pdf"),
    # A person added by their school chooses a first password (single use, expires).
    path("activate/<uidb64>/<token>/", onboarding.ActivationView.as_view(), name="account_activate"),
]
