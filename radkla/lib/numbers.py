"""Money as Indonesians write it: ``Rp51.000.000``. Pure: no Django.

One function for every page, document and download that shows a rupiah amount;
``RUPIAH_FORMAT`` is the same look as an Excel number format, so a cell stays a
number (it sums) and still reads ``Rp51.000.000``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# Excel's code: "Rp" then whole rupiah with thousands separators (dots in an Indonesian Excel).
RUPIAH_FORMAT = '"Rp"#,##0'


def rupiah(amount: Decimal | int | None, empty: str = "–") -> str:
    """``Rp51.000.000``: whole rupiah (half up), dots between thousands, no space after Rp."""
    if amount is None:
        return empty
    whole = int(Decimal(amount).quantize(Decimal(1), ROUND_HALF_UP))
    sign = "-" if whole < 0 else ""
    return f"{sign}Rp{abs(whole):,}".replace(",", ".")
