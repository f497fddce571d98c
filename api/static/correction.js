// The correction screen: the page on the left with a box per value read, the fields
// on the right. Click a word (or drag a box) on the page to fill the active field.
"use strict";

(() => {
  const { vocabulary, el, call, adviceItem, fillList, when } = Ingest;
  const state = JSON.parse(document.getElementById("state").textContent);
  const screen = document.getElementById("screen");
  const docId = screen.dataset.document;
  const LOW = vocabulary.low_confidence;
  const MONEY = new Set(["total_ht", "total_vat", "total_ttc", "amount_due"]);
  const DATES = new Set(["invoice_date", "due_date"]);
  const COMPACT = new Set(["supplier_siret", "supplier_siren", "supplier_vat",
    "supplier_iban", "supplier_bic", "buyer_siret"]);
  const FIELD_OF = {
    structure_unknown: "buyer_siret", structure_inactive: "buyer_siret",
    structure_by_name: "buyer_siret", structure_name_differs: "buyer_siret",
    service_required: "buyer_service_code", service_unknown: "buyer_service_code",
    service_inactive: "buyer_service_code",
    service_or_engagement_required: "buyer_service_code",
    engagement_required: "engagement_number", engagement_unknown: "engagement_number",
    engagement_other_structure: "engagement_number",
    engagement_supplier_mismatch: "engagement_number",
    engagement_exceeded: "engagement_number",
    supplier_missing: "supplier_siret", supplier_unknown: "supplier_siret",
    iban_changed: "supplier_iban", vat_number_changed: "supplier_vat",
    vat_siren_mismatch: "supplier_vat", totals_mismatch: "total_ttc",
    amount_due_mismatch: "amount_due", vat_line_arithmetic: "vat",
    vat_lines_mismatch: "vat",
  };

  // ---------------------------------------------------------------- waiting
  if (!state.invoice) {
    if (state.document.status === "queued" || state.document.status === "processing") {
      const poll = async () => {
        const r = await call("GET", "/ui/documents/" + docId);
        if (r.ok && r.body.status !== state.document.status) location.reload();
        else setTimeout(poll, 1500);
      };
      setTimeout(poll, 1500);
    }
    renderDocumentNotices();
    return;
  }

  const form = document.getElementById("draft");
  const viewer = document.getElementById("viewer");
  const saveState = document.getElementById("save-state");
  const submitButton = document.getElementById("submit");
  const inputs = [...form.querySelectorAll("input[data-field]")];
  const inputOf = Object.fromEntries(inputs.map((i) => [i.dataset.field, i]));
  const extracted = (state.document.extraction || {}).fields || {};
  let saved = {};
  let savedVat = "";
  let activeInput = null;
  const boxes = {}; // field -> box element
  const pageWords = {}; // page number -> {width, height, words}

  // ---------------------------------------------------------------- fields
  function fieldValue(name) {
    return (state.invoice.fields[name] ?? "") + "";
  }

  function loadInvoice(invoice) {
    state.invoice = invoice;
    saved = {};
    for (const input of inputs) {
      const name = input.dataset.field;
      saved[name] = fieldValue(name);
      input.value = saved[name];
      input.classList.remove("dirty", "invalid");
    }
    renderVat(invoice.vat_breakdown);
    savedVat = JSON.stringify(vatRows());
    renderLists();
    markFields();
    const draft = invoice.status === "brouillon";
    for (const input of form.querySelectorAll("input, button")) {
      if (input.tagName === "INPUT") input.readOnly = !draft;
      else input.disabled = !draft;
    }
    if (submitButton) submitButton.hidden = !draft || !state.can_submit;
    const status = document.getElementById("invoice-status");
    status.textContent = vocabulary.invoice_status[invoice.status] || invoice.status;
    status.dataset.status = invoice.status;
  }

  function corrected(name) {
    return state.invoice.corrections.some((c) => c.field === name);
  }

  function confidenceClass(conf) {
    if (conf === undefined || conf === null) return "none";
    return conf >= LOW ? "high" : conf >= 0.6 ? "medium" : "low";
  }

  /** Mark each field: its confidence colour, needs-check, corrected. */
  function markFields() {
    const flagged = new Set(
      [...state.invoice.blockers, ...state.invoice.checks].map((b) => FIELD_OF[b.code]));
    for (const input of inputs) {
      const name = input.dataset.field;
      const field = input.closest(".field");
      const read = extracted[name];
      const cls = corrected(name) ? "edited" : confidenceClass(read && read.confidence);
      field.dataset.confidence = cls;
      const check = flagged.has(name) || cls === "low" || cls === "medium";
      field.classList.toggle("needs-check", check);
      const box = boxes[name];
      if (box) box.className = "box " + cls + (box.classList.contains("active") ? " active" : "");
    }
  }

  // ---------------------------------------------------------------- normalising
  function normalise(name, text) {
    let t = text.replace(/[\u00a0\u202f]/g, " ").trim();
    if (MONEY.has(name)) {
      t = t.replace(/[€\s]|EUR/g, "");
      if (/^-?\d+,\d{1,2}$/.test(t)) t = t.replace(",", ".");
      else if (/^-?\d{1,3}(\.\d{3})+,\d{1,2}$/.test(t)) t = t.replace(/\./g, "").replace(",", ".");
    } else if (DATES.has(name)) {
      const m = t.match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/);
      if (m) t = `${m[3]}-${m[2].padStart(2, "0")}-${m[1].padStart(2, "0")}`;
    } else if (COMPACT.has(name)) {
      t = t.replace(/[\s.]/g, "").toUpperCase();
    }
    return t;
  }

  // ---------------------------------------------------------------- page overlay
  const pct = (v, total) => (100 * v) / total + "%";

  function place(node, bbox, size) {
    const [x0, top, x1, bottom] = bbox;
    node.style.left = pct(x0, size.width);
    node.style.top = pct(top, size.height);
    node.style.width = pct(x1 - x0, size.width);
    node.style.height = pct(bottom - top, size.height);
  }

  function drawPage(number, data) {
    const overlay = viewer.querySelector(`.overlay[data-page="${number}"]`);
    if (!overlay) return;
    const size = { width: data.width, height: data.height };
    const words = data.words.map((w, index) => {
      const span = el("span", { className: "word", dataset: { index: String(index) } });
      span.title = w.text;
      place(span, w.bbox, size);
      return span;
    });
    const fieldBoxes = [];
    for (const [name, read] of Object.entries(extracted)) {
      if (read.page !== number || !read.bbox) continue;
      const box = el("div", { className: "box", dataset: { field: name } });
      box.title = vocabulary.fields[name] || name;
      place(box, read.bbox, size);
      boxes[name] = box;
      fieldBoxes.push(box);
    }
    overlay.replaceChildren(...words, ...fieldBoxes);
    overlay.dataset.ready = "true";
    markFields();
  }

  async function loadPages() {
    const overlays = [...viewer.querySelectorAll(".overlay")];
    await Promise.all(overlays.map(async (overlay) => {
      const n = Number(overlay.dataset.page);
      const r = await call("GET", `/ui/documents/${docId}/pages/${n}/words`);
      if (!r.ok) return;
      pageWords[n] = r.body;
      drawPage(n, r.body);
    }));
    performance.mark("boxes-drawn");
    screen.dataset.boxes = "ready";
  }

  function pointOnPage(overlay, event) {
    const rect = overlay.getBoundingClientRect();
    const data = pageWords[overlay.dataset.page];
    return {
      x: ((event.clientX - rect.left) / rect.width) * data.width,
      y: ((event.clientY - rect.top) / rect.height) * data.height,
    };
  }

  function wordAt(data, p) {
    const slack = 1.5;
    return data.words.find((w) => p.x >= w.bbox[0] - slack && p.x <= w.bbox[2] + slack &&
      p.y >= w.bbox[1] - slack && p.y <= w.bbox[3] + slack);
  }

  /** The words whose centre is in the rectangle, in reading order. */
  function wordsIn(data, a, b) {
    const [x0, x1] = [Math.min(a.x, b.x), Math.max(a.x, b.x)];
    const [y0, y1] = [Math.min(a.y, b.y), Math.max(a.y, b.y)];
    const inside = data.words.filter((w) => {
      const cx = (w.bbox[0] + w.bbox[2]) / 2;
      const cy = (w.bbox[1] + w.bbox[3]) / 2;
      return cx >= x0 && cx <= x1 && cy >= y0 && cy <= y1;
    });
    inside.sort((p, q) => {
      const h = Math.max(p.bbox[3] - p.bbox[1], 1);
      const dy = (p.bbox[1] + p.bbox[3]) / 2 - (q.bbox[1] + q.bbox[3]) / 2;
      return Math.abs(dy) > h / 2 ? dy : p.bbox[0] - q.bbox[0];
    });
    return inside.map((w) => w.text).join(" ");
  }

  function fill(text) {
    const input = activeInput;
    if (!input || input.readOnly || !text) {
      saveState.textContent = "Choisissez d'abord un champ (cliquez-le ou Tab), puis un mot de la page.";
      return;
    }
    const name = input.dataset.field || input.dataset.vat;
    input.value = normalise(name || "", text);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.focus();
    saveState.textContent = "Champ rempli depuis la page : Entrée pour enregistrer.";
  }

  let drag = null;
  viewer.addEventListener("pointerdown", (event) => {
    const overlay = event.target.closest(".overlay");
    if (!overlay || !pageWords[overlay.dataset.page] || event.button !== 0) return;
    event.preventDefault(); // keep the field focused, no image drag
    const start = pointOnPage(overlay, event);
    const lasso = el("div", { className: "lasso" });
    overlay.append(lasso);
    drag = { overlay, start, lasso, moved: false };
    overlay.setPointerCapture(event.pointerId);
  });
  viewer.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const p = pointOnPage(drag.overlay, event);
    const data = pageWords[drag.overlay.dataset.page];
    if (Math.abs(p.x - drag.start.x) + Math.abs(p.y - drag.start.y) > 3) drag.moved = true;
    place(drag.lasso, [Math.min(p.x, drag.start.x), Math.min(p.y, drag.start.y),
      Math.max(p.x, drag.start.x), Math.max(p.y, drag.start.y)], data);
  });
  viewer.addEventListener("pointerup", (event) => {
    if (!drag) return;
    const { overlay, start, lasso, moved } = drag;
    drag = null;
    lasso.remove();
    const data = pageWords[overlay.dataset.page];
    const end = pointOnPage(overlay, event);
    if (moved) fill(wordsIn(data, start, end));
    else {
      const word = wordAt(data, end);
      if (word) fill(word.text);
    }
  });

  // ---------------------------------------------------------------- highlighting
  function highlight(name, scroll) {
    for (const box of Object.values(boxes)) box.classList.remove("active");
    const box = boxes[name];
    if (!box) return;
    box.classList.add("active");
    if (!scroll) return;
    const b = box.getBoundingClientRect();
    const v = viewer.getBoundingClientRect();
    if (scroll === "always" || b.top < v.top || b.bottom > v.bottom) {
      viewer.scrollTo({ top: viewer.scrollTop + b.top - v.top - viewer.clientHeight / 3 });
    }
  }

  form.addEventListener("focusin", (event) => {
    const input = event.target.closest("input");
    if (!input) return;
    activeInput = input;
    for (const f of form.querySelectorAll(".field.active")) f.classList.remove("active");
    const field = input.closest(".field");
    if (field) field.classList.add("active");
    if (input.dataset.field) highlight(input.dataset.field, "always");
  });
  form.addEventListener("mouseover", (event) => {
    const field = event.target.closest(".field");
    if (field) highlight(field.dataset.field, "if-hidden");
  });
  form.addEventListener("mouseleave", () => {
    if (activeInput && activeInput.dataset.field) highlight(activeInput.dataset.field, false);
  });
  form.addEventListener("input", (event) => {
    const input = event.target;
    if (input.dataset.field) input.classList.toggle("dirty", input.value !== saved[input.dataset.field]);
    checkVat();
  });

  // ---------------------------------------------------------------- VAT table
  const vatBody = document.querySelector("#vat tbody");

  function vatRow(line) {
    const cell = (key, label) => el("td", {}, el("input", {
      value: line[key] || "", "aria-label": label, inputmode: "decimal",
      dataset: { vat: key },
    }));
    const remove = el("button", { type: "button", className: "remove", "aria-label": "Retirer la ligne" }, "×");
    remove.addEventListener("click", () => {
      remove.closest("tr").remove();
      checkVat();
    });
    return el("tr", {}, cell("rate", "Taux (%)"), cell("base", "Base HT"),
      cell("amount", "Montant TVA"), el("td", { className: "row-check" }), el("td", {}, remove));
  }

  function renderVat(lines) {
    vatBody.replaceChildren(...lines.map(vatRow));
    checkVat();
  }

  function vatRows() {
    return [...vatBody.rows].map((tr) => {
      const get = (key) => normalise("total_ht", tr.querySelector(`[data-vat="${key}"]`).value);
      return { rate: get("rate"), base: get("base"), amount: get("amount") };
    });
  }

  /** Decimal text to hundredths (BigInt), or null. */
  function cents(text) {
    const t = normalise("total_ht", String(text || ""));
    const m = t.match(/^(-?)(\d+)(?:\.(\d{1,2}))?$/);
    if (!m) return null;
    const value = BigInt(m[2]) * 100n + BigInt((m[3] || "0").padEnd(2, "0"));
    return m[1] ? -value : value;
  }

  const show = (c) => {
    const neg = c < 0n;
    const a = neg ? -c : c;
    return (neg ? "-" : "") + (a / 100n).toString() + "." + (a % 100n).toString().padStart(2, "0");
  };

  /** base × rate / 100, rounded half away from zero to the cent (as the server does). */
  function vatOf(base, rate) {
    const n = base * rate;
    const q = ((n < 0n ? -n : n) + 5000n) / 10000n;
    return n < 0n ? -q : q;
  }

  function checkVat() {
    const problems = [];
    let sumBase = 0n;
    let sumAmount = 0n;
    let complete = true;
    for (const tr of vatBody.rows) {
      const [rate, base, amount] = ["rate", "base", "amount"].map((k) =>
        cents(tr.querySelector(`[data-vat="${k}"]`).value));
      const out = tr.querySelector(".row-check");
      tr.classList.remove("bad");
      if (rate === null || base === null || amount === null) {
        out.textContent = "à compléter";
        complete = false;
        continue;
      }
      sumBase += base;
      sumAmount += amount;
      const expected = vatOf(base, rate);
      if (expected !== amount) {
        tr.classList.add("bad");
        out.textContent = `${show(base)} × ${show(rate)} % = ${show(expected)}`;
        problems.push({ code: "vat_line_arithmetic",
          message: `Ligne à ${show(rate)} % : ${show(base)} × ${show(rate)} % = ${show(expected)}, pas ${show(amount)}.` });
      } else {
        out.textContent = "juste";
      }
    }
    document.getElementById("vat-sum-base").textContent = show(sumBase);
    document.getElementById("vat-sum-amount").textContent = show(sumAmount);
    const ht = cents(inputOf.total_ht.value);
    const tva = cents(inputOf.total_vat.value);
    const ttc = cents(inputOf.total_ttc.value);
    const sumCheck = document.getElementById("vat-sum-check");
    sumCheck.textContent = "";
    if (vatBody.rows.length && complete && ((ht !== null && sumBase !== ht) || (tva !== null && sumAmount !== tva))) {
      sumCheck.textContent = "≠ totaux";
      problems.push({ code: "vat_lines_mismatch",
        message: `Les lignes font ${show(sumBase)} HT et ${show(sumAmount)} TVA ; les totaux disent ${ht === null ? "?" : show(ht)} HT et ${tva === null ? "?" : show(tva)} TVA.` });
    }
    if (ht !== null && tva !== null && ttc !== null && ht + tva !== ttc) {
      problems.push({ code: "totals_mismatch",
        message: `${show(ht)} HT + ${show(tva)} TVA = ${show(ht + tva)}, pas ${show(ttc)} TTC.` });
    }
    fillList(document.getElementById("vat-live"), problems, (p) => adviceItem(p),
      "Les montants et les lignes de TVA concordent.");
    return problems;
  }

  document.getElementById("vat-add").addEventListener("click", addVatLine);
  function addVatLine() {
    const tr = vatRow({});
    vatBody.append(tr);
    tr.querySelector("input").focus();
    checkVat();
  }

  // ---------------------------------------------------------------- lists
  function goTo(code) {
    const name = FIELD_OF[code];
    if (!name) return null;
    const button = el("button", { type: "button", className: "link goto" }, "Aller au champ");
    button.addEventListener("click", () => {
      const target = name === "vat" ? vatBody.querySelector("input") || document.getElementById("vat-add") : inputOf[name];
      if (target) target.focus();
    });
    return button;
  }

  function renderDocumentNotices() {
    const warnings = state.document.warnings || [];
    const xml = warnings.filter((w) => w.code === "xml_page_mismatch");
    const others = warnings.filter((w) => w.code !== "xml_page_mismatch");
    const xmlList = document.getElementById("xml-mismatches");
    fillList(xmlList, xml, (w) => adviceItem(w));
    document.getElementById("xml-section").hidden = xml.length === 0;
    fillList(document.getElementById("warnings"), others, (w) => adviceItem(w, goTo(w.code)),
      "Aucun avertissement.");
    if (!state.invoice) {
      fillList(document.getElementById("blockers"), [], () => null, "Pas de brouillon.");
      fillList(document.getElementById("checks"), [], () => null, "—");
    }
  }

  function renderLists(refused) {
    const inv = state.invoice;
    const blockers = document.getElementById("blockers");
    fillList(blockers, inv.blockers, (b) => adviceItem(b, goTo(b.code)),
      "Aucun blocage : la facture peut être envoyée.");
    if (refused) blockers.prepend(el("li", { className: "refused" },
      "Envoi refusé : corrigez les blocages ci-dessous, puis validez à nouveau."));
    fillList(document.getElementById("checks"), inv.checks, (c) => adviceItem(c, goTo(c.code)),
      "Les montants sont cohérents.");
    renderDocumentNotices();
    fillList(document.getElementById("history"), inv.history, (h) => el("li", {},
      (h.from_status ? (vocabulary.invoice_status[h.from_status] || h.from_status) + " → " : "") +
      (vocabulary.invoice_status[h.to_status] || h.to_status) +
      ` — ${h.actor}, ${when(h.at)}` + (h.reason ? ` (${h.reason})` : "")));
    fillList(document.getElementById("corrections"), inv.corrections, (c) => el("li", {},
      el("strong", {}, vocabulary.fields[c.field] || c.field),
      ` : « ${c.old_value ?? ""} » → « ${c.new_value ?? ""} » — ${c.actor}, ${when(c.at)}`),
      "Aucune correction.");
  }

  // ---------------------------------------------------------------- save, submit
  function changes() {
    const fields = {};
    for (const input of inputs) {
      const name = input.dataset.field;
      const value = normalise(name, input.value);
      if (value !== saved[name]) fields[name] = value === "" ? null : value;
    }
    const body = { fields };
    const vat = vatRows().filter((r) => r.rate || r.base || r.amount);
    if (JSON.stringify(vatRows()) !== savedVat) body.vat_breakdown = vat;
    return body;
  }

  function refusal(r) {
    const error = (r.body && r.body.error) || { code: "network", message: "" };
    const a = Ingest.advise(error.code, error.message);
    saveState.replaceChildren(el("span", { className: "problem" }, a.title), " Que faire : " + a.todo,
      a.detail ? el("span", { className: "detail" }, a.detail) : "");
    if (error.field && inputOf[error.field]) inputOf[error.field].classList.add("invalid");
    return error;
  }

  async function save() {
    const body = changes();
    const count = Object.keys(body.fields).length + (body.vat_breakdown ? 1 : 0);
    if (!count) {
      saveState.textContent = "Rien à enregistrer.";
      return true;
    }
    saveState.textContent = "Enregistrement…";
    const focused = document.activeElement;
    const r = await call("PATCH", "/ui/invoices/" + state.invoice.id, body);
    if (!r.ok) {
      refusal(r);
      return false;
    }
    loadInvoice(r.body);
    saveState.textContent = `Enregistré (${count} modification${count > 1 ? "s" : ""}) à ${when(new Date().toISOString())}.`;
    if (focused && document.contains(focused)) focused.focus();
    return true;
  }

  async function submit() {
    if (!submitButton || submitButton.hidden) return;
    if (!(await save())) return;
    saveState.textContent = "Envoi…";
    const r = await call("POST", `/ui/invoices/${state.invoice.id}/submit`);
    if (r.ok) {
      loadInvoice(r.body.invoice);
      saveState.textContent = "Facture validée et envoyée : statut Déposée.";
      return;
    }
    const error = refusal(r);
    if (error.code === "invoice_has_blockers") {
      state.invoice.blockers = error.blockers || [];
      renderLists(true);
      markFields();
      const first = document.querySelector("#blockers .goto");
      if (first) first.focus();
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    save();
  });
  if (submitButton) submitButton.addEventListener("click", submit);

  // ---------------------------------------------------------------- keyboard
  function step(direction) {
    const order = inputs.filter((i) => i.closest(".field").classList.contains("needs-check"));
    if (!order.length) return;
    const at = order.indexOf(document.activeElement);
    const next = at < 0 ? (direction > 0 ? 0 : order.length - 1) : (at + direction + order.length) % order.length;
    order[next].focus();
    order[next].select();
  }

  document.addEventListener("keydown", (event) => {
    if (event.altKey && !event.ctrlKey && !event.metaKey) {
      const key = event.key.toLowerCase();
      const action = { n: () => step(1), p: () => step(-1), l: addVatLine, v: submit, s: save }[key];
      if (action) {
        event.preventDefault();
        action();
      }
      return;
    }
    if (event.key === "Escape" && event.target.dataset && event.target.dataset.field) {
      const input = event.target;
      input.value = saved[input.dataset.field];
      input.classList.remove("dirty", "invalid");
      checkVat();
    }
  });

  loadInvoice(state.invoice);
  loadPages();
})();
