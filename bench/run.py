#!/usr/bin/env python3
"""`make bench`: figures on PostgreSQL. Prints numbers only; nothing here asserts on time.

(a) Registrations per second through `entry_register` with 8 concurrent workers (each
    its own connection) into one index, next to raw SQL doing the equivalent minimum
    (lock a counter row with SELECT ... FOR UPDATE, update it, insert a row, commit)
    with 8 workers; and their ratio.
(b) Public tracking look-ups over 100,000 case files: p50 / p99 in milliseconds of the
    portal's `case_track` selector (or, where it does not exist, the equivalent ORM
    query: the case file by tracking code with its entries and movements).

The database is a dedicated `kancelaria_bench` on the server of DATABASE_URL (or
postgres://postgres@127.0.0.1:5432/), created and migrated here. The 100,000 case files
of (b) are bulk-inserted once and kept for later runs; that setup bypasses the register
chain on purpose (it is test data for reads, never verified).

(c) Requests for public information over 30,000 requests in three years (half of them
    decided and published): the annual report of one year (`publicinfo.report.annual_report`),
    a page of 20 records of the public register with their personal data removed
    (`publication.public_requests` + `public_record`), and a page of 50 rows of the staff
    register (`selectors.register_rows`); median and p99 in milliseconds. The requests
    are bulk-inserted once, like (b).

Sizes: BENCH_WORKERS (8), BENCH_REGISTRATIONS (2000), BENCH_CASES (100000),
BENCH_LOOKUPS (2000), BENCH_INFO_REQUESTS (30000).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/kancelaria"
BENCH_DB = "kancelaria_bench"
WORKERS = int(os.environ.get("BENCH_WORKERS", "8"))
REGISTRATIONS = int(os.environ.get("BENCH_REGISTRATIONS", "2000"))
CASES = int(os.environ.get("BENCH_CASES", "100000"))
LOOKUPS = int(os.environ.get("BENCH_LOOKUPS", "2000"))
INFO_REQUESTS = int(os.environ.get("BENCH_INFO_REQUESTS", "30000"))
INFO_INDEX = "BENCH-ZDOI"
REG_INDEX = "BENCH-REG"
TRACK_INDEX = "BENCH-TRACK"


def database_prepare() -> str:
    """Create the bench database if needed; returns its URL."""
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    url = os.environ.get("DATABASE_URL", "").strip() or DEFAULT_URL
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("make bench needs PostgreSQL: set DATABASE_URL=postgres://... (SQLite is not measured).")
    try:
        with psycopg.connect(make_conninfo(url, dbname="postgres"), connect_timeout=3, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(BENCH_DB)))
            version = conn.execute("SHOW server_version").fetchone()[0]
    except psycopg.OperationalError as exc:
        sys.exit(f"make bench needs PostgreSQL, and none answers at {url.split('@')[-1]}: {exc}")
    params = conninfo_to_dict(url)
    params["dbname"] = BENCH_DB
    user = params.get("user", "postgres")
    password = f":{params['password']}" if params.get("password") else ""
    host = params.get("host", "127.0.0.1")
    port = params.get("port", "5432")
    print(f"PostgreSQL {version}, database {BENCH_DB} on {host}:{port}; {os.cpu_count()} CPUs")
    return f"postgres://{user}{password}@{host}:{port}/{BENCH_DB}"


def django_setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["TASKS_BACKEND"] = "immediate"
    os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="kancelaria-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kancelaria.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _run_threads(target, count: int) -> float:
    errors: list[str] = []
    barrier = threading.Barrier(WORKERS + 1)
    share = [count // WORKERS + (1 if w < count % WORKERS else 0) for w in range(WORKERS)]

    def wrapped(worker: int) -> None:
        try:
            target(worker, share[worker], barrier)
        except Exception as exc:  # reported below
            errors.append(f"worker {worker}: {exc!r}")
            barrier.abort()

    threads = [threading.Thread(target=wrapped, args=(w,)) for w in range(WORKERS)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        sys.exit("benchmark failed: " + "; ".join(errors))
    return elapsed


def bench_registrations(url: str) -> None:
    import psycopg
    from django.db import connections

    from kancelaria.accounts.models import Unit, User
    from kancelaria.accounts.services import unit_save
    from kancelaria.registry.models import Index
    from kancelaria.registry.services import Correspondent, Registration, entry_register, index_save

    unit = Unit.objects.filter(code="bench-desk").first() or unit_save(
        unit=Unit(code="bench-desk", name="Център за административно обслужване", kind=Unit.Kind.SERVICE_CENTRE))
    user = User.objects.filter(username="bench").first() or User.objects.create_user(
        username="bench", password=None, unit=unit)
    index = Index.objects.filter(code=REG_INDEX).first() or index_save(
        actor=None, index=Index(code=REG_INDEX, name="Бенчмарк: заявления"))

    def orm_worker(worker: int, count: int, barrier: threading.Barrier) -> None:
        actor = User.objects.select_related("unit").get(pk=user.pk)
        idx = Index.objects.get(pk=index.pk)
        connections["default"].ensure_connection()
        barrier.wait()
        try:
            for n in range(count):
                entry_register(actor=actor, registration=Registration(
                    kind="incoming", channel="desk", doc_type="application", index=idx,
                    subject=f"Заявление за издаване на скица № {worker}-{n}",
                    correspondent=Correspondent(name="Иван Петров Иванов", kind="person",
                                                address="гр. Момчилград, ул. „Трети март“ 12"),
                ))
        finally:
            connections.close_all()

    orm_seconds = _run_threads(orm_worker, REGISTRATIONS)

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_counter (id int PRIMARY KEY, value bigint NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS bench_entry (id bigserial PRIMARY KEY, seq bigint NOT NULL, "
                     "subject text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())")
        conn.execute("INSERT INTO bench_counter VALUES (1, 0) ON CONFLICT (id) DO NOTHING")

    def raw_worker(worker: int, count: int, barrier: threading.Barrier) -> None:
        with psycopg.connect(url) as conn:
            barrier.wait()
            for n in range(count):
                with conn.transaction():
                    value = conn.execute("SELECT value FROM bench_counter WHERE id = 1 FOR UPDATE").fetchone()[0]
                    conn.execute("UPDATE bench_counter SET value = %s WHERE id = 1", [value + 1])
                    conn.execute("INSERT INTO bench_entry (seq, subject) VALUES (%s, %s)",
                                 [value + 1, f"Заявление за издаване на скица № {worker}-{n}"])

    raw_seconds = _run_threads(raw_worker, REGISTRATIONS)

    orm_rate = REGISTRATIONS / orm_seconds
    raw_rate = REGISTRATIONS / raw_seconds
    print(f"\n(a) registrations into one index, {WORKERS} concurrent workers, {REGISTRATIONS} in all")
    print(f"    entry_register (case, entry, register record, movement, audit):"
          f" {orm_rate:8.1f} /s  ({orm_seconds:.2f} s)")
    print(f"    raw SQL (counter FOR UPDATE + insert):                        "
          f" {raw_rate:8.1f} /s  ({raw_seconds:.2f} s)")
    print(f"    ratio raw SQL / entry_register: {raw_rate / orm_rate:.1f}x")


def tracking_setup() -> list[tuple[str, str]]:
    """100,000 case files, each with one entry and one movement; bulk inserts (setup
    only: no register records). Returns (entry number, tracking code) pairs."""
    from django.db import transaction
    from django.utils import timezone

    from kancelaria.registry import numbering
    from kancelaria.registry.models import CaseFile, CaseMovement, Counter, Entry, Index
    from kancelaria.registry.services import index_save

    index = Index.objects.filter(code=TRACK_INDEX).first() or index_save(
        actor=None, index=Index(code=TRACK_INDEX, name="Бенчмарк: проследяване", numbering_scope="continuous"))
    have = CaseFile.objects.filter(index=index).count()
    if have < CASES:
        started = time.perf_counter()
        rng = random.Random(2026)
        codes = set(CaseFile.objects.values_list("tracking_code", flat=True))
        now = timezone.now()
        batch = 5000
        for first in range(have + 1, CASES + 1, batch):
            sequences = range(first, min(first + batch, CASES + 1))
            cases = []
            for seq in sequences:
                code = numbering.tracking_code_new()
                while code in codes:
                    code = numbering.tracking_code_new()
                codes.add(code)
                day = (now - dt.timedelta(days=rng.randint(0, 730))).date()
                cases.append(CaseFile(
                    index=index, year=0, sequence=seq, number=numbering.case_number(TRACK_INDEX, seq),
                    opened_on=day, subject="Заявление за издаване на удостоверение",
                    status=rng.choice(["registered", "in_progress", "answered"]),
                    deadline=day + dt.timedelta(days=14), tracking_code=code,
                ))
            with transaction.atomic():
                CaseFile.objects.bulk_create(cases)
                entries = [Entry(
                    case=case, ordinal=1, number=numbering.entry_number(TRACK_INDEX, case.sequence, 1, case.opened_on),
                    kind="incoming", doc_type="application", channel="desk", subject=case.subject,
                    registered_at=now, registered_on=case.opened_on, correspondent_kind="person",
                    correspondent_name="Иван Петров Иванов", search_text=case.subject.casefold(),
                ) for case in cases]
                Entry.objects.bulk_create(entries)
                CaseMovement.objects.bulk_create([
                    CaseMovement(case=case, action="registered", entry=entry, at=now)
                    for case, entry in zip(cases, entries, strict=True)
                ])
        Counter.objects.update_or_create(index=index, year=0, defaults={"last_value": CASES})
        print(f"    (setup: {CASES - have} case files bulk-inserted in {time.perf_counter() - started:.1f} s)")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE registry_casefile; ANALYZE registry_entry; ANALYZE registry_casemovement")
    return list(Entry.objects.filter(case__index=index).values_list("number", "case__tracking_code"))


def bench_tracking() -> None:
    print(f"\n(b) public tracking look-ups over {CASES} case files")
    pairs = tracking_setup()
    try:
        from kancelaria.portal.selectors import case_track

        def lookup(number: str, code: str):
            return case_track(number=number, code=code)

        what = "kancelaria.portal.selectors.case_track"
    except ImportError:
        from kancelaria.registry.models import CaseFile

        def lookup(number: str, code: str):
            case = (CaseFile.objects.filter(tracking_code=code)
                    .prefetch_related("entries", "movements__unit").first())
            if case is None or number not in {e.number for e in case.entries.all()}:
                return None
            list(case.movements.all())
            return case

        what = "equivalent ORM query (portal selector not found)"
    rng = random.Random(11)
    sample = [rng.choice(pairs) for _ in range(LOOKUPS)]
    for number, code in sample[:100]:  # warm-up
        lookup(number, code)
    timings = []
    misses = 0
    for number, code in sample:
        started = time.perf_counter()
        found = lookup(number, code)
        timings.append((time.perf_counter() - started) * 1000)
        misses += found is None
    timings.sort()
    p50 = statistics.median(timings)
    p99 = timings[min(int(len(timings) * 0.99), len(timings) - 1)]
    print(f"    {what}: {LOOKUPS} random look-ups")
    print(f"    p50 {p50:.2f} ms   p99 {p99:.2f} ms   max {timings[-1]:.2f} ms"
          + (f"   ({misses} not found!)" if misses else ""))


def info_setup() -> None:
    """INFO_REQUESTS requests for information, each with its case file and entry, over
    the last three years; about half decided and published. Bulk inserts (setup only)."""
    import secrets

    from django.db import connection, transaction
    from django.utils import timezone

    from kancelaria.publicinfo.models import InfoRequest, Outcome, RequesterType, Status
    from kancelaria.registry import numbering
    from kancelaria.registry.models import CaseFile, Counter, Entry, Index
    from kancelaria.registry.services import index_save

    index = Index.objects.filter(code=INFO_INDEX).first() or index_save(
        actor=None, index=Index(code=INFO_INDEX, name="Бенчмарк: ЗДОИ", numbering_scope="continuous"))
    have = InfoRequest.objects.filter(case__index=index).count()
    if have < INFO_REQUESTS:
        started = time.perf_counter()
        rng = random.Random(5)
        now = timezone.now()
        today = timezone.localdate()
        outcomes = [Outcome.GRANTED, Outcome.PARTIAL, Outcome.REFUSED, Outcome.NOT_HELD, Outcome.FORWARDED]
        status_of = {Outcome.GRANTED: Status.ACCESS_GIVEN, Outcome.PARTIAL: Status.ACCESS_GIVEN,
                     Outcome.REFUSED: Status.REFUSED, Outcome.NOT_HELD: Status.NOT_HELD,
                     Outcome.FORWARDED: Status.FORWARDED}
        batch = 5000
        for first in range(have + 1, INFO_REQUESTS + 1, batch):
            sequences = range(first, min(first + batch, INFO_REQUESTS + 1))
            cases = []
            for seq in sequences:
                day = today - dt.timedelta(days=rng.randint(0, 3 * 365))
                cases.append(CaseFile(
                    index=index, year=0, sequence=seq, number=numbering.case_number(INFO_INDEX, seq),
                    opened_on=day, subject="Заявление за достъп до обществена информация",
                    status="closed", deadline=day + dt.timedelta(days=14),
                    tracking_code=numbering.tracking_code_new(),
                ))
            with transaction.atomic():
                CaseFile.objects.bulk_create(cases)
                entries = Entry.objects.bulk_create([Entry(
                    case=case, ordinal=1, number=numbering.entry_number(INFO_INDEX, case.sequence, 1, case.opened_on),
                    kind="incoming", doc_type="info_request", channel="email", subject=case.subject,
                    registered_at=now, registered_on=case.opened_on, correspondent_kind="person",
                    correspondent_name="Иван Петров Иванов", correspondent_email="ivan.ivanov@example.bg",
                    correspondent_address="гр. Момчилград, ул. „Родопи“ 12", search_text=case.subject.casefold(),
                ) for case in cases])
                requests = []
                for case, entry in zip(cases, entries, strict=True):
                    decided = rng.random() < 0.5
                    outcome = rng.choice(outcomes) if decided else ""
                    requests.append(InfoRequest(
                        case=case, entry=entry, kind="access", channel="email",
                        requester_type=rng.choice(RequesterType.values), received_on=case.opened_on,
                        description="Моля за копие от договора за зимно поддържане, сключен от общината; "
                                    "пишете ми на ivan.ivanov@example.bg или на тел. 0888 123 456.",
                        preferred_forms=["electronic"], reply_token=secrets.token_urlsafe(24),
                        status=status_of[outcome] if decided else Status.OPEN, outcome=outcome,
                        counted_from=case.opened_on, decision_due=case.deadline,
                        decided_on=case.opened_on + dt.timedelta(days=rng.randint(3, 16)) if decided else None,
                        refusal_grounds=["classified"] if outcome == Outcome.REFUSED else [],
                        information_text="Договорът е с „Пътстрой“ ЕООД за 48 000 EUR." if decided else "",
                        published=decided, published_on=case.opened_on + dt.timedelta(days=20) if decided else None,
                    ))
                InfoRequest.objects.bulk_create(requests)
        Counter.objects.update_or_create(index=index, year=0, defaults={"last_value": INFO_REQUESTS})
        print(f"    (setup: {INFO_REQUESTS - have} requests bulk-inserted in {time.perf_counter() - started:.1f} s)")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE publicinfo_inforequest; ANALYZE registry_casefile; ANALYZE registry_entry")


def _timed(label: str, call, runs: int) -> None:
    for _ in range(3):  # warm-up
        call()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p99 = timings[min(int(len(timings) * 0.99), len(timings) - 1)]
    print(f"    {label}: median {statistics.median(timings):.1f} ms   p99 {p99:.1f} ms   ({runs} runs)")


def bench_information() -> None:
    print(f"\n(c) requests for public information: {INFO_REQUESTS} requests over three years")
    info_setup()
    from django.utils import timezone

    from kancelaria.publicinfo import publication, report, selectors

    year = timezone.localdate().year - 1

    def annual():
        return report.annual_report(year)

    def public_page():
        return [publication.public_record(r) for r in publication.public_requests()[:20]]

    def staff_page():
        return list(selectors.register_rows({})[:50])

    figures = annual()
    print(f"    the {year} report counts {figures.received} requests, {figures.decided} decided")
    _timed(f"annual report {year}", annual, 50)
    _timed("public register, a page of 20 redacted records", public_page, 200)
    _timed("staff register, a page of 50 rows", staff_page, 200)


def main() -> None:
    url = database_prepare()
    django_setup(url)
    bench_registrations(url)
    bench_tracking()
    bench_information()


if __name__ == "__main__":
    main()
