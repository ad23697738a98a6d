"""Update scheduling: check for firmware at most once per maintenance window."""
import datetime

WINDOW_HOURS = (2, 5)  # 02:00-05:00 local, when the vehicle is parked


def in_window(now=None) -> bool:
    now = now or datetime.datetime.utcnow()
    return WINDOW_HOURS[0] <= now.hour < WINDOW_HOURS[1]


def next_check(last: datetime.datetime) -> datetime.datetime:
    return last + datetime.timedelta(days=1)
