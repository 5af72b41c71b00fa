"""Sign-in, sign-out and password pages, under Django's own URL names (the
password e-mails and templates refer to them without a namespace)."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from communities.forms.accounts import EmailAuthenticationForm, QueuedPasswordResetForm
from communities.views import accounts as views
from communities.views import onboarding

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        views.PasswordChangeView.as_view(success_url=reverse_lazy("communities:home")),
        name="password_change",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm),
        name="password_reset",
    ),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("notices/", views.notice_preferences, name="notice_preferences"),
    path("notices/off/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # A person added by their school chooses a first password (single use, expires).
    path("activate/<uidb64>/<token>/", onboarding.ActivationView.as_view(), name="account_activate"),
]
