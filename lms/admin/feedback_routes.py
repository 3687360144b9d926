"""Session feedback per country, for administrators (routes on the admin blueprint)."""

from flask_login import current_user

from lms.admin import services
from lms.admin.routes import _page, bp
from lms.workshops import feedback


@bp.get("/feedback")
def feedback_by_country():
    """The anonymous answers per country of the administrator's scope. Small groups are
    hidden for regional administrators too: the answers, not only the people, are private."""
    return _page("feedback.html", rows=feedback.by_country(services.scope(current_user)))
