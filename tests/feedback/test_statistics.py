"""The public statistics (DOMAIN.md 6: published, machine-readable; DOMAIN.md 4: the
analysis is published): per unit and per procedure, month by month for the last twelve
months, cases registered and decided, the on-time share and the median days."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from kancelaria.feedback.selectors import months_back, public_statistics, statistics_rows
from kancelaria.registry.models import CaseStatus
from tests import factories
from tests.feedback.conftest import close

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)
D = dt.date


@pytest.fixture
def cases(org, registrar, index):
    """Given a small fixed set of case files (today is 15.06.2026):
    A planning, application: 04.05 -> 14.05, deadline 20.05 (on time, 10 days)
    B planning, application: 01.05 -> 31.05, deadline 15.05 (late, 30 days)
    C planning, complaint:   10.05 -> 12.05, no deadline (2 days)
    D desk, application:     01.06, still open
    E planning, application: 10.01.2025 -> 03.06.2026, deadline 10.06 (registered before the window)
    F finance, application:  19.05, withdrawn 20.05 (not a decision)
    """
    def case(doc_type="application"):
        return factories.entry(registrar, index=index, doc_type=doc_type).case

    planning = org["planning"]
    close(case(), D(2026, 5, 14), opened_on=D(2026, 5, 4), deadline=D(2026, 5, 20), unit=planning)
    close(case(), D(2026, 5, 31), opened_on=D(2026, 5, 1), deadline=D(2026, 5, 15), unit=planning)
    close(case("complaint"), D(2026, 5, 12), opened_on=D(2026, 5, 10), unit=planning)
    d = case()
    type(d).objects.filter(pk=d.pk).update(opened_on=D(2026, 6, 1), holder_unit=org["desk"],
                                            status=CaseStatus.IN_PROGRESS)
    close(case(), D(2026, 6, 3), opened_on=D(2025, 1, 10), deadline=D(2026, 6, 10), unit=planning)
    close(case(), D(2026, 5, 20), opened_on=D(2026, 5, 19), unit=org["finance"], status=CaseStatus.WITHDRAWN)
    return org


def month(group, key: str):
    return next(m for m in group.months if m.month.strftime("%Y-%m") == key)


def test_twelve_months_back_to_this_month():
    """Given mid-June 2026, then the months run from July 2025 to June 2026."""
    months = months_back(TODAY)
    assert (len(months), months[0], months[-1]) == (12, D(2025, 7, 1), D(2026, 6, 1))
    assert months_back(D(2026, 1, 31))[0] == D(2025, 2, 1)


def test_arithmetic_per_unit(cases):
    """Then planning in May: 3 registered, 3 decided, on time 1 of 2 with a deadline (50 %),
    median of 10, 30 and 2 days = 10."""
    stats = public_statistics(today=TODAY)
    planning = next(g for g in stats.units if g.label == cases["planning"].name)
    may = month(planning, "2026-05")
    assert (may.registered, may.decided, may.with_deadline, may.on_time) == (3, 3, 2, 1)
    assert (may.on_time_share, may.median_days) == (50.0, 10.0)
    june = month(planning, "2026-06")
    assert (june.registered, june.decided, june.on_time_share) == (0, 1, 100.0)
    assert june.median_days == (D(2026, 6, 3) - D(2025, 1, 10)).days


def test_arithmetic_overall_and_withdrawn(cases):
    """Then overall May counts 4 registered (the withdrawn one too) but 3 decided; a month with
    no decision has no share and no median."""
    stats = public_statistics(today=TODAY)
    may = month(stats.overall, "2026-05")
    assert (may.registered, may.decided) == (4, 3)
    finance = next(g for g in stats.units if g.label == cases["finance"].name)
    f_may = month(finance, "2026-05")
    assert (f_may.registered, f_may.decided, f_may.on_time_share, f_may.median_days) == (1, 0, None, None)
    assert month(stats.overall, "2026-06").registered == 1


def test_arithmetic_per_procedure(cases):
    """Then 94-00 applications in May: 2 decided, 50 % on time, median (10 + 30) / 2 = 20;
    complaints are a separate procedure."""
    stats = public_statistics(today=TODAY)
    groups = {g.key: g for g in stats.procedures}
    application = month(groups["94-00:application"], "2026-05")
    assert (application.decided, application.on_time_share, application.median_days) == (2, 50.0, 20.0)
    complaint = month(groups["94-00:complaint"], "2026-05")
    assert (complaint.registered, complaint.decided, complaint.on_time_share, complaint.median_days) == \
        (1, 1, None, 2.0)


def test_csv_has_bom_header_and_a_row_per_group_and_month(client, cases):
    """Given the statistics, when the CSV is downloaded, then it is UTF-8 with BOM, has the
    header and 12 rows per group (overall, each unit, each procedure)."""
    response = client.get(reverse("feedback:statistics_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:5] == ["dimension", "group", "index", "document_type", "month"]
    stats = public_statistics(today=timezone.localdate())
    groups = 1 + len(stats.units) + len(stats.procedures)
    assert len(rows) == 1 + 12 * groups
    assert rows == [[str(c) for c in row] for row in statistics_rows(stats)]


def test_page_query_count_is_constant(client, org, registrar, index, django_assert_num_queries):
    """Given 3 and then 20 case files, then the public page costs the same queries."""
    def page_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("feedback:statistics")).status_code == 200
        return len(ctx.captured_queries)

    for _i in range(3):
        factories.entry(registrar, index=index)
    few = page_queries()
    for _i in range(17):
        factories.entry(registrar, index=index, doc_type="signal")
    with django_assert_num_queries(few):
        response = client.get(reverse("feedback:statistics"))
    assert "94-00" in response.content.decode()
    assert few <= 3
