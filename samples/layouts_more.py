"""More layouts: the way other billing software, firms and pads arrange an invoice.

Each layout prints the same facts as those of `samples.layouts` (it reuses its
`references`, `total_rows`, `supplier_lines`… so the truth never depends on the
layout) but arranges them its own way: a label/value form, boxed strips of totals
with a transposed VAT summary, a bilingual invoice, a carbon-copy pad filled by
hand, a firm's fee note, a sidebar, a public-works statement and a landscape page.
`draw` renders any layout (the base ones through `samples.layouts.draw`).
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from samples import data, layouts
from samples.formats import iban_text, quantity_text
from samples.generator import CENT, HUNDRED, InvoiceSpec, Line
from samples.layouts import (
    BLACK,
    GREY,
    LIGHT,
    WHITE,
    Doc,
    bank_lines,
    bare_title,
    continuation_header,
    day,
    draw_block,
    draw_buyer,
    draw_lines_of_text,
    draw_table,
    draw_totals,
    draw_vat,
    label,
    legal_footer,
    line_cells,
    mentions,
    money,
    references,
    section_label,
    situation_line,
    supplier_lines,
    title_text,
    total_rows,
    vat_table_rows,
)

INK = (0.08, 0.16, 0.52)
"""Ballpoint blue, for what is written by hand on a pre-printed pad."""
RED = (0.75, 0.1, 0.1)
Color = tuple[float, float, float]


# ---------------------------------------------------------------- small tools


def tint(color: Color, amount: float = 0.88) -> Color:
    """``color`` mixed with white (``amount`` of white)."""
    r, g, b = color
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


def colon(name: str) -> str:
    """ "Label :" (the label's own colon kept); empty stays empty."""
    if not name or name.endswith(":"):
        return name
    return f"{name} :"


def bare(name: str) -> str:
    """The label without its trailing colon."""
    return name.rstrip(" :")


def fit(text: str, font: str, size: float, width: float, floor: float = 5.0) -> float:
    """The largest size ≤ ``size`` at which ``text`` fits in ``width``."""
    while size > floor and stringWidth(text, font, size) > width:
        size -= 0.25
    return size


def put(
    doc: Doc,
    x: float,
    y: float,
    text: str,
    size: float,
    font: str,
    align: str = "left",
    color: Color = BLACK,
) -> None:
    """Draw with an explicit font name (the pen's families aside)."""
    c = doc.canvas
    c.setFillColorRGB(*color)
    c.setFont(font, size)
    if align == "right":
        c.drawRightString(x, y, text)
    elif align == "center":
        c.drawCentredString(x, y, text)
    else:
        c.drawString(x, y, text)
    c.setFillColorRGB(*BLACK)


def fitted(
    doc: Doc,
    x: float,
    y: float,
    text: str,
    width: float,
    size: float | None = None,
    *,
    font: str | None = None,
    bold: bool = False,
    italic: bool = False,
    align: str = "left",
    color: Color = BLACK,
) -> None:
    """Draw ``text`` shrunk to ``width`` if needed."""
    font = font or doc.font(bold, italic)
    size = size or doc.style.size
    put(doc, x, y, text, fit(text, font, size, width), font, align, color)


def lines_in(
    doc: Doc, text: str, width: float, size: float, font: str, floor: float
) -> tuple[list[str], float]:
    """Shrink ``text`` down to ``floor`` to keep it on one line, else wrap it."""
    shrunk = fit(text, font, size, width, floor)
    if stringWidth(text, font, shrunk) <= width:
        return [text], shrunk
    return simpleSplit(text, font, size, width) or [""], size


def dashed(doc: Doc, x0: float, x1: float, y: float, color: Color = GREY) -> None:
    c = doc.canvas
    c.saveState()
    c.setStrokeColorRGB(*color)
    c.setLineWidth(0.4)
    c.setDash(1, 2)
    c.line(x0, y, x1, y)
    c.restoreState()


def vline(doc: Doc, x: float, y0: float, y1: float, width: float = 0.5) -> None:
    c = doc.canvas
    c.setStrokeColorRGB(*GREY)
    c.setLineWidth(width)
    c.line(x, y0, x, y1)


def sign(doc: Doc) -> int:
    return -1 if doc.spec.negative else 1


def draw_form(
    doc: Doc,
    rows: list[tuple[str, str, bool]],
    x: float,
    y: float,
    width: float,
    *,
    size: float | None = None,
    label_width: float | None = None,
    label_color: Color = GREY,
) -> float:
    """A form: labels flush right ending with ":", values flush left after them."""
    size = size or doc.style.size
    lead = size * 1.4
    names = [colon(name) for name, _, _ in rows]
    widest = max((doc.text_width(n, size) for n in names), default=0.0) + 2
    lw = label_width or min(widest, width * 0.48)
    gap = 6.0
    vw = width - lw - gap
    for (_, value, strong), name in zip(rows, names, strict=True):
        if name:
            fitted(doc, x + lw, y, name, lw, size, align="right", color=label_color)
        font = doc.font(strong)
        parts, vsize = lines_in(doc, value, vw, size, font, size - 2)
        for part in parts:
            put(doc, x + lw + gap, y, part, vsize, font)
            y -= lead
    return y


def flow_pairs(
    doc: Doc, pairs: list[tuple[str, str]], x: float, width: float, gap: float = 22.0
) -> None:
    """ "Label : value" runs side by side from the cursor, wrapping between runs."""
    cx = x
    for name, value in pairs:
        text = f"{colon(name)} {value}"
        w = doc.text_width(text)
        if cx > x and cx + w > x + width:
            doc.y -= doc.lead
            cx = x
        fitted(doc, cx, doc.y, text, width)
        cx += w + gap
    doc.y -= doc.lead


def draw_fitted_block(
    doc: Doc, x: float, y: float, head: str, lines: list[str], width: float
) -> float:
    """Like `draw_block`, but a line is shrunk rather than wrapped when it can be."""
    size = doc.style.size
    for part in doc.wrap(head, width, size + 2, bold=True):
        doc.text(x, y, part, size + 2, bold=True)
        y -= (size + 2) * 1.25
    for line in lines:
        parts, psize = lines_in(doc, line, width, size, doc.font(), size - 1.5)
        for part in parts:
            put(doc, x, y, part, psize, doc.font())
            y -= doc.lead
    return y


# ---------------------------------------------------------------- a ruled lines table


@dataclass(frozen=True)
class Col:
    key: str
    heads: tuple[str, ...]
    align: str
    width: float


LEFT_KEYS = ("description", "reference", "unit", "price_no")


def table_columns(
    keys: tuple[str, ...],
    heads: dict[str, tuple[str, ...]],
    cells: list[dict[str, str]],
    width: float,
    size: float,
    font: str,
    head_font: str,
) -> tuple[list[Col], float]:
    """Columns sized to their content (the description takes what is left), and the
    font size at which they all fit in ``width``."""
    while True:
        out = []
        for key in keys:
            w = max(
                [stringWidth(h, head_font, size) for h in heads[key]]
                + [stringWidth(c.get(key, ""), font, size) for c in cells]
            )
            align = "left" if key in LEFT_KEYS else "right"
            out.append(Col(key, heads[key], align, w + 10))
        fixed = sum(c.width for c in out if c.key != "description")
        if fixed + 90 <= width or size <= 5.5:
            break
        size -= 0.5
    desc = max(90.0, width - fixed)
    cols = [
        Col(c.key, c.heads, c.align, desc) if c.key == "description" else c for c in out
    ]
    return cols, size


def ruled_table(
    doc: Doc,
    keys: tuple[str, ...],
    heads: dict[str, tuple[str, ...]],
    *,
    x0: float | None = None,
    x1: float | None = None,
    size: float | None = None,
    cells_of: Callable[[int, Line], dict[str, str]] | None = None,
    head_fill: Color | None = LIGHT,
    head_color: Color = BLACK,
    head_font: str | None = None,
    cell_font: str | None = None,
    cell_color: Color = BLACK,
    row_rules: bool = False,
    reserve: float = 0.0,
    subtotal: Callable[[Line], Decimal] | None = None,
) -> None:
    """The lines in a framed table whose column rules run down to the totals.

    ``reserve`` is the height the closing needs: on the last page the frame is
    stretched (with empty ruled rows when ``row_rules``) down to just above it.
    Lines honour the spec's page breaks; lots or sites get a heading and a sub-total.
    """
    spec = doc.spec
    x0 = doc.left if x0 is None else x0
    x1 = doc.right if x1 is None else x1
    head_font = head_font or doc.font(True)
    cell_font = cell_font or doc.font()
    bold_cell = doc.font(True) if cell_font == doc.font() else cell_font
    cells_of = cells_of or (lambda index, line: line_cells(doc, line))
    cells = [cells_of(i, line) for i, line in enumerate(spec.lines)]
    cols, size = table_columns(
        keys, heads, cells, x1 - x0, size or doc.style.size, cell_font, head_font
    )
    lead = size * 1.3
    subtotal_key = keys[-1]
    frame: list[float] = [0.0]

    def header() -> None:
        doc.need(lead * (len(cols[0].heads) + 3))
        rows = max(len(c.heads) for c in cols)
        h = rows * lead + 4
        top = doc.y + lead - 2
        if head_fill:
            doc.rect(x0, top - h, x1 - x0, h, fill=head_fill, stroke=False)
        x = x0
        for col in cols:
            tx = x + col.width - 4 if col.align == "right" else x + 4
            for k, head in enumerate(col.heads):
                font = head_font if k == 0 else doc.font(italic=True)
                hsize = size if k == 0 else size - 1
                color = head_color if k == 0 else GREY
                hsize = fit(head, font, hsize, col.width - 6)
                put(doc, tx, doc.y - k * lead, head, hsize, font, col.align, color)
            x += col.width
        frame[0] = top
        doc.hline(top - h, x0, x1, 0.8)
        doc.y -= h

    def close(bottom: float) -> None:
        top = frame[0]
        x = x0
        for col in cols:
            vline(doc, x, top, bottom)
            x += col.width
        vline(doc, x1, top, bottom)
        doc.hline(top, x0, x1, 0.8)
        doc.hline(bottom, x0, x1, 0.8)

    def row(values: dict[str, str], bold: bool = False, shade: bool = False) -> None:
        desc = next(c for c in cols if c.key == "description")
        font = bold_cell if bold else cell_font
        wrapped = simpleSplit(values.get("description", ""), font, size, desc.width - 8)
        h = max(1, len(wrapped)) * lead + 3
        if doc.y - h < doc.bottom:
            close(doc.y + lead - 2)
            doc.new_page()
            header()
        if shade:
            doc.rect(x0, doc.y - h + lead - 2, x1 - x0, h, fill=LIGHT, stroke=False)
        x = x0
        for col in cols:
            if col.key == "description":
                for k, part in enumerate(wrapped):
                    put(
                        doc, x + 4, doc.y - k * lead, part, size, font, color=cell_color
                    )
            elif values.get(col.key):
                tx = x + col.width - 4 if col.align == "right" else x + 4
                text = values[col.key]
                put(
                    doc,
                    tx,
                    doc.y,
                    text,
                    fit(text, font, size, col.width - 6),
                    font,
                    col.align,
                    cell_color,
                )
            x += col.width
        if row_rules:
            doc.hline(doc.y - h + lead - 2, x0, x1, 0.3)
        doc.y -= h

    header()
    section = None
    total = None
    lines = spec.lines

    def close_section() -> None:
        if section is not None and total is not None:
            row(
                {
                    "description": f"Sous-total HT {section_label(section)}",
                    subtotal_key: money(doc, sign(doc) * total, True),
                },
                bold=True,
            )

    for index, line in enumerate(lines):
        if index in spec.page_breaks:
            close(doc.y + lead - 2)
            doc.new_page()
            header()
        if line.section != section:
            close_section()
            section, total = line.section, Decimal(0)
            if section:
                row({"description": section_label(section)}, bold=True, shade=True)
        if total is not None:
            total += subtotal(line) if subtotal else line.amount
        row(cells[index])
    close_section()
    if reserve:
        target = doc.bottom + reserve + lead + 14
        h = lead + 3
        while doc.y - h + lead - 2 >= target:
            if row_rules:
                doc.hline(doc.y - h + lead - 2, x0, x1, 0.3)
            doc.y -= h
    close(doc.y + lead - 2)
    doc.y -= 10


def plain_heads(doc: Doc, keys: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    heads = {key: (label(doc, key),) for key in keys if key in doc.style.labels}
    if "reference" in heads and heads["reference"] == heads.get("description"):
        heads["reference"] = ("Code",)
    if "rate" in heads and doc.spec.vat_mode != "normal":
        heads["rate"] = ("TVA",)
    return heads


def mentions_estimate(doc: Doc) -> list[str]:
    """What `mentions` will print, for measuring (it draws from the style's RNG)."""
    spec = doc.spec
    out = ["x"] * ((spec.vat_mode != "normal") + bool(doc.style.currency_note))
    if spec.document_type == "facture":
        out += ["x", "x"] if spec.due_date else ["x"]
    return out


def closing_height(doc: Doc) -> float:
    """Roughly what totals, VAT, bank and mentions take under the table."""
    lead = doc.style.size * 1.55
    rows = len(total_rows(doc)) + len(vat_table_rows(doc)) + 2
    return lead * rows + doc.lead * 6


# ---------------------------------------------------------------- form


def layout_form(doc: Doc) -> None:
    """Forms everywhere: labels flush right with ":", values flush left after them."""
    spec, style = doc.spec, doc.style
    width = doc.right - doc.left
    title = title_text(doc)
    tsize = fit(title, doc.font(True), style.size + 8, width * 0.44)
    doc.text(doc.right, doc.top, title, tsize, bold=True, align="right")
    y = draw_block(
        doc,
        doc.left,
        doc.top,
        spec.supplier.name,
        supplier_lines(doc),
        width * 0.5,
        color=style.accent if style.variant % 2 else BLACK,
    )
    doc.y = y - 6
    doc.hline(doc.y + 6, width=1)
    doc.y -= 10
    refs = [(name, value, key == "number") for key, name, value in references(doc)]
    b = spec.buyer
    head = bare(label(doc, "buyer_head")) or "Client"
    buyer = [(head, b.name, True)]
    if b.service:
        buyer.append(("À l'attention de", b.service, False))
    buyer += [("Adresse", b.street, False), ("", f"{b.postcode} {b.city}", False)]
    if spec.buyer_siret_printed:
        siret = layouts.siret_text(b.siret, (style.siret_style + 1) % 3)
        buyer.append((label(doc, "buyer_siret"), siret, False))
    half = width / 2
    left, right = (buyer, refs) if style.buyer_first else (refs, buyer)
    y1 = draw_form(doc, left, doc.left, doc.y, half - 8)
    y2 = draw_form(doc, right, doc.left + half + 8, doc.y, half - 8)
    doc.y = min(y1, y2) - 14
    draw_table(doc, style.columns, shade=style.variant % 3 == 0, grid=False)

    totals = [
        (name, value, key == "due_amount") for key, name, value in total_rows(doc)
    ]
    vat = []
    for rate, base, amount in vat_table_rows(doc):
        vat.append((f"Base HT {rate}", base, False))
        vat.append((f"TVA {rate}", amount, False))
    doc.need(doc.lead * 1.1 * max(len(totals), len(vat) + 1) + 20)
    start = doc.y
    y_t = draw_form(doc, totals, doc.left + half, start, half, size=style.size + 0.5)
    y_v = start
    if vat:
        doc.text(doc.left, y_v, "Détail de la TVA", bold=True)
        y_v = draw_form(doc, vat, doc.left, y_v - doc.lead, half - 20)
    doc.y = min(y_t, y_v) - 10
    bank = spec.bank
    if bank:
        rows = [("Banque", bank.name, False)]
        rows.append(
            (label(doc, "iban"), iban_text(bank.iban, style.iban_grouped), True)
        )
        if bank.bic:
            rows.append((label(doc, "bic"), bank.bic, False))
        doc.need(doc.lead * 5)
        doc.text(doc.left, doc.y, "Règlement par virement bancaire", bold=True)
        doc.y = draw_form(doc, rows, doc.left, doc.y - doc.lead, width * 0.7) - 6
    draw_lines_of_text(doc, mentions(doc), doc.left, width, style.size - 1)


# ---------------------------------------------------------------- strip


def draw_cells_row(
    doc: Doc,
    items: list[tuple[str, str]],
    x: float,
    y: float,
    width: float,
    *,
    strong_last: bool = False,
    fill: Color = LIGHT,
    size: float | None = None,
) -> float:
    """A row of boxed cells: labels in a shaded band, values centred beneath."""
    size = size or doc.style.size
    n = len(items)
    w = width / n
    head_lines = []
    for name, _ in items:
        parts = doc.wrap(bare(name), w - 6, size - 1)
        if len(parts) > 2:
            parts = [bare(name)]
        head_lines.append(parts)
    rows = max(len(p) for p in head_lines)
    head_h = rows * (size - 1) * 1.2 + 6
    value_h = size * 2.2
    top = y
    doc.rect(x, top - head_h, width, head_h, fill=fill)
    doc.rect(x, top - head_h - value_h, width, value_h)
    for k, ((_, value), parts) in enumerate(zip(items, head_lines, strict=True)):
        cx = x + k * w
        if k:
            vline(doc, cx, top, top - head_h - value_h)
        for j, part in enumerate(parts):
            fitted(
                doc,
                cx + w / 2,
                top - (size - 1) * 1.2 * (j + 1) - 1,
                part,
                w - 6,
                size - 1,
                bold=True,
                align="center",
            )
        strong = strong_last and k == n - 1
        if strong:
            doc.rect(
                cx, top - head_h - value_h, w, value_h, fill=tint(doc.style.accent)
            )
        fitted(
            doc,
            cx + w / 2,
            top - head_h - value_h / 2 - size * 0.35,
            value,
            w - 8,
            size + (1 if strong else 0),
            bold=strong,
            align="center",
        )
    return top - head_h - value_h


def draw_vat_transposed(doc: Doc, x: float, y: float, max_width: float) -> float:
    """The VAT summary with one column per rate: "Taux | 20 % | 5,5 %"."""
    rows = vat_table_rows(doc)
    if not rows:
        return y
    names = ("Taux de TVA", "Base HT", "Montant TVA")
    if doc.style.variant % 2:
        names = ("Taux", "Base H.T.", "T.V.A.")
    size = doc.style.size
    while True:
        w0 = max(doc.text_width(n, size, True) for n in names) + 10
        wc = max(doc.text_width(c, size) for r in rows for c in r) + 14
        if w0 + wc * len(rows) <= max_width or size <= 6:
            break
        size -= 0.5
    lead = size * 1.6
    for k, name in enumerate(names):
        top = y - k * lead
        doc.rect(x, top - lead, w0, lead, fill=LIGHT)
        doc.text(x + 4, top - lead + lead * 0.32, name, size, bold=True)
        for j, row in enumerate(rows):
            cx = x + w0 + j * wc
            doc.rect(cx, top - lead, wc, lead, fill=LIGHT if k == 0 else None)
            doc.text(
                cx + wc - 5,
                top - lead + lead * 0.32,
                row[k],
                size,
                bold=k == 0,
                align="right",
            )
    return y - len(names) * lead


def layout_strip(doc: Doc) -> None:
    """Pre-printed-stationery look: boxed reference cells, a framed table down to
    a row of total cells, and the VAT summary transposed (one column per rate)."""
    spec, style = doc.spec, doc.style
    width = doc.right - doc.left
    y1 = draw_block(
        doc, doc.left, doc.top, spec.supplier.name, supplier_lines(doc), width * 0.48
    )
    y2 = draw_buyer(doc, doc.left + width * 0.55, doc.top - 8, width * 0.45, True)
    doc.y = min(y1, y2) - 12
    bar = style.size * 2.4
    doc.rect(doc.left, doc.y - bar + 4, width, bar, fill=style.accent, stroke=False)
    title = title_text(doc)
    doc.text(
        doc.left + 8,
        doc.y - bar / 2 + 1,
        title,
        fit(title, doc.font(True), style.size + 5, width * 0.6),
        bold=True,
        color=WHITE,
    )
    doc.y -= bar + 6
    items = references(doc)
    main_keys = ("number", "date", "due", "customer")
    main = [(name, value) for key, name, value in items if key in main_keys]
    rest = [(name, value) for key, name, value in items if key not in main_keys]
    doc.y = draw_cells_row(doc, main, doc.left, doc.y, width) - 10
    if rest:
        flow_pairs(doc, rest, doc.left, width)
        doc.y -= 6
    keys = style.columns
    bank = bank_lines(doc)
    vat_rows = vat_table_rows(doc)
    low = max(len(bank) * doc.lead, (3 * style.size * 1.6) if vat_rows else 0)
    cells = style.size * 5.6 + 6
    notes = len(mentions_estimate(doc)) * (style.size - 1) * 1.3 * 1.3
    reserve = low + 8 + cells + 12 + notes + 10
    ruled_table(
        doc,
        keys,
        plain_heads(doc, keys),
        head_fill=tint(style.accent, 0.75),
        reserve=reserve,
    )
    doc.need(reserve)
    start = doc.y
    y_v = draw_vat_transposed(doc, doc.left, start, width * 0.55)
    y_b = start - style.size
    for k, line in enumerate(bank):
        fitted(
            doc,
            doc.left + width * 0.6,
            y_b,
            line,
            width * 0.4,
            style.size - 0.5,
            bold=k == 0,
        )
        y_b -= doc.lead
    doc.y = min(y_v, y_b) - 8
    cells = [(name, value) for _, name, value in total_rows(doc)]
    doc.y = draw_cells_row(
        doc, cells, doc.left, doc.y, width, strong_last=spec.print_due_amount
    )
    doc.y -= 12
    draw_lines_of_text(doc, mentions(doc), doc.left, width, style.size - 1)


# ---------------------------------------------------------------- bilingual

ENGLISH: dict[str, tuple[tuple[str, str], ...]] = {
    "number": (("N° de facture", "Invoice No."), ("Facture n°", "Invoice number")),
    "date": (("Date de facture", "Invoice date"), ("Date", "Date")),
    "due": (("Date d'échéance", "Due date"), ("Échéance", "Payment due")),
    "customer": (("N° client", "Customer No."), ("Code client", "Customer code")),
    "engagement": (
        ("Bon de commande", "Purchase order"),
        ("N° d'engagement", "PO number"),
        ("Commande n°", "Order No."),
    ),
    "contract": (("Marché n°", "Contract No."), ("N° de marché", "Contract ref.")),
    "service": (("Code service", "Service code"), ("Service exécutant", "Dept. code")),
    "quote": (("Devis n°", "Quotation No."),),
    "delivery": (("Bon de livraison", "Delivery note"),),
    "order_date": (("Date de commande", "Order date"),),
    "cancelled": (("Facture d'origine", "Original invoice"),),
    "frame": (("Cadre de facturation", "Billing frame"),),
    "ht": (("Total HT", "Net total"), ("Montant HT", "Total excl. VAT")),
    "vat": (("TVA", "VAT"), ("Montant TVA", "VAT amount")),
    "ttc": (("Total TTC", "Total incl. VAT"), ("Total TTC", "Gross total")),
    "advance": (("Acompte versé", "Advance paid"),),
    "retention": (("Retenue de garantie 5 %", "5 % retention"),),
    "due_amount": (("Net à payer", "Amount due"), ("Net à payer", "Balance due")),
    "description": (("Désignation", "Description"),),
    "quantity": (("Qté", "Qty"), ("Quantité", "Quantity")),
    "unit_price": (("P.U. HT", "Unit price"), ("Prix unitaire HT", "Unit price")),
    "amount": (("Montant HT", "Amount"), ("Total HT", "Net amount")),
    "unit": (("Unité", "Unit"),),
    "rate": (("TVA", "VAT"), ("Taux TVA", "VAT rate")),
    "reference": (("Réf.", "Ref."), ("Code", "Item")),
    "buyer_head": (("Facturé à", "Bill to"), ("Client", "Customer")),
    "buyer_siret": (("SIRET destinataire", "Customer SIRET"),),
    "vat_rate": (("Taux", "Rate"),),
    "vat_base": (("Base HT", "Taxable amount"),),
    "vat_amount": (("TVA", "VAT"),),
    "bank": (("Coordonnées bancaires", "Bank details"),),
}


def english(doc: Doc, key: str) -> tuple[str, str]:
    options = ENGLISH[key]
    return options[doc.style.variant % len(options)]


def both(doc: Doc, key: str, sep: str = " / ") -> str:
    fr, en = english(doc, key)
    return fr if fr == en else f"{fr}{sep}{en}"


def english_mentions(doc: Doc) -> list[str]:
    spec = doc.spec
    out = []
    if spec.vat_mode == "autoliquidation":
        out.append("Reverse charge: VAT to be accounted for by the customer.")
    if spec.vat_mode == "franchise":
        out.append("VAT not applicable (French Tax Code, art. 293 B).")
    if spec.document_type == "facture":
        out.append("Late payment: fixed compensation of 40 € for recovery costs.")
    return out


def layout_bilingual(doc: Doc) -> None:
    """French and English side by side: "Facture / Invoice", "Échéance / Due date"."""
    spec, style = doc.spec, doc.style
    width = doc.right - doc.left
    stacked = style.variant % 3 != 0
    fr_title = bare_title(spec.title)
    en_title = "CREDIT NOTE" if spec.document_type == "avoir" else "INVOICE"
    if not (style.upper_title or fr_title.isupper()):
        en_title = en_title.title()
    if not style.upper_title and not fr_title.isupper():
        fr_title = fr_title[0].upper() + fr_title[1:]
    else:
        fr_title = fr_title.upper()
    tsize = style.size + 9
    if stacked:
        doc.text(
            doc.right,
            doc.top,
            fr_title,
            tsize,
            bold=True,
            align="right",
            color=style.accent,
        )
        doc.text(
            doc.right,
            doc.top - tsize,
            en_title,
            tsize - 5,
            italic=True,
            align="right",
            color=GREY,
        )
    else:
        head = f"{fr_title} / {en_title}"
        fitted(
            doc,
            doc.right,
            doc.top,
            head,
            width * 0.45,
            tsize,
            bold=True,
            align="right",
            color=style.accent,
        )
    y1 = draw_block(
        doc, doc.left, doc.top, spec.supplier.name, supplier_lines(doc), width * 0.5
    )
    # References: bilingual labels, a two-column table on the right.
    ref_x = doc.left + width * 0.52
    ref_w = width * 0.48
    y2 = doc.top - tsize * (2.2 if stacked else 1.6)
    for key, name, value in references(doc):
        fr, en = english(doc, key) if key in ENGLISH else (bare(name), "")
        if key == "frame":
            value = spec.billing_frame or value
        lw = ref_w * 0.55
        fitted(doc, ref_x, y2, fr, lw - 4, style.size, bold=key == "number")
        fitted(
            doc,
            ref_x + ref_w,
            y2,
            value,
            ref_w - lw,
            style.size,
            bold=key == "number",
            align="right",
        )
        if en and en != fr:
            y2 -= style.size * 1.1
            doc.text(ref_x, y2, en, style.size - 1.5, italic=True, color=GREY)
        doc.hline(y2 - 4, ref_x, ref_x + ref_w, 0.3)
        y2 -= doc.lead + 2
    doc.y = min(y1, y2) - 10
    head = both(doc, "buyer_head")
    doc.text(doc.left, doc.y, head, style.size - 0.5, bold=True, color=style.accent)
    doc.y -= doc.lead
    b = spec.buyer
    lines = ([b.service] if b.service else []) + [b.street, f"{b.postcode} {b.city}"]
    if spec.buyer_siret_printed:
        siret = layouts.siret_text(b.siret, (style.siret_style + 1) % 3)
        lines.append(f"{both(doc, 'buyer_siret')} : {siret}")
    doc.y = draw_fitted_block(doc, doc.left, doc.y, b.name, lines, width * 0.5) - 14
    keys = style.columns
    heads = {}
    for key in keys:
        fr, en = english(doc, key)
        heads[key] = (fr, en) if en != fr else (fr,)
    ruled_table(doc, keys, heads, head_fill=LIGHT, row_rules=style.grid_lines)
    # Totals: bilingual labels on the right; VAT summary on the left.
    rows = total_rows(doc)
    lead = style.size * 1.6
    doc.need(lead * (len(rows) + 2) + 10)
    start = doc.y
    tx = doc.left + width * 0.5
    tw = width * 0.5
    y = start
    for key, name, value in rows:
        if key == "vat" and spec.vat_mode == "normal":
            text = name.replace(label(doc, "vat"), both(doc, "vat"))
            if text == name:
                text = both(doc, "vat")
        elif key in ENGLISH:
            text = both(doc, key)
        else:
            text = name
        strong = key == "due_amount"
        if strong:
            doc.rect(tx, y - 5, tw, lead, fill=tint(style.accent))
        vsize = style.size + (1 if strong else 0)
        room = tw - 16 - doc.text_width(value, vsize, strong)
        fitted(doc, tx + 4, y, text, room, vsize, bold=strong)
        doc.text(tx + tw - 4, y, value, vsize, bold=strong, align="right")
        y -= lead
    y_v = start
    vat_rows = vat_table_rows(doc)
    if vat_rows:
        heads3 = [english(doc, k) for k in ("vat_rate", "vat_base", "vat_amount")]
        size = style.size
        while True:
            widths = [
                max(
                    doc.text_width(fr, size - 0.5, True),
                    stringWidth(en, doc.font(italic=True), size - 2),
                    *(doc.text_width(row[k], size) for row in vat_rows),
                )
                + 14
                for k, (fr, en) in enumerate(heads3)
            ]
            if sum(widths) <= width * 0.46 or size <= 6:
                break
            size -= 0.5
        edges = [doc.left + sum(widths[: k + 1]) - 4 for k in range(3)]
        for edge, (fr, en) in zip(edges, heads3, strict=True):
            doc.text(edge, y_v, fr, size - 0.5, bold=True, align="right")
            doc.text(
                edge, y_v - size, en, size - 2, italic=True, color=GREY, align="right"
            )
        y_v -= size * 1.2 + lead * 0.6
        doc.hline(y_v + lead * 0.55, doc.left, doc.left + sum(widths), 0.5)
        for row in vat_rows:
            for edge, cell in zip(edges, row, strict=True):
                doc.text(edge, y_v, cell, size, align="right")
            y_v -= lead * 0.85
    doc.y = min(y, y_v) - 10
    bank = spec.bank
    if bank:
        doc.need(doc.lead * 4)
        doc.text(doc.left, doc.y, both(doc, "bank"), bold=True)
        doc.y -= doc.lead
        doc.text(doc.left, doc.y, f"IBAN : {iban_text(bank.iban, style.iban_grouped)}")
        doc.y -= doc.lead
        if bank.bic:
            doc.text(doc.left, doc.y, f"BIC / SWIFT : {bank.bic}")
            doc.y -= doc.lead
        doc.y -= 4
    draw_lines_of_text(doc, mentions(doc), doc.left, width, style.size - 1)
    draw_lines_of_text(doc, english_mentions(doc), doc.left, width, style.size - 1.5)


# ---------------------------------------------------------------- carbon pad


def hand_font(doc: Doc) -> str:
    """The pen: a font unlike the one the pad is printed in."""
    options = {
        "Helvetica": ("Courier-Oblique", "Times-Italic"),
        "Times": ("Courier-Oblique", "Helvetica-Oblique"),
        "Courier": ("Times-Italic", "Helvetica-Oblique"),
    }[doc.style.font]
    return options[doc.style.variant % 2]


def carbon_header(doc: Doc) -> None:
    """The pre-printed letterhead and numbered title box, on every sheet."""
    spec, style = doc.spec, doc.style
    ink = style.accent
    width = doc.right - doc.left
    box_w = min(width * 0.42, 190.0)
    bx = doc.right - box_w
    y = draw_block(
        doc,
        doc.left,
        doc.top,
        spec.supplier.name,
        supplier_lines(doc),
        width - box_w - 12,
        head_size=style.size + 3,
        color=ink,
    )
    h = style.size * 5.2
    doc.rect(bx, doc.top - h + style.size + 4, box_w, h)
    title = bare_title(spec.title).upper()
    fitted(
        doc,
        bx + 8,
        doc.top - 4,
        title,
        box_w - 16,
        style.size + 5,
        bold=True,
        color=ink,
    )
    doc.text(
        bx + 8, doc.top - style.size * 2.9, "N°", style.size + 1, bold=True, color=ink
    )
    fitted(
        doc,
        bx + box_w - 8,
        doc.top - style.size * 2.9,
        spec.number,
        box_w - 40,
        style.size + 4,
        font="Courier-Bold",
        align="right",
        color=RED,
    )
    note = ("ORIGINAL", "Exemplaire client", "Feuillet client")[style.variant % 3]
    doc.text(
        bx + box_w,
        doc.top - h + style.size - 4,
        note,
        style.size - 2.5,
        align="right",
        color=ink,
    )
    doc.y = min(y, doc.top - h + style.size - 6) - 10


def carbon_field(
    doc: Doc, x: float, y: float, width: float, name: str, value: str, pen: str
) -> None:
    """A printed label, a dotted line, the value written on it."""
    ink = doc.style.accent
    shown = colon(name)
    lsize = fit(shown, doc.font(), doc.style.size - 0.5, width * 0.55)
    doc.text(x, y, shown, lsize, color=ink)
    lx = x + doc.text_width(shown, lsize) + 4
    dashed(doc, lx, x + width, y - 2, ink)
    put(
        doc,
        lx + 4,
        y + 0.5,
        value,
        fit(value, pen, doc.style.size + 1, x + width - lx - 6),
        pen,
        color=INK,
    )


def layout_carbon(doc: Doc) -> None:
    """A carbon-copy invoice book: a pre-printed form filled in by hand."""
    spec, style = doc.spec, doc.style
    ink = style.accent
    pen = hand_font(doc)
    width = doc.right - doc.left
    doc.continuation = carbon_header
    carbon_header(doc)
    # Dates on dotted lines; the buyer in a ruled "Doit" box.
    items = references(doc, with_number=False)
    half = width / 2
    head = bare(label(doc, "buyer_head")) or "Doit"
    if head.lower() not in ("doit", "client", "destinataire"):
        head = "Doit" if style.variant % 2 else head
    b = spec.buyer
    rows = [b.name] + ([b.service] if b.service else [])
    rows += [b.street, f"{b.postcode} {b.city}"]
    if spec.buyer_siret_printed:
        rows.append(f"SIRET {layouts.siret_text(b.siret, 1)}")
    rule = style.size * 1.9
    box_h = rule * (len(rows) + 1) + 4
    top = doc.y + style.size
    doc.rect(doc.left + half + 6, top - box_h, half - 6, box_h)
    doc.text(
        doc.left + half + 12, doc.y - 2, colon(head), style.size, bold=True, color=ink
    )
    y = doc.y - rule
    for text in rows:
        dashed(doc, doc.left + half + 12, doc.right - 6, y - 2, ink)
        put(
            doc,
            doc.left + half + 16,
            y + 0.5,
            text,
            fit(text, pen, style.size + 1, half - 30),
            pen,
            color=INK,
        )
        y -= rule
    y_left = doc.y - 2
    for _, name, value in items:
        carbon_field(doc, doc.left, y_left, half - 14, name, value, pen)
        y_left -= rule
    doc.y = min(y_left, top - box_h - style.size) - 6
    keys = ("quantity", "description", "unit_price", "amount")
    if spec.vat_mode == "normal" and len(spec.totals.vat_lines) > 1:
        keys = ("quantity", "description", "unit_price", "rate", "amount")
    heads = {k: (label(doc, k).upper(),) for k in keys}
    heads["rate"] = ("TVA",)
    reserve = style.size * 1.9 * (len(total_rows(doc)) + 1) + doc.lead * 8
    ruled_table(
        doc,
        keys,
        heads,
        size=style.size + 0.5,
        head_fill=tint(ink, 0.85),
        head_color=ink,
        cell_font=pen,
        cell_color=INK,
        row_rules=True,
        reserve=reserve,
    )
    # Totals: printed label cells, handwritten values.
    rows_t = total_rows(doc)
    vat_rows = vat_table_rows(doc)
    cell_h = style.size * 1.9
    doc.need(cell_h * (max(len(rows_t), len(vat_rows) + 1) + 1))
    tw = width * (0.5 if doc.width > 500 else 0.58)
    tx = doc.right - tw
    lw = tw * 0.58
    y = doc.y + style.size
    for key, name, value in rows_t:
        strong = key == "due_amount"
        doc.rect(tx, y - cell_h, lw, cell_h, fill=tint(ink, 0.85 if strong else 0.93))
        doc.rect(tx + lw, y - cell_h, tw - lw, cell_h)
        fitted(
            doc,
            tx + 4,
            y - cell_h + cell_h * 0.32,
            name.upper(),
            lw - 8,
            style.size - 0.5,
            bold=strong,
            color=ink,
        )
        fitted(
            doc,
            tx + tw - 6,
            y - cell_h + cell_h * 0.3,
            value,
            tw - lw - 10,
            style.size + 1.5,
            font=pen,
            align="right",
            color=INK,
        )
        y -= cell_h
    y_v = doc.y + style.size
    if vat_rows:
        cw = (width - tw - 16) / 3
        for k, head_text in enumerate(("TAUX TVA", "BASE HT", "TVA")):
            doc.rect(doc.left + k * cw, y_v - cell_h, cw, cell_h, fill=tint(ink, 0.93))
            doc.text(
                doc.left + k * cw + cw / 2,
                y_v - cell_h * 0.68,
                head_text,
                style.size - 1.5,
                bold=True,
                align="center",
                color=ink,
            )
        y_v -= cell_h
        for row in vat_rows:
            for k, cell in enumerate(row):
                doc.rect(doc.left + k * cw, y_v - cell_h, cw, cell_h)
                fitted(
                    doc,
                    doc.left + (k + 1) * cw - 5,
                    y_v - cell_h * 0.7,
                    cell,
                    cw - 8,
                    style.size + 0.5,
                    font=pen,
                    align="right",
                    color=INK,
                )
            y_v -= cell_h
    doc.y = min(y, y_v) - 12
    bank = spec.bank
    if bank:
        doc.need(doc.lead * 3)
        text = f"RIB - IBAN {iban_text(bank.iban, style.iban_grouped)}"
        if bank.bic:
            text += f" - BIC {bank.bic}"
        fitted(doc, doc.left, doc.y, text, width, style.size - 0.5, color=ink)
        doc.y -= doc.lead
        doc.text(
            doc.left, doc.y, f"Domiciliation : {bank.name}", style.size - 1, color=ink
        )
        doc.y -= doc.lead + 2
    for line in mentions(doc):
        for part in doc.wrap(line, width, style.size - 1.5):
            doc.need(doc.lead)
            doc.text(doc.left, doc.y, part, style.size - 1.5, color=ink)
            doc.y -= (style.size - 1.5) * 1.3


# ---------------------------------------------------------------- fee note


def layout_fees(doc: Doc) -> None:
    """A firm's "note d'honoraires": centred letterhead, few long wrapping lines
    with their amount at the right, totals written as sentences."""
    spec, style = doc.spec, doc.style
    width = doc.right - doc.left
    mid = doc.left + width / 2
    s = spec.supplier
    name_size = fit(s.name.upper(), doc.font(True), style.size + 6, width)
    doc.text(
        mid,
        doc.top,
        s.name.upper(),
        name_size,
        bold=True,
        align="center",
        color=style.accent,
    )
    doc.y = doc.top - style.size * 1.8
    doc.text(mid, doc.y, profession(s.name), style.size, italic=True, align="center")
    doc.y -= doc.lead
    info = supplier_lines(doc)
    for text in (" - ".join(info[:2]), " - ".join(info[2:4]), *info[4:]):
        fitted(
            doc, mid, doc.y, text, width, style.size - 0.5, align="center", color=GREY
        )
        doc.y -= doc.lead
    doc.hline(doc.y + 2, mid - width * 0.3, mid + width * 0.3, 0.6)
    doc.y -= 16
    yb = draw_block(
        doc,
        doc.left + width * 0.52,
        doc.y,
        spec.buyer.name,
        layouts.buyer_lines(doc),
        width * 0.48,
    )
    place = f"{s.city}, le {day(doc, spec.invoice_date)}"
    doc.text(doc.left, doc.y, place)
    y = doc.y - doc.lead * 2
    title = bare_title(spec.title)
    title = title.upper() if style.upper_title else title
    doc.text(doc.left, y, title, style.size + 4, bold=True)
    y -= doc.lead * 1.4
    doc.text(doc.left, y, f"N° {spec.number}", style.size + 1, bold=True)
    y -= doc.lead
    doc.y = min(y, yb) - 10
    items = [it for it in references(doc, with_number=False) if it[0] != "date"]
    if items:
        text = " - ".join(f"{colon(name)} {value}" for _, name, value in items)
        doc.y = doc.paragraph(doc.left, doc.y, text, width, style.size - 0.5) - 8
    intro = (
        "Nos honoraires pour les diligences accomplies dans votre dossier "
        "s'établissent comme suit :"
    )
    if spec.document_type == "avoir":
        intro = "Nous portons au crédit de votre compte les sommes suivantes :"
    doc.y = doc.paragraph(doc.left, doc.y, intro, width) - 6
    amount_w = (
        max(
            doc.text_width(money(doc, sign(doc) * line.amount), bold=True)
            for line in spec.lines
        )
        + 16
    )
    text_w = width - amount_w - 14
    doc.hline(doc.y + doc.lead * 0.6, width=0.8)
    doc.y -= 4
    section = None
    for index, line in enumerate(spec.lines):
        if index in spec.page_breaks:
            doc.new_page()
        if line.section and line.section != section:
            section = line.section
            doc.need(doc.lead * 3)
            doc.text(
                doc.left, doc.y, section_label(section), bold=True, color=style.accent
            )
            doc.y -= doc.lead
        desc = line.description
        parts = doc.wrap(desc, text_w)
        detail = ""
        if line.quantity != 1 or line.unit in ("h", "jour"):
            price = style.money.amount(sign(doc) * line.unit_price, in_line=True)
            unit = {"h": "heure(s)", "jour": "journée(s)", "mois": "mois"}.get(
                line.unit, line.unit
            )
            detail = f"{quantity_text(line.quantity)} {unit} à {price}"
        height = doc.lead * (len(parts) + (1 if detail else 0)) + 6
        doc.need(height)
        top = doc.y
        for part in parts:
            doc.text(doc.left + 10, doc.y, part)
            doc.y -= doc.lead
        if detail:
            doc.text(
                doc.left + 20, doc.y, detail, style.size - 1, italic=True, color=GREY
            )
            doc.y -= doc.lead
        amount = money(doc, sign(doc) * line.amount, style.variant % 2 == 0)
        last = top - doc.lead * (len(parts) - 1)
        end = doc.left + 10 + doc.text_width(parts[-1]) + 6
        dashed(doc, end, doc.right - doc.text_width(amount) - 6, last, GREY)
        doc.text(doc.right, last, amount, align="right")
        doc.y -= 6
    doc.hline(doc.y + doc.lead * 0.6, width=0.8)
    doc.y -= 6
    fees_totals(doc)
    doc.y -= 6
    bank = bank_lines(doc)
    if bank:
        draw_lines_of_text(doc, bank, doc.left, width, bold_first=True)
        doc.y -= 4
    extra = (
        ["TVA acquittée sur les encaissements."] if spec.vat_mode == "normal" else []
    )
    draw_lines_of_text(doc, extra + mentions(doc), doc.left, width, style.size - 1)
    doc.need(doc.lead * 3)
    doc.y -= doc.lead
    doc.text(doc.right, doc.y, f"Pour {s.name},", italic=True, align="right")


def fees_totals(doc: Doc) -> None:
    """Totals as sentences, or values before their label ("1 234,56 € HT")."""
    style = doc.style
    width = doc.right - doc.left
    rows = total_rows(doc)
    vat_rows = vat_table_rows(doc)
    doc.need(doc.lead * 1.2 * (len(rows) + len(vat_rows) + 3))
    if style.variant % 3 == 0:
        # Values first, flush right, their label after them.
        x = doc.right - width * 0.45
        suffix = {"ht": "HT", "ttc": "TTC"}
        for key, name, value in rows:
            strong = key == "due_amount"
            text = f"{value} {suffix[key]}" if key in suffix else value
            room = width * 0.45 - doc.text_width(text, bold=strong) - 12
            fitted(
                doc,
                x,
                doc.y,
                colon(name),
                room,
                bold=strong,
                color=BLACK if strong else GREY,
            )
            doc.text(doc.right, doc.y, text, bold=strong, align="right")
            doc.y -= doc.lead * 1.2
        for rate, base, amount in vat_rows:
            fitted(
                doc,
                doc.right,
                doc.y,
                f"dont TVA {rate} sur {base} : {amount}",
                width * 0.6,
                style.size - 1,
                align="right",
                color=GREY,
            )
            doc.y -= doc.lead
    else:
        sentences: list[tuple[str, bool]] = []
        for key, name, value in rows:
            if key == "ht":
                sentences.append((f"{bare(name)} des honoraires : {value}", False))
                if len(vat_rows) > 1:
                    sentences += [
                        (f"dont TVA au taux de {r} sur {b} : {a}", False)
                        for r, b, a in vat_rows
                    ]
            elif key == "vat" and len(vat_rows) == 1 and "%" not in name:
                rate = vat_rows[0][0]
                sentences.append((f"{bare(name)} au taux de {rate} : {value}", False))
            elif key in ("advance", "retention"):
                sentences.append((f"À déduire - {bare(name)} : {value}", False))
            else:
                sentences.append((f"{colon(name)} {value}", key == "due_amount"))
        for text, strong in sentences:
            size = style.size + (1 if strong else 0)
            fitted(doc, doc.right, doc.y, text, width, size, bold=strong, align="right")
            doc.y -= doc.lead * 1.2
    t = doc.spec.totals
    if doc.spec.document_type == "facture" and style.variant % 2:
        amount = money(doc, t.due if doc.spec.print_due_amount else t.ttc)
        doc.y -= 4
        doc.y = doc.paragraph(
            doc.left,
            doc.y,
            f"Arrêtée la présente note à la somme de {amount} toutes taxes comprises.",
            width,
            italic=True,
        )


def profession(name: str) -> str:
    """The firm's line under its name, from what its name says it does."""
    lower = name.lower()
    for word, text in (
        ("avocat", "Avocats au Barreau - Droit public et commande publique"),
        ("architect", "Architectes DPLG - Maîtrise d'œuvre"),
        ("géomètre", "Géomètres-experts - Topographie - Foncier"),
        ("expertise", "Société d'expertise comptable inscrite au Tableau de l'Ordre"),
        ("fiduciaire", "Expertise comptable - Commissariat aux comptes"),
        ("audit", "Audit - Conseil - Commissariat aux comptes"),
    ):
        if word in lower:
            return text
    return data.PROFESSIONS[len(name) % len(data.PROFESSIONS)]


# ---------------------------------------------------------------- sidebar


def sidebar_width(doc: Doc) -> float:
    return (doc.width - 2 * doc.style.margin) * 0.3


def sidebar_frame(doc: Doc) -> float:
    """The tinted column on the left, bled to the page's edges; return the inner
    right edge of its text."""
    w = sidebar_width(doc)
    bottom = doc.bottom - 6
    doc.rect(
        0,
        bottom,
        doc.left + w,
        doc.height - bottom,
        fill=tint(doc.style.accent, 0.86),
        stroke=False,
    )
    return doc.left + w - 10


def sidebar_text(
    doc: Doc, lines: list[tuple[str, float, bool, Color]], y: float, width: float
) -> float:
    for text, size, bold, color in lines:
        font = doc.font(bold)
        parts, psize = lines_in(doc, text, width, size, font, size - 2)
        for part in parts:
            put(doc, doc.left, y, part, psize, font, color=color)
            y -= size * 1.3
    return y


def sidebar_continuation(doc: Doc) -> None:
    right = sidebar_frame(doc)
    spec = doc.spec
    width = right - doc.left
    sidebar_text(
        doc,
        [
            (doc.spec.supplier.name, doc.style.size + 1, True, BLACK),
            (f"{bare_title(spec.title)} {spec.number}", doc.style.size, False, GREY),
            ("(suite)", doc.style.size - 1, False, GREY),
        ],
        doc.top,
        width,
    )
    doc.y = doc.top


def fitting_columns(
    doc: Doc, keys: tuple[str, ...], width: float
) -> tuple[tuple[str, ...], float]:
    """``keys`` less the optional columns (unit, code, rate) the width cannot hold,
    and the type size that makes the rest fit."""

    def fits(keys: tuple[str, ...], size: float) -> bool:
        cols = layouts.columns(doc, keys, 0.0, width, size)
        return sum(c.width for c in cols) <= width

    size = doc.style.size
    for drop in ("unit", "reference", "rate"):
        if fits(keys, size):
            break
        keys = tuple(k for k in keys if k != drop)
    while size > 6 and not fits(keys, size):
        size -= 0.5
    return keys, size


def layout_sidebar(doc: Doc) -> None:
    """Supplier, references and bank details in a tinted left column; the title,
    buyer, lines and totals in the main column on the right."""
    spec, style = doc.spec, doc.style
    size = style.size
    right = sidebar_frame(doc)
    side_w = right - doc.left
    main_x = doc.left + sidebar_width(doc) + 10
    main_w = doc.right - main_x
    s = spec.supplier
    lines: list[tuple[str, float, bool, Color]] = [
        (s.name, size + 2, True, style.accent)
    ]
    lines += [(t, size - 0.5, False, BLACK) for t in supplier_lines(doc)]
    y = sidebar_text(doc, lines, doc.top, side_w) - 14
    for key, name, value in references(doc):
        y = sidebar_text(
            doc,
            [
                (bare(name), size - 1.5, False, GREY),
                (value, size, key == "number", BLACK),
            ],
            y,
            side_w,
        )
        y -= 4
    bank = spec.bank
    if bank:
        y -= 10
        rows = [("Règlement", size - 0.5, True, style.accent)]
        rows.append((bare(label(doc, "iban")), size - 1.5, False, GREY))
        rows.append(
            (iban_text(bank.iban, style.iban_grouped), size - 0.5, False, BLACK)
        )
        if bank.bic:
            rows.append((bare(label(doc, "bic")), size - 1.5, False, GREY))
            rows.append((bank.bic, size - 0.5, False, BLACK))
        rows.append((bank.name, size - 1.5, False, GREY))
        y = sidebar_text(doc, rows, y, side_w)
    doc.continuation = sidebar_continuation
    title = title_text(doc)
    tsize = fit(title, doc.font(True), size + 10, main_w)
    doc.text(
        doc.right,
        doc.top - 6,
        title,
        tsize,
        bold=True,
        align="right",
        color=style.accent,
    )
    doc.y = doc.top - tsize - 24
    doc.y = (
        draw_buyer(
            doc,
            main_x + main_w * 0.4,
            doc.y,
            main_w * 0.6,
            boxed=style.variant % 2 == 0,
        )
        - 16
    )
    keys, tsize = fitting_columns(doc, style.columns, main_w)
    draw_table(
        doc,
        keys,
        x0=main_x,
        x1=doc.right,
        size=tsize,
        shade=False,
        zebra=style.grid_lines,
    )
    doc.need(closing_height(doc) - doc.lead * 6)
    y_t = draw_totals(doc, doc.right - main_w * 0.6, main_w * 0.6)
    doc.y = y_t - 8
    y_v = draw_vat(doc, doc.right - main_w * 0.6, main_w * 0.6, "table")
    doc.y = y_v - 10
    for line in mentions(doc):
        for part in doc.wrap(line, main_w, size - 1):
            doc.need(doc.lead)
            doc.text(main_x, doc.y, part, size - 1)
            doc.y -= (size - 1) * 1.3


# ---------------------------------------------------------------- works décompte


def decompte_cells(doc: Doc) -> Callable[[int, Line], dict[str, str]]:
    """Line cells plus the price number of the bordereau ("2.03": lot 2, price 3)."""
    numbers: list[str] = []
    lot, k, section = 0, 0, object()
    for line in doc.spec.lines:
        if line.section != section:
            section = line.section
            lot, k = lot + 1, 0
        k += 1
        numbers.append(f"{lot}.{k:02d}")

    def cells(index: int, line: Line) -> dict[str, str]:
        out = line_cells(doc, line)
        out["price_no"] = numbers[index]
        return out

    return cells


def leader_row(
    doc: Doc, x: float, y: float, width: float, name: str, value: str, bold: bool
) -> None:
    """ "Label ......... value" with a dotted leader."""
    size = doc.style.size
    vsize = fit(value, doc.font(bold), size, width * 0.6)
    vw = doc.text_width(value, vsize, bold)
    lsize = fit(name, doc.font(), size, width - vw - 16)
    if name:
        doc.text(x, y, name, lsize)
        dashed(doc, x + doc.text_width(name, lsize) + 4, x + width - vw - 4, y)
    doc.text(x + width, y, value, vsize, bold=bold, align="right")


def layout_decompte(doc: Doc) -> None:
    """A public-works statement: market identification box with dotted leaders,
    priced schedule with cumulative progress, the lettered statement (A − B…),
    and signature boxes for the contractor, the MOE and the MOA."""
    spec, style = doc.spec, doc.style
    width = doc.right - doc.left
    s, b = spec.supplier, spec.buyer
    doc.text(doc.left, doc.top, s.name, style.size + 3, bold=True)
    info = supplier_lines(doc)
    y = doc.top - doc.lead * 1.3
    for text in (" - ".join(info[:2]), " - ".join(info[2:4]), *info[4:]):
        fitted(doc, doc.left, y, text, width * 0.6, style.size - 0.5)
        y -= doc.lead
    title = title_text(doc)
    doc.y = y - 10
    tsize = fit(title, doc.font(True), style.size + 6, width)
    doc.text(doc.left + width / 2, doc.y, title, tsize, bold=True, align="center")
    doc.y -= doc.lead * 1.3
    number = situation_line(doc)
    if number:
        doc.text(doc.left + width / 2, doc.y, number, style.size + 1, align="center")
        doc.y -= doc.lead * 1.3
    if spec.works:
        final = spec.works.kind in ("final", "dgd")
        during = "jusqu'en" if final else "au cours du mois de"
        doc.text(
            doc.left + width / 2,
            doc.y,
            f"Travaux exécutés {during} {spec.works.period}",
            align="center",
            italic=True,
        )
        doc.y -= doc.lead * 1.5
    # Identification of the market: a framed box of dotted-leader rows.
    parties: list[tuple[str, str, bool]] = [("Maître d'ouvrage", b.name, True)]
    if b.service:
        parties.append(("Service", b.service, False))
    parties += [("Adresse", b.street, False), ("", f"{b.postcode} {b.city}", False)]
    if spec.buyer_siret_printed:
        parties.append((bare(label(doc, "buyer_siret")), b.siret, False))
    parties.append(("Titulaire", s.name, False))
    refs = [
        (bare(name), value, key == "number") for key, name, value in references(doc)
    ]
    lead = doc.lead * 1.05
    box_top = doc.y + style.size + 2
    head = "IDENTIFICATION DU MARCHÉ"
    doc.rect(doc.left, box_top - doc.lead - 2, width, doc.lead + 2, fill=LIGHT)
    doc.text(doc.left + 6, box_top - doc.lead + 2, head, style.size - 0.5, bold=True)
    doc.y = box_top - doc.lead - 2 - style.size - 4
    col_w = (width - 40) / 2
    y_a = doc.y
    for column, rows in enumerate((parties, refs)):
        x = doc.left + 10 + column * (width / 2)
        for k, (name, value, bold) in enumerate(rows):
            leader_row(doc, x, y_a - k * lead, col_w, name, value, bold)
    split = max(len(parties), len(refs))
    box_bottom = y_a - split * lead + 2
    doc.rect(doc.left, box_bottom, width, box_top - box_bottom)
    vline(doc, doc.left + width / 2, box_top - doc.lead - 2, box_bottom, 0.3)
    doc.y = box_bottom - 18
    keys = (
        "price_no",
        "description",
        "unit",
        "quantity",
        "unit_price",
        "market",
        "cumul_pct",
        "cumulative",
    )
    heads = {
        "price_no": ("N° prix",),
        "description": (label(doc, "description"),),
        "unit": ("U",),
        "quantity": ("Qté marché",),
        "unit_price": (label(doc, "unit_price"),),
        "market": ("Montant marché HT",),
        "cumul_pct": ("% exécuté",),
        "cumulative": ("Cumul exécuté HT",),
    }
    ruled_table(
        doc,
        keys,
        heads,
        size=style.size - 0.5,
        cells_of=decompte_cells(doc),
        head_fill=LIGHT,
        row_rules=True,
        subtotal=lambda line: line.cumulative_amount,
    )
    decompte_statement(doc)
    signatures(doc)


def decompte_statement(doc: Doc) -> None:
    """The statement: lettered rows from the cumulative work to the net à payer."""
    spec, style = doc.spec, doc.style
    width = doc.right - doc.left
    cumulative = sum((x.cumulative_amount for x in spec.lines), Decimal(0))
    previous = sum((x.previous_amount for x in spec.lines), Decimal(0))
    sg = sign(doc)
    works = spec.works
    rows: list[tuple[str, str, bool]] = [
        (
            works.cumulative_label if works else "Montant cumulé HT",
            money(doc, sg * cumulative),
            False,
        ),
        (
            works.previous_label if works else "Décomptes précédents HT",
            money(doc, -sg * previous),
            False,
        ),
    ]
    letters = "ABCDEFGHIJ"
    vat_rows = vat_table_rows(doc)
    for key, name, value in total_rows(doc):
        if key == "ht":
            rows.append((f"{bare(name)} du présent décompte (A - B)", value, True))
            for rate, base, amount in vat_rows:
                rows.append((f"    TVA {rate} sur {base}", amount, False))
        elif key == "due_amount":
            rows.append((f"{bare(name)} - montant à mandater", value, True))
        else:
            rows.append((bare(name), value, key == "ttc"))
    lead = style.size * 1.7
    doc.need(lead * (len(rows) + 2) + 10)
    doc.text(doc.left, doc.y, "DÉCOMPTE", style.size + 1, bold=True)
    doc.y -= lead * 0.9
    x = doc.left + width * 0.25
    w = width * 0.75
    letter_w = 22
    k = 0
    for name, value, strong in rows:
        top = doc.y + style.size + 2
        detail = name.startswith("    ")
        fill = LIGHT if strong and not detail else None
        doc.rect(x, top - lead, letter_w, lead, fill=fill)
        doc.rect(x + letter_w, top - lead, w - letter_w, lead, fill=fill)
        if not detail:
            doc.text(x + letter_w / 2, doc.y - 1, letters[k], bold=True, align="center")
            k += 1
        vsize = style.size + (0.5 if strong else 0)
        room = w - letter_w - 18 - doc.text_width(value, vsize, strong)
        fitted(
            doc,
            x + letter_w + 6,
            doc.y - 1,
            name.strip() if not detail else name,
            room,
            vsize,
            bold=strong and not detail,
            color=GREY if detail else BLACK,
        )
        doc.text(x + w - 6, doc.y - 1, value, vsize, bold=strong, align="right")
        doc.y -= lead
    doc.y -= 10
    bank = bank_lines(doc)
    if bank:
        draw_lines_of_text(
            doc, bank, doc.left, width, style.size - 0.5, bold_first=True
        )
        doc.y -= 4
    draw_lines_of_text(doc, mentions(doc), doc.left, width, style.size - 1)


def signatures(doc: Doc) -> None:
    width = doc.right - doc.left
    h = 60.0
    doc.need(h + 16)
    doc.y -= 4
    names = ("Le titulaire", "Le maître d'œuvre", "Le maître d'ouvrage")
    w = (width - 20) / 3
    for k, name in enumerate(names):
        x = doc.left + k * (w + 10)
        doc.rect(x, doc.y - h, w, h + doc.style.size)
        doc.text(x + 5, doc.y, name, doc.style.size - 0.5, bold=True)
        doc.text(
            x + 5,
            doc.y - doc.lead,
            "Date, cachet et signature",
            doc.style.size - 2,
            italic=True,
            color=GREY,
        )
    doc.y -= h + 12


# ---------------------------------------------------------------- landscape


def landscape_cells(doc: Doc) -> Callable[[int, Line], dict[str, str]]:
    def cells(index: int, line: Line) -> dict[str, str]:
        out = line_cells(doc, line)
        vat = (line.amount * line.rate / HUNDRED).quantize(CENT)
        out["line_ttc"] = money(doc, sign(doc) * (line.amount + vat), True)
        return out

    return cells


def layout_landscape(doc: Doc) -> None:
    """An A4 landscape page: a wide lines table; the parties either in a band of
    three blocks at the top or at the bottom, under the lines."""
    spec, style = doc.spec, doc.style
    width = doc.right - doc.left
    parties_last = style.variant % 2 == 1
    title = title_text(doc)
    doc.text(doc.left, doc.top, title, style.size + 8, bold=True, color=style.accent)
    tw = doc.text_width(title, style.size + 8, True)
    items = references(doc, with_number=not title.endswith(spec.number))
    main = [(n, v) for k, n, v in items if k in ("number", "date", "due")]
    rest = [(n, v) for k, n, v in items if k not in ("number", "date", "due")]
    texts = [f"{colon(n)} {v}" for n, v in main]
    gap = 24.0
    size = style.size + 1
    room = width - tw - 30
    while size > 6 and (
        sum(doc.text_width(t, size, True) for t in texts) + gap * (len(texts) - 1)
        > room
    ):
        size -= 0.5
    x = doc.right
    for text in reversed(texts):
        doc.text(x, doc.top, text, size, bold=True, align="right")
        x -= doc.text_width(text, size, True) + gap
    doc.y = doc.top - doc.lead * 2
    third = width / 3

    def parties(y: float) -> float:
        y1 = draw_block(
            doc, doc.left, y, spec.supplier.name, supplier_lines(doc), third - 14
        )
        y2 = y
        for name, value in rest:
            fitted(
                doc,
                doc.left + third,
                y2,
                colon(name),
                third * 0.5 - 6,
                style.size,
                color=GREY,
            )
            fitted(
                doc,
                doc.left + third * 1.5,
                y2,
                value,
                third * 0.5 - 10,
                style.size,
                bold=True,
            )
            y2 -= doc.lead
        y3 = draw_buyer(doc, doc.left + third * 2, y, third, boxed=True)
        return min(y1, y2, y3)

    if not parties_last:
        doc.y = parties(doc.y) - 12
    elif rest:
        flow_pairs(doc, rest, doc.left, width)
        doc.y -= 6
        rest = []
    keys = tuple(
        k
        for k in (
            "reference",
            "description",
            "unit",
            "quantity",
            "unit_price",
            "rate",
            "amount",
        )
        if k in style.labels
    )
    heads = plain_heads(doc, keys)
    if spec.vat_mode == "normal":
        keys = (*keys, "line_ttc")
        heads["line_ttc"] = ("Montant TTC",)
    ruled_table(
        doc,
        keys,
        heads,
        cells_of=landscape_cells(doc),
        head_fill=tint(style.accent, 0.8),
        row_rules=style.grid_lines,
    )
    rows = total_rows(doc)
    block = style.size * 1.55 * (len(rows) + 1) + 10
    if parties_last:
        need = block + doc.lead * 11
        doc.need(need)
        doc.y = parties(doc.y) - 12
    doc.need(block)
    start = doc.y
    y_t = draw_totals(doc, doc.right - third + 10, third - 10)
    doc.y = start
    y_v = draw_vat(doc, doc.left, third - 20, "table")
    y_b = start
    for k, line in enumerate(bank_lines(doc)):
        fitted(
            doc, doc.left + third, y_b, line, third - 10, style.size - 0.5, bold=k == 0
        )
        y_b -= doc.lead
    doc.y = min(y_t, y_v, y_b) - 8
    draw_lines_of_text(doc, mentions(doc), doc.left, width, style.size - 1)


# ---------------------------------------------------------------- drawing


DRAWERS: dict[str, Callable[[Doc], None]] = {
    "form": layout_form,
    "strip": layout_strip,
    "bilingual": layout_bilingual,
    "carbon": layout_carbon,
    "fees": layout_fees,
    "sidebar": layout_sidebar,
    "decompte": layout_decompte,
    "landscape": layout_landscape,
}


def page_size(spec: InvoiceSpec) -> tuple[float, float]:
    if spec.layout == "landscape":
        return landscape(A4)
    if spec.layout == "carbon" and len(spec.lines) <= 5 and not spec.page_breaks:
        return A5
    return A4


def _draw(spec: InvoiceSpec, pages: int) -> tuple[bytes, int]:
    size = page_size(spec)
    if size == A5:
        # A pad's sheet is small: narrow margins and a smaller type.
        style = replace(
            spec.style,
            margin=min(spec.style.margin, 28.0),
            size=min(spec.style.size, 8.5),
        )
        spec = replace(spec, style=style)
    doc = Doc(spec, pages, size)
    doc.set_footer(legal_footer(doc))
    doc.continuation = continuation_header
    DRAWERS[spec.layout](doc)
    return doc.save(), doc.page


def draw(spec: InvoiceSpec) -> bytes:
    """Any layout as PDF bytes; twice for ours, the first pass counting pages."""
    if spec.layout not in DRAWERS:
        return layouts.draw(spec)
    _, pages = _draw(spec, 0)
    pdf, _ = _draw(spec, pages)
    return pdf


__all__ = ["DRAWERS", "draw", "page_size"]
