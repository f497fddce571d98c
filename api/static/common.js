// Shared helpers for the pages. Data from documents is only ever written with
// textContent or attribute setters: never as markup.
"use strict";

const Ingest = (() => {
  const vocabulary = JSON.parse(document.getElementById("vocabulary").textContent);
  const csrfMeta = document.querySelector('meta[name="csrf-token"]');
  const csrf = csrfMeta ? csrfMeta.getAttribute("content") : "";

  /** An element with attributes and text children (strings become text nodes). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "className") node.className = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** JSON over fetch with the session's CSRF token; resolves {ok, status, body}. */
  async function call(method, url, body) {
    const headers = { "X-CSRF-Token": csrf, Accept: "application/json" };
    const init = { method, headers, credentials: "same-origin" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(url, init);
    } catch (e) {
      return { ok: false, status: 0, body: { error: { code: "network", message: String(e) } } };
    }
    let parsed = null;
    try {
      parsed = await response.json();
    } catch (e) {
      parsed = null;
    }
    return { ok: response.ok, status: response.status, body: parsed };
  }

  /** A code in words: {title, todo}; an unknown code keeps its message. */
  function advise(code, message) {
    const known = vocabulary.codes[code];
    if (known) return { code, title: known.title, todo: known.todo, detail: message || "" };
    return { code, title: message || code, todo: "Vérifiez le document.", detail: "" };
  }

  /** One <li> telling a problem in words, what to do, and the detail. */
  function adviceItem(item, extra) {
    const a = advise(item.code, item.message);
    const li = el("li", { dataset: { code: a.code } },
      el("span", { className: "title" }, a.title),
      el("span", { className: "todo" }, "Que faire : " + a.todo));
    if (a.detail && a.detail !== a.title) li.append(el("span", { className: "detail" }, a.detail));
    if (extra) li.append(extra);
    return li;
  }

  function fillList(list, items, render, empty) {
    list.replaceChildren(...items.map(render));
    if (!items.length && empty) list.append(el("li", { className: "none" }, empty));
  }

  function when(iso) {
    if (!iso) return "";
    const d = new Date(iso);
    return isNaN(d) ? String(iso) : d.toLocaleString("fr-FR", { dateStyle: "short", timeStyle: "short" });
  }

  return { vocabulary, csrf, el, call, advise, adviceItem, fillList, when };
})();
