"""How long a supervisor may keep enrolment through the relay open (days).

Its own tiny module so the command line can show the limits without
importing the HTTP client (start-up time of the app).
"""

from __future__ import annotations

DEFAULT_OPEN_DAYS = 7
MAX_OPEN_DAYS = 30
