"""Shared pieces of the holdout generator: identifiers, formats, parties, PDF helpers."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from fpdf import FPDF
from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.fr import siren as std_siren
from stdnum.fr import siret as std_siret
from stdnum.fr import tva as std_tva

CENT = Decimal("0.01")
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def q2(x: Decimal) -> Decimal:
    return Decimal(x).quantize(CENT, ROUND_HALF_UP)


def dstr(x: Decimal) -> str:
    """Truth form of a money value: '1234.50', '-12.00'."""
    return str(q2(x) + 0)


# ---------------------------------------------------------------- identifiers


def make_siren(rng: random.Random, prefix: str = "") -> str:
    while True:
        body = prefix + "".join(
            rng.choice("0123456789") for _ in range(8 - len(prefix))
        )
        if body[0] == "0":
            continue
        s = body + luhn.calc_check_digit(body)
        if s != "356000000" and std_siren.is_valid(s):
            return s


def make_siret(rng: random.Random, siren: str) -> str:
    nic = f"{rng.choice([1, 1, 1, 1, 2, 2, 3, 4, 5, 6, 10, 14, 21, 33, 45]):04d}"
    body = siren + nic
    s = body + luhn.calc_check_digit(body)
    assert std_siret.is_valid(s), s
    return s


def make_vat(siren: str) -> str:
    v = f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"
    assert std_tva.is_valid(v), v
    return v


BANKS = [
    ("30004", "BNPAFRPPXXX"),
    ("30003", "SOGEFRPP"),
    ("10278", "CMCIFR2A"),
    ("18206", "AGRIFRPP882"),
    ("17515", "CEPAFRPP751"),
    ("20041", "PSSTFRPPLYO"),
    ("30002", "CRLYFRPP"),
    ("13807", "CCBPFRPPNAN"),
    ("16807", "CCBPFRPPGRE"),
    ("11315", "CEPAFRPP131"),
    ("12506", "AGRIFRPP825"),
]


def make_iban(rng: random.Random) -> tuple[str, str]:
    bank, bic = rng.choice(BANKS)
    guichet = f"{rng.randint(1, 99999):05d}"
    account = "".join(rng.choice("0123456789") for _ in range(11))
    key = 97 - ((89 * int(bank) + 15 * int(guichet) + 3 * int(account)) % 97)
    bban = f"{bank}{guichet}{account}{key:02d}"
    iban = "FR" + std_iban.calc_check_digits("FR00" + bban) + bban
    assert std_iban.is_valid(iban) and iban.startswith("FR76"), iban
    return iban, bic


# ---------------------------------------------------------------- formats

MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def fmt_date(d: date, style: str) -> str:
    if style == "dmy":
        return d.strftime("%d/%m/%Y")
    if style == "long":
        day = "1er" if d.day == 1 else str(d.day)
        return f"{day} {MONTHS[d.month - 1]} {d.year}"
    if style == "iso":
        return d.isoformat()
    if style == "dot2":
        return d.strftime("%d.%m.%y")
    if style == "dash":
        return d.strftime("%d-%m-%Y")
    if style == "dot":
        return d.strftime("%d.%m.%Y")
    raise ValueError(style)


def group(ip: str, sep: str) -> str:
    parts = []
    while len(ip) > 3:
        parts.insert(0, ip[-3:])
        ip = ip[:-3]
    parts.insert(0, ip)
    return sep.join(parts)


@dataclass
class Money:
    """How one invoice writes money: thousands separator, decimal mark, currency."""

    sep: str = " "
    dec: str = ","
    cur: str = " €"  # suffix, or prefix when it ends with a space and pre is True
    pre: bool = False

    def num(self, x: Decimal) -> str:
        v = q2(x) + 0
        neg = v < 0
        ip, fp = f"{abs(v):.2f}".split(".")
        return ("-" if neg else "") + group(ip, self.sep) + self.dec + fp

    def __call__(self, x: Decimal) -> str:
        if self.pre:
            return self.cur + self.num(x)
        return self.num(x) + self.cur


MONEY_STYLES = [
    Money(" ", ",", " €"),
    Money("\u202f", ",", " €"),
    Money(".", ",", " €"),
    Money("", ",", " EUR"),
    Money(" ", ",", "€ ", True),
    Money(" ", ",", " EUR"),
    Money("\u00a0", ",", " €"),
]


def fmt_rate(r: Decimal, style: int) -> str:
    if style == 0:
        s = f"{r:.2f}".replace(".", ",") + " %"
    elif style == 1:
        s = (f"{r:.1f}" if r != r.to_integral() else f"{r:.0f}").replace(
            ".", ","
        ) + " %"
    elif style == 2:
        s = (f"{r:.1f}" if r != r.to_integral() else f"{r:.0f}").replace(".", ",") + "%"
    else:
        s = f"{r:.2f}".replace(".", ",") + "%"
    return s


def fmt_qty(x: Decimal) -> str:
    if x == x.to_integral():
        return f"{x:.0f}"
    return f"{x:.2f}".replace(".", ",")


def fmt_siret(s: str, style: int) -> str:
    if style == 0:
        return f"{s[:3]} {s[3:6]} {s[6:9]} {s[9:]}"
    if style == 1:
        return s
    return f"{s[:9]} {s[9:]}"


def fmt_siren(s: str, style: int) -> str:
    return f"{s[:3]} {s[3:6]} {s[6:]}" if style == 0 else s


def fmt_vat(v: str, style: int) -> str:
    if style == 0:
        return v
    if style == 1:
        return f"{v[:2]} {v[2:4]} {v[4:]}"
    return f"{v[:4]} {v[4:7]} {v[7:10]} {v[10:]}"


def fmt_iban(s: str, style: int) -> str:
    if style == 1:
        return s
    return " ".join(s[i : i + 4] for i in range(0, len(s), 4))


def phone(rng: random.Random, mobile: bool = False) -> str:
    first = (
        rng.choice(["06", "07"])
        if mobile
        else rng.choice(["01", "02", "03", "04", "05", "09"])
    )
    return first + "".join(f" {rng.randint(0, 99):02d}" for _ in range(4))


def rand_date(rng: random.Random) -> date:
    return date(2024, 1, 1) + timedelta(days=rng.randint(0, 1275))


def end_of_month(d: date) -> date:
    nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


# ---------------------------------------------------------------- parties

FIRST = [
    "Jean",
    "Marie",
    "Pierre",
    "Sophie",
    "Luc",
    "Nathalie",
    "Karim",
    "Isabelle",
    "Thomas",
    "Camille",
    "Hélène",
    "Mathieu",
    "Aurélie",
    "Yann",
    "Fatima",
    "Gaëlle",
]
LAST = [
    "Martin",
    "Bernard",
    "Dubois",
    "Lefèvre",
    "Moreau",
    "Girard",
    "Roux",
    "Fournier",
    "Mercier",
    "Blanchard",
    "Chevalier",
    "Perrin",
    "Morel",
    "Garnier",
    "Faure",
    "Rousseau",
    "Benali",
    "Lemaire",
    "Vidal",
    "Barbier",
]
CITIES = [
    ("69003", "Lyon"),
    ("69100", "Villeurbanne"),
    ("38000", "Grenoble"),
    ("42000", "Saint-Étienne"),
    ("26000", "Valence"),
    ("73000", "Chambéry"),
    ("13001", "Marseille"),
    ("31000", "Toulouse"),
    ("44000", "Nantes"),
    ("35000", "Rennes"),
    ("59000", "Lille"),
    ("67000", "Strasbourg"),
    ("21000", "Dijon"),
    ("63000", "Clermont-Ferrand"),
    ("34000", "Montpellier"),
    ("87000", "Limoges"),
    ("45000", "Orléans"),
    ("80000", "Amiens"),
    ("86000", "Poitiers"),
    ("01000", "Bourg-en-Bresse"),
]
STREETS = [
    "rue de la République",
    "avenue Jean Jaurès",
    "boulevard Gambetta",
    "rue Victor Hugo",
    "chemin des Vignes",
    "ZA des Platières",
    "rue du Général de Gaulle",
    "allée des Tilleuls",
    "impasse des Artisans",
    "route de Grenoble",
    "rue Pasteur",
    "place de l'Hôtel de Ville",
    "quai Claude Bernard",
    "rue des Frères Lumière",
]


def address(rng: random.Random) -> list[str]:
    cp, city = rng.choice(CITIES)
    lines = [f"{rng.randint(1, 180)} {rng.choice(STREETS)}"]
    if rng.random() < 0.25:
        lines.append(
            rng.choice(
                ["Bâtiment B", "BP 204", "CS 30012", "Zone artisanale", "2e étage"]
            )
        )
    lines.append(f"{cp} {city.upper() if rng.random() < 0.4 else city}")
    return lines


@dataclass
class Party:
    name: str
    addr: list[str]
    siren: str
    siret: str
    vat: str
    phone: str = ""
    email: str = ""
    iban: str = ""
    bic: str = ""
    form: str = ""
    capital: str = ""
    rcs_city: str = ""
    ape: str = ""
    public: bool = False
    sub: str = ""
    service: str | None = None
    engagement: str | None = None
    contract: str | None = None
    extra: dict = field(default_factory=dict)


def make_supplier(
    rng: random.Random, names: list[str], ape: str, forms: list[str]
) -> Party:
    name = rng.choice(names).format(last=rng.choice(LAST), first=rng.choice(FIRST))
    siren = make_siren(rng)
    iban, bic = make_iban(rng)
    addr = address(rng)
    city = addr[-1].split(" ", 1)[1].title()
    dom = "".join(ch for ch in name.lower() if ch.isalnum())[:14] or "contact"
    return Party(
        name=name,
        addr=addr,
        siren=siren,
        siret=make_siret(rng, siren),
        vat=make_vat(siren),
        phone=phone(rng),
        email=f"{rng.choice(['contact', 'compta', 'facturation', 'info'])}@{dom}.fr",
        iban=iban,
        bic=bic,
        form=rng.choice(forms),
        capital=rng.choice(
            [
                "1 000",
                "5 000",
                "7 500",
                "10 000",
                "15 000",
                "37 000",
                "50 000",
                "120 000",
            ]
        ),
        rcs_city=city,
        ape=ape,
    )


PUBLIC = [
    (
        "Mairie de {city}",
        "21",
        ["Services techniques", "Direction des bâtiments", "Service éducation"],
    ),
    (
        "Commune de {city}",
        "21",
        ["Direction de la commande publique", "Service enfance"],
    ),
    (
        "Ville de {city}",
        "21",
        ["Direction des systèmes d'information", "Service des sports"],
    ),
    (
        "Centre hospitalier de {city}",
        "26",
        ["Direction des achats", "Service biomédical"],
    ),
    (
        "Centre Hospitalier Universitaire de {city}",
        "26",
        ["Direction des services économiques"],
    ),
    (
        "Conseil départemental de {dept}",
        "22",
        ["Direction des routes", "Pôle ressources"],
    ),
    (
        "Département {deptof}",
        "22",
        ["Direction de l'éducation", "Service des collèges"],
    ),
    ("Université {univ}", "19", ["Service financier", "Direction du numérique"]),
    ("Lycée {person}", "19", ["Intendance"]),
    ("Communauté d'agglomération {agglo}", "20", ["Direction eau et assainissement"]),
    ("CCAS de {city}", "26", ["Service administratif"]),
    ("Syndicat intercommunal des eaux de {city}", "25", ["Secrétariat"]),
    ("Métropole de {city}", "20", ["Direction du patrimoine"]),
]
DEPTS = [
    ("l'Isère", "de l'Isère"),
    ("la Drôme", "de la Drôme"),
    ("la Savoie", "de la Savoie"),
    ("la Loire", "de la Loire"),
    ("l'Ain", "de l'Ain"),
    ("la Haute-Garonne", "de la Haute-Garonne"),
    ("Loire-Atlantique", "de Loire-Atlantique"),
]
UNIVS = [
    "Grenoble Alpes",
    "Claude Bernard Lyon 1",
    "de Nantes",
    "Clermont Auvergne",
    "de Poitiers",
]
PERSONS = [
    "Ampère",
    "Jean Moulin",
    "Marie Curie",
    "Victor Hugo",
    "Condorcet",
    "Louise Michel",
]
AGGLOS = [
    "du Pays Voironnais",
    "Valence Romans Agglo",
    "Grand Chambéry",
    "du Grand Annecy",
]
PRIVATE = [
    "{last} Immobilier SAS",
    "Cabinet {last} & Associés",
    "Hôtel du Parc SARL",
    "SCI Les Tilleuls",
    "Clinique {last}",
    "Transports {last} SA",
    "{last} Bâtiment Entreprise Générale",
]


def make_buyer(
    rng: random.Random, public_prob: float = 0.75, year: int = 2026
) -> Party:
    addr = address(rng)
    city = addr[-1].split(" ", 1)[1].title()
    if rng.random() < public_prob:
        tpl, prefix, subs = rng.choice(PUBLIC)
        dept, deptof = rng.choice(DEPTS)
        name = tpl.format(
            city=city,
            dept=dept,
            deptof=deptof,
            univ=rng.choice(UNIVS),
            person=rng.choice(PERSONS),
            agglo=rng.choice(AGGLOS),
        )
        siren = make_siren(rng, prefix)
        p = Party(
            name=name,
            addr=addr,
            siren=siren,
            siret=make_siret(rng, siren),
            vat=make_vat(siren),
        )
        p.public = True
        p.sub = rng.choice(subs)
        if rng.random() < 0.5:
            p.service = rng.choice(
                [
                    "DSI",
                    "SCE-ACHATS",
                    "DST01",
                    "FIN-042",
                    "RESTO",
                    "BAT-02",
                    "100254",
                    "SG",
                    "ECO7",
                ]
            )
        if rng.random() < 0.7:
            k = rng.randrange(5)
            p.engagement = [
                f"13{rng.randint(0, 99999999):08d}",
                f"BC-{year - rng.randint(0, 1)}-{rng.randint(1, 9999):04d}",
                f"{year - rng.randint(0, 1)}-{rng.randint(1, 999999):06d}",
                f"CMD{year % 100 - rng.randint(0, 1)}-{rng.randint(1, 99999):05d}",
                f"E{year % 100 - rng.randint(0, 1)}/{rng.randint(1, 9999):05d}",
            ][k]
        if rng.random() < 0.4:
            p.contract = rng.choice(
                [
                    f"{year - rng.randint(0, 3)}-MAPA-{rng.randint(1, 99):03d}",
                    f"{year % 100 - rng.randint(0, 3)}S{rng.randint(1, 9999):04d}",
                    f"M{year - rng.randint(0, 3)}-{rng.randint(1, 300):03d}",
                    f"AO-{year - rng.randint(0, 3)}-{rng.randint(1, 40):02d}"
                    f"-LOT{rng.randint(1, 9)}",
                    f"{year - rng.randint(0, 3)}/{rng.randint(1, 300):03d}",
                ]
            )
        return p
    name = rng.choice(PRIVATE).format(last=rng.choice(LAST))
    siren = make_siren(rng)
    return Party(
        name=name,
        addr=addr,
        siren=siren,
        siret=make_siret(rng, siren),
        vat=make_vat(siren),
    )


# ---------------------------------------------------------------- invoice lines


@dataclass
class Line:
    desc: str
    qty: Decimal
    unit: str
    pu: Decimal
    rate: Decimal
    section: str = ""
    amount: Decimal | None = None  # when the line total is not qty x pu (discounts)
    extra: dict = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return q2(self.qty * self.pu) if self.amount is None else q2(self.amount)


def breakdown(lines: list[Line]) -> list[tuple[Decimal, Decimal, Decimal]]:
    """(rate, base, vat) per rate, VAT rounded half-up per rate; sorted by rate."""
    bases: dict[Decimal, Decimal] = {}
    for ln in lines:
        bases[ln.rate] = bases.get(ln.rate, Decimal(0)) + ln.total
    return [(r, q2(b), q2(b * r / 100)) for r, b in sorted(bases.items())]


@dataclass
class Totals:
    ht: Decimal
    vat: Decimal
    ttc: Decimal
    rows: list[tuple[Decimal, Decimal, Decimal]]


def totals(lines: list[Line]) -> Totals:
    rows = breakdown(lines)
    ht = sum((b for _, b, _ in rows), Decimal(0))
    vat = sum((v for _, _, v in rows), Decimal(0))
    return Totals(q2(ht), q2(vat), q2(ht + vat), rows)


# ---------------------------------------------------------------- truth


class Truth:
    """The truth dict, plus the strings printed for each value (for the self-check)."""

    def __init__(self, layout: str, doc_type: str = "facture") -> None:
        self.d: dict = {"document_type": doc_type, "currency": "EUR", "_layout": layout}
        self.shown: dict[str, list[str]] = {}

    def put(self, key: str, value, shown: str) -> str:
        self.d[key] = value
        self.shown.setdefault(key, []).append(shown)
        return shown

    def money(self, key: str, value: Decimal, shown: str) -> str:
        return self.put(key, dstr(value), shown)

    def supplier_ids(self, p: Party, siret_shown: str | None = None) -> None:
        if siret_shown is not None:
            self.put("supplier_siret", p.siret, siret_shown)
        self.d["supplier_siren"] = p.siren

    def vat_rows(
        self, rows: list[tuple[Decimal, Decimal, Decimal]], shown: list[str]
    ) -> None:
        self.d["vat_breakdown"] = [
            {"rate": f"{r:.2f}", "base": dstr(b), "amount": dstr(v)} for r, b, v in rows
        ]
        self.shown.setdefault("vat_breakdown", []).extend(shown)


# ---------------------------------------------------------------- PDF

FAMILIES = {
    "sans": (
        "DejaVuSans",
        "DejaVuSans-Bold",
        "DejaVuSans-Oblique",
        "DejaVuSans-BoldOblique",
    ),
    "cond": (
        "DejaVuSansCondensed",
        "DejaVuSansCondensed-Bold",
        "DejaVuSansCondensed-Oblique",
        "DejaVuSansCondensed-BoldOblique",
    ),
    "serif": (
        "DejaVuSerif",
        "DejaVuSerif-Bold",
        "DejaVuSerif-Italic",
        "DejaVuSerif-BoldItalic",
    ),
}
LATIN1_FIX = {
    "€": "EUR",
    "’": "'",
    "œ": "oe",
    "Œ": "OE",
    "–": "-",
    "—": "-",
    "\u202f": " ",
    "…": "...",
    "«": '"',
    "»": '"',
}


class Doc(FPDF):
    """A4 page with absolute-positioned text helpers; fonts: 'sans', 'cond', 'serif', 'core'."""

    def __init__(
        self, fonts: str = "sans", orientation: str = "P", when: date | None = None
    ):
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(15, 15, 15)
        self.core = fonts == "core"
        if self.core:
            self.fam = "Helvetica"
        else:
            reg, bold, ital, bital = FAMILIES[fonts]
            self.add_font("F", "BI", str(FONT_DIR / f"{bital}.ttf"))
            self.add_font("F", "", str(FONT_DIR / f"{reg}.ttf"))
            self.add_font("F", "B", str(FONT_DIR / f"{bold}.ttf"))
            self.add_font("F", "I", str(FONT_DIR / f"{ital}.ttf"))
            self.fam = "F"
        self.footer_fn = None
        self.header_fn = None
        self.alias_nb_pages()
        if when is not None:
            self.set_creation_date(
                datetime(when.year, when.month, when.day, 9, 0, tzinfo=UTC)
            )

    def footer(self) -> None:
        if self.footer_fn:
            self.footer_fn(self)

    def header(self) -> None:
        if self.header_fn and self.page_no() > 1:
            self.header_fn(self)

    def clean(self, s: str) -> str:
        if not self.core:
            return s
        for a, b in LATIN1_FIX.items():
            s = s.replace(a, b)
        return s.encode("latin-1", "replace").decode("latin-1")

    def font(self, size: float, style: str = "") -> None:
        self.set_font(self.fam, style, size)

    def width(self, s: str, size: float, style: str = "") -> float:
        self.font(size, style)
        return self.get_string_width(self.clean(s))

    def t(
        self,
        x: float,
        y: float,
        s: str,
        size: float = 9,
        style: str = "",
        w: float | None = None,
        align: str = "L",
        h: float | None = None,
    ) -> float:
        """One line of text in a box at (x, y), shrunk to fit w; returns the y below it."""
        s = self.clean(s)
        self.font(size, style)
        if w:
            while self.get_string_width(s) + 2 * self.c_margin > w and size > 4.5:
                size -= 0.25
                self.font(size, style)
        else:
            w = self.get_string_width(s) + 2 * self.c_margin + 0.5
        h = h or size * 0.45
        self.set_xy(x, y)
        self.cell(w, h, s, align=align)
        return y + h

    def tr(
        self, xr: float, y: float, s: str, size: float = 9, style: str = ""
    ) -> float:
        """Right-aligned text ending at xr."""
        w = self.width(s, size, style) + 2 * self.c_margin + 0.5
        return self.t(xr - w, y, s, size, style, w=w, align="R")

    def tc(
        self, y: float, s: str, size: float = 7, style: str = "", x0=None, x1=None
    ) -> float:
        x0 = self.l_margin if x0 is None else x0
        x1 = self.w - self.r_margin if x1 is None else x1
        return self.t(x0, y, s, size, style, w=x1 - x0, align="C")

    def lines_of(self, s: str, w: float, size: float, style: str = "") -> list[str]:
        self.font(size, style)
        if not s:
            return [""]
        return self.multi_cell(w, 4, self.clean(s), dry_run=True, output="LINES")

    def block(
        self, x: float, y: float, lines: list[tuple[str, float, str]], lh: float = 1.0
    ) -> float:
        for s, size, style in lines:
            y = self.t(x, y, s, size, style) + lh
        return y

    def hline(
        self, x0: float, x1: float, y: float, width: float = 0.2, gray: int = 0
    ) -> None:
        self.set_draw_color(gray)
        self.set_line_width(width)
        self.line(x0, y, x1, y)
        self.set_draw_color(0)


def table(
    doc: Doc,
    x: float,
    y: float,
    cols: list[tuple[float, str]],
    head: list[str],
    rows: list,
    *,
    size: float = 8,
    lh: float = 4.2,
    fill: tuple[int, int, int] = (225, 225, 225),
    head_color: tuple[int, int, int] = (0, 0, 0),
    grid: bool = True,
    bottom: float = 262,
    new_page=None,
) -> float:
    """Draw a table with a header row; rows are lists of cells or dicts
    {"cells": [...], "style": "B", "fill": (r, g, b), "span": True}. Breaks pages."""
    total_w = sum(w for w, _ in cols)

    def draw_head(y: float) -> float:
        doc.set_fill_color(*fill)
        doc.set_draw_color(90)
        doc.set_line_width(0.2)
        doc.rect(x, y, total_w, lh + 2, style="DF" if grid else "F")
        doc.set_text_color(*head_color)
        cx = x
        for (w, a), h in zip(cols, head, strict=True):
            doc.t(cx, y + 1, h, size, "B", w=w, align="L" if a == "W" else a)
            cx += w
        doc.set_text_color(0)
        doc.set_draw_color(0)
        return y + lh + 2

    y = draw_head(y)
    for row in rows:
        style, rfill, span = "", None, False
        if isinstance(row, dict):
            style, rfill, span = (
                row.get("style", ""),
                row.get("fill"),
                row.get("span", False),
            )
            row = row["cells"]
        if span:
            wrapped = [[row[0]]]
        else:
            wrapped = [
                doc.lines_of(c, w, size, style) if a == "W" else [c]
                for c, (w, a) in zip(row, cols, strict=True)
            ]
        rh = max(len(c) for c in wrapped) * lh + 1.2
        if y + rh > bottom and new_page is not None:
            y = draw_head(new_page(doc))
        if rfill:
            doc.set_fill_color(*rfill)
            doc.rect(x, y, total_w, rh, style="F")
        if span:
            doc.t(x, y + 0.6, row[0], size, style or "B", w=total_w)
        else:
            cx = x
            for cell, (w, a) in zip(wrapped, cols, strict=True):
                for k, s in enumerate(cell):
                    doc.t(
                        cx,
                        y + 0.6 + k * lh,
                        s,
                        size,
                        style,
                        w=w,
                        align="L" if a == "W" else a,
                    )
                cx += w
        doc.set_line_width(0.15)
        if grid:
            doc.set_draw_color(90)
            cx = x
            for w, _ in cols:
                if not span or cx == x:
                    doc.line(cx, y, cx, y + rh)
                cx += w
            doc.line(cx, y, cx, y + rh)
            doc.line(x, y + rh, x + total_w, y + rh)
            doc.set_draw_color(0)
        else:
            doc.hline(x, x + total_w, y + rh, 0.1, 170)
        y += rh
    return y


def kv_box(
    doc: Doc,
    x: float,
    y: float,
    pairs: list[tuple[str, str]],
    wl: float,
    wv: float,
    size: float = 8.5,
    rh: float = 5.5,
    bold_last: bool = False,
    fill: tuple[int, int, int] | None = (240, 240, 240),
    vstyle: str = "",
) -> float:
    """A two-column box: label cell | value cell (value right-aligned)."""
    doc.set_draw_color(90)
    doc.set_line_width(0.2)
    for k, (lab, val) in enumerate(pairs):
        last = bold_last and k == len(pairs) - 1
        if fill:
            doc.set_fill_color(*fill)
            doc.rect(x, y, wl, rh, style="DF")
        else:
            doc.rect(x, y, wl, rh)
        doc.rect(x + wl, y, wv, rh)
        st = "B" if last else ""
        doc.t(x + 0.5, y + 1, lab, size, st, w=wl - 1)
        doc.t(x + wl, y + 1, val, size, st or vstyle, w=wv - 0.5, align="R")
        y += rh
    doc.set_draw_color(0)
    return y
