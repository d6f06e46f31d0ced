from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from core.forms import ActivationForm, LoginForm, ResetPasswordForm, ResetRequestForm
from core.models import User
from core.services import AccountError, user_activate
from core.tokens import invitation_token_generator


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "core/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    template_name = "core/password_reset_form.html"
    email_template_name = "core/emails/password_reset.txt"
    subject_template_name = "core/emails/password_reset_subject.txt"
    success_url = reverse_lazy("core:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "core/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = ResetPasswordForm
    template_name = "core/password_reset_confirm.html"
    success_url = reverse_lazy("core:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "core/password_reset_complete.html"


def _invited_user(uidb64: str, token: str) -> User | None:
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        return None
    return user if invitation_token_generator.check_token(user, token) else None


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def activate_view(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = _invited_user(uidb64, token)
    if user is None or user.is_active:
        return render(request, "core/activation_invalid.html", status=400)
    form = ActivationForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            user = user_activate(
                user=user,
                password=form.cleaned_data["new_password1"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
        except AccountError:
            return render(request, "core/activation_invalid.html", status=400)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your account is activated. Welcome!"))
        return redirect("/")
    return render(request, "core/activate.html", {"form": form}, status=400 if form.errors else 200)
