"""Working days and statutory deadlines: pure Python, no Django (a test checks this).

    from kancelaria.calendars import WorkingCalendar, due_date
    calendar = WorkingCalendar("BG", days_off={date(2026, 12, 31): "..."}, working_days={...})
    result = due_date(start=date(2026, 11, 20), days=14, calendar=calendar)
    result.due            # the date
    result.explain()      # lines saying how it was reached

Rules: DOMAIN.md section 3, "Deadline arithmetic".

Holiday names are English unless the calendar is made with `language=` (or
`calendar.with_language("bg")`); an unknown country raises UnknownCountry, and a day
outside the years the country's official calendar covers raises OutsideCalendar (both
are ValueErrors), rather than being taken for a working day.
"""

from .engine import (
    DueDate,
    OutsideCalendar,
    Pause,
    SkippedDay,
    UnknownCountry,
    WorkingCalendar,
    add_months,
    due_date,
    previous_working_day,
)

__all__ = ["DueDate", "OutsideCalendar", "Pause", "SkippedDay", "UnknownCountry", "WorkingCalendar",
           "add_months", "due_date", "previous_working_day"]
