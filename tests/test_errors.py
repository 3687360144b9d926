"""Error pages use the site's layout; a failure mid-request saves nothing."""

from sqlalchemy import func, select

from lms.models import User


def test_404_page_is_in_the_layout(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Page not found" in page and '<main id="main">' in page


def test_500_page_rolls_back_and_is_in_the_layout(app, db, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        db.session.add(
            User(
                email="half@example.org",
                full_name="Half",
                country="TH",
                locale="en",
                sector="other",
                organisation_type="other",
                password_hash="x",
            )
        )
        db.session.flush()
        raise RuntimeError("boom")

    response = client.get("/boom")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.get_data(as_text=True)
    db.session.remove()
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_oversized_request_is_refused_politely(client):
    response = client.post("/login", data={"email": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
