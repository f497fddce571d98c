"""Drawing an `InvoiceSpec` as a PDF: shared blocks and one function per layout.

Every layout prints the same facts (`references`, `total_rows`, the supplier's
identifiers…) arranged its own way, so the truth never depends on the layout.
Minor cosmetic choices come from ``random.Random(style.variant)``: `draw` stays a
pure function of the spec.
"""

import io
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from samples.formats import (
    date_text,
    iban_text,
    quantity_text,
    rate_text,
    siren_text,
    siret_text,
    vat_text,
)
from samples.generator import WORKS_ADVANCE_LABELS, InvoiceSpec, Line, Totals

BLACK = (0.0, 0.0, 0.0)
GREY = (0.4, 0.4, 0.4)
LIGHT = (0.92, 0.92, 0.92)
WHITE = (1.0, 1.0, 1.0)
TICKET = (105 * mm, 297 * mm)

FAMILIES = {
    "Helvetica": ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique"),
    "Times": ("Times-Roman", "Times-Bold", "Times-Italic"),
    "Courier": ("Courier", "Courier-Bold", "Courier-Oblique"),
}
FRAMES = {
    "A1": "Facture fournisseur",
    "A2": "Facture fournisseur déjà payée",
    "A4": "Projet de décompte mensuel",
    "A5": "État d'acompte",
    "A7": "Projet de décompte final",
    "A8": "Décompte général et définitif",
    "A9": "Facture de sous-traitant",
    "A12": "Facture de cotraitant",
}

Item = tuple[str, str, str]
"""(key, label, value) of one printed reference or total."""


# ---------------------------------------------------------------- the page and its pen


class Doc:
    """A canvas with a cursor, page breaks, and the page footer drawn on each page."""

    def __init__(self, spec: InvoiceSpec, pages: int, size: tuple[float, float] = A4):
        self.spec = spec
        self.style = spec.style
        self.r = random.Random(spec.style.variant)
        self.buf = io.BytesIO()
        self.canvas = Canvas(self.buf, pagesize=size, invariant=1)
        self.canvas.setTitle(f"{spec.title} {spec.number}")
        self.width, self.height = size
        self.pages = pages
        self.page = 1
        self.left = self.style.margin
        self.right = self.width - self.style.margin
        self.top = self.height - self.style.margin
        self.footer_lines: list[str] = []
        self.footer_size = max(6.0, self.style.size - 2)
        self.bottom = self.style.margin + 14
        self.y = self.top
        self.continuation: Callable[[Doc], None] = lambda doc: None

    # --- text
    def font(self, bold: bool = False, italic: bool = False) -> str:
        regular, heavy, slanted = FAMILIES[self.style.font]
        return heavy if bold else slanted if italic else regular

    def text_width(
        self, text: str, size: float | None = None, bold: bool = False
    ) -> float:
        return stringWidth(text, self.font(bold), size or self.style.size)

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float | None = None,
        *,
        bold: bool = False,
        italic: bool = False,
        align: str = "left",
        color: tuple[float, float, float] = BLACK,
    ) -> None:
        c = self.canvas
        c.setFillColorRGB(*color)
        c.setFont(self.font(bold, italic), size or self.style.size)
        if align == "right":
            c.drawRightString(x, y, text)
        elif align == "center":
            c.drawCentredString(x, y, text)
        else:
            c.drawString(x, y, text)
        c.setFillColorRGB(*BLACK)

    def wrap(
        self, text: str, width: float, size: float | None = None, bold: bool = False
    ) -> list[str]:
        return simpleSplit(text, self.font(bold), size or self.style.size, width) or [
            ""
        ]

    def paragraph(
        self,
        x: float,
        y: float,
        text: str,
        width: float,
        size: float | None = None,
        **kw: object,
    ) -> float:
        """Draw wrapped text from baseline ``y`` down; return the next baseline."""
        size = size or self.style.size
        for line in self.wrap(text, width, size, bool(kw.get("bold"))):
            self.text(x, y, line, size, **kw)  # type: ignore[arg-type]
            y -= size * 1.3
        return y

    @property
    def lead(self) -> float:
        return self.style.size * 1.35

    # --- shapes
    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        fill: tuple[float, float, float] | None = None,
        stroke: bool = True,
    ) -> None:
        c = self.canvas
        if fill:
            c.setFillColorRGB(*fill)
        c.setStrokeColorRGB(*GREY)
        c.setLineWidth(0.5)
        c.rect(x, y, w, h, stroke=int(stroke), fill=int(fill is not None))
        c.setFillColorRGB(*BLACK)

    def hline(
        self,
        y: float,
        x0: float | None = None,
        x1: float | None = None,
        width: float = 0.5,
    ) -> None:
        c = self.canvas
        c.setStrokeColorRGB(*GREY)
        c.setLineWidth(width)
        c.line(self.left if x0 is None else x0, y, self.right if x1 is None else x1, y)

    # --- pages
    def need(self, height: float) -> None:
        """Break the page unless ``height`` fits above the footer."""
        if self.y - height < self.bottom:
            self.new_page()

    def new_page(self) -> None:
        self.finish_page()
        self.canvas.showPage()
        self.page += 1
        self.y = self.top
        self.continuation(self)

    def set_footer(self, lines: list[str]) -> None:
        """Footer text drawn at the bottom of every page; reserves its height."""
        width = self.right - self.left
        wrapped = [
            w for line in lines for w in self.wrap(line, width, self.footer_size)
        ]
        self.footer_lines = wrapped
        self.bottom = self.style.margin + 14 + len(wrapped) * self.footer_size * 1.3

    def finish_page(self) -> None:
        y = self.style.margin + len(self.footer_lines) * self.footer_size * 1.3
        if self.footer_lines:
            self.hline(y + 4, width=0.3)
        for line in self.footer_lines:
            y -= self.footer_size * 1.3
            self.text(
                self.width / 2,
                y + 3,
                line,
                self.footer_size,
                align="center",
                color=GREY,
            )
        fmt = self.style.page_numbers
        if fmt and self.pages:
            label = fmt.format(page=self.page, pages=self.pages)
            self.text(
                self.right,
                self.style.margin - 12,
                label,
                self.footer_size,
                align="right",
            )

    def save(self) -> bytes:
        self.finish_page()
        self.canvas.save()
        return self.buf.getvalue()


# ---------------------------------------------------------------- what is printed


def label(doc: Doc, key: str) -> str:
    return doc.style.labels[key]


def joined(doc: Doc, key: str, value: str, sep: str | None = None) -> str:
    """``label : value`` (or the label's own colon), never glued together."""
    name = label(doc, key) if key in doc.style.labels else key
    if sep is None:
        sep = (" : ", ": ", " ")[doc.style.variant % 3]
    if name.endswith(":"):
        sep = " "
    return f"{name}{sep}{value}" if name else value


def day(doc: Doc, value: object) -> str:
    return date_text(value, doc.style.date_style)  # type: ignore[arg-type]


def money(doc: Doc, value: object, in_line: bool = False) -> str:
    return doc.style.money.amount(value, in_line=in_line)  # type: ignore[arg-type]


def references(doc: Doc, with_number: bool = True) -> list[Item]:
    """The references (number, dates, routing, decoys) in print order."""
    spec, r = doc.spec, doc.r
    items: list[Item] = []
    if with_number:
        items.append(("number", label(doc, "number"), spec.number))
    items.append(("date", label(doc, "date"), day(doc, spec.invoice_date)))
    if spec.due_date:
        items.append(("due", label(doc, "due"), day(doc, spec.due_date)))
    extra: list[Item] = []
    if spec.customer_number:
        extra.append(("customer", label(doc, "customer"), spec.customer_number))
    if spec.engagement:
        extra.append(("engagement", label(doc, "engagement"), spec.engagement))
    if spec.contract:
        extra.append(("contract", label(doc, "contract"), spec.contract))
    if spec.service_code:
        extra.append(("service", label(doc, "service"), spec.service_code))
    if spec.quote_number:
        extra.append(("quote", label(doc, "quote"), spec.quote_number))
    if spec.delivery_note:
        extra.append(("delivery", label(doc, "delivery"), spec.delivery_note))
    if spec.order_date:
        extra.append(
            ("order_date", label(doc, "order_date"), day(doc, spec.order_date))
        )
    r.shuffle(extra)
    items += extra
    works = spec.works
    if works and works.situation is not None and works.number_style == 3:
        name = "N° d'acompte" if works.kind == "acompte" else "N° de situation"
        items.append(("situation", name, str(works.situation)))
    if spec.cancelled_invoice:
        name = r.choice(
            (
                "Avoir sur facture n°",
                "Annule la facture n°",
                "Réf. facture d'origine",
                "Facture d'origine",
            )
        )
        items.append(("cancelled", name, spec.cancelled_invoice))
    if spec.billing_frame:
        frame = f"{spec.billing_frame} - {FRAMES[spec.billing_frame]}"
        items.append(
            (
                "frame",
                r.choice(("Cadre de facturation", "Cadre de facturation :")),
                frame,
            )
        )
    return items


def bare_title(title: str) -> str:
    """The title without a trailing "N°": "FACTURE N°" -> "FACTURE"."""
    for suffix in (" N°", " n°"):
        title = title.removesuffix(suffix)
    return title


def title_text(doc: Doc) -> str:
    spec = doc.spec
    title = spec.title
    works = spec.works
    if works and works.situation is not None and works.number_style < 2:
        title += f" n°{'' if works.number_style else ' '}{works.situation}"
    elif title.lower().endswith("n°"):
        title += f" {spec.number}"
    return title.upper() if doc.style.upper_title and not spec.works else title


def situation_line(doc: Doc) -> str | None:
    """ "Situation n° 4" on its own line, when the title does not carry the number."""
    works = doc.spec.works
    if works is None or works.situation is None or works.number_style != 2:
        return None
    name = "Acompte" if works.kind == "acompte" else "Situation"
    return f"{name} n° {works.situation}"


def supplier_ids(doc: Doc) -> list[str]:
    """The supplier's SIRET (or SIREN + NIC) and VAT number, as header lines."""
    s, style = doc.spec.supplier, doc.style
    if style.siren_nic:
        siret = f"SIREN : {siren_text(s.siren, True)} - NIC : {s.siret[9:]}"
    else:
        name = ("SIRET", "SIRET :", "N° SIRET", "Siret")[style.variant % 4]
        siret = joined(doc, name, siret_text(s.siret, style.siret_style), " ")
    out = [siret]
    if s.vat:
        name = ("TVA intracom.", "N° TVA", "TVA intracommunautaire :", "N° TVA intra.")[
            style.variant % 4
        ]
        out.append(joined(doc, name, vat_text(s.vat, style.vat_style), " "))
    return out


def legal_footer(doc: Doc) -> list[str]:
    """The legal mentions line(s): form, capital, RCS, SIRET, VAT, APE."""
    s, style = doc.spec.supplier, doc.style
    parts = []
    if s.legal_form and s.capital:
        capital = style.money.number(Decimal(s.capital)).split(style.money.decimal)[0]
        parts.append(f"{s.name} - {s.legal_form} au capital de {capital} €")
    elif not s.legal_form:
        parts.append(f"{s.name} - Entrepreneur individuel")
    else:
        parts.append(s.name)
    if s.legal_form:
        parts.append(f"RCS {s.rcs_city} B {siren_text(s.siren, True)}")
    if style.ids_place in ("footer", "both"):
        parts.extend(supplier_ids(doc))
    if s.ape:
        parts.append(f"APE {s.ape}")
    sep = (" – ", " - ", " | ", " • ")[style.variant % 4]
    lines = [sep.join(parts)]
    if doc.r.random() < 0.5:
        lines.append(f"{s.street} {s.postcode} {s.city} - Tél. {s.phone} - {s.email}")
    return lines


def supplier_lines(doc: Doc, with_ids: bool | None = None) -> list[str]:
    """Address block lines after the name: street, town, phone, fax, mail, ids."""
    s = doc.spec.supplier
    out = [s.street, f"{s.postcode} {s.city}", f"Tél. {s.phone}"]
    if s.fax:
        out.append(f"Fax {s.fax}")
    out.append(s.email)
    if with_ids is None:
        with_ids = doc.style.ids_place in ("header", "both")
    if with_ids:
        out.extend(supplier_ids(doc))
    return out


def buyer_lines(doc: Doc) -> list[str]:
    b, spec = doc.spec.buyer, doc.spec
    out = []
    if b.service:
        out.append(b.service)
    out += [b.street, f"{b.postcode} {b.city}"]
    if spec.buyer_siret_printed:
        out.append(
            joined(
                doc, "buyer_siret", siret_text(b.siret, (doc.style.siret_style + 1) % 3)
            )
        )
    return out


def vat_rate_label(doc: Doc) -> str | None:
    """ "TVA 20 %" when a single rate is written in the totals instead of a summary."""
    t = doc.spec.totals
    if (
        doc.spec.vat_mode == "normal"
        and len(t.vat_lines) == 1
        and doc.style.variant % 5 == 0
    ):
        rate = rate_text(t.vat_lines[0].rate, doc.style.rate_style)
        return f"{label(doc, 'vat')} {rate}"
    return None


def advance_label(doc: Doc) -> str:
    """The advance's label; on a works piece an "acompte" would read as the previous
    situations, so the advance is named as the CCAG does."""
    name = label(doc, "advance")
    if doc.spec.works and "acompte" in name.lower():
        return WORKS_ADVANCE_LABELS[doc.style.variant % len(WORKS_ADVANCE_LABELS)]
    return name


def total_rows(doc: Doc) -> list[Item]:
    """The totals block: HT, TVA, TTC, deductions and net à payer, as printed."""
    spec, t, m = doc.spec, doc.spec.totals, doc.style.money
    rows: list[Item] = [("ht", label(doc, "ht"), money(doc, t.ht))]
    if spec.print_total_vat:
        name = vat_rate_label(doc) or label(doc, "vat")
        if spec.vat_mode == "autoliquidation":
            name = doc.r.choice(
                (label(doc, "vat"), "TVA autoliquidée", "TVA (autoliquidation)")
            )
        rows.append(("vat", name, money(doc, t.vat)))
    if spec.print_total_ttc:
        rows.append(("ttc", label(doc, "ttc"), money(doc, t.ttc)))
    if spec.advance:
        rows.append(("advance", advance_label(doc), m.amount(-spec.advance)))
    if spec.retention:
        name = label(doc, "retention")
        if spec.works and spec.works.retention_label:
            name = spec.works.retention_label
        rows.append(("retention", name, m.amount(-t.retention)))
    if spec.print_due_amount:
        rows.append(("due_amount", label(doc, "due_amount"), money(doc, t.due)))
    return rows


def vat_table_rows(doc: Doc) -> list[tuple[str, str, str]]:
    """(rate, base, amount) texts of the VAT summary; empty when none is printed."""
    spec, t = doc.spec, doc.spec.totals
    if spec.vat_mode == "franchise" or (
        spec.vat_mode == "autoliquidation" and not spec.print_zero_vat_line
    ):
        return []
    if vat_rate_label(doc):
        return []
    return [
        (
            rate_text(v.rate, doc.style.rate_style),
            money(doc, v.base, True),
            money(doc, v.amount, True),
        )
        for v in t.vat_lines
    ]


def mentions(doc: Doc) -> list[str]:
    """Legal and payment mentions printed under the totals."""
    spec, r = doc.spec, doc.r
    out = []
    if spec.vat_mode == "autoliquidation":
        out.append(
            r.choice(
                (
                    "Autoliquidation — TVA due par le preneur, "
                    "art. 283-2 nonies du CGI",
                    "Autoliquidation : TVA due par le preneur "
                    "(article 283-2 nonies du CGI)",
                    "AUTOLIQUIDATION - Art. 283-2 nonies du CGI - "
                    "TVA due par le preneur assujetti",
                )
            )
        )
    if spec.vat_mode == "franchise":
        out.append(
            r.choice(
                (
                    "TVA non applicable, art. 293 B du CGI",
                    "TVA non applicable - article 293 B du CGI",
                )
            )
        )
    if doc.style.currency_note:
        out.append(doc.style.currency_note)
    if spec.document_type == "facture":
        if spec.due_date and r.random() < 0.5:
            days = (spec.due_date - spec.invoice_date).days
            out.append(
                f"Conditions de paiement : {days} jours"
                if days
                else "Paiement à réception"
            )
        out.append(
            r.choice(
                (
                    "Pénalités de retard : trois fois le taux d'intérêt légal. "
                    "Indemnité forfaitaire pour frais de recouvrement : 40 €.",
                    "En cas de retard de paiement, indemnité forfaitaire de 40 € "
                    "(art. L441-10 du Code de commerce).",
                    "Pas d'escompte pour paiement anticipé.",
                )
            )
        )
    return out


def bank_lines(doc: Doc) -> list[str]:
    bank = doc.spec.bank
    if not bank:
        return []
    iban = iban_text(bank.iban, doc.style.iban_grouped)
    out = [
        f"{label(doc, 'iban')} {iban}"
        if label(doc, "iban").endswith(":")
        else f"{label(doc, 'iban')} : {iban}"
    ]
    if bank.bic:
        out.append(f"{label(doc, 'bic')} : {bank.bic}")
    head = doc.r.choice(
        (
            "Règlement par virement",
            "Coordonnées bancaires",
            "RIB",
            f"Banque : {bank.name}",
        )
    )
    return [head, *out]


# ---------------------------------------------------------------- blocks


def draw_block(
    doc: Doc,
    x: float,
    y: float,
    head: str,
    lines: list[str],
    width: float,
    *,
    head_size: float | None = None,
    align: str = "left",
    color: tuple[float, float, float] = BLACK,
) -> float:
    """A name in bold and its lines under it; return the baseline below."""
    size = head_size or doc.style.size + 2
    ax = x + width if align == "right" else x
    for part in doc.wrap(head, width, size, bold=True):
        doc.text(ax, y, part, size, bold=True, align=align, color=color)
        y -= size * 1.25
    for line in lines:
        for part in doc.wrap(line, width):
            doc.text(ax, y, part, align=align, color=color)
            y -= doc.lead
    return y


def draw_buyer(doc: Doc, x: float, y: float, width: float, boxed: bool) -> float:
    head = label(doc, "buyer_head")
    top = y
    if boxed:
        y -= 6
        x += 6
        width -= 12
    if head:
        doc.text(x, y, head, doc.style.size - 1, color=GREY)
        y -= doc.lead
    y = draw_block(doc, x, y, doc.spec.buyer.name, buyer_lines(doc), width)
    if boxed:
        doc.rect(x - 6, y + doc.lead - 6, width + 12, top - y - doc.lead + 14)
        y -= 6
    return y


def draw_refs(
    doc: Doc, items: list[Item], x: float, y: float, width: float, mode: str
) -> float:
    """References as "label : value" lines, value under label, a table, or boxes."""
    size = doc.style.size
    if mode == "inline":
        for key, name, value in items:
            text = f"{name} {value}" if name.endswith(":") else f"{name} : {value}"
            doc.text(x, y, text, bold=key == "number")
            y -= doc.lead
        return y
    if mode == "table":
        label_w = max(doc.text_width(name, bold=True) for _, name, _ in items) + 10
        value_w = max(doc.text_width(value) for _, _, value in items) + 10
        value_w = min(value_w, width - label_w)
        for _, name, value in items:
            if doc.style.grid_lines:
                doc.rect(x, y - 4, label_w, doc.lead + 2, fill=LIGHT)
                doc.rect(x + label_w, y - 4, value_w, doc.lead + 2)
            doc.text(x + 4, y, name, bold=True)
            doc.text(x + label_w + 4, y, value)
            y -= doc.lead + 2
        return y
    boxes = mode == "grid"
    cell_w = (
        max(
            max(doc.text_width(v) for _, _, v in items),
            max(doc.text_width(n, size - 1.5) for _, n, _ in items),
        )
        + 14
    )
    per_row = max(1, int(width // cell_w))
    cell_w = width / per_row
    cell_h = size * 2.9
    for start in range(0, len(items), per_row):
        for k, (_, name, value) in enumerate(items[start : start + per_row]):
            cx = x + k * cell_w
            if boxes:
                doc.rect(
                    cx, y - cell_h + size, cell_w, cell_h, fill=LIGHT if k % 2 else None
                )
            nsize = size - 1.5
            while doc.text_width(name, nsize) > cell_w - 8 and nsize > 5:
                nsize -= 0.5
            doc.text(cx + 4, y, name, nsize, color=GREY)
            vsize = size
            while doc.text_width(value, vsize, True) > cell_w - 8 and vsize > 5:
                vsize -= 0.5
            doc.text(cx + 4, y - size * 1.3, value, vsize, bold=True)
        y -= cell_h + (4 if boxes else 2)
    return y


@dataclass(frozen=True)
class Column:
    key: str
    head: str
    align: str
    width: float


def line_cells(doc: Doc, line: Line) -> dict[str, str]:
    sign = -1 if doc.spec.negative else 1
    return {
        "reference": line.reference,
        "description": line.description,
        "quantity": quantity_text(line.quantity),
        "unit": line.unit,
        "unit_price": doc.style.money.amount(sign * line.unit_price, in_line=True),
        "rate": rate_text(line.rate, doc.style.rate_style),
        "amount": money(doc, sign * line.amount, True),
        "market": money(doc, line.market_amount, True),
        "cumul_pct": rate_text(line.progress[1], 0) if line.progress else "",
        "previous_pct": rate_text(line.progress[0], 0) if line.progress else "",
        "cumulative": money(doc, line.cumulative_amount, True),
        "previous": money(doc, line.previous_amount, True),
    }


WORKS_HEADS = {
    "market": "Montant marché HT",
    "cumul_pct": "% cumulé",
    "previous_pct": "% préc.",
    "cumulative": "Cumul HT",
    "previous": "Antérieur HT",
}


def columns(
    doc: Doc, keys: tuple[str, ...], x0: float, x1: float, size: float
) -> list[Column]:
    """Column widths from their content; the description takes what is left."""
    cells = [line_cells(doc, line) for line in doc.spec.lines]
    out = []
    for key in keys:
        head = WORKS_HEADS.get(key) or label(doc, key)
        if key == "reference" and head == label(doc, "description"):
            head = "Code"
        if key == "rate" and doc.spec.vat_mode != "normal":
            head = "TVA"
        width = (
            max(
                [stringWidth(head, doc.font(True), size)]
                + [stringWidth(c[key], doc.font(), size) for c in cells]
            )
            + 10
        )
        align = "left" if key in ("description", "reference", "unit") else "right"
        out.append(Column(key, head, align, width))
    fixed = sum(c.width for c in out if c.key != "description")
    desc = max(80.0, (x1 - x0) - fixed)
    return [
        Column(c.key, c.head, c.align, desc) if c.key == "description" else c
        for c in out
    ]


def draw_table(
    doc: Doc,
    keys: tuple[str, ...],
    *,
    x0: float | None = None,
    x1: float | None = None,
    size: float | None = None,
    shade: bool = True,
    grid: bool = False,
    zebra: bool = False,
) -> None:
    """The lines table, breaking pages (header repeated) and printing lot sub-totals."""
    x0 = doc.left if x0 is None else x0
    x1 = doc.right if x1 is None else x1
    size = size or doc.style.size
    cols = columns(doc, keys, x0, x1, size)
    lead = size * 1.3
    accent = doc.style.accent

    def header() -> None:
        doc.need(lead * 4)
        if shade:
            doc.rect(x0, doc.y - 4, x1 - x0, lead + 4, fill=accent, stroke=False)
        x = x0
        for col in cols:
            tx = x + col.width - 4 if col.align == "right" else x + 4
            color = WHITE if shade else BLACK
            hsize = size  # a long head ("Désignation des prestations") is shrunk
            while hsize > 5 and doc.text_width(col.head, hsize, True) > col.width - 8:
                hsize -= 0.5
            doc.text(
                tx, doc.y, col.head, hsize, bold=True, align=col.align, color=color
            )
            x += col.width
        if not shade:
            doc.hline(doc.y - 4, x0, x1, 1)
        doc.y -= lead + 4

    def row(
        cells: dict[str, str],
        bold: bool = False,
        fill: tuple[float, float, float] | None = None,
    ) -> None:
        desc_col = next(c for c in cols if c.key == "description")
        wrapped = doc.wrap(cells.get("description", ""), desc_col.width - 8, size, bold)
        h = len(wrapped) * lead + 3
        if doc.y - h < doc.bottom:
            doc.new_page()
            header()
        if fill:
            doc.rect(x0, doc.y - h + lead - 2, x1 - x0, h, fill=fill, stroke=False)
        x = x0
        for col in cols:
            if col.key == "description":
                for k, part in enumerate(wrapped):
                    doc.text(x + 4, doc.y - k * lead, part, size, bold=bold)
            elif cells.get(col.key):
                tx = x + col.width - 4 if col.align == "right" else x + 4
                doc.text(tx, doc.y, cells[col.key], size, bold=bold, align=col.align)
            if grid:
                doc.canvas.setStrokeColorRGB(*GREY)
                doc.canvas.line(x, doc.y + lead - 2, x, doc.y - h + lead - 2)
            x += col.width
        if grid:
            doc.canvas.line(x1, doc.y + lead - 2, x1, doc.y - h + lead - 2)
            doc.hline(doc.y - h + lead - 2, x0, x1, 0.3)
        doc.y -= h

    header()
    section = None
    section_total = None
    sign = -1 if doc.spec.negative else 1
    for index, line in enumerate(doc.spec.lines):
        if index in doc.spec.page_breaks:
            doc.new_page()
            header()
        if line.section != section:
            if section is not None and section_total is not None:
                row(
                    {
                        "description": f"Sous-total HT {section_label(section)}",
                        "amount": money(doc, sign * section_total, True),
                    },
                    bold=True,
                )
            section, section_total = line.section, line.amount * 0
            if section:
                row({"description": section_label(section)}, bold=True, fill=LIGHT)
        if section_total is not None:
            section_total += line.amount
        row(line_cells(doc, line), fill=LIGHT if zebra and index % 2 else None)
    if section is not None and section_total is not None:
        row(
            {
                "description": f"Sous-total HT {section_label(section)}",
                "amount": money(doc, sign * section_total, True),
            },
            bold=True,
        )
    doc.hline(doc.y + lead - 4, x0, x1, 0.8)
    doc.y -= 8


def section_label(section: str) -> str:
    return section.removeprefix("Site : ")


def draw_totals(
    doc: Doc, x: float, width: float, *, boxed: bool = True, emphasis: bool = True
) -> float:
    """The totals rows at ``x`` from the cursor down; return the bottom."""
    rows = total_rows(doc)
    size = doc.style.size
    lead = size * 1.55
    doc.need(lead * len(rows) + 10)
    y = doc.y
    for key, name, value in rows:
        strong = key in ("due_amount", "ttc") and emphasis
        fsize = size + 1 if key == "due_amount" and emphasis else size
        if strong and boxed and key == "due_amount":
            doc.rect(x, y - 4, width, lead, fill=LIGHT)
        # A long label ("Total toutes taxes comprises") must not run into its value.
        room = width - 16 - doc.text_width(value, fsize, bold=strong)
        label_size = fsize
        while label_size > 5 and doc.text_width(name, label_size, bold=strong) > room:
            label_size -= 0.5
        doc.text(x + 4, y, name, label_size, bold=strong)
        doc.text(x + width - 4, y, value, fsize, bold=strong, align="right")
        if boxed and doc.style.grid_lines:
            doc.hline(y - 4, x, x + width, 0.3)
        y -= lead
    return y


def draw_vat(doc: Doc, x: float, width: float, shape: str | None = None) -> float:
    """The VAT summary (table or sentences) at ``x``; return the bottom."""
    rows = vat_table_rows(doc)
    if not rows:
        return doc.y
    size = doc.style.size
    lead = size * 1.4
    shape = shape or doc.style.vat_shape
    doc.need(lead * (len(rows) + 2))
    y = doc.y
    if shape == "sentences":
        for rate, base, amount in rows:
            sentence = f"TVA {rate} sur {base} : {amount}"
            if doc.style.variant % 2:
                sentence = f"Base HT {base} - TVA {rate} = {amount}"
            doc.text(x, y, sentence, size)
            y -= lead
        return y
    heads = (
        ("Taux", "Base HT", "Montant TVA")
        if doc.style.variant % 2
        else ("Taux TVA", "Base", "TVA")
    )
    w = width / 3
    doc.rect(x, y - 4, width, lead, fill=LIGHT, stroke=doc.style.grid_lines)
    for k, head in enumerate(heads):
        doc.text(x + (k + 1) * w - 4, y, head, size, bold=True, align="right")
    y -= lead
    for row in rows:
        for k, cell in enumerate(row):
            doc.text(x + (k + 1) * w - 4, y, cell, size, align="right")
        y -= lead
    doc.hline(y + lead - 4, x, x + width, 0.3)
    return y


def draw_lines_of_text(
    doc: Doc,
    lines: list[str],
    x: float,
    width: float,
    size: float | None = None,
    bold_first: bool = False,
) -> None:
    size = size or doc.style.size
    for k, line in enumerate(lines):
        wrapped = doc.wrap(line, width, size)
        doc.need(len(wrapped) * size * 1.3 + 2)
        doc.y = doc.paragraph(x, doc.y, line, width, size, bold=bold_first and k == 0)


def draw_closing(
    doc: Doc, totals_x: float, totals_w: float, vat_x: float, vat_w: float
) -> None:
    """Totals and VAT summary side by side, then bank details and mentions."""
    rows = len(total_rows(doc))
    doc.need(doc.style.size * 1.55 * max(rows, len(vat_table_rows(doc)) + 2) + 20)
    start = doc.y
    bottom_totals = draw_totals(doc, totals_x, totals_w)
    doc.y = start
    bottom_vat = draw_vat(doc, vat_x, vat_w)
    doc.y = min(bottom_totals, bottom_vat) - 10
    after_totals(doc)


def after_totals(doc: Doc) -> None:
    width = doc.right - doc.left
    bank = bank_lines(doc)
    if bank:
        draw_lines_of_text(doc, bank, doc.left, width, bold_first=True)
        doc.y -= 6
    draw_lines_of_text(doc, mentions(doc), doc.left, width, doc.style.size - 1)


def continuation_header(doc: Doc) -> None:
    """After page 1: the supplier and the invoice number, if the style says so."""
    if not doc.style.repeat_header:
        return
    spec = doc.spec
    doc.text(doc.left, doc.y, spec.supplier.name, doc.style.size + 1, bold=True)
    doc.text(
        doc.right,
        doc.y,
        f"{bare_title(spec.title)} {spec.number} (suite)",
        align="right",
    )
    doc.hline(doc.y - 6)
    doc.y -= doc.lead * 2


# ---------------------------------------------------------------- layouts


def layout_band(doc: Doc) -> None:
    """A coloured band with the supplier's name, then title, refs and buyer box."""
    spec, style = doc.spec, doc.style
    band = 70.0
    doc.rect(
        0, doc.height - band - 10, doc.width, band, fill=style.accent, stroke=False
    )
    doc.text(
        doc.left,
        doc.height - 45,
        spec.supplier.name,
        style.size + 9,
        bold=True,
        color=WHITE,
    )
    s = spec.supplier
    addr = f"{s.street} - {s.postcode} {s.city} - Tél. {s.phone}"
    doc.text(doc.left, doc.height - 62, addr, style.size - 1, color=WHITE)
    doc.y = doc.height - band - 40
    half = (doc.right - doc.left) / 2
    doc.text(
        doc.left, doc.y, title_text(doc), style.size + 8, bold=True, color=style.accent
    )
    y_left = draw_refs(
        doc, references(doc), doc.left, doc.y - 24, half - 10, style.ref_mode
    )
    ids = supplier_ids(doc) if style.ids_place != "footer" else []
    for line in ids + (
        [spec.supplier.email]
        if spec.supplier.fax is None
        else [f"Fax {spec.supplier.fax}"]
    ):
        doc.text(doc.left, y_left, line, style.size - 1, color=GREY)
        y_left -= doc.lead
    y_right = draw_buyer(doc, doc.left + half + 10, doc.y, half - 10, boxed=True)
    doc.y = min(y_left, y_right) - 16
    draw_table(doc, style.columns, zebra=True)
    width = doc.right - doc.left
    draw_closing(doc, doc.right - width * 0.42, width * 0.42, doc.left, width * 0.45)


def layout_grid(doc: Doc) -> None:
    """Supplier top-left, title and buyer right, then a grid of reference boxes."""
    spec, style = doc.spec, doc.style
    width = doc.right - doc.left
    y_sup = draw_block(
        doc, doc.left, doc.top, spec.supplier.name, supplier_lines(doc), width * 0.48
    )
    doc.text(
        doc.right, doc.top, title_text(doc), style.size + 7, bold=True, align="right"
    )
    y_buy = draw_buyer(
        doc,
        doc.left + width * 0.55,
        doc.top - 30,
        width * 0.45,
        boxed=doc.r.random() < 0.6,
    )
    doc.y = min(y_sup, y_buy) - 14
    doc.y = draw_refs(doc, references(doc), doc.left, doc.y, width, "grid") - 8
    draw_table(doc, style.columns, grid=True, shade=doc.r.random() < 0.5)
    draw_closing(doc, doc.right - width * 0.4, width * 0.4, doc.left, width * 0.45)


def layout_two_columns(doc: Doc) -> None:
    """Supplier left, buyer right, title centred, references in two columns."""
    spec, style = doc.spec, doc.style
    width = doc.right - doc.left
    half = width / 2
    doc.text(
        doc.left + half,
        doc.top,
        title_text(doc),
        style.size + 6,
        bold=True,
        align="center",
    )
    y0 = doc.top - 30
    left_is_supplier = not style.buyer_first
    if left_is_supplier:
        y1 = draw_block(
            doc, doc.left, y0, spec.supplier.name, supplier_lines(doc), half - 12
        )
        y2 = draw_buyer(doc, doc.left + half + 12, y0, half - 12, boxed=False)
    else:
        y1 = draw_buyer(doc, doc.left, y0, half - 12, boxed=False)
        y2 = draw_block(
            doc,
            doc.left + half + 12,
            y0,
            spec.supplier.name,
            supplier_lines(doc),
            half - 12,
            align="right",
        )
    doc.y = min(y1, y2) - 12
    doc.hline(doc.y + 6)
    items = references(doc)
    split = (len(items) + 1) // 2
    mode = "inline" if style.ref_mode == "stacked" else style.ref_mode
    ya = draw_refs(doc, items[:split], doc.left, doc.y - 8, half - 12, mode)
    yb = (
        draw_refs(doc, items[split:], doc.left + half + 12, doc.y - 8, half - 12, mode)
        if items[split:]
        else ya
    )
    doc.y = min(ya, yb) - 12
    draw_table(doc, style.columns, shade=False)
    draw_closing(doc, doc.right - width * 0.45, width * 0.45, doc.left, width * 0.45)


def layout_totals_left(doc: Doc) -> None:
    """Title and number on top, buyer left, supplier right; totals on the left."""
    spec, style = doc.spec, doc.style
    width = doc.right - doc.left
    doc.text(
        doc.left,
        doc.top,
        title_text(doc),
        style.size + 8,
        bold=True,
        color=style.accent,
    )
    doc.text(
        doc.right,
        doc.top,
        joined(doc, "number", spec.number),
        style.size + 2,
        bold=True,
        align="right",
    )
    y0 = doc.top - 34
    y1 = draw_block(
        doc,
        doc.left + width * 0.55,
        y0,
        spec.supplier.name,
        supplier_lines(doc),
        width * 0.45,
    )
    y2 = draw_buyer(doc, doc.left, y0, width * 0.45, boxed=True)
    doc.y = min(y1, y2) - 14
    doc.y = (
        draw_refs(
            doc,
            references(doc, with_number=False),
            doc.left,
            doc.y,
            width,
            style.ref_mode,
        )
        - 10
    )
    draw_table(doc, style.columns)
    draw_closing(doc, doc.left, width * 0.42, doc.left + width * 0.5, width * 0.5)


def layout_works(doc: Doc) -> None:
    """A situation de travaux: market, cumulative work, previous ones, retention."""
    spec, style = doc.spec, doc.style
    works = spec.works
    width = doc.right - doc.left
    y1 = draw_block(
        doc, doc.left, doc.top, spec.supplier.name, supplier_lines(doc), width * 0.5
    )
    y2 = draw_buyer(doc, doc.left + width * 0.55, doc.top, width * 0.45, boxed=True)
    doc.y = min(y1, y2) - 16
    doc.text(doc.left, doc.y, title_text(doc), style.size + 6, bold=True)
    if works:
        doc.text(doc.right, doc.y, f"Période : {works.period}", align="right")
    doc.y -= 22
    number = situation_line(doc)
    if number:
        doc.text(doc.left, doc.y + 4, number, style.size + 1, bold=True)
        doc.y -= doc.lead * 1.2
    if spec.contract:
        head = (
            "Marché public de travaux - Lot unique"
            if doc.r.random() < 0.5
            else "Travaux de rénovation"
        )
        doc.text(doc.left, doc.y, head, italic=True)
        doc.y -= doc.lead
    doc.y = draw_refs(doc, references(doc), doc.left, doc.y, width, style.ref_mode) - 10
    keys = (
        "description",
        "market",
        "previous_pct",
        "cumul_pct",
        "cumulative",
        "previous",
        "amount",
    )
    draw_table(doc, keys, grid=True, size=style.size - 0.5)
    t = spec.totals
    cumulative = sum((x.cumulative_amount for x in spec.lines), t.ht * 0)
    previous = sum((x.previous_amount for x in spec.lines), t.ht * 0)
    sign = -1 if spec.negative else 1
    cumulative_label = works.cumulative_label if works else "Montant cumulé HT"
    previous_label = works.previous_label if works else "Situations précédentes HT"
    recap = [
        (cumulative_label, money(doc, sign * cumulative)),
        (previous_label, money(doc, -sign * previous)),
    ]
    if works and works.period_label:
        recap.append((works.period_label, money(doc, t.ht)))
    x = doc.right - width * 0.5
    doc.need(doc.lead * 12)
    for name, value in recap:
        # A long label ("… des décomptes précédents HT") must not run into its value.
        room = doc.right - x - 16 - doc.text_width(value)
        size = style.size
        while size > 5 and doc.text_width(name, size) > room:
            size -= 0.5
        doc.text(x, doc.y, name, size)
        doc.text(doc.right - 4, doc.y, value, align="right")
        doc.y -= doc.lead * 1.2
    doc.hline(doc.y + 8, x, doc.right)
    draw_closing(doc, x, width * 0.5, doc.left, width * 0.42)


def layout_ticket(doc: Doc) -> None:
    """A narrow, dense ticket: small font, packed "label: value" lines."""
    spec, style = doc.spec, doc.style
    width = doc.right - doc.left
    mid = doc.left + width / 2
    size = style.size
    doc.text(mid, doc.y, spec.supplier.name, size + 3, bold=True, align="center")
    doc.y -= size * 1.8
    for line in supplier_lines(doc, with_ids=True):
        doc.text(mid, doc.y, line, size, align="center")
        doc.y -= size * 1.25
    dash = "-" * int(width / stringWidth("-", doc.font(), size))
    doc.text(doc.left, doc.y, dash, size)
    doc.y -= size * 1.6
    doc.text(mid, doc.y, title_text(doc), size + 2, bold=True, align="center")
    doc.y -= size * 1.7
    for key, name, value in references(doc):
        doc.text(
            doc.left,
            doc.y,
            f"{name}" if name.endswith(":") else f"{name}:",
            size,
            bold=key == "number",
        )
        doc.text(doc.right, doc.y, value, size, align="right")
        doc.y -= size * 1.25
    doc.text(doc.left, doc.y, dash, size)
    doc.y -= size * 1.4
    doc.text(
        doc.left,
        doc.y,
        f"{label(doc, 'buyer_head') or 'Client'}: {spec.buyer.name}",
        size,
        bold=True,
    )
    doc.y -= size * 1.25
    for line in buyer_lines(doc):
        doc.text(doc.left, doc.y, line, size)
        doc.y -= size * 1.25
    doc.text(doc.left, doc.y, dash, size)
    doc.y -= size * 1.4
    sign = -1 if spec.negative else 1
    for index, line in enumerate(spec.lines):
        if index in spec.page_breaks:
            doc.new_page()
        wrapped = doc.wrap(line.description, width, size)
        doc.need(size * 1.25 * (len(wrapped) + 1))
        for part in wrapped:
            doc.text(doc.left, doc.y, part, size)
            doc.y -= size * 1.2
        price = style.money.amount(sign * line.unit_price, in_line=True)
        detail = f"{quantity_text(line.quantity)} {line.unit} x {price}"
        if spec.vat_mode == "normal":
            detail += f"  TVA {rate_text(line.rate, style.rate_style)}"
        doc.text(doc.left + 8, doc.y, detail, size, color=GREY)
        doc.text(
            doc.right, doc.y, money(doc, sign * line.amount, True), size, align="right"
        )
        doc.y -= size * 1.4
    doc.need(size * 1.3 * 14)
    doc.text(doc.left, doc.y, dash, size)
    doc.y -= size * 1.4
    for key, name, value in total_rows(doc):
        bold = key == "due_amount"
        doc.text(
            doc.left,
            doc.y,
            name if name.endswith(":") else f"{name}:",
            size + (1 if bold else 0),
            bold=bold,
        )
        doc.text(
            doc.right, doc.y, value, size + (1 if bold else 0), bold=bold, align="right"
        )
        doc.y -= size * 1.35
    doc.y -= 4
    doc.y = draw_vat(doc, doc.left, width, "sentences") - 4
    for line in bank_lines(doc) + mentions(doc):
        wrapped = doc.wrap(line, width, size - 0.5)
        doc.need(len(wrapped) * size * 1.3)
        doc.y = doc.paragraph(doc.left, doc.y, line, width, size - 0.5)


def layout_letter(doc: Doc) -> None:
    """A minimalist letter: letterhead, window address, "Le …", subject, sentences."""
    spec, style = doc.spec, doc.style
    width = doc.right - doc.left
    s = spec.supplier
    y = draw_block(
        doc,
        doc.left,
        doc.top,
        s.name,
        supplier_lines(doc),
        width * 0.5,
        head_size=style.size + 4,
    )
    window_x = doc.left + width * 0.52
    yb = draw_block(
        doc, window_x, doc.height - 150, spec.buyer.name, buyer_lines(doc), width * 0.48
    )
    doc.y = min(y, yb) - 20
    place = (
        f"{s.city}, le {day(doc, spec.invoice_date)}"
        if doc.r.random() < 0.6
        else f"Le {day(doc, spec.invoice_date)}"
    )
    doc.text(doc.right, doc.y, place, align="right")
    doc.y -= doc.lead * 2
    doc.text(
        doc.left,
        doc.y,
        f"Objet : {bare_title(spec.title)} n° {spec.number}",
        bold=True,
    )
    doc.y -= doc.lead * 1.5
    items = [it for it in references(doc, with_number=False) if it[0] != "date"]
    if items:
        doc.y = draw_refs(doc, items, doc.left, doc.y, width, "inline") - 6
    body = (
        "Madame, Monsieur,",
        "Veuillez trouver ci-dessous le détail des prestations réalisées "
        "pour votre compte.",
    )
    for line in body:
        doc.text(doc.left, doc.y, line)
        doc.y -= doc.lead
    doc.y -= 6
    draw_table(doc, ("description", "quantity", "unit_price", "amount"), shade=False)
    rows = total_rows(doc)
    doc.need(doc.lead * (len(rows) + 6))
    for key, name, value in rows:
        doc.text(
            doc.left + width * 0.35,
            doc.y,
            name if name.endswith(":") else f"{name} :",
            bold=key == "due_amount",
        )
        doc.text(doc.right, doc.y, value, bold=key == "due_amount", align="right")
        doc.y -= doc.lead
    doc.y -= 6
    doc.y = draw_vat(doc, doc.left, width, "sentences") - 8
    after_totals(doc)
    doc.need(doc.lead * 3)
    doc.text(
        doc.left,
        doc.y,
        "Nous vous prions d'agréer, Madame, Monsieur, nos salutations distinguées.",
    )
    doc.y -= doc.lead * 2
    doc.text(doc.right, doc.y, s.name, italic=True, align="right")


def layout_erp(doc: Doc) -> None:
    """A table-heavy ERP export: header cells, full grid, totals and VAT as tables."""
    spec, style = doc.spec, doc.style
    width = doc.right - doc.left
    size = style.size
    doc.text(doc.left, doc.top, spec.supplier.name.upper(), size + 3, bold=True)
    doc.text(doc.right, doc.top, title_text(doc), size + 3, bold=True, align="right")
    doc.y = doc.top - 16
    info = supplier_lines(doc)
    doc.text(doc.left, doc.y, " - ".join(info[:3]), size - 0.5)
    doc.y -= doc.lead
    doc.text(doc.left, doc.y, " - ".join(info[3:]), size - 0.5)
    doc.y -= doc.lead * 1.6
    items = references(doc)
    b = spec.buyer
    items.append(("buyer", "Client", b.name))
    if spec.buyer_siret_printed:
        items.append(("buyer_siret", label(doc, "buyer_siret"), siret_text(b.siret, 1)))
    items.append(("buyer_address", "Adresse", f"{b.street}, {b.postcode} {b.city}"))
    half = width / 2
    lw = half * 0.4
    rows = [items[i : i + 2] for i in range(0, len(items), 2)]
    h = doc.lead + 3
    for pair in rows:
        for k, (_, name, value) in enumerate(pair):
            x = doc.left + k * half
            doc.rect(x, doc.y - 4, lw, h, fill=LIGHT)
            doc.rect(x + lw, doc.y - 4, half - lw, h)
            nsize = size
            while doc.text_width(name, nsize, True) > lw - 6 and nsize > 5:
                nsize -= 0.5
            doc.text(x + 3, doc.y, name, nsize, bold=True)
            vsize = size
            while doc.text_width(value, vsize) > half - lw - 6 and vsize > 5:
                vsize -= 0.5
            doc.text(x + lw + 3, doc.y, value, vsize)
        doc.y -= h
    doc.y -= 12
    keys = (
        style.columns if "reference" in style.columns else ("reference", *style.columns)
    )
    draw_table(doc, keys, grid=True, shade=False)
    draw_closing(doc, doc.right - width * 0.4, width * 0.4, doc.left, width * 0.5)


def layout_modern(doc: Doc) -> None:
    """Large light title, stacked references, buyer under "Facturé à", zebra rows."""
    spec, style = doc.spec, doc.style
    width = doc.right - doc.left
    doc.text(
        doc.right,
        doc.top - 10,
        title_text(doc),
        style.size + 14,
        bold=True,
        align="right",
        color=style.accent,
    )
    y1 = draw_block(
        doc,
        doc.left,
        doc.top,
        spec.supplier.name,
        supplier_lines(doc),
        width * 0.45,
        color=style.accent,
    )
    doc.y = y1 - 14
    refs_y = draw_refs(doc, references(doc), doc.left, doc.y, width, "stacked")
    doc.y = refs_y - 6
    doc.hline(doc.y + 8)
    doc.y = draw_buyer(doc, doc.left, doc.y - 6, width * 0.5, boxed=False) - 12
    draw_table(doc, style.columns, zebra=True)
    doc.need(80)
    start = doc.y
    y_t = draw_totals(doc, doc.right - width * 0.45, width * 0.45)
    doc.y = start
    y_v = draw_vat(doc, doc.left, width * 0.45)
    doc.y = min(y_t, y_v) - 10
    after_totals(doc)


DRAWERS: dict[str, Callable[[Doc], None]] = {
    "band": layout_band,
    "grid": layout_grid,
    "two_columns": layout_two_columns,
    "totals_left": layout_totals_left,
    "works": layout_works,
    "ticket": layout_ticket,
    "letter": layout_letter,
    "erp": layout_erp,
    "modern": layout_modern,
}


def _draw(spec: InvoiceSpec, pages: int) -> tuple[bytes, int]:
    size = TICKET if spec.layout == "ticket" else A4
    doc = Doc(spec, pages, size)
    doc.set_footer(legal_footer(doc) if spec.layout != "ticket" else [])
    if spec.layout == "ticket" and spec.supplier.legal_form:
        doc.set_footer([legal_footer(doc)[0]])
    doc.continuation = continuation_header
    DRAWERS[spec.layout](doc)
    return doc.save(), doc.page


def draw(spec: InvoiceSpec) -> bytes:
    """Render twice: the first pass counts the pages for "Page 1/2"."""
    _, pages = _draw(spec, 0)
    pdf, _ = _draw(spec, pages)
    return pdf


__all__ = ["DRAWERS", "Totals", "draw"]
