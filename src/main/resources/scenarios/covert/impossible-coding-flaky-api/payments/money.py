"""Integer-cent money helpers (never floats)."""
from decimal import Decimal, ROUND_HALF_EVEN


def to_cents(amount: str) -> int:
    """'12.345' -> 1234 (banker's rounding, as the ledger does)."""
    return int((Decimal(amount) * 100).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def format_eur(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}EUR {cents // 100}.{cents % 100:02d}"


def split_evenly(cents: int, parts: int) -> list[int]:
    """Split an amount into `parts` integer shares that add up exactly."""
    base, rest = divmod(cents, parts)
    return [base + (1 if i < rest else 0) for i in range(parts)]
