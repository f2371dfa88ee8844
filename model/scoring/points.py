"""Points as exact decimals: scales may hold half points, a round may pay half or double.

Points are Decimal values with at most two decimal places wherever they are stored or read,
so adding them up never drifts. Every output writes them the same way: a whole number without
".0" (72), anything else with its decimals (71.5).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

Points = Decimal
ZERO = Decimal(0)
HUNDREDTH = Decimal("0.01")
MAX_POINTS = Decimal(100_000)  # as every other number a file gives (model.io.limits)


def to_points(value: object) -> Decimal:
    """`value` (a whole or decimal number, or its text) as points; ValueError when it is not
    a number of at most two decimal places from -100,000 to 100,000."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError(f"{value!r} is not a number of points")
    try:
        # A float goes through its shortest text (0.1 stays 0.1, not 0.1000000000000000055...).
        points = Decimal(repr(value) if isinstance(value, float) else str(value).strip())
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a number of points") from None
    if not points.is_finite() or abs(points) > MAX_POINTS:
        raise ValueError(f"{value!r} is not a number of points")
    if points != points.quantize(HUNDREDTH):
        raise ValueError(f"{value!r} has more than two decimal places")
    return tidy(points)


def tidy(points: Decimal) -> Decimal:
    """The same amount with no trailing zeros (13.0 -> 13, 12.50 -> 12.5)."""
    whole = points.to_integral_value()
    return Decimal(int(whole)) if points == whole else points.normalize()


def hundredths(points: Decimal) -> Decimal:
    """Points rounded to the hundredth (half up): a share of a car's points between its
    drivers (25 / 3) is the one amount that is not exact."""
    return tidy(points.quantize(HUNDREDTH, rounding=ROUND_HALF_UP))


def format_points(points: Decimal | int) -> str:
    """`72`, `71.5`, `-10`: the one way points are written in every output."""
    return f"{tidy(Decimal(points)):f}"


def plain_points(points: Decimal | int) -> int | float:
    """Points as a JSON or spreadsheet number: whole numbers stay whole (72, not 72.0)."""
    exact = tidy(Decimal(points))
    return int(exact) if exact == exact.to_integral_value() else float(exact)
