"""The donor report's figures against a hand-counted data set; small counts suppressed."""

import csv
import io

from lms.admin.reports import Filters, donor_report
from tests.conftest import csrf_token


def rows_of(report):
    return {(c, y): (b.counts, b.total) for c, y, b in report.by_country_year}


def test_people_trained_by_country_year_and_sex_match_the_hand_count(db, fixed_set):
    report = donor_report(Filters())
    assert rows_of(report) == {
        ("TH", 2025): ({"women": 3, "men": 1, "another": 0, "not_stated": 2}, 6),
        ("TH", 2026): ({"women": 1, "men": 0, "another": 0, "not_stated": 0}, 1),
        ("VN", 2025): ({"women": 0, "men": 2, "another": 1, "not_stated": 0}, 3),
    }
    assert report.total.counts == {"women": 4, "men": 3, "another": 1, "not_stated": 2}
    assert report.total.share_of_women == 0.4
    sectors = {b.label: b.total for b in report.by_sector}
    assert sectors == {"health": 4, "law_enforcement": 3, "labour_inspection": 3}


def test_filters_narrow_the_count(db, fixed_set):
    assert donor_report(Filters(countries=("VN",))).total.total == 3
    assert donor_report(Filters(gender="not_stated")).total.total == 2
    assert donor_report(Filters(sector="health", countries=("TH",))).total.counts["women"] == 4


def export(client, **filters):
    url = "/admin/donors"
    data = {"csrf_token": csrf_token(client, url), "format": "csv", **filters}
    response = client.post(f"{url}/export", data=data)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_regional_administrators_see_exact_counts(client, db, fixed_set, regional_admin, login):
    login(regional_admin)
    table = export(client)
    assert ["TH", "2025", "3", "1", "0", "2", "6", "50.0"] in table
    assert ["TH", "2026", "1", "0", "0", "0", "1", "100.0"] in table
    assert table[-1] == ["Total", "", "4", "3", "1", "2", "10", "40.0"]


def test_national_administrators_see_small_counts_as_below_five(
    client, db, fixed_set, thai_admin, login
):
    login(thai_admin)
    table = export(client)
    assert ["TH", "2025", "<5", "<5", "0", "<5", "6", "50.0"] in table
    assert ["TH", "2026", "<5", "0", "0", "0", "<5", ""] in table  # no share of one person
    assert not any(row[0] == "VN" for row in table)  # another country: never there
    page = client.get("/admin/donors").get_data(as_text=True)
    assert "&lt;5" in page and "Viet Nam" not in page.split("<main")[1].split('id="by-country"')[1]
