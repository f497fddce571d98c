"""Realistic French supplier invoices with their truth, deterministic by seed.

``make_invoice(rng)`` draws everything a document prints into an `InvoiceSpec`,
``render(spec)`` draws it as a PDF with a text layer (no randomness: same spec, same
bytes), and ``truth(spec)`` gives the contract's fields as the page shows them.
``generate(out, count, seed)`` writes ``inv-{seed}-{i:04d}.pdf`` and its
``.truth.json`` for each invoice, each with its own RNG.
"""

import hashlib
import json
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TypeVar

from samples import data, identifiers
from samples.formats import DATE_STYLES, MONEY_FORMATS, MoneyFormat

CENT = Decimal("0.01")
HUNDRED = Decimal("100")
ZERO = Decimal("0")
RETENTION_RATE = Decimal("5")

T = TypeVar("T")

BASE_LAYOUTS: tuple[str, ...] = (
    "band",
    "grid",
    "two_columns",
    "totals_left",
    "works",
    "ticket",
    "letter",
    "erp",
    "modern",
)
MORE_LAYOUTS: tuple[str, ...] = (
    "form",
    "strip",
    "bilingual",
    "carbon",
    "fees",
    "sidebar",
    "decompte",
    "landscape",
)
"""Drawn by `samples.layouts_more`; they may draw more from the RNG than the base ones."""
LAYOUTS: tuple[str, ...] = BASE_LAYOUTS + MORE_LAYOUTS
WORKS_LAYOUTS = frozenset({"works", "decompte"})


def cents(value: Decimal) -> Decimal:
    """Round to the cent, half away from zero, as invoices do."""
    return value.quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class Party:
    """A supplier or a buyer, with what its letterhead or address block shows."""

    name: str
    street: str
    postcode: str
    city: str
    siret: str
    vat: str | None = None
    phone: str = ""
    fax: str | None = None
    email: str = ""
    legal_form: str | None = None
    capital: int | None = None
    rcs_city: str = ""
    ape: str | None = None
    service: str | None = None
    """The buyer's department printed under its name (not the service code)."""

    @property
    def siren(self) -> str:
        return self.siret[:9]


@dataclass(frozen=True)
class Bank:
    name: str
    iban: str
    bic: str | None


@dataclass(frozen=True)
class Line:
    """One invoice line; works lines carry their progress (previous, cumulative %)."""

    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    rate: Decimal
    reference: str = ""
    section: str | None = None
    progress: tuple[Decimal, Decimal] | None = None

    @property
    def market_amount(self) -> Decimal:
        return cents(self.quantity * self.unit_price)

    @property
    def cumulative_amount(self) -> Decimal:
        if self.progress is None:
            return self.market_amount
        return cents(self.market_amount * self.progress[1] / HUNDRED)

    @property
    def previous_amount(self) -> Decimal:
        if self.progress is None:
            return ZERO
        return cents(self.market_amount * self.progress[0] / HUNDRED)

    @property
    def amount(self) -> Decimal:
        """The line's HT amount on this invoice (for works: this period's work)."""
        return self.cumulative_amount - self.previous_amount


@dataclass(frozen=True)
class VatLine:
    rate: Decimal
    base: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Totals:
    """The computed amounts, signed as the document prints them."""

    ht: Decimal
    vat_lines: tuple[VatLine, ...]
    vat: Decimal
    ttc: Decimal
    advance: Decimal
    retention: Decimal
    due: Decimal


@dataclass(frozen=True)
class Style:
    """Every presentation choice, drawn once so `render` needs no randomness."""

    font: str = "Helvetica"
    size: float = 9.0
    margin: float = 48.0
    accent: tuple[float, float, float] = (0.15, 0.3, 0.55)
    money: MoneyFormat = field(default_factory=MoneyFormat)
    date_style: str = "dd/mm/yyyy"
    rate_style: int = 0
    siret_style: int = 0
    vat_style: int = 0
    iban_grouped: bool = True
    siren_nic: bool = False
    """Print the supplier's SIREN and NIC apart instead of the SIRET."""
    labels: dict[str, str] = field(default_factory=dict)
    ref_mode: str = "inline"
    """References as "label : value", value under its label, or a label/value table."""
    ids_place: str = "footer"
    """Where the supplier's SIRET and VAT number go: footer, header or both."""
    vat_shape: str = "table"
    """VAT summary: a rate/base/VAT table, or "TVA 20 % sur … : …" sentences."""
    columns: tuple[str, ...] = ("description", "quantity", "unit_price", "amount")
    page_numbers: str | None = "Page {page}/{pages}"
    repeat_header: bool = False
    buyer_first: bool = False
    upper_title: bool = True
    grid_lines: bool = True
    currency_note: str | None = None
    """A "Devise : EUR" style mention when amounts carry no currency sign."""
    variant: int = 0
    """Seeds the minor cosmetic choices `render` makes (block order, separators)."""


WORKS_FRAMES = {"mensuel": "A4", "acompte": "A5", "final": "A7", "dgd": "A8"}
"""The four pieces a supplier deposits in a works contract, and their frames."""


@dataclass(frozen=True)
class Works:
    """A works piece: its kind, situation number, and how its figures are worded."""

    situation: int | None
    """None for a final statement (and a credit note): only acomptes are numbered."""
    period: str
    kind: str = "mensuel"
    """A key of `WORKS_FRAMES`."""
    title: str = "Situation de travaux"
    number_style: int = 0
    """The situation number after the title (0, 1: "n°4"), on its own line (2), or
    among the references (3)."""
    cumulative_label: str = "Montant cumulé des travaux HT"
    previous_label: str = "À déduire : situations précédentes HT"
    period_label: str | None = None
    """A recap row for this period's HT, when printed (its value is the total HT)."""
    retention_label: str | None = None
    """Replaces the style's retention label when set."""

    @property
    def frame(self) -> str:
        return WORKS_FRAMES[self.kind]


@dataclass(frozen=True)
class InvoiceSpec:
    """Everything printed on one invoice."""

    seed: str
    layout: str
    document_type: str
    title: str
    number: str
    invoice_date: date
    due_date: date | None
    supplier: Party
    buyer: Party
    bank: Bank | None
    lines: tuple[Line, ...]
    vat_mode: str = "normal"
    """normal, autoliquidation or franchise."""
    negative: bool = False
    """Credit note printed with negative amounts."""
    advance: Decimal = ZERO
    retention: bool = False
    buyer_siret_printed: bool = True
    service_code: str | None = None
    engagement: str | None = None
    contract: str | None = None
    billing_frame: str | None = None
    cancelled_invoice: str | None = None
    customer_number: str | None = None
    quote_number: str | None = None
    delivery_note: str | None = None
    order_date: date | None = None
    print_due_amount: bool = True
    print_total_vat: bool = True
    print_total_ttc: bool = True
    print_zero_vat_line: bool = False
    works: Works | None = None
    page_breaks: tuple[int, ...] = ()
    """Indexes of the lines that start a new page."""
    style: Style = field(default_factory=Style)
    features: tuple[str, ...] = ()

    @property
    def totals(self) -> Totals:
        return compute_totals(self)


def compute_totals(spec: InvoiceSpec) -> Totals:
    """HT, VAT per rate, TTC, deductions and net à payer, signed as printed."""
    ht = sum((line.amount for line in spec.lines), ZERO)
    bases: dict[Decimal, Decimal] = {}
    for line in spec.lines:
        bases[line.rate] = bases.get(line.rate, ZERO) + line.amount
    vat_lines = tuple(
        VatLine(rate, base, cents(base * rate / HUNDRED))
        for rate, base in sorted(bases.items(), reverse=True)
    )
    vat = sum((v.amount for v in vat_lines), ZERO)
    ttc = ht + vat
    retention = cents(ttc * RETENTION_RATE / HUNDRED) if spec.retention else ZERO
    due = ttc - retention - spec.advance
    sign = Decimal(-1) if spec.negative else Decimal(1)
    return Totals(
        ht=sign * ht,
        vat_lines=tuple(
            VatLine(v.rate, sign * v.base, sign * v.amount) for v in vat_lines
        ),
        vat=sign * vat,
        ttc=sign * ttc,
        advance=spec.advance,
        retention=retention,
        due=sign * due,
    )


# ---------------------------------------------------------------- drawing the spec


FORCE_KEYS = frozenset(
    {
        "layout",
        "document_type",
        "negative",
        "autoliquidation",
        "franchise",
        "retention",
        "advance",
        "la_poste",
        "pages",
        "rates",
        "line_count",
        "money",
        "date_style",
        "font",
        "billing_frame",
        "siren_nic",
    }
)


def _choice(rng: random.Random, options: Sequence[T]) -> T:
    return options[rng.randrange(len(options))]


def _phone(rng: random.Random, prefix: str) -> str:
    pairs = " ".join(f"{rng.randint(0, 99):02d}" for _ in range(4))
    return f"{prefix} {pairs}"


def _supplier(rng: random.Random, la_poste: bool, franchise: bool) -> Party:
    postcode, city, rcs, prefix = _choice(rng, data.CITIES)
    surname = _choice(rng, data.SURNAMES)
    if la_poste:
        name, form, capital = "La Poste", "SA", 5_620_325_816
        siren = identifiers.LA_POSTE_SIREN
    elif franchise:
        name = f"{_choice(rng, data.FIRST_NAMES)} {surname}"
        if rng.random() < 0.5:
            name += f" - {_choice(rng, data.SUPPLIER_STEMS)}"
        form, capital, siren = None, None, identifiers.make_siren(rng)
    else:
        stem = _choice(rng, data.SUPPLIER_STEMS)
        acronym = "".join(chr(rng.randint(65, 90)) for _ in range(3))
        name = _choice(rng, data.SUPPLIER_NAMES).format(
            stem=stem,
            city=city,
            surname=surname,
            acronym=acronym,
            region=_choice(rng, data.REGIONS),
        )
        form = _choice(rng, data.LEGAL_FORMS)
        capital = _choice(rng, (1_000, 7_500, 10_000, 37_000, 50_000, 150_000, 420_000))
        siren = identifiers.make_siren(rng)
    siret = identifiers.make_siret(rng, siren)
    domain = "".join(ch for ch in surname.lower() if ch.isascii() and ch.isalpha())
    return Party(
        name=name,
        street=f"{rng.randint(1, 140)} {_choice(rng, data.STREETS)}",
        postcode=postcode,
        city=city,
        siret=siret,
        vat=None if franchise else identifiers.vat_number(siren),
        phone=_phone(rng, prefix),
        fax=_phone(rng, prefix) if rng.random() < 0.3 else None,
        email=f"{_choice(rng, ('contact', 'compta', 'facturation'))}@{domain}.fr",
        legal_form=form,
        capital=capital,
        rcs_city=rcs,
        ape=_choice(rng, data.APE_CODES) if rng.random() < 0.6 else None,
    )


def _buyer(rng: random.Random) -> Party:
    postcode, city, _, prefix = _choice(rng, data.CITIES)
    template, siren_prefix = _choice(rng, data.BUYERS)
    name = template.format(
        city=city,
        person=_choice(rng, data.PERSONS),
        region=_choice(rng, data.REGIONS),
    )
    siren = identifiers.make_siren(rng, siren_prefix)
    return Party(
        name=re.sub(r"\bde ([AEIOUÉ])", r"d'\1", name),
        street=f"{rng.randint(1, 60)} {_choice(rng, data.STREETS)}",
        postcode=postcode,
        city=city,
        siret=identifiers.make_siret(rng, siren),
        phone=_phone(rng, prefix),
        service=_choice(rng, data.BUYER_SERVICES) if rng.random() < 0.5 else None,
    )


def _invoice_number(rng: random.Random, day: date, avoir: bool) -> str:
    n = rng.randint(1, 9999)
    y, m = day.year, day.month
    if avoir and rng.random() < 0.7:
        return _choice(
            rng,
            (
                f"AV-{y}-{n % 1000:03d}",
                f"A{y}{n:04d}",
                f"AV{n:06d}",
                f"AV{y % 100}-{n}",
            ),
        )
    return _choice(
        rng,
        (
            f"F-{y}-{n:04d}",
            f"FA{y}{m:02d}{n:04d}",
            f"{y}/{m:02d}/{n % 1000:03d}",
            f"FAC-{n:06d}",
            f"{rng.randint(10000, 99999)}",
            f"{y}-{n:05d}",
            f"FCT{y % 100}{n:05d}",
            f"F{y % 100}{m:02d}-{n:03d}",
        ),
    )


def _lines(
    rng: random.Random,
    count: int,
    rates: list[Decimal] | None,
    works: bool,
    small: bool = False,
    fees: bool = False,
) -> tuple[Line, ...]:
    """``count`` catalogue lines; ``small`` keeps a franchise supplier's sums modest;
    ``fees`` draws a firm's fee lines (long descriptions) instead."""
    if fees:
        catalogue = data.FEES
    else:
        sector = "travaux" if works else _choice(rng, tuple(data.CATALOGUE))
        catalogue = data.CATALOGUE[sector]
        if not works and rng.random() < 0.25:
            catalogue = catalogue + data.CATALOGUE[_choice(rng, tuple(data.CATALOGUE))]
    sections = works or (count >= 6 and rng.random() < 0.3)
    lines = []
    for i in range(count):
        desc, unit, (low, high), rate = _choice(rng, catalogue)
        if desc.endswith(" de"):
            desc += " " + _choice(rng, data.MONTHS)
        if unit in ("m²", "ml", "m³", "h", "t") and rng.random() < 0.5:
            quantity = Decimal(rng.randint(5, 400)) / Decimal(rng.choice((1, 2, 10)))
        elif unit in ("forfait", "mois", "an", "session"):
            quantity = Decimal(1)
        else:
            quantity = Decimal(rng.randint(1, 40))
        if small:
            quantity = min(quantity, Decimal(rng.randint(1, 3)))
        price = cents(Decimal(rng.randint(low * 100, high * 100)) / HUNDRED)
        if rates is not None:
            rate = rates[i % len(rates)]
        progress = None
        if works:
            cumulative = Decimal(rng.randint(2, 20) * 5)
            previous = Decimal(rng.randint(0, int(cumulative) // 5 - 1) * 5)
            progress = (previous, cumulative)
        section = None
        if sections:
            names = data.LOTS if works else data.SITES
            k = min(i * 3 // max(count, 1), len(names) - 1)
            section = f"Lot {k + 1} - {names[k]}" if works else names[k]
        lines.append(
            Line(
                description=desc,
                quantity=quantity,
                unit=unit,
                unit_price=price,
                rate=rate,
                reference=f"{rng.choice('ABCDKPR')}{rng.randint(100, 9999):04d}",
                section=section,
                progress=progress,
            )
        )
    return tuple(lines)


def _pick_rates(rng: random.Random, overseas: bool) -> list[Decimal] | None:
    """None keeps each catalogue line's own rate; else the rates to cycle through."""
    roll = rng.random()
    if overseas and roll < 0.6:
        return _choice(rng, ([Decimal("8.5")], [Decimal("8.5"), Decimal("2.1")]))
    if roll < 0.45:
        return [Decimal("20")]
    if roll < 0.55:
        return [Decimal("10")]
    if roll < 0.6:
        return [Decimal("5.5")]
    if roll < 0.75:
        return _choice(
            rng,
            (
                [Decimal("20"), Decimal("10")],
                [Decimal("20"), Decimal("5.5")],
                [Decimal("10"), Decimal("5.5"), Decimal("20")],
                [Decimal("20"), Decimal("2.1")],
            ),
        )
    return None


LABEL_VARIANTS: dict[str, tuple[str, ...]] = {
    "number": (
        "N° de facture",
        "Facture n°",
        "Numéro",
        "Réf.",
        "N° facture",
        "Numéro de facture",
        "FACTURE N°",
    ),
    "date": (
        "Date de facture",
        "Date d'émission",
        "Date :",
        "Date",
        "Date facture",
        "Émise le",
    ),
    "due": (
        "Échéance",
        "Date d'échéance",
        "À régler avant le",
        "Date limite de paiement",
        "Échéance le",
    ),
    "engagement": (
        "Bon de commande",
        "N° d'engagement",
        "EJ",
        "Commande n°",
        "Votre commande",
        "N° EJ",
        "Engagement juridique",
    ),
    "contract": ("Marché n°", "N° de marché", "Marché public n°", "Réf. marché"),
    "service": ("Code service", "Service exécutant", "Code du service", "Service"),
    "buyer_siret": (
        "SIRET destinataire",
        "Client SIRET",
        "SIRET",
        "N° SIRET",
        "Siret client",
    ),
    "customer": ("N° client", "Code client", "Client n°", "Votre référence client"),
    "quote": ("Devis n°", "Réf. devis", "Selon devis"),
    "delivery": ("BL n°", "Bon de livraison", "N° BL"),
    "order_date": ("Date de commande", "Commande du", "Date commande"),
    "ht": (
        "Total HT",
        "Montant HT",
        "Total H.T.",
        "Total hors taxes",
        "Base HT",
        "TOTAL HT",
        "Total net HT",
    ),
    "vat": ("TVA", "Montant TVA", "Total T.V.A.", "Total TVA", "T.V.A."),
    "ttc": (
        "Total TTC",
        "Montant TTC",
        "Total toutes taxes comprises",
        "TOTAL TTC",
        "Total T.T.C.",
    ),
    "due_amount": (
        "Net à payer",
        "Reste à payer",
        "Montant dû",
        "NET A PAYER",
        "Net à payer TTC",
        "Solde à régler",
    ),
    "advance": (
        "Acompte versé",
        "Acompte déjà versé",
        "Déduction acompte",
        "Avance versée",
    ),
    "retention": ("Retenue de garantie 5 %", "Retenue de garantie (5 %)", "RG 5 %"),
    "description": ("Désignation", "Description", "Libellé", "Article", "Prestation"),
    "quantity": ("Qté", "Quantité", "Qte", "Nb"),
    "unit_price": ("P.U. HT", "Prix unitaire HT", "PU HT", "Prix unit.", "Px unitaire"),
    "amount": ("Montant HT", "Total HT", "Montant", "Total ligne", "Prix total HT"),
    "unit": ("Unité", "U.", "Un."),
    "rate": ("TVA", "Taux TVA", "Tx"),
    "reference": ("Réf.", "Code", "Article"),
    "buyer_head": (
        "Destinataire",
        "Client",
        "Facturé à",
        "Adressé à",
        "Facturer à",
        "",
    ),
    "iban": ("IBAN", "IBAN :", "Code IBAN"),
    "bic": ("BIC", "BIC/SWIFT", "Code BIC"),
}


NEW_LABEL_VARIANTS: dict[str, tuple[str, ...]] = {
    "number": ("N° de la facture", "Facture numéro", "Pièce n°", "N° pièce"),
    "date": ("Date de la facture", "Établie le", "Date d'établissement", "Fait le"),
    "due": (
        "Payable avant le",
        "Date de règlement",
        "À payer au plus tard le",
        "Date limite de règlement",
    ),
    "engagement": (
        "Réf. commande client",
        "Engagement juridique n°",
        "N° bon de commande",
        "Votre réf. commande",
        "N° de commande",
    ),
    "contract": ("Référence du marché", "Accord-cadre n°", "Marché"),
    "service": ("Code service exécutant", "Service exécutant n°", "Code SE"),
    "buyer_siret": ("SIRET du destinataire", "Identifiant SIRET", "SIRET acheteur"),
    "customer": ("Compte client", "Réf. client", "Code tiers"),
    "quote": ("Suivant devis n°", "Proposition n°"),
    "ht": (
        "Montant net HT",
        "Total net HT",
        "Net HT",
        "Total net",
        "Montant hors taxes",
    ),
    "vat": ("Montant de la TVA", "TVA collectée", "Total taxes"),
    "ttc": ("Montant de la facture", "Total facture TTC", "Montant TTC facturé"),
    "due_amount": ("Somme due", "Montant à régler", "Net à régler", "Reste dû"),
    "advance": ("Acompte reçu", "Acomptes précédents", "Moins acompte versé"),
    "description": ("Désignation des prestations", "Nature de la prestation"),
    "quantity": ("Quantité facturée", "Q."),
    "unit_price": ("Prix HT", "Tarif HT", "P.U."),
    "amount": ("Montant net HT", "Total net", "Montant H.T."),
    "buyer_head": (
        "Client facturé",
        "Adresse de facturation",
        "Destinataire de la facture",
        "Doit :",
    ),
    "iban": ("Compte IBAN", "RIB (IBAN)"),
    "bic": ("Code SWIFT", "SWIFT/BIC"),
}
"""Further wordings, used by the newer layouts (the base ones keep their draws)."""
MORE_LABEL_VARIANTS: dict[str, tuple[str, ...]] = {
    key: options + NEW_LABEL_VARIANTS.get(key, ())
    for key, options in LABEL_VARIANTS.items()
}


def _unaccent_upper(text: str) -> str:
    table = str.maketrans("ÀÂÉÈÊËÎÏÔÙÛÜÇàâéèêëîïôùûüç", "AAEEEEIIOUUUCAAEEEEIIOUUUC")
    return text.translate(table).upper()


def _labels(
    rng: random.Random, variants: dict[str, tuple[str, ...]] = LABEL_VARIANTS
) -> dict[str, str]:
    labels = {key: _choice(rng, options) for key, options in variants.items()}
    case = rng.random()
    if case < 0.15:
        labels = {key: _unaccent_upper(value) for key, value in labels.items()}
    elif case < 0.25:
        labels = {key: value.upper() for key, value in labels.items()}
    return labels


TABLE_COLUMNS = (
    ("description", "quantity", "unit_price", "amount"),
    ("reference", "description", "quantity", "unit_price", "amount"),
    ("description", "quantity", "unit", "unit_price", "rate", "amount"),
    ("reference", "description", "unit", "quantity", "unit_price", "rate", "amount"),
    ("description", "rate", "quantity", "unit_price", "amount"),
)
FONTS = ("Helvetica", "Helvetica", "Times", "Courier", "Helvetica", "Times")
ACCENTS = (
    (0.15, 0.3, 0.55),
    (0.6, 0.1, 0.15),
    (0.1, 0.45, 0.3),
    (0.3, 0.3, 0.3),
    (0.85, 0.45, 0.1),
    (0.2, 0.2, 0.45),
)
PAGE_NUMBERS = (
    "Page {page}/{pages}",
    "Page {page} sur {pages}",
    "{page}/{pages}",
    None,
)


def _style(rng: random.Random, layout: str, force: dict[str, object]) -> Style:
    money = _choice(rng, MONEY_FORMATS)
    date_style = _choice(rng, DATE_STYLES[:-1] * 3 + DATE_STYLES[-1:])
    font = _choice(rng, FONTS)
    currency_note = None
    if not money.shows_currency:
        currency_note = _choice(
            rng, ("Devise : EUR", "Montants exprimés en EUR", "Monnaie : EUR", "(EUR)")
        )
    style = Style(
        font=font,
        size=_choice(rng, (8.0, 8.5, 9.0, 9.5, 10.0)),
        margin=_choice(rng, (34.0, 40.0, 48.0, 56.0, 64.0)),
        accent=_choice(rng, ACCENTS),
        money=money,
        date_style=date_style,
        rate_style=rng.randrange(4),
        siret_style=rng.randrange(3),
        vat_style=rng.randrange(3),
        iban_grouped=rng.random() < 0.7,
        siren_nic=rng.random() < 0.08,
        labels=_labels(
            rng, MORE_LABEL_VARIANTS if layout in MORE_LAYOUTS else LABEL_VARIANTS
        ),
        ref_mode=_choice(rng, ("inline", "stacked", "table")),
        ids_place=_choice(rng, ("footer", "header", "both", "footer")),
        vat_shape=_choice(rng, ("table", "table", "sentences")),
        columns=_choice(rng, TABLE_COLUMNS),
        page_numbers=_choice(rng, PAGE_NUMBERS),
        repeat_header=rng.random() < 0.5,
        buyer_first=rng.random() < 0.3,
        upper_title=rng.random() < 0.6,
        grid_lines=rng.random() < 0.5,
        currency_note=currency_note,
        variant=rng.randrange(1 << 30),
    )
    if layout == "ticket":
        style = replace(style, size=_choice(rng, (6.5, 7.0, 7.5)), margin=14.0)
    elif layout == "erp":
        style = replace(style, font=_choice(rng, ("Courier", "Helvetica")), size=8.0)
    if layout in WORKS_LAYOUTS:
        style = replace(style, vat_shape="table")
    overrides = {k: force[k] for k in ("money", "date_style", "font") if k in force}
    if "siren_nic" in force:
        overrides["siren_nic"] = force["siren_nic"]
    return replace(style, **overrides)  # type: ignore[arg-type]


def _page_breaks(count: int, pages: int) -> tuple[int, ...]:
    if pages <= 1:
        return ()
    per_page = -(-count // pages)
    return tuple(per_page * k for k in range(1, pages) if per_page * k < count)


WORKS_KINDS = ("mensuel", "mensuel", "acompte", "final", "dgd")
WORKS_TITLES = {
    "mensuel": (
        "Projet de décompte mensuel", "PROJET DE DÉCOMPTE MENSUEL", "Décompte mensuel",
        "Situation de travaux", "SITUATION DE TRAVAUX", "Facture de situation",
        "Situation mensuelle de travaux",
    ),
    "acompte": ("État d'acompte", "ÉTAT D'ACOMPTE", "Etat d'acompte mensuel"),
    "final": ("Projet de décompte final", "PROJET DE DÉCOMPTE FINAL", "Décompte final"),
    "dgd": (
        "Décompte général et définitif", "DÉCOMPTE GÉNÉRAL ET DÉFINITIF",
        "Décompte général et définitif (DGD)",
    ),
}  # fmt: skip
WORKS_LABELS = {
    "cumulative": (
        "Montant cumulé des travaux HT", "Montant cumulé HT",
        "Cumul des travaux exécutés HT", "Travaux exécutés cumulés HT",
        "Montant des travaux réalisés à ce jour HT",
    ),
    "previous": (
        "À déduire : situations précédentes HT", "Acomptes précédents HT",
        "Déjà facturé HT", "Montant des situations précédentes HT",
        "À déduire : montant HT des décomptes précédents",
        "Montant HT des acomptes antérieurs",
    ),
    "period": (
        None, None, "Montant HT de la situation", "Travaux du mois HT",
        "Montant HT de la période",
    ),
    "final_cumulative": (
        "Montant total des travaux exécutés HT", "Montant total du marché réalisé HT",
        "Cumul des travaux exécutés HT",
    ),
    "final_previous": (
        "À déduire : acomptes déjà versés HT", "Total des acomptes précédents HT",
        "Déjà facturé HT", "Montant des décomptes précédents HT",
    ),
    "final_period": (None, "Solde HT", "Montant du solde HT"),
    "retention": (
        None, None, "Retenue de garantie 5 % du TTC",
        "Retenue de garantie (5 % du montant TTC)", "Retenue de garantie 5 % TTC",
    ),
}  # fmt: skip
WORKS_ADVANCE_LABELS = (
    "Remboursement de l'avance",
    "Avance forfaitaire",
    "Avance versée",
)
"""A works piece's advance row: an "acompte" there would read as previous situations."""
DECOMPTE_TITLES = (
    "Projet de décompte mensuel",
    "PROJET DE DÉCOMPTE MENSUEL",
    "Décompte mensuel",
    "État d'acompte",
)
FEES_TITLES = (
    "Note d'honoraires",
    "NOTE D'HONORAIRES",
    "Facture d'honoraires",
    "Note d'honoraires n°",
)


def _firm_name(rng: random.Random, city: str) -> str:
    """A professional firm's name (accountants, lawyers, architects…)."""
    first, second = rng.sample(data.SURNAMES, 2)
    return _choice(rng, data.FIRM_NAMES).format(
        surname=first, surname2=second, city=city, region=_choice(rng, data.REGIONS)
    )


def _side_rng(rng: random.Random) -> random.Random:
    """An RNG seeded by ``rng``'s state, drawing nothing from it."""
    return random.Random(hashlib.sha256(repr(rng.getstate()).encode()).digest())


def _works_piece(rng: random.Random, situation: int, period: str, avoir: bool) -> Works:
    """One of the four pieces, its title and wordings (from a side RNG, so the other
    draws of a works invoice stay what they were)."""
    kind = _choice(rng, WORKS_KINDS)
    final = "final_" if kind in ("final", "dgd") else ""
    labels = {
        key: _choice(rng, WORKS_LABELS[final + key])
        for key in ("cumulative", "previous", "period")
    }
    if kind == "acompte" and labels["period"] == "Montant HT de la situation":
        labels["period"] = "Montant HT de l'acompte"
    return Works(
        situation=None if final or avoir else situation,
        period=period,
        kind=kind,
        title=_choice(rng, WORKS_TITLES[kind]),
        number_style=rng.randrange(4),
        cumulative_label=labels["cumulative"],  # type: ignore[arg-type]
        previous_label=labels["previous"],  # type: ignore[arg-type]
        period_label=labels["period"],
        retention_label=_choice(rng, WORKS_LABELS["retention"]),
    )


def _pick_layout(rng: random.Random) -> str:
    """One of `LAYOUTS`, uniformly, drawing from ``rng`` exactly as a choice among
    `BASE_LAYOUTS` does: an invoice of a base layout keeps its bytes, and the switch
    to a newer layout comes from a side RNG seeded by ``rng``'s state (not drawn)."""
    base = _choice(rng, BASE_LAYOUTS)
    state = hashlib.sha256(repr(rng.getstate()).encode()).digest()
    side = random.Random(state)
    if side.random() < len(MORE_LAYOUTS) / len(LAYOUTS):
        return _choice(side, MORE_LAYOUTS)
    return base


def make_invoice(rng: random.Random, **force: object) -> InvoiceSpec:
    """Draw one invoice; ``force`` pins features (see `FORCE_KEYS`)."""
    unknown = set(force) - FORCE_KEYS
    if unknown:
        raise TypeError(f"unknown features: {sorted(unknown)}")

    def pick(key: str, value: object) -> object:
        return force.get(key, value)

    layout = str(pick("layout", _pick_layout(rng)))
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    is_works = layout in WORKS_LAYOUTS
    avoir = (
        pick("document_type", "avoir" if rng.random() < 0.12 else "facture") == "avoir"
    )
    if is_works:
        avoir = pick("document_type", "facture") == "avoir"
    negative = bool(pick("negative", avoir and rng.random() < 0.5)) and avoir
    autoliquidation = bool(
        pick("autoliquidation", rng.random() < (0.2 if is_works else 0.05))
    )
    franchise = bool(pick("franchise", rng.random() < 0.07)) and not autoliquidation
    la_poste = bool(pick("la_poste", rng.random() < 0.04)) and not franchise
    retention = bool(pick("retention", rng.random() < (0.7 if is_works else 0.04)))
    retention = retention and not avoir
    has_advance = bool(pick("advance", rng.random() < (0.3 if is_works else 0.07)))
    has_advance = has_advance and not avoir

    roll = rng.random()
    pages = int(pick("pages", 1 if roll < 0.7 else 2 if roll < 0.92 else 3))  # type: ignore[call-overload]
    low, high = {1: (1, 10), 2: (10, 18), 3: (16, 25)}.get(pages, (16, 25))
    if layout == "ticket":
        low, high = {1: (1, 6), 2: (7, 12), 3: (13, 18)}.get(pages, (13, 18))
    elif layout == "fees":
        low, high = {1: (1, 5), 2: (8, 12), 3: (14, 18)}.get(pages, (14, 18))
    count = int(pick("line_count", rng.randint(low, high)))  # type: ignore[call-overload]
    pages = max(1, min(pages, count))

    supplier = _supplier(rng, la_poste, franchise)
    if layout == "fees" and supplier.legal_form and not la_poste:
        supplier = replace(supplier, name=_firm_name(rng, supplier.city))
    buyer = _buyer(rng)
    overseas = supplier.postcode in data.OVERSEAS_POSTCODES
    rates = _pick_rates(rng, overseas)
    if "rates" in force:
        rates = [Decimal(str(r)) for r in force["rates"]]  # type: ignore[attr-defined]
    if autoliquidation or franchise:
        rates = [ZERO]
    lines = _lines(rng, count, rates, is_works, small=franchise, fees=layout == "fees")

    day = date(2025, 1, 1) + timedelta(days=rng.randint(0, 700))
    due = None
    if rng.random() < 0.7 and not avoir:
        due = day + timedelta(days=_choice(rng, (0, 15, 30, 30, 45, 60)))
    number = _invoice_number(rng, day, avoir)
    bank_name, bank_code, bic = _choice(rng, identifiers.BANKS)
    bank = None
    if rng.random() < 0.8 and not avoir:
        printed_bic = identifiers.make_bic(rng, bic) if rng.random() < 0.6 else None
        bank = Bank(bank_name, identifiers.make_iban(rng, bank_code), printed_bic)

    if avoir:
        title = _choice(
            rng, ("AVOIR", "Avoir", "Facture d'avoir", "AVOIR N°", "Note de crédit")
        )
    else:
        title = _choice(rng, ("FACTURE", "Facture", "FACTURE N°", "Facture n°"))
    if is_works and not avoir:
        title = _choice(
            rng,
            ("Situation de travaux", "SITUATION DE TRAVAUX", "Facture de situation"),
        )
        if layout == "decompte":
            title = _choice(rng, DECOMPTE_TITLES)
    elif layout == "fees" and not avoir:
        title = _choice(rng, FEES_TITLES)

    subtotal = sum((line.amount for line in lines), ZERO)
    ttc_estimate = subtotal + sum(
        (cents(x.amount * x.rate / HUNDRED) for x in lines), ZERO
    )
    advance = ZERO
    if has_advance:
        advance = cents(ttc_estimate * Decimal(rng.choice((10, 15, 20, 30))) / HUNDRED)

    contract = None
    if is_works or rng.random() < 0.3:
        y = day.year % 100
        contract = _choice(
            rng,
            (
                f"{day.year}-M-{rng.randint(1, 99):04d}",
                f"MAR-{y}-{rng.randint(1, 999):03d}",
                f"{y}S{rng.randint(1, 9999):04d}",
                f"AO-{day.year - 1}-{rng.randint(1, 99):03d}",
            ),
        )
    engagement = None
    if rng.random() < 0.5:
        engagement = _choice(
            rng,
            (
                f"1300{rng.randint(0, 999999):06d}",
                f"BC-{day.year}-{rng.randint(1, 9999):04d}",
                f"{day.year}00{rng.randint(1000, 9999)}",
                f"EJ{rng.randint(10**7, 10**8 - 1)}",
            ),
        )
    service_code = _choice(rng, data.SERVICE_CODES) if rng.random() < 0.35 else None
    frame = None
    if pick("billing_frame", rng.random() < 0.12):
        frame = "A4" if is_works else _choice(rng, ("A1", "A1", "A2", "A9", "A12"))
    works = None
    if is_works:
        works = _works_piece(
            _side_rng(rng),
            rng.randint(1, 12),
            f"{data.MONTHS[day.month - 1]} {day.year}",
            avoir,
        )
        if not avoir:
            title = works.title
            frame = works.frame if frame else None

    features: list[str] = []
    for name, present in (
        ("avoir", avoir),
        ("negative_amounts", negative),
        ("autoliquidation", autoliquidation),
        ("franchise", franchise),
        ("la_poste", la_poste),
        ("retention", retention),
        ("advance", has_advance),
        ("multi_rate", len({x.rate for x in lines}) > 1),
        (
            "overseas_rate",
            any(x.rate in (Decimal("8.5"), Decimal("1.05")) for x in lines),
        ),
        ("multi_page", pages > 1),
        ("sections", any(x.section for x in lines) and not is_works),
    ):
        if present:
            features.append(name)

    style = _style(rng, layout, force)
    if style.siren_nic:
        features.append("siren_nic")
    return InvoiceSpec(
        seed="",
        layout=layout,
        document_type="avoir" if avoir else "facture",
        title=title,
        number=number,
        invoice_date=day,
        due_date=due,
        supplier=supplier,
        buyer=buyer,
        bank=bank,
        lines=lines,
        vat_mode="autoliquidation"
        if autoliquidation
        else "franchise"
        if franchise
        else "normal",
        negative=negative,
        advance=advance,
        retention=retention,
        buyer_siret_printed=rng.random() < 0.85,
        service_code=service_code,
        engagement=engagement,
        contract=contract,
        billing_frame=frame,
        cancelled_invoice=_invoice_number(rng, day - timedelta(days=20), False)
        if avoir
        else None,
        customer_number=f"C{rng.randint(100, 99999):05d}"
        if rng.random() < 0.5
        else None,
        quote_number=f"D{day.year}-{rng.randint(1, 999):03d}"
        if rng.random() < 0.3
        else None,
        delivery_note=f"BL{rng.randint(1000, 99999)}" if rng.random() < 0.2 else None,
        order_date=day - timedelta(days=rng.randint(5, 60))
        if rng.random() < 0.3
        else None,
        print_due_amount=bool(
            retention or has_advance or franchise or rng.random() < 0.7
        ),
        print_total_vat=not franchise and (not autoliquidation or rng.random() < 0.7),
        print_total_ttc=not franchise or rng.random() < 0.5,
        print_zero_vat_line=autoliquidation and rng.random() < 0.5,
        works=works,
        page_breaks=_page_breaks(count, pages),
        style=style,
        features=tuple(features),
    )


# ---------------------------------------------------------------- truth and files


def _money(value: Decimal) -> str:
    return f"{value.quantize(CENT) + 0:f}"  # + 0 turns -0.00 into 0.00


def truth(spec: InvoiceSpec) -> dict[str, object]:
    """The contract's fields as the document prints them, plus ``_``-metadata."""
    t = spec.totals
    out: dict[str, object] = {
        "document_type": spec.document_type,
        "invoice_number": spec.number,
        "invoice_date": spec.invoice_date.isoformat(),
    }
    if spec.due_date is not None:
        out["due_date"] = spec.due_date.isoformat()
    out["currency"] = "EUR"
    out["supplier_name"] = spec.supplier.name
    out["supplier_siret"] = spec.supplier.siret
    out["supplier_siren"] = spec.supplier.siren
    if spec.supplier.vat:
        out["supplier_vat"] = spec.supplier.vat
    if spec.bank:
        out["supplier_iban"] = spec.bank.iban
        if spec.bank.bic:
            out["supplier_bic"] = spec.bank.bic
    out["buyer_name"] = spec.buyer.name
    if spec.buyer_siret_printed:
        out["buyer_siret"] = spec.buyer.siret
    optional = (
        ("buyer_service_code", spec.service_code),
        ("engagement_number", spec.engagement),
        ("contract_number", spec.contract),
        ("billing_frame", spec.billing_frame or implied_frame(spec)),
    )
    out.update({key: value for key, value in optional if value})
    out["total_ht"] = _money(t.ht)
    if spec.print_total_vat:
        out["total_vat"] = _money(t.vat)
    if spec.print_total_ttc:
        out["total_ttc"] = _money(t.ttc)
    out["amount_due"] = _money(t.due)
    if spec.vat_mode == "normal" or spec.print_zero_vat_line:
        out["vat_breakdown"] = [
            {"rate": _money(v.rate), "base": _money(v.base), "amount": _money(v.amount)}
            for v in t.vat_lines
        ]
    else:
        out["vat_breakdown"] = []
    if spec.works and spec.document_type == "facture":
        out["works"] = works_truth(spec)
    out["_seed"] = spec.seed
    out["_layout"] = spec.layout
    out["_features"] = list(spec.features)
    return out


def implied_frame(spec: InvoiceSpec) -> str | None:
    """The frame a works piece's title names (a credit note's title names none)."""
    if spec.works and spec.document_type == "facture":
        return spec.works.frame
    return None


def works_truth(spec: InvoiceSpec) -> dict[str, str]:
    """A works piece's figures as printed: situation, cumulative, previous, period,
    and the retention with its rate."""
    works, t = spec.works, spec.totals
    assert works is not None
    out: dict[str, str] = {}
    if works.situation is not None:
        out["situation_number"] = str(works.situation)
    cumulative = sum((x.cumulative_amount for x in spec.lines), ZERO)
    out["cumulative_ht"] = _money(cumulative)
    out["previous_payments"] = _money(
        sum((x.previous_amount for x in spec.lines), ZERO)
    )
    out["period_ht"] = _money(t.ht)
    if spec.retention:
        out["retention"] = _money(t.retention)
        out["retention_rate"] = _money(RETENTION_RATE)
    return out


def render(spec: InvoiceSpec) -> bytes:
    """The invoice as PDF bytes (same spec, same bytes)."""
    from samples.layouts_more import draw

    return draw(spec)


def invoice_for(seed: int, index: int, **force: object) -> InvoiceSpec:
    """The ``index``-th invoice of ``seed``, from its own RNG."""
    name = f"{seed}-{index}"
    return replace(make_invoice(random.Random(name), **force), seed=name)


def generate(
    out: Path,
    count: int,
    seed: int,
    *,
    make: Callable[[int, int], InvoiceSpec] = invoice_for,
) -> list[Path]:
    """Write ``count`` invoices and their truth into ``out``; return the PDF paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        spec = make(seed, i)
        pdf = out / f"inv-{seed}-{i:04d}.pdf"
        pdf.write_bytes(render(spec))
        text = json.dumps(truth(spec), ensure_ascii=False, indent=2) + "\n"
        pdf.with_suffix(".truth.json").write_text(text, encoding="utf-8")
        paths.append(pdf)
    return paths
