"""How values are written on the page: money, rates, dates and identifiers.

A format is a small frozen value chosen once per invoice, so every amount of one
document is written the same way, as billing software does.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from samples.data import MONTHS, MONTHS_SHORT

NBSP = "\u00a0"


@dataclass(frozen=True)
class MoneyFormat:
    """One way of writing amounts: separators, currency placement, minus style."""

    thousands: str = " "
    decimal: str = ","
    currency: str = " €"
    """Appended (" €", " EUR"), or prefixed when it ends with a space ("EUR ")."""
    minus: str = "-"
    """"-" or "- " (a space between the sign and the digits)."""
    currency_in_lines: bool = False
    """Whether line amounts carry the currency too (totals always follow it)."""

    def number(self, value: Decimal) -> str:
        """The digits with grouping and decimals, a sign when negative."""
        q = abs(value).quantize(Decimal("0.01"))
        integer, decimals = f"{q:f}".split(".")
        groups = []
        while len(integer) > 3:
            groups.insert(0, integer[-3:])
            integer = integer[:-3]
        groups.insert(0, integer)
        text = self.thousands.join(groups) + self.decimal + decimals
        return (self.minus + text) if value < 0 else text

    def amount(self, value: Decimal, *, in_line: bool = False) -> str:
        """An amount as printed in the totals (or in a line when ``in_line``)."""
        text = self.number(value)
        if in_line and not self.currency_in_lines:
            return text
        if self.currency.endswith(" "):
            return self.currency + text
        return text + self.currency

    @property
    def shows_currency(self) -> bool:
        return bool(self.currency.strip())


MONEY_FORMATS = (
    MoneyFormat(),
    MoneyFormat(thousands=NBSP),
    MoneyFormat(thousands=NBSP, currency_in_lines=True),
    MoneyFormat(thousands=".", currency=" €"),
    MoneyFormat(thousands=",", decimal=".", currency=""),
    MoneyFormat(thousands=",", decimal=".", currency=" EUR"),
    MoneyFormat(thousands="", currency=" €", minus="- "),
    MoneyFormat(thousands="", currency=""),
    MoneyFormat(currency="EUR "),
    MoneyFormat(currency=" EUR", minus="- "),
    MoneyFormat(currency=" €", minus="- ", currency_in_lines=True),
    MoneyFormat(currency=""),
)


def rate_text(rate: Decimal, style: int) -> str:
    """A VAT rate: ``20 %``, ``20%``, ``20,00 %``, ``5,5 %``, ``20.0%``."""
    if style == 0:
        digits = f"{rate.normalize():f}".replace(".", ",")
        return f"{digits} %"
    if style == 1:
        return f"{rate.normalize():f}".replace(".", ",") + "%"
    if style == 2:
        return f"{rate.quantize(Decimal('0.01')):f}".replace(".", ",") + " %"
    return f"{rate.quantize(Decimal('0.1')):f}%"


def quantity_text(quantity: Decimal) -> str:
    """A quantity the French way: ``3``, ``12,5``."""
    return f"{quantity.normalize():f}".replace(".", ",")


DATE_STYLES = (
    "dd/mm/yyyy",
    "dd.mm.yyyy",
    "dd-mm-yyyy",
    "long",
    "short_month",
    "iso",
    "dd/mm/yy",
)


def date_text(day: date, style: str) -> str:
    """A date in one of `DATE_STYLES`; the long form writes "1er" for the first."""
    if style == "dd/mm/yyyy":
        return day.strftime("%d/%m/%Y")
    if style == "dd.mm.yyyy":
        return day.strftime("%d.%m.%Y")
    if style == "dd-mm-yyyy":
        return day.strftime("%d-%m-%Y")
    if style == "iso":
        return day.isoformat()
    if style == "dd/mm/yy":
        return day.strftime("%d/%m/%y")
    first = "1er" if day.day == 1 else str(day.day)
    if style == "long":
        return f"{first} {MONTHS[day.month - 1]} {day.year}"
    return f"{first} {MONTHS_SHORT[day.month - 1]} {day.year}"


def siret_text(siret: str, style: int) -> str:
    """A SIRET: ``732 829 320 00074``, compact, or ``732829320 00074``."""
    if style == 0:
        return f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"
    if style == 1:
        return siret
    return f"{siret[:9]} {siret[9:]}"


def siren_text(siren: str, spaced: bool) -> str:
    return f"{siren[:3]} {siren[3:6]} {siren[6:]}" if spaced else siren


def vat_text(vat: str, style: int) -> str:
    """A VAT number: compact, ``FR44 732829320`` or ``FR 44 732 829 320``."""
    if style == 0:
        return vat
    if style == 1:
        return f"{vat[:4]} {vat[4:]}"
    return f"{vat[:2]} {vat[2:4]} {vat[4:7]} {vat[7:10]} {vat[10:]}"


def iban_text(iban: str, grouped: bool) -> str:
    if not grouped:
        return iban
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
