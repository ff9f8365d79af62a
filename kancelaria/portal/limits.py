"""The rate limit on public tracking: look-ups per client address, shared by the page and
the API, so that nobody can try codes by the thousand (DOMAIN.md 11)."""

from __future__ import annotations

import math
import time

from django.conf import settings

from kancelaria.core.ratelimit import client_address, hit

SCOPE = "track"


def track_hit(request) -> tuple[bool, int]:
    """Count one look-up; (allowed, seconds until the window ends)."""
    window = max(int(settings.TRACKING_RATE_WINDOW), 1)
    allowed = hit(SCOPE, client_address(request), limit=settings.TRACKING_RATE_LIMIT, window=window)
    now = time.time()
    retry_after = max(math.ceil((now // window + 1) * window - now), 1)
    return allowed, retry_after
