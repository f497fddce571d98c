"""Normalisers for what invoices print: amounts, rates and dates, in stdnum's shape.

Each ``parse_*`` returns the value or raises a ``ValueFormatError``; each ``is_*``
wraps it. The ``*_RE`` patterns find candidates in running text.
"""

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

SPACES = " \u00a0\u202f\u2009"
_SP = "[ \u00a0\u202f\u2009]"


class ValueFormatError(ValueError):
    """The text does not hold a value of the expected kind."""


class AmountFormatError(ValueFormatError):
    pass


class DateFormatError(ValueFormatError):
    pass


def fold(text: str) -> str:
    """Lower-case without accents, one character for one: offsets stay valid."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0].lower()
        out.append(base[0] if base else ch)
    return "".join(out)


def upper_same_length(text: str) -> str:
    """Upper case, one character for one ("ß" stays "ß"): offsets stay valid."""
    return "".join(c.upper() if len(c.upper()) == 1 else c for c in text)


# An amount: optional sign, optional currency before, digits with thousands groups
# (space, dot or comma), decimals after a comma or a dot, optional currency after.
# Spaces inside the number are optional so OCR'd "1234,56" and "1 234,56" both match.
AMOUNT_RE = re.compile(
    rf"(?<![\d.,/-])(?P<sign>[-−–]{_SP}?)?(?:(?:EUR|€){_SP}?)?"
    rf"(?P<num>\d{{1,3}}(?:{_SP}\d{{3}})+(?:[.,]\d{{2}}|(?={_SP}?(?:€|EUR)))"
    rf"|\d{{1,3}}(?:\.\d{{3}})+,\d{{2}}"
    rf"|\d{{1,3}}(?:,\d{{3}})+\.\d{{2}}"
    # OCR mistakes a decimal comma for a dot ("3.000.80"): same separator throughout.
    rf"|\d{{1,3}}(?:\.\d{{3}})+\.\d{{2}}"
    rf"|\d{{1,3}}(?:,\d{{3}})+,\d{{2}}"
    rf"|\d+[.,]\d{{2}}"
    rf"|\d+(?={_SP}?(?:€|EUR)))"
    rf"(?!\d|{_SP}?%)(?:{_SP}?(?P<cur>€|EUR))?",
)


def parse_amount(text: str) -> Decimal:
    """``"1 234,56 €"`` -> ``Decimal("1234.56")``; a leading minus makes it negative."""
    s = text.strip()
    for token in ("EUR", "€", *SPACES):
        s = s.replace(token, "")
    negative = s[:1] in "-−–" and len(s) > 1
    s = s.lstrip("-−–")
    if not s or not re.fullmatch(r"[\d.,]+", s):
        raise AmountFormatError(text)
    last = max(s.rfind(","), s.rfind("."))
    if last != -1 and len(s) - last - 1 in (1, 2):
        integer, decimals = s[:last], s[last + 1 :]
    else:
        integer, decimals = s, ""
    groups = re.split(r"[.,]", integer)
    if not all(g.isdigit() for g in groups) or (
        len(groups) > 1 and (len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]))
    ):
        raise AmountFormatError(text)
    integer = "".join(groups)
    try:
        value = Decimal(f"{integer}.{decimals or '0'}")
    except InvalidOperation as e:
        raise AmountFormatError(text) from e
    return -value if negative else value


def is_misread_amount(text: str) -> bool:
    """True for an amount whose thousands and decimal separators are the same sign."""
    separators = re.findall(r"[.,]", text)
    return len(separators) >= 2 and len(set(separators)) == 1


def is_amount(text: str) -> bool:
    try:
        parse_amount(text)
    except AmountFormatError:
        return False
    return True


RATE_RE = re.compile(rf"(?<![\d,.])(?P<num>\d{{1,2}}(?:[.,]\d{{1,3}})?){_SP}?%")


def parse_rate(text: str) -> Decimal:
    """``"5,5 %"`` -> ``Decimal("5.5")`` (a percent)."""
    m = RATE_RE.search(text) or re.fullmatch(
        r"\s*(?P<num>\d{1,2}(?:[.,]\d{1,3})?)\s*", text
    )
    if not m:
        raise ValueFormatError(text)
    return Decimal(m.group("num").replace(",", "."))


MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1,
    "fevrier": 2, "fevr": 2, "fev": 2, "fevr.": 2,
    "mars": 3, "mar": 3,
    "avril": 4, "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7, "juil": 7,
    "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9,
    "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}  # fmt: skip
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))

# An S among a reference's digits that OCR read as a dollar sign: "25$8327".
S_READ_AS_DOLLAR = re.compile(r"(?<=[A-Za-z0-9])\$(?=\d)")

# Patterns run on folded text (see ``fold``): no accents, lower case.
_DATE_FORMS = (
    r"(?P<d>\d{1,2})\s?[/.-]\s?(?P<m>\d{1,2})\s?[/.-]\s?(?P<y>\d{4}|\d{2})"
    # OCR loses an ISO date's second hyphen now and then: "2026-02 02"
    r"|(?P<iy>\d{4})-(?P<im>\d{2})[- ](?P<id>\d{2})"
    # "1er" that OCR read "ler", "Ier", "ter" or "er": nothing else reads so before a month
    # (nor "1ef", its r an f: seed 9066 #56)
    # OCR drops the spaces around the month: "9nov. 2026", "9 nov.2026"
    rf"|(?:(?P<td>\d{{1,2}})(?:e[rf])?\s*|(?<![a-z])(?P<first>[lit]?er)\s+)"
    # and may set one before the month's dot: "29 janv . 2026"
    rf"(?P<tm>{_MONTH_ALT})\s?\.?\s*(?P<ty>\d{{4}})"
)
DATE_RE = re.compile(rf"(?<!\d)(?:{_DATE_FORMS})(?!\d)")

# A date whose separators OCR lost, taken only where a label says a date follows:
# "03.08.2026" read "03 08 2026" (its dots too faint), "2025-03-15" read "2025-0315".
# Anywhere else these are as likely a phone number's pairs or a reference.
LABELLED_DATE_RE = re.compile(
    # On a scan, a space set inside the year: "06.12.2025" read "06.12.2 025" or
    # "06.12.20 25" (seed 9151 #8), looked for first: "06.12.20" is a date too.
    r"(?<!\d)(?:(?P<gd>\d{2})(?P<gsep>[/.-])(?P<gm>\d{2})(?P=gsep)"
    r"(?P<gy>(?:2 0|1 9)\d{2}|(?:20|19) \d{2}|(?:20|19)\d \d)"
    rf"|{_DATE_FORMS}"
    r"|(?P<sd>\d{2}) (?P<sm>\d{2}) (?P<sy>(?:19|20)\d{2})"
    r"|(?P<jy>(?:19|20)\d{2})-(?P<jm>\d{2})(?P<jd>\d{2})"
    # On a scan, slashes read as digits: "20/05/2025" read "2050572025" (a text
    # layer's such number is no date: the caller keeps it to scans).
    r"|(?P<xd>\d{2})(?:[/.-]|(?P<xs>\d))(?P<xm>\d{2})(?:[/.-]|(?P<xt>\d))"
    r"(?P<xy>(?:19|20)\d{2})"
    # Or one of the two separators lost: "21.06.2026" read "21.062026".
    r"|(?P<ld>\d{2})(?P<lsep>[/.-])?(?P<lm>\d{2})(?(lsep)|[/.-])(?P<ly>(?:19|20)\d{2})"
    # Or a dot read as a comma: "17.10.2026" read "17,10.2026" (seed 9150 #20).
    r"|(?P<cd>\d{2})(?:,(?P<cm>\d{2})\.|\.(?P<cn>\d{2}),)(?P<cy>(?:19|20)\d{2})"
    r")(?!\d)"
)


def parse_date(text: str) -> date:
    """``"24/11/2026"``, ``"24 novembre 2026"``, ``"2026-11-24"`` -> a ``date``."""
    m = DATE_RE.search(fold(text))
    if not m:
        raise DateFormatError(text)
    return date_from_match(m)


def date_from_match(m: re.Match[str]) -> date:
    """The date a ``DATE_RE`` (or ``LABELLED_DATE_RE``) match names; raises
    ``DateFormatError`` when impossible."""
    year, month, day = date_parts(m)
    try:
        return date(year, month, day)
    except ValueError as e:
        raise DateFormatError(m.group(0)) from e


def date_parts(m: re.Match[str]) -> tuple[int, int, int]:
    """The (year, month, day) a ``DATE_RE`` (or ``LABELLED_DATE_RE``) match
    writes, a possible date or not."""
    g = m.groupdict()
    if g["d"]:
        day, month, year = int(g["d"]), int(g["m"]), int(g["y"])
        if year < 100:
            year += 2000
    elif g["iy"]:
        day, month, year = int(g["id"]), int(g["im"]), int(g["iy"])
    elif g.get("sd"):
        day, month, year = int(g["sd"]), int(g["sm"]), int(g["sy"])
    elif g.get("jy"):
        day, month, year = int(g["jd"]), int(g["jm"]), int(g["jy"])
    elif g.get("xy"):
        day, month, year = int(g["xd"]), int(g["xm"]), int(g["xy"])
    elif g.get("ly"):
        day, month, year = int(g["ld"]), int(g["lm"]), int(g["ly"])
    elif g.get("cy"):
        day, month, year = int(g["cd"]), int(g["cm"] or g["cn"]), int(g["cy"])
    elif g.get("gy"):
        day, month, year = int(g["gd"]), int(g["gm"]), int(g["gy"].replace(" ", ""))
    else:
        day = 1 if g["first"] else int(g["td"])
        month, year = MONTHS[g["tm"]], int(g["ty"])
    return year, month, day
