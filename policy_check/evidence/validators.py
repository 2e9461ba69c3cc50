"""Checks on identifier matches, by name: a regex finds the shape, a validator the substance.

Each validator documents what it checks, so `policy-check rules doc` can list them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_NON_DIGITS = re.compile(r"\D")


def nhs_number(value: str) -> bool:
    """NHS number: ten digits whose modulus-11 check digit is right."""
    digits = _NON_DIGITS.sub("", value)
    if len(digits) != 10:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


_NINO = re.compile(r"^([A-Z])([A-Z])(\d{6})([A-D])$")
_NINO_BAD_PREFIXES = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def uk_nino(value: str) -> bool:
    """National Insurance number: two prefix letters HMRC can issue, six digits, suffix A-D."""
    compact = re.sub(r"[\s-]", "", value).upper()
    m = _NINO.match(compact)
    if not m:
        return False
    first, second = m.group(1), m.group(2)
    if first in "DFIQUV" or second in "DFIOQUV":
        return False
    return first + second not in _NINO_BAD_PREFIXES


def uk_phone(value: str) -> bool:
    """UK phone number: 10 or 11 digits from 0, or +44 and 9 or 10 more; not all one digit."""
    digits = _NON_DIGITS.sub("", value)
    if digits.startswith("44") and value.lstrip().startswith(("+", "00")):
        digits = "0" + digits[2:]
    elif digits.startswith("0044"):
        digits = "0" + digits[4:]
    return digits.startswith("0") and len(digits) in (10, 11) and len(set(digits[1:])) > 1


def luhn(value: str) -> bool:
    """Payment card number: 13 to 19 digits passing the Luhn check."""
    digits = _NON_DIGITS.sub("", value)
    if not 13 <= len(digits) <= 19:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


VALIDATORS: dict[str, Callable[[str], bool]] = {
    "nhs-number": nhs_number,
    "uk-nino": uk_nino,
    "uk-phone": uk_phone,
    "luhn": luhn,
}
