"""The holdout layouts: each builds one invoice PDF and its truth from a seeded RNG."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from .common import (
    LAST,
    MONEY_STYLES,
    MONTHS,
    Doc,
    Line,
    Money,
    Party,
    Truth,
    address,
    end_of_month,
    fmt_date,
    fmt_iban,
    fmt_qty,
    fmt_rate,
    fmt_siren,
    fmt_siret,
    fmt_vat,
    kv_box,
    make_buyer,
    make_supplier,
    phone,
    q2,
    rand_date,
    table,
    totals,
)

D = Decimal


def price(rng: random.Random, lo: float, hi: float, whole: bool = False) -> Decimal:
    if whole:
        return D(rng.randint(int(lo), int(hi)))
    return D(rng.randint(int(lo * 100), int(hi * 100))) / 100


def legal_footer(
    doc: Doc,
    p: Party,
    tr: Truth,
    rng: random.Random,
    *,
    vat: bool = True,
    iban: bool = False,
    extra: str = "",
    page: bool = True,
    y0: float | None = None,
    sep: str = " – ",
) -> None:
    """Legal mentions at the bottom of every page (recorded in the truth once)."""
    sst = rng.randrange(3)
    siret_s = fmt_siret(p.siret, sst)
    vat_s = fmt_vat(p.vat, rng.randrange(3))
    if p.form in ("EI", "Entrepreneur individuel"):
        parts1 = [f"{p.name} – Entreprise individuelle", f"RM {p.rcs_city}"]
    elif p.form == "Association":
        parts1 = [f"{p.name} – Association loi 1901", f"Siège : {p.addr[-1]}"]
    else:
        parts1 = [f"{p.name} – {p.form} au capital de {p.capital} €"]
        parts1.append(f"RCS {p.rcs_city} {fmt_siren(p.siren, rng.randrange(2))}")
    parts2 = [
        f"SIRET {siret_s}",
        f"APE {p.ape}" if rng.random() < 0.5 else f"NAF {p.ape}",
    ]
    if vat:
        parts2.append(
            rng.choice(
                ["TVA intracom. ", "N° TVA intracommunautaire : ", "TVA : ", "Id. TVA "]
            )
            + vat_s
        )
    iban_line = ""
    if iban:
        iban_s = fmt_iban(p.iban, rng.randrange(2))
        iban_line = f"IBAN {iban_s} – BIC {p.bic}"
        tr.put("supplier_iban", p.iban, iban_s)
        tr.d["supplier_bic"] = p.bic
        tr.shown["supplier_bic"] = [p.bic]
    tr.supplier_ids(p, siret_s)
    if vat:
        tr.put("supplier_vat", p.vat, vat_s)
    lines = [sep.join(parts1), sep.join(parts2)]
    if iban_line:
        lines.append(iban_line)
    if extra:
        lines.append(extra)

    def draw(d: Doc) -> None:
        y = y0 if y0 is not None else d.h - 8 - 3.4 * len(lines)
        d.hline(d.l_margin, d.w - d.r_margin, y - 1.5, 0.2, 120)
        d.set_text_color(70)
        for s in lines:
            y = d.tc(y, s, 6.8)
        if page:
            d.tr(d.w - d.r_margin, d.h - 7.5, f"Page {d.page_no()}/{{nb}}", 6.8)
        d.set_text_color(0)

    doc.footer_fn = draw


def buyer_lines(b: Party, with_sub: bool) -> list[str]:
    out = [b.name]
    if with_sub and b.sub:
        out.append(b.sub)
    return out + b.addr


def due_for(rng: random.Random, d: date) -> date:
    k = rng.randrange(4)
    if k == 0:
        return d + timedelta(days=30)
    if k == 1:
        return d + timedelta(days=45)
    if k == 2:
        return end_of_month(d + timedelta(days=30))
    return d + timedelta(days=60)


# ====================================================================== 1. artisan

PLUMB_NAMES = [
    "{last} Plomberie Chauffage",
    "SARL {last} & Fils",
    "Ets {last} Sanitaire",
    "{last} Thermique",
    "Plomberie {last}",
]
PLUMB = {
    "Salle de bains": [
        ("Dépose ancienne baignoire et évacuation des gravats", "forf.", 180, 350),
        ("Fourniture et pose receveur de douche extra-plat 90 x 120", "u", 220, 480),
        ("Mitigeur thermostatique de douche chromé", "u", 95, 260),
        ("Meuble vasque 80 cm avec miroir et éclairage LED", "u", 300, 700),
        ("WC suspendu avec bâti-support et plaque de commande", "u", 350, 650),
        ("Main d'œuvre plombier", "h", 45, 65),
    ],
    "Chauffage": [
        ("Chaudière gaz à condensation 25 kW, fourniture et pose", "u", 2400, 3900),
        ("Radiateur acier horizontal 1000 W", "u", 140, 320),
        ("Robinet thermostatique", "u", 25, 60),
        ("Désembouage complet de l'installation", "forf.", 350, 600),
        ("Mise en service et réglages", "forf.", 90, 180),
    ],
    "Dépannage": [
        ("Déplacement", "forf.", 35, 60),
        ("Recherche de fuite par caméra thermique", "forf.", 120, 250),
        ("Remplacement groupe de sécurité chauffe-eau", "u", 60, 140),
        ("Main d'œuvre dépannage", "h", 48, 70),
    ],
}


def artisan(rng: random.Random) -> tuple[Doc, Truth]:
    tr = Truth("artisan")
    sup = make_supplier(
        rng, PLUMB_NAMES, rng.choice(["4322A", "4322B"]), ["SARL", "EURL", "SAS"]
    )
    franchise = rng.random() < 0.15
    if franchise:
        sup.name = f"{rng.choice(['Jean', 'Luc', 'Yann', 'Karim'])} {rng.choice(LAST)} Plomberie"
        sup.form = "EI"
    doc_date = rand_date(rng)
    buyer = make_buyer(rng, 0.7, doc_date.year)
    core = rng.random() < 0.5
    doc = Doc("core" if core else "sans", when=doc_date)
    doc.add_page()
    m = rng.choice(
        [Money(" ", ",", " EUR"), Money("", ",", " EUR"), Money(".", ",", " EUR")]
    )
    if not core:
        m = rng.choice([*MONEY_STYLES[:3], m])
    dstyle = rng.choice(["dmy", "long", "dmy", "dash"])
    scheme = rng.choice(["20", "20", "10", "10+20", "5.5+10"])
    secs = rng.sample(list(PLUMB), rng.randint(1, 2))
    lines = []
    for sec in secs:
        for desc, unit, lo, hi in rng.sample(
            PLUMB[sec], rng.randint(2, min(5, len(PLUMB[sec])))
        ):
            qty = (
                D(rng.randint(1, 8)) if unit == "h" else D(rng.choice([1, 1, 1, 2, 3]))
            )
            if franchise:
                rate = D(0)
            elif scheme == "20":
                rate = D(20)
            elif scheme == "10":
                rate = D(10)
            elif scheme == "10+20":
                rate = D(20) if "Déplacement" in desc or unit == "h" else D(10)
            else:
                rate = D("5.5") if sec == "Chauffage" and "Chaudière" in desc else D(10)
            lines.append(
                Line(desc, qty, unit, price(rng, lo, hi, rng.random() < 0.4), rate, sec)
            )
    if scheme == "5.5+10" and not any(ln.rate == D("5.5") for ln in lines):
        lines[0].rate = D("5.5")
    tot = totals(lines)
    inv_no = rng.choice(
        [
            f"F-{doc_date.year}-{rng.randint(1, 400):03d}",
            f"FA{doc_date:%y%m}-{rng.randint(1, 99):03d}",
            f"{doc_date.year}{rng.randint(1, 999):04d}",
            f"FACT-{rng.randint(100, 4999)}",
        ]
    )

    # header: supplier
    y = doc.t(15, 15, tr.put("supplier_name", sup.name, sup.name), 15, "B", w=100)
    y = doc.block(15, y + 1, [(s, 8.5, "") for s in sup.addr], 0.3)
    y = doc.t(15, y, f"Tél. : {sup.phone}", 8.5)
    y = doc.t(15, y, f"Port. : {phone(rng, True)}", 8.5)
    y = doc.t(15, y, sup.email, 8.5)
    if rng.random() < 0.5:
        sst = rng.randrange(3)
        doc.t(15, y + 1, f"SIRET : {fmt_siret(sup.siret, sst)}", 8.5)
    # title
    inline = rng.random() < 0.4
    ds = fmt_date(doc_date, dstyle)
    if inline:
        doc.t(120, 18, "FACTURE", 18, "B", w=75, align="R")
        label = rng.choice(["Facture n°", "Facture N°"])
        s = f"{label} {inv_no} du {ds}"
        doc.t(120, 28, s, 10, "B", w=75, align="R")
        tr.put("invoice_number", inv_no, inv_no)
        tr.put("invoice_date", doc_date.isoformat(), ds)
    else:
        doc.set_line_width(0.4)
        doc.rect(120, 14, 75, 24)
        doc.t(120, 16, "FACTURE", 16, "B", w=75, align="C")
        doc.t(123, 25, rng.choice(["N° :", "Numéro :", "N° facture :"]), 9)
        doc.t(
            150, 25, tr.put("invoice_number", inv_no, inv_no), 9, "B", w=43, align="R"
        )
        doc.t(123, 31, "Date :", 9)
        doc.t(
            150,
            31,
            tr.put("invoice_date", doc_date.isoformat(), ds),
            9,
            w=43,
            align="R",
        )
    # client block
    by = 48
    doc.t(115, by, "Client :", 7.5, "I")
    y2 = doc.t(115, by + 4, tr.put("buyer_name", buyer.name, buyer.name), 10, "B", w=80)
    y2 = doc.block(
        115, y2 + 0.5, [(s, 9, "") for s in buyer_lines(buyer, False)[1:]], 0.3
    )
    if rng.random() < 0.75:
        lab = rng.choice(["SIRET :", "SIRET client :", "N° SIRET :"])
        ss = fmt_siret(buyer.siret, rng.randrange(3))
        y2 = doc.t(115, y2 + 1, f"{lab} {ss}", 8.5)
        tr.put("buyer_siret", buyer.siret, ss)
    if buyer.service and rng.random() < 0.8:
        y2 = doc.t(115, y2, f"Code service : {buyer.service}", 8.5)
        tr.put("buyer_service_code", buyer.service, buyer.service)
    # site and references (left)
    ly = 50
    ly = doc.t(15, ly, "Adresse du chantier :", 8, "B")
    ly = doc.block(15, ly, [(s, 8, "") for s in address(rng)], 0.2)
    ly = doc.t(
        15, ly + 1, f"Votre contact : {rng.choice(LAST).upper()} {phone(rng)}", 8
    )
    y = max(ly, y2) + 5
    quote = f"D{doc_date:%y}-{rng.randint(1, 999):04d}"
    qd = fmt_date(doc_date - timedelta(days=rng.randint(15, 90)), dstyle)
    y = doc.t(15, y, f"Suivant devis n° {quote} du {qd}, accepté et signé.", 8.5, "I")
    if buyer.engagement and rng.random() < 0.85:
        lab = rng.choice(["Bon de commande n°", "Commande n°", "N° d'engagement :"])
        y = doc.t(15, y, f"{lab} {buyer.engagement}", 8.5, "B")
        tr.put("engagement_number", buyer.engagement, buyer.engagement)
    if buyer.contract and rng.random() < 0.7:
        y = doc.t(15, y, f"Marché n° {buyer.contract}", 8.5, "B")
        tr.put("contract_number", buyer.contract, buyer.contract)
    y += 3
    # table
    rst = rng.randrange(4)
    cols = [(86, "W"), (14, "R"), (12, "C"), (24, "R"), (14, "R"), (30, "R")]
    head = ["Désignation", "Qté", "U.", "P.U. HT", "TVA", "Montant HT"]
    rows: list = []
    subtotals = len(secs) > 1 and rng.random() < 0.6
    for sec in secs:
        sl = [ln for ln in lines if ln.section == sec]
        rows.append({"cells": [sec], "span": True, "fill": (242, 242, 242)})
        for ln in sl:
            rate = "-" if franchise else fmt_rate(ln.rate, rst)
            rows.append(
                [ln.desc, fmt_qty(ln.qty), ln.unit, m.num(ln.pu), rate, m.num(ln.total)]
            )
        if subtotals:
            st = sum((ln.total for ln in sl), D(0))
            rows.append(
                {
                    "cells": [f"Sous-total {sec}", "", "", "", "", m.num(st)],
                    "style": "I",
                }
            )

    def newp(d: Doc) -> float:
        d.add_page()
        return 20

    y = table(doc, 15, y, cols, head, rows, new_page=newp, bottom=230)
    y += 4
    if y > 200:
        y = newp(doc)
    # totals
    pairs = [("Total HT", tr.money("total_ht", tot.ht, m(tot.ht)))]
    vat_shown = []
    if franchise:
        pass
    elif len(tot.rows) == 1:
        r, _b, v = tot.rows[0]
        lab = f"TVA {fmt_rate(r, rst)}"
        pairs.append((lab, m(v)))
        vat_shown = [fmt_rate(r, rst), m(v)]
    else:
        recap = [[fmt_rate(r, rst), m.num(b), m.num(v)] for r, b, v in tot.rows]
        for row in recap:
            vat_shown += row
        table(
            doc,
            15,
            y,
            [(25, "R"), (32, "R"), (30, "R")],
            ["Taux TVA", "Base HT", "Montant TVA"],
            recap,
        )
        pairs.append(("Total TVA", m(tot.vat)))
    if not franchise:
        tr.money("total_vat", tot.vat, pairs[-1][1])
        tr.vat_rows(tot.rows, vat_shown)
        pairs.append(("Total TTC", tr.money("total_ttc", tot.ttc, m(tot.ttc))))
    due_amt = tot.ttc
    if rng.random() < 0.3:
        adv = q2(tot.ttc * D("0.3")).quantize(D(1))
        ad = fmt_date(doc_date - timedelta(days=rng.randint(10, 40)), dstyle)
        pairs.append((f"Acompte versé le {ad}", m(-adv)))
        due_amt = tot.ttc - adv
    if franchise or due_amt != tot.ttc or rng.random() < 0.5:
        lab = rng.choice(["Net à payer", "Reste à payer", "NET À PAYER"])
        pairs.append((lab, m(due_amt)))
    tr.money("amount_due", due_amt, m(due_amt))
    y = kv_box(doc, 110, y, pairs, 50, 35, bold_last=True)
    y = max(y, doc.get_y()) + 5
    if franchise:
        y = doc.t(15, y, "TVA non applicable, art. 293 B du CGI", 8.5, "B") + 1
    # payment terms
    k = rng.randrange(3)
    if k == 0:
        y = doc.t(15, y, "Conditions de paiement : à réception de facture.", 8)
    else:
        due = due_for(rng, doc_date)
        dd = fmt_date(due, dstyle)
        lab = "Date d'échéance :" if k == 1 else "Payable au plus tard le"
        y = doc.t(15, y, f"{lab} {dd}", 8, "B")
        tr.put("due_date", due.isoformat(), dd)
    iban_in_body = rng.random() < 0.6
    if iban_in_body:
        ib = fmt_iban(sup.iban, rng.randrange(2))
        y = doc.t(15, y, f"Règlement par virement : IBAN {ib} – BIC {sup.bic}", 8)
        tr.put("supplier_iban", sup.iban, ib)
        tr.d["supplier_bic"] = sup.bic
    y = doc.t(
        15,
        y + 1,
        "Pénalités de retard : 3 fois le taux d'intérêt légal. Indemnité forfaitaire pour frais "
        "de recouvrement : 40 €.",
        6.8,
        w=180,
    )
    doc.t(
        15,
        y,
        f"Assurance décennale {rng.choice(['MAAF', 'SMABTP', 'AXA', 'MMA'])} – contrat n° "
        f"{rng.randint(10**8, 10**9 - 1)} – couverture France métropolitaine.",
        6.8,
    )
    extra = f"Inscrit au Répertoire des Métiers – Tél. {sup.phone}"
    legal_footer(
        doc, sup, tr, rng, vat=not franchise, iban=not iban_in_body, extra=extra
    )
    return doc, tr


# ====================================================================== 2. ESN (IT services)

ESN_NAMES = [
    "Numeria Conseil",
    "Axiome Informatique",
    "Kelvan Systems",
    "Datalis",
    "Opaline Digital",
    "Nexora Services",
    "Logiwest Ingénierie",
]
ESN_ITEMS = [
    ("Assistance technique en régie – consultant senior", "j", 550, 850),
    ("Développement applicatif – lot {n}", "j", 480, 720),
    ("Tierce maintenance applicative (TMA) – forfait mensuel", "mois", 1800, 4500),
    ("Licence logiciel GestPro – abonnement annuel", "u", 900, 6000),
    ("Hébergement cloud – serveur dédié", "mois", 150, 690),
    ("Audit de sécurité du système d'information", "forf.", 3500, 9000),
    ("Formation des utilisateurs", "j", 900, 1400),
    ("Chef de projet – pilotage", "j", 650, 950),
]


def esn(rng: random.Random) -> tuple[Doc, Truth]:
    tr = Truth("esn")
    sup = make_supplier(
        rng, ESN_NAMES, rng.choice(["6202A", "6201Z", "6311Z"]), ["SAS", "SARL", "SA"]
    )
    doc_date = rand_date(rng)
    buyer = make_buyer(rng, 0.8, doc_date.year)
    doc = Doc("sans", when=doc_date)
    m = rng.choice(
        [
            Money(".", ",", " €"),
            Money(" ", ",", "€ ", True),
            Money(" ", ",", " €"),
            Money(",", ".", " €"),
        ]
    )
    dstyle = rng.choice(["iso", "dmy", "dmy", "dot"])
    blue = rng.choice([(28, 52, 94), (20, 90, 110), (70, 40, 110)])
    doc.add_page()
    doc.set_fill_color(*blue)
    doc.rect(0, 0, 210, 28, style="F")
    doc.set_text_color(255)
    doc.t(15, 8, tr.put("supplier_name", sup.name.upper(), sup.name.upper()), 18, "B")
    doc.t(15, 17, "Conseil · Intégration · Infogérance", 9)
    doc.t(130, 10, f"{sup.email} · {sup.phone}", 8, w=65, align="R")
    doc.set_text_color(0)
    doc.t(15, 35, "FACTURE", 20, "B")
    inv_no = rng.choice(
        [
            f"INV-{doc_date:%y}-{rng.randint(1, 9999):04d}",
            f"FC{doc_date:%Y%m}{rng.randint(1, 999):03d}",
            f"{doc_date.year}/{rng.randint(1, 2999)}",
            f"F{rng.randint(100000, 999999)}",
        ]
    )
    due = due_for(rng, doc_date)
    ds, dd = fmt_date(doc_date, dstyle), fmt_date(due, dstyle)
    grid = [
        (
            rng.choice(["Numéro", "N° facture", "Facture n°"]),
            tr.put("invoice_number", inv_no, inv_no),
        ),
        (rng.choice(["Date", "Date d'émission", "Date de facture"]), ds),
        (rng.choice(["Échéance", "Date d'échéance", "À payer avant le"]), dd),
        ("Réf. client", f"CL-{rng.randint(100, 9999):05d}"),
    ]
    tr.put("invoice_date", doc_date.isoformat(), ds)
    tr.put("due_date", due.isoformat(), dd)
    eng_in_grid = buyer.engagement and rng.random() < 0.5
    if eng_in_grid:
        grid.append(
            (
                rng.choice(["Votre commande", "Bon de commande", "N° EJ"]),
                buyer.engagement,
            )
        )
        tr.put("engagement_number", buyer.engagement, buyer.engagement)
    else:
        grid.append(("Réf. devis", f"DEV-{rng.randint(1000, 9999)}"))
    grid.append(("Page", "1/{nb}"))
    cw, chh = 31.5, 11
    for k, (lab, val) in enumerate(grid):
        gx, gy = 100 + (k % 3) * cw, 33 + (k // 3) * chh
        doc.set_draw_color(150)
        doc.rect(gx, gy, cw, chh)
        doc.set_text_color(110)
        doc.t(gx + 0.5, gy + 0.8, lab, 6.8, w=cw - 1)
        doc.set_text_color(0)
        doc.t(gx + 0.5, gy + 5, val, 8.5, "B", w=cw - 1)
    # supplier block
    y = 50
    y = doc.t(15, y, sup.name + f" {sup.form}", 9, "B")
    y = doc.block(15, y, [(s, 8.5, "") for s in sup.addr], 0.2)
    ss = fmt_siret(sup.siret, rng.randrange(3))
    y = doc.t(15, y + 1, f"SIRET : {ss}", 8.5)
    vs = fmt_vat(sup.vat, rng.randrange(3))
    y = doc.t(
        15,
        y,
        f"{rng.choice(['N° TVA intracom.', 'TVA intracommunautaire', 'Identifiant TVA'])} : {vs}",
        8.5,
    )
    tr.supplier_ids(sup, ss)
    tr.put("supplier_vat", sup.vat, vs)
    # buyer block
    doc.set_draw_color(*blue)
    doc.set_line_width(0.4)
    bl = buyer_lines(buyer, True)
    doc.rect(110, 59, 85, 6 + 4.4 * len(bl))
    doc.t(112, 60, rng.choice(["Facturé à", "Destinataire", "Client"]), 7.5, "B")
    by = doc.t(112, 64, tr.put("buyer_name", buyer.name, buyer.name), 9.5, "B", w=81)
    doc.block(112, by, [(s, 8.5, "") for s in bl[1:]], 0.2)
    y = max(y, 65 + 4.4 * len(bl)) + 6
    # references grid
    refs = []
    if rng.random() < 0.85:
        bs = fmt_siret(buyer.siret, rng.randrange(3))
        refs.append(
            (rng.choice(["SIRET destinataire", "SIRET client", "Votre SIRET"]), bs)
        )
        tr.put("buyer_siret", buyer.siret, bs)
    if buyer.service:
        refs.append(("Code service", buyer.service))
        tr.put("buyer_service_code", buyer.service, buyer.service)
    if buyer.engagement and not eng_in_grid:
        refs.append(
            (
                rng.choice(
                    ["N° d'engagement", "Engagement juridique", "Bon de commande"]
                ),
                buyer.engagement,
            )
        )
        tr.put("engagement_number", buyer.engagement, buyer.engagement)
    if buyer.contract:
        refs.append(
            (rng.choice(["Marché", "N° de marché", "Réf. marché"]), buyer.contract)
        )
        tr.put("contract_number", buyer.contract, buyer.contract)
    if refs:
        doc.t(15, y, "Références de facturation", 8, "B")
        y += 4.5
        w = 180 / len(refs)
        for k, (lab, val) in enumerate(refs):
            doc.set_draw_color(170)
            doc.set_line_width(0.2)
            doc.rect(15 + k * w, y, w, 10)
            doc.set_text_color(110)
            doc.t(15 + k * w + 0.5, y + 0.8, lab, 6.8, w=w - 1)
            doc.set_text_color(0)
            doc.t(15 + k * w + 0.5, y + 4.8, val, 8.5, "B", w=w - 1)
        y += 15
    # lines
    month = MONTHS[(doc_date.month - 2) % 12]
    lines = []
    for desc, unit, lo, hi in rng.sample(ESN_ITEMS, rng.randint(1, 4)):
        qty = D(rng.choice([1, 2, 3, 5, 8, 10, 12, 15, 20])) if unit == "j" else D(1)
        if unit == "j" and rng.random() < 0.3:
            qty += D("0.5")
        lines.append(
            Line(
                desc.format(n=rng.randint(1, 6)),
                qty,
                unit,
                price(rng, lo, hi, True),
                D(20),
            )
        )
        lines[-1].extra["period"] = (
            f"{month} {doc_date.year if doc_date.month > 1 else doc_date.year - 1}"
        )
    tot = totals(lines)
    rows = [
        [
            ln.desc,
            ln.extra["period"],
            f"{fmt_qty(ln.qty)} {ln.unit}",
            m(ln.pu),
            m(ln.total),
        ]
        for ln in lines
    ]
    cols = [(78, "W"), (30, "L"), (18, "R"), (27, "R"), (27, "R")]
    y = table(
        doc,
        15,
        y,
        cols,
        ["Description", "Période", "Qté", "Prix unitaire HT", "Total HT"],
        rows,
        fill=blue,
        head_color=(255, 255, 255),
        grid=False,
        size=8.5,
    )
    y += 5
    r, _b, v = tot.rows[0]
    rst = rng.randrange(4)
    pairs = [
        ("Total HT", tr.money("total_ht", tot.ht, m(tot.ht))),
        (f"TVA ({fmt_rate(r, rst)})", tr.money("total_vat", tot.vat, m(tot.vat))),
        ("Total TTC", tr.money("total_ttc", tot.ttc, m(tot.ttc))),
    ]
    tr.vat_rows(tot.rows, [fmt_rate(r, rst), m(v)])
    due_amt = tot.ttc
    if rng.random() < 0.25:
        paid = q2(tot.ttc * D(rng.choice(["0.2", "0.3", "0.5"])))
        pairs.append(("Acompte déjà réglé", m(-paid)))
        due_amt = tot.ttc - paid
    pairs.append(
        (
            rng.choice(["Montant dû", "Net à payer", "Reste dû"]),
            tr.money("amount_due", due_amt, m(due_amt)),
        )
    )
    for k, (lab, val) in enumerate(pairs):
        last = k == len(pairs) - 1
        if last:
            doc.set_fill_color(*blue)
            doc.rect(120, y - 0.8, 75, 7, style="F")
            doc.set_text_color(255)
        doc.t(122, y, lab, 9.5 if last else 9, "B" if last else "", w=40)
        doc.t(160, y, val, 9.5 if last else 9, "B" if last else "", w=35, align="R")
        doc.set_text_color(0)
        y += 7
    y += 4
    doc.t(15, y, "Règlement par virement bancaire à l'échéance indiquée.", 8)
    y += 6
    ib = fmt_iban(sup.iban, rng.randrange(2))
    y = kv_box(
        doc,
        15,
        y,
        [
            ("Banque", sup.bic[:4] + " Agence entreprises"),
            ("IBAN", ib),
            ("BIC", sup.bic),
        ],
        20,
        80,
        8,
    )
    tr.put("supplier_iban", sup.iban, ib)
    tr.d["supplier_bic"] = sup.bic
    doc.t(
        15,
        y + 3,
        "En cas de retard de paiement, indemnité forfaitaire pour frais de recouvrement de 40 € "
        "(art. L441-10 du Code de commerce). Pas d'escompte pour paiement anticipé.",
        6.8,
        w=180,
    )
    legal_footer(doc, sup, tr, rng, sep=" · ")
    return doc, tr


# ====================================================================== 3. cleaning (propreté)

CLEAN_NAMES = [
    "Net'Pro Services",
    "Clair Horizon Propreté",
    "Azur Nettoyage",
    "ProNet Rhône",
    "Éclat Multiservices",
]
CLEAN_SITES = [
    "Hôtel de ville – bâtiment principal",
    "Groupe scolaire Jules Ferry",
    "Médiathèque municipale",
    "Gymnase des Sablons",
    "Centre technique municipal",
    "Bâtiment administratif A",
    "Pavillon de consultations",
    "Bureaux du 2e étage",
]
CLEAN_REGULAR = [
    ("Entretien courant des locaux", "5 j / 7"),
    ("Nettoyage des sanitaires", "quotidien"),
    ("Vitrerie intérieure et extérieure", "mensuel"),
    ("Entretien des sols (lavage mécanisé)", "hebdomadaire"),
]
CLEAN_EXTRA = [
    ("Remise en état après travaux", "ponctuel"),
    ("Shampouinage des moquettes", "ponctuel"),
    ("Décapage et mise en cire des sols", "ponctuel"),
    ("Nettoyage après manifestation", "ponctuel"),
]


def proprete(rng: random.Random) -> tuple[Doc, Truth]:
    tr = Truth("proprete")
    sup = make_supplier(rng, CLEAN_NAMES, "8121Z", ["SAS", "SARL"])
    doc_date = rand_date(rng)
    buyer = make_buyer(rng, 0.85, doc_date.year)
    doc = Doc("cond", when=doc_date)
    doc.add_page()
    m = rng.choice(
        [
            Money(" ", ",", " €"),
            Money("\u202f", ",", " €"),
            Money(".", ",", " €"),
            Money(" ", ",", " EUR"),
        ]
    )
    dstyle = rng.choice(["long", "dmy", "long", "dot"])
    doc.tc(12, tr.put("supplier_name", sup.name, sup.name), 18, "B")
    doc.tc(20, "Nettoyage industriel et tertiaire – Multiservices", 9, "I")
    doc.tc(25, ", ".join(sup.addr) + f" – Tél. {sup.phone} – {sup.email}", 8)
    doc.hline(15, 195, 31, 0.6)
    period_d = date(doc_date.year, doc_date.month, 1) - timedelta(days=1)
    period = f"{MONTHS[period_d.month - 1]} {period_d.year}"
    inv_no = rng.choice(
        [
            f"{doc_date:%Y%m}-{rng.randint(1, 999):04d}",
            f"FAC{rng.randint(10000, 99999)}",
            f"N{doc_date:%y}{rng.randint(1, 9999):05d}",
        ]
    )
    due = due_for(rng, doc_date)
    ds, dd = fmt_date(doc_date, dstyle), fmt_date(due, dstyle)
    pairs = [
        (
            rng.choice(["Facture N°", "N° de facture", "Facture"]),
            tr.put("invoice_number", inv_no, inv_no),
        ),
        (
            rng.choice(["Date de facture", "Date", "Émise le"]),
            tr.put("invoice_date", doc_date.isoformat(), ds),
        ),
        ("Période", period),
        ("N° client", f"{rng.randint(100, 9999):06d}"),
    ]
    if buyer.contract:
        pairs.append(
            (rng.choice(["Marché n°", "Contrat n°", "N° de marché"]), buyer.contract)
        )
        tr.put("contract_number", buyer.contract, buyer.contract)
    if rng.random() < 0.8:
        pairs.append(
            (rng.choice(["Échéance", "Date d'échéance", "Date limite de paiement"]), dd)
        )
        tr.put("due_date", due.isoformat(), dd)
    y1 = kv_box(doc, 15, 38, pairs, 34, 52, 8.5)
    # client window
    doc.set_draw_color(0)
    doc.set_line_width(0.3)
    bl = buyer_lines(buyer, True)
    doc.rect(112, 38, 83, 5 + 4.4 * len(bl))
    by = doc.t(114, 40, tr.put("buyer_name", buyer.name, buyer.name), 10, "B", w=80)
    by = doc.block(114, by + 0.5, [(s, 9, "") for s in bl[1:]], 0.2)
    by = 43 + 5 + 4.4 * len(bl)
    if rng.random() < 0.7:
        bs = fmt_siret(buyer.siret, rng.randrange(3))
        by = doc.t(
            112,
            by,
            f"{rng.choice(['SIRET', 'N° SIRET', 'Identifiant (SIRET)'])} : {bs}",
            8.5,
        )
        tr.put("buyer_siret", buyer.siret, bs)
    if buyer.service:
        lab = rng.choice(
            ["Code service", "Service exécutant", "Code service destinataire"]
        )
        by = doc.t(112, by, f"{lab} : {buyer.service}", 8.5)
        tr.put("buyer_service_code", buyer.service, buyer.service)
    if buyer.engagement:
        lab = rng.choice(
            [
                "N° d'engagement juridique :",
                "EJ :",
                "Réf. commande :",
                "Bon de commande n°",
            ]
        )
        by = doc.t(112, by, f"{lab} {buyer.engagement}", 8.5)
        tr.put("engagement_number", buyer.engagement, buyer.engagement)
    y = max(y1, by) + 6
    doc.t(15, y, f"FACTURE MENSUELLE – Prestations de nettoyage – {period}", 11, "B")
    y += 8
    sites = rng.sample(CLEAN_SITES, rng.randint(1, 3))
    lines = []
    for site in sites:
        for desc, freq in rng.sample(CLEAN_REGULAR, rng.randint(1, 3)):
            lines.append(
                Line(
                    desc,
                    D(1),
                    freq,
                    price(rng, 280, 3400),
                    D(20),
                    "Prestations contractuelles",
                    extra={"site": site},
                )
            )
    if rng.random() < 0.6:
        for desc, freq in rng.sample(CLEAN_EXTRA, rng.randint(1, 2)):
            lines.append(
                Line(
                    desc,
                    D(1),
                    freq,
                    price(rng, 150, 1800),
                    D(20),
                    "Prestations ponctuelles",
                    extra={"site": rng.choice(sites)},
                )
            )
    tot = totals(lines)
    rows: list = []
    for sec in ["Prestations contractuelles", "Prestations ponctuelles"]:
        sl = [ln for ln in lines if ln.section == sec]
        if not sl:
            continue
        rows.append({"cells": [sec], "span": True, "fill": (235, 240, 245)})
        rows += [[ln.extra["site"], ln.desc, ln.unit, m.num(ln.total)] for ln in sl]
        rows.append(
            {
                "cells": [
                    "",
                    f"Sous-total {sec.lower()}",
                    "",
                    m.num(sum((ln.total for ln in sl), D(0))),
                ],
                "style": "B",
            }
        )
    y = table(
        doc,
        15,
        y,
        [(58, "W"), (62, "W"), (28, "C"), (32, "R")],
        ["Site", "Prestation", "Fréquence", "Montant HT"],
        rows,
        size=8.5,
    )
    y += 6
    r, _b, v = tot.rows[0]
    rst = rng.randrange(4)
    heads = [
        "Total HT",
        f"TVA {fmt_rate(r, rst)}",
        "Total TTC",
        rng.choice(["Net à payer", "NET À PAYER", "Montant à régler"]),
    ]
    vals = [
        tr.money("total_ht", tot.ht, m(tot.ht)),
        tr.money("total_vat", tot.vat, m(tot.vat)),
        tr.money("total_ttc", tot.ttc, m(tot.ttc)),
        tr.money("amount_due", tot.ttc, m(tot.ttc)),
    ]
    tr.vat_rows(tot.rows, [fmt_rate(r, rst), m(v)])
    for k in range(4):
        x = 15 + 45 * k
        doc.set_fill_color(60, 60, 60)
        doc.rect(x, y, 45, 6, style="DF")
        doc.set_text_color(255)
        doc.t(x, y + 0.8, heads[k], 8.5, "B", w=45, align="C")
        doc.set_text_color(0)
        doc.rect(x, y + 6, 45, 8)
        doc.t(x, y + 7.8, vals[k], 10, "B" if k == 3 else "", w=45, align="C")
    y += 20
    y = doc.t(
        15, y, "Mode de règlement : virement bancaire à 30 jours date de facture.", 8.5
    )
    ib = fmt_iban(sup.iban, rng.randrange(2))
    doc.t(15, y + 1, f"IBAN : {ib}    BIC : {sup.bic}", 8.5, "B")
    tr.put("supplier_iban", sup.iban, ib)
    tr.d["supplier_bic"] = sup.bic
    legal_footer(doc, sup, tr, rng)
    return doc, tr


# ====================================================================== 4. catering (traiteur)

CAT_NAMES = [
    "Les Saveurs de {last}",
    "Traiteur {last}",
    "Maison {last} Réceptions",
    "La Table d'Honorine",
]
CAT_ITEMS = [
    (
        "Cocktail déjeunatoire – 12 pièces salées et 4 sucrées par personne",
        "pers.",
        18,
        32,
        "10",
    ),
    ("Buffet froid – formule « Terroir »", "pers.", 22, 38, "10"),
    ("Boissons sans alcool (jus, eaux, softs)", "pers.", 3, 6, "10"),
    ("Café et mignardises", "pers.", 3, 6, "10"),
    ("Champagne brut – bouteille 75 cl", "btl", 28, 45, "20"),
    ("Vin rouge AOP Côtes-du-Rhône", "btl", 9, 16, "20"),
    ("Personnel de service (maître d'hôtel)", "h", 32, 45, "20"),
    ("Location vaisselle, verrerie et nappage", "forf.", 120, 480, "20"),
    ("Plateaux-repas livrés (consommation différée)", "u", 14, 24, "5.5"),
    ("Coffrets gourmands à emporter", "u", 12, 30, "5.5"),
    ("Frais de livraison", "forf.", 40, 120, "20"),
]
VENUES = ["Salle des fêtes", "Salle du conseil", "Hall d'accueil", "Domaine des Cèdres"]
EVENTS = [
    "Vœux du Maire",
    "Séminaire de direction",
    "Inauguration de la médiathèque",
    "Repas des aînés",
    "Conseil d'administration",
    "Remise des diplômes",
]


def traiteur(rng: random.Random) -> tuple[Doc, Truth]:
    tr = Truth("traiteur")
    sup = make_supplier(rng, CAT_NAMES, "5621Z", ["SARL", "SAS", "EURL"])
    doc_date = rand_date(rng)
    buyer = make_buyer(rng, 0.75, doc_date.year)
    doc = Doc("serif", when=doc_date)
    doc.add_page()
    m = rng.choice(
        [Money("", ",", " EUR"), Money(" ", ",", " €"), Money(" ", ",", " EUR")]
    )
    dstyle = rng.choice(["dot2", "dmy", "long", "dot2"])
    doc.tc(12, tr.put("supplier_name", sup.name, sup.name), 18, "BI")
    doc.tc(20, "Traiteur – Organisation de réceptions", 9, "I")
    doc.tc(25, " – ".join(sup.addr) + f" – {sup.phone}", 8)
    doc.hline(40, 170, 31, 0.3)
    inv_no = rng.choice(
        [
            f"{doc_date:%y}-{rng.randint(1, 999):03d}",
            f"T{rng.randint(1000, 9999)}",
            f"FA-{doc_date.year}-{rng.randint(1, 999):03d}",
        ]
    )
    ds = fmt_date(doc_date, dstyle)
    doc.t(15, 38, "FACTURE", 16, "B")
    doc.t(15, 46, f"N° {tr.put('invoice_number', inv_no, inv_no)}", 10, "B")
    doc.t(
        15,
        51,
        f"{rng.choice(['Date :', 'Le', 'Date de facturation :'])} "
        f"{tr.put('invoice_date', doc_date.isoformat(), ds)}",
        9.5,
    )
    bl = buyer_lines(buyer, True)
    by = doc.t(115, 38, tr.put("buyer_name", buyer.name, buyer.name), 10.5, "B", w=80)
    by = doc.block(115, by + 0.5, [(s, 9, "") for s in bl[1:]], 0.2)
    if rng.random() < 0.7:
        bs = fmt_siret(buyer.siret, rng.randrange(3))
        by = doc.t(115, by + 1, f"SIRET : {bs}", 8.5)
        tr.put("buyer_siret", buyer.siret, bs)
    if buyer.service:
        by = doc.t(115, by, f"Service : {buyer.service}", 8.5)
        tr.put("buyer_service_code", buyer.service, buyer.service)
    y = max(by, 58) + 5
    ev_d = doc_date - timedelta(days=rng.randint(2, 20))
    guests = rng.randint(20, 180)
    doc.set_fill_color(248, 244, 236)
    box_lines = [
        f"Événement : {rng.choice(EVENTS)} – {fmt_date(ev_d, dstyle)}",
        f"Lieu : {rng.choice(VENUES)} – {guests} convives",
        f"Date de commande : {fmt_date(ev_d - timedelta(days=rng.randint(10, 40)), dstyle)}",
    ]
    if buyer.engagement:
        lab = rng.choice(
            ["Bon de commande n°", "Votre bon de commande :", "N° d'engagement :"]
        )
        box_lines.append(f"{lab} {buyer.engagement}")
        tr.put("engagement_number", buyer.engagement, buyer.engagement)
    if buyer.contract and rng.random() < 0.5:
        box_lines.append(f"Accord-cadre n° {buyer.contract}")
        tr.put("contract_number", buyer.contract, buyer.contract)
    doc.rect(15, y, 180, 2 + 4.6 * len(box_lines), style="F")
    yy = y + 1
    for s in box_lines:
        yy = doc.t(17, yy, s, 8.8) + 0.6
    y = yy + 5
    lines = []
    for desc, unit, lo, hi, rate in rng.sample(CAT_ITEMS, rng.randint(3, 6)):
        qty = (
            D(guests)
            if unit == "pers."
            else D(rng.randint(1, 12))
            if unit in ("btl", "h")
            else D(rng.randint(1, 40))
            if unit == "u"
            else D(1)
        )
        lines.append(Line(desc, qty, unit, price(rng, lo, hi), D(rate)))
    tot = totals(lines)
    codes = {r: str(k + 1) for k, (r, _, _) in enumerate(tot.rows)}
    rows = [
        [
            codes[ln.rate],
            ln.desc,
            f"{fmt_qty(ln.qty)} {ln.unit}",
            m.num(ln.pu),
            m.num(ln.total),
        ]
        for ln in lines
    ]
    y = table(
        doc,
        15,
        y,
        [(12, "C"), (92, "W"), (22, "R"), (24, "R"), (30, "R")],
        ["Code", "Désignation", "Quantité", "P.U. H.T.", "Montant H.T."],
        rows,
        fill=(236, 226, 206),
        size=8.5,
    )
    y += 6
    rst = rng.randrange(4)
    recap = [
        [codes[r], fmt_rate(r, rst), m.num(b), m.num(v), m.num(b + v)]
        for r, b, v in tot.rows
    ]
    shown = [c for row in recap for c in row[1:4]]
    ye = table(
        doc,
        15,
        y,
        [(12, "C"), (18, "R"), (24, "R"), (22, "R"), (24, "R")],
        ["Code", "Taux", "Base H.T.", "T.V.A.", "T.T.C."],
        recap,
        fill=(236, 226, 206),
        size=8,
    )
    tr.vat_rows(tot.rows, shown)
    pairs = [
        ("Montant H.T.", tr.money("total_ht", tot.ht, m(tot.ht))),
        ("Montant T.V.A.", tr.money("total_vat", tot.vat, m(tot.vat))),
        ("Montant T.T.C.", tr.money("total_ttc", tot.ttc, m(tot.ttc))),
    ]
    due_amt = tot.ttc
    if rng.random() < 0.5:
        adv = q2(tot.ttc * D("0.3"))
        pairs.append(
            (f"Acompte reçu le {fmt_date(ev_d - timedelta(days=5), dstyle)}", m(-adv))
        )
        due_amt = tot.ttc - adv
    pairs.append(
        (
            rng.choice(["Solde à régler", "Reste à payer", "Net à payer"]),
            tr.money("amount_due", due_amt, m(due_amt)),
        )
    )
    y2 = kv_box(doc, 120, y, pairs, 45, 30, 8.5, bold_last=True, fill=(248, 244, 236))
    y = max(ye, y2) + 6
    if rng.random() < 0.7:
        due = due_for(rng, doc_date)
        dd = fmt_date(due, dstyle)
        s = rng.choice(
            [
                f"Solde payable à réception, au plus tard le {dd}.",
                f"Date d'échéance : {dd}",
            ]
        )
        y = doc.t(15, y, s, 8.8, "B")
        tr.put("due_date", due.isoformat(), dd)
    else:
        y = doc.t(15, y, "Paiement à 30 jours fin de mois.", 8.8)
    ib = fmt_iban(sup.iban, rng.randrange(2))
    doc.t(15, y + 1, f"Coordonnées bancaires – IBAN : {ib} – BIC : {sup.bic}", 8.5)
    tr.put("supplier_iban", sup.iban, ib)
    tr.d["supplier_bic"] = sup.bic
    legal_footer(
        doc,
        sup,
        tr,
        rng,
        extra="Licence de débit de boissons à consommer sur place n° "
        + f"{rng.randint(1000, 9999)}",
    )
    return doc, tr


# ====================================================================== 5. training (formation)

TRAIN_NAMES = [
    "Institut {last} Formation",
    "Cap Compétences",
    "Form'Action Conseil",
    "Atelier des Savoirs",
]
COURSES = [
    "Excel perfectionnement",
    "Management d'équipe – les fondamentaux",
    "Marchés publics : rédiger un DCE",
    "Sauveteur secouriste du travail (SST)",
    "Prévention des risques psychosociaux",
    "Accueil du public en situation de handicap",
    "Habilitation électrique B0-H0V",
]


def formation(rng: random.Random) -> tuple[Doc, Truth]:
    franchise = rng.random() < 0.4
    tr = Truth("formation")
    sup = make_supplier(rng, TRAIN_NAMES, "8559A", ["SAS", "SARL", "Association"])
    if franchise:
        first = rng.choice(["Hélène", "Camille", "Mathieu", "Aurélie"])
        sup.name = f"{first} {rng.choice(LAST)} Formation"
        sup.form = "Entrepreneur individuel"
    doc_date = rand_date(rng)
    buyer = make_buyer(rng, 0.8, doc_date.year)
    core = rng.random() < 0.4
    doc = Doc("core" if core else "serif", when=doc_date)
    doc.add_page()
    m = rng.choice(
        [Money(" ", ",", " €"), Money(".", ",", " €"), Money("", ",", " EUR")]
    )
    if core:
        m = rng.choice(
            [Money(" ", ",", " EUR"), Money("", ",", " EUR"), Money(".", ",", " EUR")]
        )
    dstyle = rng.choice(["long", "dmy", "long"])
    y = doc.t(15, 15, tr.put("supplier_name", sup.name, sup.name), 14, "B", w=95)
    y = doc.block(15, y + 1, [(s, 8.5, "") for s in sup.addr], 0.2)
    nda = f"{rng.randint(11, 93)} {rng.randint(1, 95):02d} "
    nda += f"{rng.randint(10000, 99999)} {rng.randint(1, 95):02d}"
    y = doc.t(15, y + 1, f"Déclaration d'activité n° {nda}", 8)
    y = doc.t(15, y, "Organisme certifié Qualiopi – actions de formation", 8, "I")
    y = doc.t(15, y, f"{sup.phone} – {sup.email}", 8)
    inv_no = rng.choice(
        [
            f"FOR-{doc_date.year}-{rng.randint(1, 999):04d}",
            f"{doc_date.year}-{rng.randint(1, 300):03d}",
            f"F{doc_date:%y%m}{rng.randint(1, 99):02d}",
        ]
    )
    ds = fmt_date(doc_date, dstyle)
    doc.t(120, 15, "FACTURE", 18, "B", w=75, align="R")
    doc.t(
        120,
        25,
        f"N° {tr.put('invoice_number', inv_no, inv_no)}",
        10,
        "B",
        w=75,
        align="R",
    )
    doc.t(
        120,
        30,
        f"{rng.choice(['Émise le', 'Date :', 'Date de facture :'])} "
        f"{tr.put('invoice_date', doc_date.isoformat(), ds)}",
        9,
        w=75,
        align="R",
    )
    by = max(y, 45) + 4
    doc.t(110, by, "À l'attention de :", 8, "I")
    bl = buyer_lines(buyer, True)
    yb = doc.t(110, by + 4, tr.put("buyer_name", buyer.name, buyer.name), 10, "B", w=85)
    yb = doc.block(110, yb, [(s, 9, "") for s in bl[1:]], 0.2)
    if rng.random() < 0.75:
        bs = fmt_siret(buyer.siret, rng.randrange(3))
        yb = doc.t(110, yb + 1, f"SIRET du client : {bs}", 8.5)
        tr.put("buyer_siret", buyer.siret, bs)
    if buyer.service and rng.random() < 0.7:
        yb = doc.t(110, yb, f"Code service : {buyer.service}", 8.5)
        tr.put("buyer_service_code", buyer.service, buyer.service)
    y = max(yb, by + 10) + 6
    course = rng.choice(COURSES)
    start = doc_date - timedelta(days=rng.randint(3, 30))
    days = rng.randint(1, 3)
    end = start + timedelta(days=days - 1)
    y = doc.t(15, y, f"Objet : formation « {course} »", 10, "B")
    y = doc.t(
        15,
        y,
        f"Session du {fmt_date(start, dstyle)} au {fmt_date(end, dstyle)} – "
        f"Réf. programme PRG-{rng.randint(100, 999)}",
        8.8,
    )
    if buyer.engagement:
        lab = rng.choice(
            [
                "Bon de commande :",
                "Commande n°",
                "N° d'engagement :",
                "Votre référence (EJ) :",
            ]
        )
        y = doc.t(15, y, f"{lab} {buyer.engagement}", 8.8)
        tr.put("engagement_number", buyer.engagement, buyer.engagement)
    if buyer.contract and rng.random() < 0.6:
        y = doc.t(15, y, f"Marché n° {buyer.contract}", 8.8)
        tr.put("contract_number", buyer.contract, buyer.contract)
    y += 4
    trainees = rng.randint(4, 12)
    daily = price(rng, 700, 1500, True)
    lines = [
        Line(
            f"Formation « {course} » – {days} jour(s) – groupe de {trainees} stagiaires",
            D(days),
            "j",
            daily,
            D(0),
        )
    ]
    lines[0].extra.update(
        dates=f"{start:%d/%m} – {end:%d/%m/%Y}", n=str(trainees), h=str(7 * days)
    )
    if rng.random() < 0.6:
        lines.append(
            Line(
                "Frais de déplacement et d'hébergement du formateur",
                D(1),
                "forf.",
                price(rng, 80, 450),
                D(0),
            )
        )
        lines[-1].extra.update(dates="", n="", h="")
    if rng.random() < 0.4:
        lines.append(
            Line(
                "Supports pédagogiques remis aux stagiaires",
                D(trainees),
                "u",
                price(rng, 8, 35, True),
                D(0),
            )
        )
        lines[-1].extra.update(dates="", n=str(trainees), h="")
    tot = totals(lines)
    rows = [
        [ln.desc, ln.extra["dates"], ln.extra["n"], ln.extra["h"], m.num(ln.total)]
        for ln in lines
    ]
    y = table(
        doc,
        15,
        y,
        [(82, "W"), (38, "C"), (20, "R"), (15, "R"), (25, "R")],
        ["Intitulé", "Dates", "Stagiaires", "Heures", "Montant HT"],
        rows,
        fill=(230, 236, 228),
        size=8.5,
    )
    y += 5
    pairs = [("Total HT", tr.money("total_ht", tot.ht, m(tot.ht)))]
    if franchise:
        pairs.append(("TVA", "non applicable"))
        if rng.random() < 0.3:
            pairs.append(("Total TTC", tr.money("total_ttc", tot.ttc, m(tot.ttc))))
    else:
        pairs.append(("TVA (0 %)", tr.money("total_vat", D(0), m(D(0)))))
        pairs.append(("Total TTC", tr.money("total_ttc", tot.ttc, m(tot.ttc))))
    pairs.append(
        (
            rng.choice(["Net à payer", "Montant à régler"]),
            tr.money("amount_due", tot.ttc, m(tot.ttc)),
        )
    )
    y = kv_box(doc, 115, y, pairs, 45, 35, 9, bold_last=True, fill=(230, 236, 228)) + 5
    mention = (
        "TVA non applicable, art. 293 B du CGI"
        if franchise
        else "Exonération de TVA – article 261-4-4° a du CGI (formation professionnelle continue)"
    )
    y = doc.t(15, y, mention, 8.5, "B") + 1
    if rng.random() < 0.6:
        due = doc_date + timedelta(days=30)
        dd = fmt_date(due, dstyle)
        y = doc.t(15, y, f"Date limite de paiement : {dd}", 8.5)
        tr.put("due_date", due.isoformat(), dd)
    else:
        y = doc.t(15, y, "Paiement à réception de la facture, par virement.", 8.5)
    ib = fmt_iban(sup.iban, rng.randrange(2))
    y = doc.t(
        15, y + 1, f"Titulaire : {sup.name} – IBAN : {ib} – BIC : {sup.bic}", 8.5, w=180
    )
    tr.put("supplier_iban", sup.iban, ib)
    tr.d["supplier_bic"] = sup.bic
    doc.t(
        15,
        y + 3,
        "Une attestation de présence et le certificat de réalisation sont joints "
        "à la présente facture.",
        7.5,
        "I",
    )
    if franchise:
        ss = fmt_siret(sup.siret, rng.randrange(3))
        tr.supplier_ids(sup, ss)
        lines_f = [
            f"{sup.name} – Entrepreneur individuel – SIRET {ss} – APE {sup.ape}",
            f"Déclaration d'activité enregistrée sous le n° {nda}. "
            "Cet enregistrement ne vaut pas agrément de l'État.",
        ]

        def draw(d: Doc) -> None:
            d.hline(15, 195, 276, 0.2, 120)
            d.tc(278, lines_f[0], 6.8)
            d.tc(281.5, lines_f[1], 6.8)

        doc.footer_fn = draw
    else:
        legal_footer(
            doc,
            sup,
            tr,
            rng,
            extra=f"Déclaration d'activité enregistrée sous le n° {nda} – "
            "cet enregistrement ne vaut pas agrément de l'État.",
        )
    return doc, tr


# ====================================================================== 6. works situation

OPERATIONS = [
    "Réhabilitation du groupe scolaire",
    "Construction d’un gymnase",
    "Extension de la mairie",
    "Rénovation énergétique de la médiathèque",
]
WORKS_NAMES = [
    "{last} Bâtiment",
    "Entreprise {last} BTP",
    "Rhône Maçonnerie Générale",
    "{last} Électricité Générale",
    "SOCOTRAV",
]
LOTS = {
    "Lot 02 – Gros œuvre": [
        "Installation de chantier",
        "Terrassements",
        "Fondations",
        "Dallage béton",
        "Élévations maçonnerie",
        "Planchers",
    ],
    "Lot 05 – Plomberie sanitaires": [
        "Réseaux d'évacuation",
        "Alimentation eau froide / chaude",
        "Appareils sanitaires",
        "Production ECS",
        "Essais et mise en service",
    ],
    "Lot 07 – Électricité courants forts": [
        "Tableau général basse tension",
        "Distribution et câblage",
        "Éclairage",
        "Prises de courant",
        "Sécurité incendie",
        "DOE",
    ],
    "Lot 09 – Peinture revêtements": [
        "Préparation des supports",
        "Peinture murs et plafonds",
        "Revêtements de sols souples",
        "Faïence",
    ],
}


def situation(rng: random.Random) -> tuple[Doc, Truth]:
    tr = Truth("situation")
    sup = make_supplier(
        rng,
        WORKS_NAMES,
        rng.choice(["4120B", "4321A", "4334Z", "4399C"]),
        ["SAS", "SARL", "SA"],
    )
    autoliq = rng.random() < 0.3
    doc_date = rand_date(rng)
    buyer = make_buyer(rng, 0.0 if autoliq else 0.95, doc_date.year)
    if autoliq:
        buyer.name = f"{rng.choice(LAST)} Bâtiment Entreprise Générale"
    doc = Doc("cond", "L", when=doc_date)
    doc.set_margins(12, 12, 12)
    doc.add_page()
    m = rng.choice(
        [
            Money(" ", ",", " €"),
            Money(".", ",", ""),
            Money(" ", ",", ""),
            Money("\u202f", ",", " €"),
        ]
    )
    dstyle = rng.choice(["dmy", "dmy", "long", "iso"])
    # supplier
    y = doc.t(12, 10, tr.put("supplier_name", sup.name, sup.name), 15, "B")
    y = doc.t(12, y, " – ".join(sup.addr), 8.5)
    y = doc.t(12, y, f"Tél. {sup.phone} – Fax {phone(rng)} – {sup.email}", 8.5)
    ss = fmt_siret(sup.siret, rng.randrange(3))
    vs = fmt_vat(sup.vat, rng.randrange(3))
    y = doc.t(12, y, f"SIRET : {ss} – N° TVA : {vs}", 8.5)
    tr.supplier_ids(sup, ss)
    tr.put("supplier_vat", sup.vat, vs)
    sit_no = rng.randint(2, 9)
    inv_no = rng.choice(
        [
            f"SIT-{doc_date.year}-{rng.randint(1, 999):04d}",
            f"FT{doc_date:%y}{rng.randint(100, 999)}",
            f"{doc_date.year}-S{rng.randint(10, 999)}",
        ]
    )
    ds = fmt_date(doc_date, dstyle)
    doc.set_line_width(0.5)
    doc.rect(185, 9, 100, 24)
    doc.t(185, 10.5, f"SITUATION DE TRAVAUX N° {sit_no}", 13, "B", w=100, align="C")
    doc.t(188, 18, rng.choice(["Facture n°", "N° de facture :", "Facture N°"]), 9.5)
    doc.t(230, 18, tr.put("invoice_number", inv_no, inv_no), 9.5, "B", w=52, align="R")
    doc.t(188, 24, "Date :", 9.5)
    doc.t(
        230, 24, tr.put("invoice_date", doc_date.isoformat(), ds), 9.5, w=52, align="R"
    )
    # parties & references
    y = 38
    p_end = date(doc_date.year, doc_date.month, 1) - timedelta(days=1)
    p_start = date(p_end.year, p_end.month, 1)
    left = [(("Maître d'ouvrage :" if not autoliq else "Entreprise principale :"), "B")]
    left.append((tr.put("buyer_name", buyer.name, buyer.name), "B"))
    left += [(s, "") for s in buyer.addr]
    if rng.random() < 0.8:
        bs = fmt_siret(buyer.siret, rng.randrange(3))
        left.append((f"SIRET : {bs}", ""))
        tr.put("buyer_siret", buyer.siret, bs)
    if buyer.service:
        left.append((f"Code service : {buyer.service}", ""))
        tr.put("buyer_service_code", buyer.service, buyer.service)
    yl = y
    for s, st in left:
        yl = doc.t(12, yl, s, 8.8, st, w=120) + 0.3
    lot = rng.choice(list(LOTS))
    contract = buyer.contract or f"{doc_date.year - 1}-TX-{rng.randint(1, 60):03d}"
    right = [
        f"Maître d'œuvre : Atelier {rng.choice(LAST)} Architectes",
        f"Opération : {rng.choice(OPERATIONS)}",
        f"Marché n° {contract} – {lot}",
        "Ordre de service n° 1 du "
        + fmt_date(doc_date - timedelta(days=rng.randint(120, 400)), dstyle),
        f"Période : du {fmt_date(p_start, dstyle)} au {fmt_date(p_end, dstyle)}",
    ]
    tr.put("contract_number", contract, contract)
    if buyer.engagement:
        right.append(
            rng.choice(["Engagement juridique :", "EJ", "N° d’engagement :"])
            + f" {buyer.engagement}"
        )
        tr.put("engagement_number", buyer.engagement, buyer.engagement)
    yr = y
    for s in right:
        yr = doc.t(140, yr, s, 8.8, w=145) + 0.3
    y = max(yl, yr) + 4
    # lines
    posts = LOTS[lot]
    lines = []
    rate = D(0) if autoliq else D(rng.choice(["20", "20", "10"]))
    for k, post in enumerate(posts[: rng.randint(3, len(posts))]):
        mk = price(rng, 3000, 60000, True)
        p_cum = D(rng.choice([20, 35, 50, 60, 75, 80, 90, 100]))
        p_prev = D(rng.choice([x for x in (0, 10, 20, 35, 50, 60, 75) if x <= p_cum]))
        cum = q2(mk * p_cum / 100)
        prev = q2(mk * p_prev / 100)
        ln = Line(post, D(1), "", cum - prev, rate)
        ln.extra.update(no=f"{k + 1}.0", mk=mk, pct=p_cum, cum=cum, prev=prev)
        lines.append(ln)
    if all(ln.total == 0 for ln in lines):
        ln = lines[0]
        ln.extra["pct"] = D(100)
        ln.extra["cum"] = ln.extra["mk"]
        ln.pu = ln.extra["mk"] - ln.extra["prev"]
    tot = totals(lines)
    rows = [
        [
            ln.extra["no"],
            ln.desc,
            m.num(ln.extra["mk"]),
            f"{ln.extra['pct']:.0f} %",
            m.num(ln.extra["cum"]),
            m.num(ln.extra["prev"]),
            m.num(ln.total),
        ]
        for ln in lines
    ]
    mk_tot = sum((ln.extra["mk"] for ln in lines), D(0))
    cum_tot = sum((ln.extra["cum"] for ln in lines), D(0))
    prev_tot = sum((ln.extra["prev"] for ln in lines), D(0))
    rows.append(
        {
            "cells": [
                "",
                "Totaux",
                m.num(mk_tot),
                "",
                m.num(cum_tot),
                m.num(prev_tot),
                m.num(tot.ht),
            ],
            "style": "B",
            "fill": (235, 235, 235),
        }
    )

    def newp(d: Doc) -> float:
        d.add_page()
        return 15

    cur = "" if m.cur else " (€)"
    y = table(
        doc,
        12,
        y,
        [(14, "C"), (95, "W"), (34, "R"), (22, "R"), (34, "R"), (40, "R"), (34, "R")],
        [
            "N°",
            "Désignation des ouvrages",
            f"Montant marché HT{cur}",
            "Avancement",
            f"Cumul HT{cur}",
            f"Situations précédentes{cur}",
            f"Ce mois HT{cur}",
        ],
        rows,
        size=8.2,
        bottom=180,
        new_page=newp,
    )
    y += 5
    if y > 125:
        y = newp(doc)
    rst = rng.randrange(4)
    r, b, v = tot.rows[0]
    rate_s = fmt_rate(r, rst) + (" (autoliquidation)" if autoliq else "")
    recap = [[rate_s, m.num(b), m.num(v)]]
    table(
        doc,
        12,
        y,
        [(40, "L"), (32, "R"), (28, "R")],
        ["Taux de TVA", "Base HT", "Montant TVA"],
        recap,
        size=8.2,
    )
    tr.vat_rows(tot.rows, [fmt_rate(r, rst), m.num(b), m.num(v)])
    ty = y + 14
    if autoliq:
        ty = doc.t(
            12, ty, "Autoliquidation : TVA due par le preneur assujetti", 8.5, "B"
        )
        ty = doc.t(
            12,
            ty,
            "(article 283-2 nonies du CGI) – sous-traitance de travaux de construction.",
            8.5,
        )
    retention = rng.random() < 0.75
    if not retention:
        doc.t(
            12,
            ty + 1,
            "Retenue de garantie remplacée par une caution bancaire.",
            8.5,
            "I",
        )
    pairs = [
        ("Montant du marché HT", m(mk_tot)),
        ("Travaux cumulés HT", m(cum_tot)),
        ("À déduire : situations précédentes HT", m(-prev_tot)),
        (
            "Montant HT de la présente situation",
            tr.money("total_ht", tot.ht, m(tot.ht)),
        ),
        (f"TVA {rate_s}", tr.money("total_vat", tot.vat, m(tot.vat))),
        ("Montant TTC", tr.money("total_ttc", tot.ttc, m(tot.ttc))),
    ]
    due_amt = tot.ttc
    if retention:
        rg = q2(tot.ttc * D("0.05"))
        pairs.append(("Retenue de garantie 5 %", m(-rg)))
        due_amt -= rg
    if rng.random() < 0.3:
        av = q2(tot.ht * D(rng.choice(["0.03", "0.05", "0.1"])))
        pairs.append(("Remboursement de l'avance", m(-av)))
        due_amt -= av
    pairs.append(
        (
            rng.choice(["NET À PAYER TTC", "Net à payer", "Montant à mandater"]),
            tr.money("amount_due", due_amt, m(due_amt)),
        )
    )
    kv_box(doc, 175, y, pairs, 70, 40, 8.5, rh=5.3, bold_last=True)
    yy = y + 5.3 * len(pairs) + 4
    if rng.random() < 0.6:
        due = doc_date + timedelta(days=30)
        dd = fmt_date(due, dstyle)
        doc.t(175, yy, f"Délai global de paiement : 30 jours – échéance le {dd}", 8.2)
        tr.put("due_date", due.isoformat(), dd)
    ib = fmt_iban(sup.iban, rng.randrange(2))
    doc.t(
        12, max(ty + 8, yy), f"Règlement par virement – IBAN {ib} – BIC {sup.bic}", 8.5
    )
    tr.put("supplier_iban", sup.iban, ib)
    tr.d["supplier_bic"] = sup.bic
    legal_footer(doc, sup, tr, rng)
    return doc, tr


# ====================================================================== 7. credit note (avoir)

AVOIR_ITEMS = [
    ("Remboursement prestation non réalisée", "forf.", 80, 1500, "20"),
    ("Retour marchandise – cartouches d'encre", "u", 15, 90, "20"),
    ("Geste commercial sur intervention du mois", "forf.", 30, 400, "20"),
    ("Régularisation tarifaire – révision de prix", "forf.", 20, 900, "20"),
    ("Annulation ligne facturée en double", "u", 50, 2500, "20"),
    ("Retour ouvrages non conformes", "u", 12, 60, "5.5"),
]


def avoir(rng: random.Random) -> tuple[Doc, Truth]:
    tr = Truth("avoir", "avoir")
    names = ESN_NAMES + CLEAN_NAMES + ["Bureau Plus Distribution", "Papeterie {last}"]
    sup = make_supplier(
        rng, names, rng.choice(["4690Z", "8121Z", "6202A"]), ["SAS", "SARL"]
    )
    doc_date = rand_date(rng)
    buyer = make_buyer(rng, 0.75, doc_date.year)
    doc = Doc("sans", when=doc_date)
    doc.add_page()
    m = rng.choice(
        [
            Money(" ", ",", " €"),
            Money(".", ",", " €"),
            Money("", ",", " EUR"),
            Money(" ", ",", "€ ", True),
        ]
    )
    dstyle = rng.choice(["dmy", "iso", "long", "dot2"])
    neg = rng.random() < 0.55
    sg = D(-1) if neg else D(1)
    # logo square with initials
    col = rng.choice([(200, 60, 40), (40, 120, 80), (40, 80, 160)])
    doc.set_fill_color(*col)
    doc.rect(15, 12, 14, 14, style="F")
    doc.set_text_color(255)
    initials = "".join(w[0] for w in sup.name.replace("'", " ").split()[:2]).upper()
    doc.t(15, 16, initials, 12, "B", w=14, align="C")
    doc.set_text_color(0)
    y = doc.t(32, 12, tr.put("supplier_name", sup.name, sup.name), 13, "B", w=80)
    y = doc.t(32, y, " – ".join(sup.addr), 7.8, w=80)
    y = doc.t(32, y, f"Tél. {sup.phone}", 7.8)
    title = rng.choice(["AVOIR", "FACTURE D'AVOIR", "AVOIR N°"])
    inv_no = rng.choice(
        [
            f"AV-{doc_date.year}-{rng.randint(1, 999):04d}",
            f"A{doc_date:%y}{rng.randint(1, 9999):05d}",
            f"AVR{rng.randint(1000, 9999)}",
        ]
    )
    orig = f"F{doc_date:%y}-{rng.randint(1, 9999):05d}"
    ds = fmt_date(doc_date, dstyle)
    if title == "AVOIR N°":
        doc.t(
            115,
            12,
            f"AVOIR N° {tr.put('invoice_number', inv_no, inv_no)}",
            15,
            "B",
            w=80,
            align="R",
        )
        pairs = []
    else:
        doc.t(115, 12, title, 16, "B", w=80, align="R")
        pairs = [
            (
                rng.choice(["Avoir n°", "N° d'avoir", "Numéro"]),
                tr.put("invoice_number", inv_no, inv_no),
            )
        ]
    pairs += [
        (
            rng.choice(["Date", "Date d'émission", "Date de l'avoir"]),
            tr.put("invoice_date", doc_date.isoformat(), ds),
        ),
        (rng.choice(["Facture d'origine", "Réf. facture", "Sur facture n°"]), orig),
        ("Du", fmt_date(doc_date - timedelta(days=rng.randint(5, 60)), dstyle)),
    ]
    kv_box(doc, 125, 22, pairs, 32, 38, 8.5, fill=None)
    bl = buyer_lines(buyer, True)
    y = 50
    doc.set_fill_color(245, 245, 245)
    doc.rect(15, y, 95, 5 + 4.4 * len(bl), style="F")
    yb = doc.t(17, y + 1, tr.put("buyer_name", buyer.name, buyer.name), 9.5, "B", w=90)
    doc.block(17, yb, [(s, 8.5, "") for s in bl[1:]], 0.2)
    yr = y
    if rng.random() < 0.7:
        bs = fmt_siret(buyer.siret, rng.randrange(3))
        yr = doc.t(120, yr, f"SIRET client : {bs}", 8.5)
        tr.put("buyer_siret", buyer.siret, bs)
    if buyer.service:
        yr = doc.t(120, yr, f"Code service : {buyer.service}", 8.5)
        tr.put("buyer_service_code", buyer.service, buyer.service)
    if buyer.engagement and rng.random() < 0.7:
        yr = doc.t(
            120,
            yr,
            f"{rng.choice(['N° engagement :', 'Bon de commande :'])} {buyer.engagement}",
            8.5,
        )
        tr.put("engagement_number", buyer.engagement, buyer.engagement)
    if buyer.contract and rng.random() < 0.5:
        yr = doc.t(120, yr, f"Marché : {buyer.contract}", 8.5)
        tr.put("contract_number", buyer.contract, buyer.contract)
    if rng.random() < 0.5:
        yr = doc.t(120, yr, f"Votre TVA : {fmt_vat(buyer.vat, 0)}", 8.5)
    y = max(y + 5 + 4.4 * len(bl), yr) + 5
    motif = rng.choice(
        [
            "Erreur de facturation",
            "Retour de marchandises",
            "Geste commercial",
            "Prestation annulée",
        ]
    )
    y = doc.t(15, y, f"Motif : {motif}", 9, "B") + 3
    lines = []
    for desc, unit, lo, hi, rate in rng.sample(AVOIR_ITEMS, rng.randint(1, 3)):
        qty = D(rng.randint(1, 6)) if unit == "u" else D(1)
        lines.append(Line(desc, qty * sg, unit, price(rng, lo, hi), D(rate)))
    tot = totals(lines)
    rst = rng.randrange(4)
    rows = [
        [
            ln.desc,
            fmt_qty(ln.qty),
            m.num(ln.pu),
            fmt_rate(ln.rate, rst),
            m.num(ln.total),
        ]
        for ln in lines
    ]
    y = (
        table(
            doc,
            15,
            y,
            [(90, "W"), (16, "R"), (26, "R"), (20, "R"), (28, "R")],
            ["Désignation", "Qté", "P.U. HT", "TVA", "Montant HT"],
            rows,
            size=8.5,
            fill=(230, 230, 230),
        )
        + 5
    )
    pairs = [("Total HT", tr.money("total_ht", tot.ht, m(tot.ht)))]
    shown = []
    for r, b, v in tot.rows:
        lab = f"TVA {fmt_rate(r, rst)}" + (
            f" sur {m.num(b)}" if len(tot.rows) > 1 else ""
        )
        pairs.append((lab, m(v)))
        shown += [fmt_rate(r, rst), m(v)] + ([m.num(b)] if len(tot.rows) > 1 else [])
    tr.vat_rows(tot.rows, shown)
    if len(tot.rows) > 1:
        pairs.append(("Total TVA", m(tot.vat)))
    tr.money("total_vat", tot.vat, m(tot.vat))
    pairs.append(("Total TTC", tr.money("total_ttc", tot.ttc, m(tot.ttc))))
    lab = rng.choice(
        [
            "Montant à rembourser",
            "Net à déduire",
            "Solde en votre faveur",
            "Montant de l'avoir",
        ]
    )
    pairs.append((lab, tr.money("amount_due", tot.ttc, m(tot.ttc))))
    y = kv_box(doc, 110, y, pairs, 50, 35, 8.5, bold_last=True) + 6
    y = doc.t(
        15,
        y,
        rng.choice(
            [
                "Cet avoir sera déduit de votre prochaine facture.",
                "Le montant de cet avoir vous sera remboursé par virement sous 30 jours.",
                "Avoir à imputer sur la facture d'origine citée en référence.",
            ]
        ),
        8.5,
        "I",
    )
    legal_footer(doc, sup, tr, rng, iban=rng.random() < 0.5)
    return doc, tr


# ====================================================================== 8. office supplies

SUPPLY_NAMES = [
    "Bureau Plus Distribution",
    "Papeterie {last}",
    "Fournitures Pro Sud-Est",
    "Office Dépôt Régional {last}",
]
SUPPLIES = [
    ("RAM-A4-80", "Ramette papier A4 80 g blanc (500 feuilles)", 3.2, 6.5, "20"),
    ("STY-BIC-50", "Stylos bille bleu – boîte de 50", 9, 18, "20"),
    ("CLS-LVR-80", "Classeur à levier dos 80 mm", 2.1, 4.9, "20"),
    ("TON-HP-26X", "Toner noir compatible HP 26X", 45, 120, "20"),
    ("ENV-C4-250", "Enveloppes C4 blanches – boîte de 250", 19, 39, "20"),
    ("AGR-24-10", "Agrafes 24/6 – 10 boîtes de 1000", 4, 9, "20"),
    ("POS-7676", "Notes repositionnables 76 x 76 – lot de 12", 6, 14, "20"),
    ("CHM-A4-100", "Chemises cartonnées A4 – paquet de 100", 11, 24, "20"),
    ("CAL-2027", "Agenda semainier 2027", 8, 19, "20"),
    ("MAR-TBL-4", "Marqueurs tableau blanc – pochette de 4", 4, 9, "20"),
    ("LIV-CMP-26", "Code de la commande publique – édition annotée", 45, 85, "5.5"),
    ("LIV-DIC-FR", "Dictionnaire de la langue française", 25, 45, "5.5"),
    ("ABO-GAZ-12", "Abonnement La Gazette des communes – 12 mois", 150, 320, "2.1"),
    ("ABO-MON-12", "Abonnement Le Moniteur – 52 numéros", 250, 420, "2.1"),
    ("CAF-1KG", "Café en grains – 1 kg", 14, 28, "5.5"),
    ("DEST-A4", "Destructeur de documents coupe croisée", 89, 240, "20"),
    ("CAB-USB-C", "Câble USB-C 2 m", 6, 15, "20"),
    ("PIL-AA-24", "Piles alcalines AA – pack de 24", 9, 19, "20"),
]


def fournitures(rng: random.Random) -> tuple[Doc, Truth]:
    tr = Truth("fournitures")
    sup = make_supplier(rng, SUPPLY_NAMES, "4666Z", ["SAS", "SA"])
    doc_date = rand_date(rng)
    buyer = make_buyer(rng, 0.85, doc_date.year)
    doc = Doc("cond", when=doc_date)
    doc.add_page()
    m = rng.choice(
        [
            Money(" ", ",", " €"),
            Money(".", ",", " €"),
            Money("", ",", " €"),
            Money("\u00a0", ",", " €"),
        ]
    )
    dstyle = rng.choice(["dmy", "dot", "dmy", "iso"])
    inv_no = rng.choice(
        [
            f"FC{rng.randint(1000000, 9999999)}",
            f"{doc_date:%y}{rng.randint(100000, 999999)}",
            f"FA/{doc_date.year}/{rng.randint(1, 99999):05d}",
        ]
    )
    doc.t(15, 12, tr.put("supplier_name", sup.name, sup.name), 15, "B")
    y = doc.t(
        15,
        19,
        "Fournitures et mobilier de bureau – Consommables informatiques",
        8.5,
        "I",
    )
    y = doc.t(15, y, " – ".join(sup.addr), 8)
    y = doc.t(15, y, f"Service clients : {sup.phone} – {sup.email}", 8)
    doc.t(140, 12, "FACTURE", 20, "B", w=55, align="R")
    due = due_for(rng, doc_date)
    ds, dd = fmt_date(doc_date, dstyle), fmt_date(due, dstyle)
    heads = [
        "N° client",
        rng.choice(["N° facture", "Facture n°", "Numéro"]),
        rng.choice(["Date facture", "Date"]),
        rng.choice(["Échéance", "Date d'échéance"]),
        "Règlement",
    ]
    vals = [f"C{rng.randint(10000, 99999)}", inv_no, ds, dd, "Virement 30 j"]
    tr.put("invoice_number", inv_no, inv_no)
    tr.put("invoice_date", doc_date.isoformat(), ds)
    tr.put("due_date", due.isoformat(), dd)
    x = 15
    for h, v in zip(heads, vals, strict=True):
        doc.set_fill_color(220, 220, 220)
        doc.rect(x, 36, 36, 5.5, style="DF")
        doc.rect(x, 41.5, 36, 6.5)
        doc.t(x, 36.6, h, 7.8, "B", w=36, align="C")
        doc.t(x, 42.6, v, 8.5, w=36, align="C")
        x += 36

    def hdr(d: Doc) -> None:
        d.t(15, 10, f"{sup.name} – Facture {inv_no} du {ds} (suite)", 8, "I")

    doc.header_fn = hdr
    # billing & delivery
    y = 53
    doc.t(15, y, "Adresse de facturation", 8, "B")
    doc.t(110, y, "Adresse de livraison", 8, "B")
    bl = buyer_lines(buyer, True)
    yb = doc.t(
        15, y + 4.5, tr.put("buyer_name", buyer.name, buyer.name), 9.5, "B", w=90
    )
    yb = doc.block(15, yb, [(s, 8.5, "") for s in bl[1:]], 0.1)
    if rng.random() < 0.8:
        bs = fmt_siret(buyer.siret, rng.randrange(3))
        yb = doc.t(15, yb, f"SIRET : {bs}", 8.5)
        tr.put("buyer_siret", buyer.siret, bs)
    yd = doc.t(110, y + 4.5, buyer.name, 9, w=85)
    yd = doc.t(
        110,
        yd,
        rng.choice(
            ["Magasin central", "Accueil – rez-de-chaussée", "Service courrier"]
        ),
        8.5,
    )
    yd = doc.block(110, yd, [(s, 8.5, "") for s in address(rng)], 0.1)
    y = max(yb, yd) + 4
    refs = []
    if buyer.engagement:
        od = fmt_date(doc_date - timedelta(days=rng.randint(10, 40)), dstyle)
        lab = rng.choice(["Votre commande n°", "Bon de commande n°", "N° EJ"])
        refs.append(f"{lab} {buyer.engagement} du {od}")
        tr.put("engagement_number", buyer.engagement, buyer.engagement)
    if buyer.service:
        refs.append(f"Code service : {buyer.service}")
        tr.put("buyer_service_code", buyer.service, buyer.service)
    if buyer.contract:
        refs.append(f"Accord-cadre n° {buyer.contract}")
        tr.put("contract_number", buyer.contract, buyer.contract)
    if refs:
        doc.t(15, y, "   –   ".join(refs), 8.5, "B", w=180)
        y += 7
    # lines grouped by delivery note
    n_bl = rng.randint(2, 4)
    n_items = rng.randint(10, 30)
    items = [rng.choice(SUPPLIES) for _ in range(n_items)]
    lines = []
    for k, (ref, desc, lo, hi, rate) in enumerate(items):
        qty = D(rng.choice([1, 1, 2, 3, 5, 10, 20, 25]))
        pu = price(rng, lo, hi)
        rem = D(rng.choice([0, 0, 0, 5, 10, 15]))
        amt = q2(qty * pu * (100 - rem) / 100)
        ln = Line(desc, qty, "", pu, D(rate), section=str(k % n_bl), amount=amt)
        ln.extra.update(ref=ref, rem=rem)
        lines.append(ln)
    tot = totals(lines)
    codes = {D(20): "1", D("5.5"): "2", D("2.1"): "3"}
    rows: list = []
    for bn in range(n_bl):
        sl = [ln for ln in lines if ln.section == str(bn)]
        bl_no = rng.randint(400000, 499999)
        bl_d = fmt_date(doc_date - timedelta(days=rng.randint(1, 28)), dstyle)
        rows.append(
            {
                "cells": [f"Bon de livraison n° {bl_no} du {bl_d}"],
                "span": True,
                "fill": (238, 238, 238),
            }
        )
        for ln in sl:
            rows.append(
                [
                    ln.extra["ref"],
                    ln.desc,
                    fmt_qty(ln.qty),
                    m.num(ln.pu),
                    f"{ln.extra['rem']:.0f}" if ln.extra["rem"] else "",
                    m.num(ln.total),
                    codes[ln.rate],
                ]
            )
        rows.append(
            {
                "cells": [
                    "",
                    f"Total BL {bl_no}",
                    "",
                    "",
                    "",
                    m.num(sum((ln.total for ln in sl), D(0))),
                    "",
                ],
                "style": "B",
            }
        )

    def newp(d: Doc) -> float:
        d.add_page()
        return 18

    y = (
        table(
            doc,
            15,
            y,
            [
                (24, "L"),
                (78, "W"),
                (12, "R"),
                (20, "R"),
                (12, "R"),
                (24, "R"),
                (10, "C"),
            ],
            [
                "Référence",
                "Désignation",
                "Qté",
                "P.U. HT",
                "Rem. %",
                "Montant HT",
                "TVA",
            ],
            rows,
            size=7.8,
            lh=3.8,
            bottom=262,
            new_page=newp,
        )
        + 5
    )
    if y > 215:
        y = newp(doc)
    rst = rng.randrange(4)
    recap = [[codes[r], fmt_rate(r, rst), m.num(b), m.num(v)] for r, b, v in tot.rows]
    ye = table(
        doc,
        15,
        y,
        [(14, "C"), (22, "R"), (30, "R"), (30, "R")],
        ["Code", "Taux", "Base HT", "Montant TVA"],
        recap,
        size=8,
    )
    tr.vat_rows(tot.rows, [c for row in recap for c in row[1:]])
    pairs = [
        ("Total HT", tr.money("total_ht", tot.ht, m(tot.ht))),
        ("Total TVA", tr.money("total_vat", tot.vat, m(tot.vat))),
        ("Total TTC", tr.money("total_ttc", tot.ttc, m(tot.ttc))),
        ("Net à payer", tr.money("amount_due", tot.ttc, m(tot.ttc))),
    ]
    y2 = kv_box(doc, 125, y, pairs, 35, 35, 9, bold_last=True)
    y = max(ye, y2) + 5
    ib = fmt_iban(sup.iban, rng.randrange(2))
    y = kv_box(doc, 15, y, [("IBAN", ib), ("BIC", sup.bic)], 15, 75, 8)
    tr.put("supplier_iban", sup.iban, ib)
    tr.d["supplier_bic"] = sup.bic
    doc.t(
        15,
        y + 2,
        "Escompte pour paiement anticipé : néant. "
        "Pénalités de retard : 3 fois le taux d'intérêt légal.",
        7,
        w=180,
    )
    legal_footer(doc, sup, tr, rng)
    return doc, tr


LAYOUTS = {
    "artisan": artisan,
    "esn": esn,
    "proprete": proprete,
    "traiteur": traiteur,
    "formation": formation,
    "situation": situation,
    "avoir": avoir,
    "fournitures": fournitures,
}
