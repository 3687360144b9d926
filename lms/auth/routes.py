"""Register, sign in and out, edit the profile, change or reset the password, and the
learner's own data: the privacy notice, a copy of everything held, deleting the account."""

import json
import time
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from lms.auth import services
from lms.auth.forms import (
    DeleteForm,
    ForgotForm,
    LoginForm,
    PasswordForm,
    ProfileForm,
    RegisterForm,
    ResetForm,
)
from lms.extensions import limiter
from lms.i18n import LOCALE_COOKIE, LOCALES, current_locale
from lms.security import log_event

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


@bp.before_app_request
def end_stale_sessions():
    """A session ends after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS after
    sign-in; a remembered one lasts as long as its cookie (30 days)."""
    if not current_user.is_authenticated or request.endpoint == "static":
        return None
    now, config = time.time(), current_app.config
    started = session.setdefault("signed_in_at", now)  # a remember-me cookie starts a session
    idle = now - session.get("seen_at", now) > config["SESSION_IDLE_MINUTES"] * 60
    too_old = now - started > config["SESSION_MAX_HOURS"] * 3600
    if not session.get("remembered") and (idle or too_old):
        logout_user()
        session.clear()
        flash(_("Your session ended, for your security. Please sign in again."), "info")
        return redirect(url_for("auth.login", next=request.path))
    if now - session.get("seen_at", 0) > 60:  # rewrite the cookie at most once a minute
        session["seen_at"] = now
    return None


def _sign_in(user, remember: bool = False) -> None:
    """A fresh session for every sign-in, so nothing set before it (a planted cookie) survives."""
    session.clear()
    login_user(user, remember=remember)
    session.update(signed_in_at=time.time(), seen_at=time.time(), remembered=remember)
    services.signed_in(user)
    log_event("sign_in", user)


def _account_key() -> str:
    return "account:" + (request.form.get("email") or "").strip().lower()


def _failed(response) -> bool:
    return response.status_code == 422  # only wrong passwords count toward the lock


def _locked(_limit):
    """Too many failed sign-ins for one account: say so plainly, in the site's layout."""
    message = _("Too many failed sign-ins for this account. Please wait 15 minutes, then try "
                "again, or reset your password.")  # fmt: skip
    log_event("sign_in_locked")
    page = render_template("errors/error.html", title=_("Too many attempts"), message=message)
    return make_response(page, 429)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("60 per hour", methods=["POST"])  # a workshop room may share one address
def register():
    """Create a learner account."""
    if current_user.is_authenticated:
        return redirect(url_for("learn.dashboard"))
    form = RegisterForm(locale=current_locale())  # the language they are browsing in
    if form.validate_on_submit():
        profile = {name: getattr(form, name).data for name in services.PROFILE_FIELDS}
        notice = current_app.config["PRIVACY_NOTICE_VERSION"]
        user = services.register(form.email.data, form.password.data, profile, notice)
        if user is not None:
            _sign_in(user)
            flash(_("Welcome! Your account is ready."), "success")
            return redirect(url_for("learn.dashboard"))
        form.email.errors.append(_("An account with this email already exists. Sign in instead."))
    return render_template("auth/register.html", form=form), 200 if not form.errors else 422


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
@limiter.limit("5 per 15 minutes", methods=["POST"], key_func=_account_key, scope="account",
               deduct_when=_failed, on_breach=_locked)  # fmt: skip
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
            _sign_in(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
        else:
            log_event("sign_in_failed")
            form.password.errors.append(_("The email or password is not correct."))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 422


@bp.post("/logout")
def logout():
    """Sign out, here and on every other device (a POST, so a link cannot sign anyone out)."""
    if current_user.is_authenticated:
        current_user.end_sessions()
        log_event("sign_out", current_user)
    logout_user()
    session.clear()
    flash(_("You have signed out."), "success")
    return redirect(url_for("learn.index"))


def _reset_key() -> str:
    return "reset:" + (request.form.get("email") or "").strip().lower()


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
@limiter.limit("3 per hour", methods=["POST"], key_func=_reset_key, scope="reset")
def forgot():
    """Ask for a reset link. The answer is the same whether or not the address has an account."""
    form = ForgotForm()
    if form.validate_on_submit():
        user = services.find_user(form.email.data)
        if user is not None and user.active:
            services.send_reset(user)
        log_event("reset_requested", user)
        flash(_("If an account uses this address, a link to reset its password is on its way. "
                "It works for one hour."), "info")  # fmt: skip
        return redirect(url_for(".login"))
    return render_template("auth/forgot.html", form=form), 200 if not form.errors else 422


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def reset(token: str):
    """Choose a new password with a reset link (valid for an hour, once)."""
    user = services.user_for_reset(token)
    if user is None:
        return render_template("auth/reset_invalid.html"), 400
    form = ResetForm()
    if form.validate_on_submit():
        services.change_password(user, form.password.data)
        log_event("password_reset", user)
        flash(_("Your password has been changed. Please sign in with it."), "success")
        return redirect(url_for(".login"))
    return render_template("auth/reset.html", form=form), 200 if not form.errors else 422


@bp.get("/privacy")
def privacy():
    """The privacy notice: what is kept, what for, who sees it, and the learner's choices."""
    version = current_app.config["PRIVACY_NOTICE_VERSION"]
    return render_template("auth/privacy.html", version=version)


@bp.get("/profile/data.json")
@login_required
def my_data():
    """Everything held about the signed-in person, as a JSON file."""
    body = json.dumps(services.personal_data(current_user), ensure_ascii=False, indent=2)
    headers = {"Content-Disposition": 'attachment; filename="my-data.json"'}
    return current_app.response_class(body, mimetype="application/json", headers=headers)


@bp.route("/profile/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    """Delete one's own account, after confirming with the password."""
    form = DeleteForm()
    if form.validate_on_submit():
        if current_user.check_password(form.password.data):
            log_event("account_deleted", current_user)
            services.delete_account(current_user)
            logout_user()
            session.clear()
            flash(_("Your account has been deleted."), "success")
            return redirect(url_for("learn.index"))
        form.password.errors.append(_("The password is not correct."))
    return render_template("auth/delete.html", form=form), 200 if not form.errors else 422


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
            log_event("password_changed", current_user)
            _sign_in(current_user._get_current_object())  # this device stays signed in
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
