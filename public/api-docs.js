// Makes /api/docs interactive: credentials at the top, and a "Try it" form under each operation that sends
// the request with fetch and shows the answer. The page is complete without this file; everything here is
// built from the data-* attributes the server wrote (see src/server/rest/docs.rs). No inline script or
// style, so the page works under a Content-Security-Policy without 'unsafe-inline'.
"use strict";

(function () {
  const STORE = window.sessionStorage;

  function el(tag, attributes, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value);
    }
    for (const child of children || []) node.append(child);
    return node;
  }

  function labelled(text, input) {
    return el("label", {}, [el("span", { text: text }), input]);
  }

  // The bearer token and the service API key, kept for this tab only.
  function credentials() {
    const token = el("input", { type: "text", id: "docs-token", autocomplete: "off",
      placeholder: "access_token from POST /api/auth/login" });
    const apiKey = el("input", { type: "text", id: "docs-api-key", autocomplete: "off",
      placeholder: "dsk_… (for /api/ingest)" });
    token.value = STORE.getItem("docs-token") || "";
    apiKey.value = STORE.getItem("docs-api-key") || "";
    token.addEventListener("change", () => STORE.setItem("docs-token", token.value.trim()));
    apiKey.addEventListener("change", () => STORE.setItem("docs-api-key", apiKey.value.trim()));
    const panel = el("section", { id: "credentials" }, [
      el("h2", { text: "Credentials" }),
      el("p", { text: "Sent with every \"Try it\" request. Without a token, this browser's own session " +
        "(if you are signed in to the dashboard) is used." }),
      labelled("Bearer token", token),
      labelled("X-API-Key", apiKey),
    ]);
    document.querySelector("main").prepend(panel);
    return { token: token, apiKey: apiKey };
  }

  function tryForm(operation, creds) {
    const method = operation.dataset.method;
    const form = el("form", { class: "try-form" });
    const inputs = [];
    for (const row of operation.querySelectorAll("tr[data-param]")) {
      const input = el("input", { type: "text", name: row.dataset.param });
      inputs.push({ name: row.dataset.param, location: row.dataset.in, input: input });
      form.append(labelled(row.dataset.param + " (" + row.dataset.in + ")", input));
    }
    const body = operation.querySelector(".request-body");
    let bodyOf = () => undefined;
    if (body && body.dataset.contentType === "multipart/form-data") {
      const fields = [];
      for (const item of body.querySelectorAll("li[data-field]")) {
        const kind = item.dataset.kind;
        const input = kind === "file" ? el("input", { type: "file" })
          : kind === "json" ? el("textarea", { rows: "4", spellcheck: "false" }) : el("input", { type: "text" });
        fields.push({ name: item.dataset.field, kind: kind, input: input });
        form.append(labelled(item.dataset.field, input));
      }
      bodyOf = () => {
        const data = new FormData();
        for (const f of fields) {
          if (f.kind === "file" && f.input.files.length) data.append(f.name, f.input.files[0]);
          else if (f.kind !== "file" && f.input.value) data.append(f.name, f.input.value);
        }
        return data;
      };
    } else if (body) {
      const example = body.querySelector(".example");
      const text = el("textarea", { rows: "8", spellcheck: "false" });
      text.value = example ? example.textContent : "";
      form.append(labelled("Body (" + body.dataset.contentType + ")", text));
      bodyOf = () => (text.value.trim() ? text.value : undefined);
    }
    const output = el("pre", { class: "try-output", hidden: "" });
    form.append(el("button", { type: "submit", text: "Send " + method }), output);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      send(operation, inputs, bodyOf(), body, creds, output);
    });
    return el("details", { class: "try" }, [el("summary", { text: "Try it" }), form]);
  }

  async function send(operation, inputs, body, bodyElement, creds, output) {
    let path = operation.dataset.path;
    const query = new URLSearchParams();
    const headers = new Headers();
    for (const p of inputs) {
      const value = p.input.value.trim();
      if (p.location === "path") path = path.replace("{" + p.name + "}", encodeURIComponent(value));
      else if (value && p.location === "query") query.append(p.name, value);
      else if (value && p.location === "header") headers.set(p.name, value);
    }
    const token = creds.token.value.trim();
    const apiKey = creds.apiKey.value.trim();
    if (operation.dataset.security === "bearer" && token) headers.set("Authorization", "Bearer " + token);
    if (operation.dataset.security === "api_key" && apiKey) headers.set("X-API-Key", apiKey);
    if (typeof body === "string") headers.set("Content-Type", bodyElement.dataset.contentType);
    const url = path + (query.toString() ? "?" + query : "");
    output.hidden = false;
    output.textContent = operation.dataset.method + " " + url + " …";
    try {
      const response = await fetch(url, { method: operation.dataset.method, headers: headers, body: body });
      const answer = await describe(response);
      output.textContent = operation.dataset.method + " " + url + "\n" + response.status + " " +
        response.statusText + "\n\n" + answer.text;
      if (answer.download) output.append("\n", answer.download);
    } catch (error) {
      output.textContent = "The request failed: " + error;
    }
  }

  // The body as text: JSON pretty-printed (a fresh access token also goes into the token field), text as
  // it is, anything else as its size and a download link.
  async function describe(response) {
    const type = response.headers.get("content-type") || "";
    if (type.startsWith("application/json")) {
      const text = await response.text();
      try {
        const json = JSON.parse(text);
        if (json && typeof json.access_token === "string") {
          const field = document.getElementById("docs-token");
          field.value = json.access_token;
          field.dispatchEvent(new Event("change"));
        }
        return { text: JSON.stringify(json, null, 2) };
      } catch (_) {
        return { text: text };
      }
    }
    if (type.startsWith("text/")) return { text: await response.text() };
    const blob = await response.blob();
    if (!blob.size) return { text: "(no body)" };
    return {
      text: blob.size + " bytes of " + (type || "an unknown type"),
      download: el("a", { href: URL.createObjectURL(blob), download: "", text: "Download" }),
    };
  }

  document.addEventListener("DOMContentLoaded", () => {
    const creds = credentials();
    for (const operation of document.querySelectorAll("article.operation")) {
      operation.append(tryForm(operation, creds));
    }
  });
})();
