"""Register, sign in and out, edit the profile, change the password."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from lms.auth import services
from lms.auth.forms import LoginForm, PasswordForm, ProfileForm, RegisterForm
from lms.i18n import LOCALE_COOKIE, LOCALES, current_locale

bp = Blueprint("auth", __name__)

PASSWORD_CHANGE_ALLOWED = {"auth.password", "auth.logout", "auth.language", "static"}
ONE_YEAR = 365 * 24 * 3600


@bp.before_app_request
def require_password_change():
    """An account created with a one-time password can do nothing else until it is replaced."""
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in PASSWORD_CHANGE_ALLOWED
    ):
        return redirect(url_for("auth.password"))
    return None


@bp.route("/register", methods=["GET", "POST"])
def register():
    """Create a learner account."""
    if current_user.is_authenticated:
        return redirect(url_for("learn.dashboard"))
    form = RegisterForm(locale=current_locale())  # the language they are browsing in
    if form.validate_on_submit():
        profile = {name: getattr(form, name).data for name in services.PROFILE_FIELDS}
        user = services.register(form.email.data, form.password.data, profile)
        if user is not None:
            login_user(user)
            flash(_("Welcome! Your account is ready."), "success")
            return redirect(url_for("learn.dashboard"))
        form.email.errors.append(_("An account with this email already exists. Sign in instead."))
    return render_template("auth/register.html", form=form), 200 if not form.errors else 422


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("learn.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None and not user.active:
            form.email.errors.append(
                _("This account has been deactivated. Please contact your administrator.")
            )
        elif user is not None:
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
        else:
            form.password.errors.append(_("The email or password is not correct."))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 422


@bp.post("/logout")
def logout():
    """Sign out (a POST, so a link elsewhere cannot sign anyone out)."""
    logout_user()
    flash(_("You have signed out."), "success")
    return redirect(url_for("learn.index"))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    """Edit one's own profile."""
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        data = {name: getattr(form, name).data for name in services.PROFILE_FIELDS}
        services.update_profile(current_user, data)
        flash(_("Your profile has been saved."), "success")
        return redirect(url_for(".profile"))
    return render_template("auth/profile.html", form=form), 200 if not form.errors else 422


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    """Change one's password; required first after a one-time password."""
    form = PasswordForm()
    if form.validate_on_submit():
        if current_user.check_password(form.current.data):
            services.change_password(current_user, form.password.data)
            login_user(current_user._get_current_object())  # keep this device signed in
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("learn.dashboard"))
        form.current.errors.append(_("The current password is not correct."))
    return render_template(
        "auth/password.html", form=form, forced=current_user.must_change_password
    ), (200 if not form.errors else 422)


@bp.post("/language")
def language():
    """Switch the interface language: saved for a signed-in user, a cookie for a visitor."""
    code = request.form.get("locale", "")
    response = redirect(_safe_next(request.form.get("next"), fallback=url_for("learn.index")))
    if code not in LOCALES:
        flash(_("That language is not available."), "error")
        return response
    if current_user.is_authenticated:
        current_user.locale = code
    response.set_cookie(LOCALE_COOKIE, code, max_age=ONE_YEAR, samesite="Lax", httponly=True)
    return response


def _safe_next(target: str | None, fallback: str | None = None) -> str:
    """Only same-site paths, so a crafted link cannot send someone elsewhere after sign-in."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and "\\" not in target:
            return target
    return fallback or url_for("learn.dashboard")
