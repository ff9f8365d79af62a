"""`kancelaria calendar`: due dates and the year's days on the command line (DOMAIN.md 3,
"Deadline arithmetic"). The first line of `due` is the date; bad input is a message on
stderr and exit code 2 or 1, never a traceback."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kancelaria.workcalendar.models import OfficeDay
from kancelaria.workcalendar.services import office_day_save

pytestmark = pytest.mark.django_db
CONSOLE_SCRIPT = Path(sys.executable).with_name("kancelaria")
ROOT = Path(__file__).resolve().parents[2]


def due(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("calendar", "due", *args, stdout=out)
    return out.getvalue().splitlines()


def test_the_first_line_is_the_due_date():
    # Good Friday 2026: Fri 3 Apr + 7 days = Fri 10 Apr; 10-13 Apr off -> Tue 14 Apr.
    """DOMAIN.md 3: given a period in days or months, when `calendar due` runs, then it prints
    the due date alone as YYYY-MM-DD."""
    assert due("--start", "2026-04-03", "--days", "7") == ["2026-04-14"]
    # 30 Apr 2026 + 1 month = Sat 30 May -> Mon 1 Jun.
    assert due("--start", "2026-04-30", "--months", "1") == ["2026-06-01"]


def test_explain_follows_the_date():
    """DOMAIN.md 3: with --explain, the date is followed by the start, period, extension,
    pauses, paused days, raw end and due date, one line each."""
    lines = due("--start", "2026-11-02", "--days", "14", "--extend-days", "1", "--pause", "2026-11-05:2026-11-09",
                "--pause", "2026-11-08:2026-11-12", "--explain")
    # 16 Nov + 1 + 8 paused days (5-12 Nov, counted once) = Wed 25 Nov.
    assert lines[0] == "2026-11-25"
    assert lines[1:] == [
        "start: 2026-11-02",
        "period: 14 day(s) counted from the day after 2026-11-02, ends 2026-11-16",
        "extension: 1 day(s)",
        "pause: 2026-11-05 to 2026-11-09",
        "pause: 2026-11-08 to 2026-11-12",
        "paused days inside the running period: 8",
        "raw end: 2026-11-25",
        "due: 2026-11-25 (Wednesday)",
    ]


def test_the_office_days_apply_also_with_another_country(admin):
    """Given Thu 12 Nov 2026 an office day off, when another country's calendar is asked
    for, then the office's day applies with it (and Poland's 11 Nov is skipped too)."""
    office_day_save(actor=admin, day=OfficeDay(date=dt.date(2026, 11, 12), kind="day_off", note="Празник"))
    # Tue 10 Nov + 1 day = Wed 11 Nov: off in Poland, then the office's Thursday -> Fri 13 Nov.
    assert due("--start", "2026-11-10", "--days", "1", "--country", "PL") == ["2026-11-13"]
    # In Bulgaria 11 Nov is a working day ...
    assert due("--start", "2026-11-10", "--days", "1") == ["2026-11-11"]
    # ... and 12 Nov the office's day off, in any country's calendar.
    assert due("--start", "2026-11-10", "--days", "2") == ["2026-11-13"]
    assert due("--start", "2026-11-10", "--days", "2", "--country", "UA") == ["2026-11-13"]


@pytest.mark.parametrize(("args", "message"), [
    (["--start", "2026-11-02", "--days", "99999"], "days: Enter a number of days from 0 to 3660."),
    (["--start", "2100-12-02", "--months", "1"], "falls after 2100"),
    (["--start", "2026-11-02", "--days", "1", "--country", "XX"], "country: No official calendar"),
    (["--start", "2026-11-02", "--days", "1", "--pause", "1800-01-01:1800-01-02"], "pause: Enter pauses"),
    (["--start", "2026-13-02", "--days", "1"], "not a date in the form YYYY-MM-DD"),
    (["--start", "2026-11-02", "--days", "-1"], "cannot be negative"),
    (["--start", "2026-11-02", "--days", "1", "--months", "1"], "not allowed with argument --days"),
    (["--start", "2026-11-02", "--days", "1", "--pause", "2026-11-05/2026-11-09"], "a pause is written FIRST:LAST"),
])
def test_bad_input_is_a_command_error(args, message):
    """Given a malformed or out-of-range argument, when the command runs, then a CommandError
    saying what is wrong (exit code 2 or 1 on the command line, no traceback)."""
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("calendar", "due", *args, stdout=io.StringIO())


def test_the_days_of_a_year():
    """DOMAIN.md 3: `calendar days --year 2026` lists the non-working weekdays with their kind
    and name, including the government's day off and the day replacing a weekend holiday."""
    out = io.StringIO()
    call_command("calendar", "days", "--year", "2026", stdout=out)
    lines = out.getvalue().splitlines()
    assert "2026-01-02 Fri official: Non-working day" in lines
    assert "2026-12-28 Mon official: Christmas Day (observed)" in lines
    assert not any(" Sat " in line or " Sun " in line for line in lines)  # weekdays only


def cli(*args: str, database: Path) -> subprocess.CompletedProcess:
    # messages are read in English, whatever the office's language
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "LANGUAGE_CODE": "en"}
    return subprocess.run([str(CONSOLE_SCRIPT), *args], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=120)


@pytest.mark.django_db(transaction=True)
def test_the_console_script_exit_codes_and_no_tracebacks(tmp_path):
    """Through the real console script: 0 and the date; 2 for a malformed argument
    (argparse); 1 for a value out of range or an unmigrated database; never a traceback."""
    database = tmp_path / "calendar.sqlite3"
    unmigrated = cli("calendar", "due", "--start", "2026-11-02", "--days", "1", database=database)
    assert unmigrated.returncode == 1 and "kancelaria migrate" in unmigrated.stderr
    assert subprocess.run([str(CONSOLE_SCRIPT), "migrate", "-v", "0"], cwd=ROOT, timeout=300, capture_output=True,
                          env={**os.environ, "DATABASE_URL": f"sqlite:///{database}"}).returncode == 0

    ok = cli("calendar", "due", "--start", "2026-12-14", "--days", "12", "--explain", database=database)
    malformed = cli("calendar", "due", "--start", "14.12.2026", "--days", "12", database=database)
    missing = cli("calendar", "due", "--start", "2026-12-14", database=database)
    out_of_range = cli("calendar", "due", "--start", "2026-12-14", "--months", "500", database=database)

    assert ok.returncode == 0 and ok.stdout.splitlines()[0] == "2026-12-29", ok.stderr
    assert malformed.returncode == 2 and "not a date in the form YYYY-MM-DD: '14.12.2026'" in malformed.stderr
    assert missing.returncode == 2 and "one of the arguments --days --months is required" in missing.stderr
    assert out_of_range.returncode == 1 and "months: Enter a number of months from 0 to 120." in out_of_range.stderr
    for result in (unmigrated, malformed, missing, out_of_range):
        assert "Traceback" not in result.stderr and result.stdout == ""
