// The supplier's deposits: uploads with a progress bar each, the list kept live.
"use strict";

(() => {
  const { vocabulary, csrf, el, call, advise, when } = Ingest;
  const CHOICES = "ingest.deposit-choices";
  const POLL_MS = 1500;
  const frame = document.getElementById("frame");
  const recipient = document.getElementById("recipient");
  const recipients = document.getElementById("recipients");
  const chosen = document.getElementById("recipient-chosen");
  const drop = document.getElementById("drop");
  const picker = document.getElementById("files");
  const uploads = document.getElementById("uploads");
  const body = document.querySelector("#deposits tbody");
  const empty = document.getElementById("empty");

  // Choices made at deposit time wait (in this browser) until the draft exists.
  const pending = () => JSON.parse(localStorage.getItem(CHOICES) || "{}");
  const keep = (all) => localStorage.setItem(CHOICES, JSON.stringify(all));

  function choice() {
    const wanted = {};
    if (frame.value) wanted.billing_frame = frame.value;
    const siret = recipient.value.replace(/\s/g, "");
    if (/^\d{14}$/.test(siret)) wanted.buyer_siret = siret;
    return wanted;
  }

  let searchTimer = null;
  recipient.addEventListener("input", () => {
    clearTimeout(searchTimer);
    const q = recipient.value.trim();
    chosen.textContent = "";
    if (q.length < 2 || /^\d{14}$/.test(q.replace(/\s/g, ""))) return;
    searchTimer = setTimeout(async () => {
      const r = await call("GET", "/ui/directory/structures?q=" + encodeURIComponent(q));
      if (!r.ok) return;
      recipients.replaceChildren(...r.body.map((s) =>
        el("option", { value: s.siret }, s.name + (s.active ? "" : " (inactive)"))));
    }, 250);
  });
  recipient.addEventListener("change", () => {
    const option = [...recipients.options].find((o) => o.value === recipient.value);
    chosen.textContent = option ? "Destinataire : " + option.textContent : "";
  });

  function upload(file) {
    const bar = el("progress", { max: "100", value: "0", "aria-label": "Envoi de " + file.name });
    const state = el("span", { className: "state" }, "Envoi…");
    const item = el("li", { dataset: { file: file.name } }, el("span", { className: "name" }, file.name), bar, state);
    uploads.prepend(item);
    const wanted = choice();
    const form = new FormData();
    form.append("file", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/ui/documents");
    xhr.setRequestHeader("X-CSRF-Token", csrf);
    xhr.responseType = "json";
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total);
    });
    xhr.addEventListener("load", () => {
      const answer = xhr.response || {};
      bar.value = 100;
      if (xhr.status === 202 || xhr.status === 200) {
        state.textContent = xhr.status === 200 ? "Déjà déposé : voir la liste" : "Envoyé, lecture en cours";
        item.classList.add("sent");
        if (Object.keys(wanted).length) keep({ ...pending(), [answer.id]: wanted });
      } else {
        const error = answer.error || { code: "bad_upload", message: "" };
        const a = advise(error.code, error.message);
        state.textContent = a.title + " Que faire : " + a.todo;
        item.classList.add("failed");
      }
      refresh();
    });
    xhr.addEventListener("error", () => {
      state.textContent = "L'envoi a échoué (réseau). Que faire : réessayez le dépôt.";
      item.classList.add("failed");
    });
    xhr.send(form);
  }

  function uploadAll(files) {
    for (const file of files) upload(file);
  }

  picker.addEventListener("change", () => {
    uploadAll(picker.files);
    picker.value = "";
  });
  drop.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      picker.click();
    }
  });
  for (const name of ["dragenter", "dragover"]) {
    drop.addEventListener(name, (e) => {
      e.preventDefault();
      drop.classList.add("over");
    });
  }
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    uploadAll(e.dataTransfer.files);
  });

  function row(d) {
    const inv = d.invoice;
    const status = vocabulary.document_status[d.status] || d.status;
    const reading = el("td", { className: "status-" + d.status }, status);
    if (d.error) {
      const a = advise(d.error.code, d.error.message);
      reading.append(el("span", { className: "problem" }, a.title),
        el("span", { className: "todo" }, "Que faire : " + a.todo));
    }
    const invStatus = inv ? vocabulary.invoice_status[inv.status] || inv.status : "—";
    const action = d.status === "done"
      ? el("a", { href: "/documents/" + d.id }, inv && inv.status === "brouillon" ? "Vérifier et compléter" : "Voir")
      : el("a", { href: "/documents/" + d.id }, "Détail");
    return el("tr", { dataset: { document: d.id, status: d.status } },
      el("td", { className: "file" }, d.filename),
      el("td", {}, when(d.created_at)),
      reading,
      el("td", {}, inv ? (inv.invoice_number || "—") + (inv.total_ttc ? " · " + inv.total_ttc + " TTC" : "") : "—"),
      el("td", { className: "invoice-status" }, invStatus),
      el("td", { className: "num" }, inv ? String(inv.blockers) : "—"),
      el("td", {}, action));
  }

  async function applyChoices(rows) {
    const all = pending();
    let changed = false;
    for (const d of rows) {
      const wanted = all[d.id];
      if (!wanted || d.status === "queued" || d.status === "processing") continue;
      if (d.invoice && d.invoice.status === "brouillon") {
        await call("PATCH", "/ui/invoices/" + d.invoice.id, { fields: wanted });
      }
      delete all[d.id];
      changed = true;
    }
    if (changed) keep(all);
    return changed;
  }

  function show(rows) {
    body.replaceChildren(...rows.map(row));
    empty.hidden = rows.length > 0;
  }

  let polling = null;
  async function refresh() {
    const r = await call("GET", "/ui/documents");
    if (!r.ok) return;
    if (await applyChoices(r.body)) return refresh();
    show(r.body);
    const busy = r.body.some((d) => d.status === "queued" || d.status === "processing");
    clearTimeout(polling);
    polling = setTimeout(refresh, busy ? POLL_MS : POLL_MS * 4);
  }

  show(JSON.parse(document.getElementById("rows").textContent));
  refresh();
})();
