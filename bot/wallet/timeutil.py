"""Clock helpers. Storage is aware UTC; the 'day' for daily limits is the Beijing calendar day."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Callable

# China has no DST, so a fixed offset is exact and needs no tz database.
BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("naive datetime; the wallet stores aware UTC times only")
    return value.astimezone(timezone.utc)


def beijing_date(value: datetime) -> date:
    return as_utc(value).astimezone(BEIJING).date()
