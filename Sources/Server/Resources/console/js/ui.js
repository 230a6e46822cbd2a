// Small DOM helpers: elements are built with textContent, never innerHTML, so names and plates from the
// database can never become markup.
import { message, t, tv } from "./i18n.js";
import { mediaURL } from "./api.js";

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value == null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key in node && typeof value !== "string") node[key] = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child == null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

const svgNS = "http://www.w3.org/2000/svg";
export function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(svgNS, tag);
  for (const [key, value] of Object.entries(attributes)) if (value != null) node.setAttribute(key, value);
  for (const child of children.flat()) if (child != null) node.append(child instanceof Node ? child : String(child));
  return node;
}

const pad = (n) => String(n).padStart(2, "0");
/// Local time, 2026-11-30 03:12:45: officers compare with wall clocks, not with UTC.
export function when(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export const severityBadge = (severity) => el("span", { class: `sev sev-${severity}` }, tv(severity));
export const stateBadge = (state) => el("span", { class: `state state-${state}` }, tv(state));

/// What an incident is about: the plate, the person (police only), or "redacted" for community callers.
export function subjectOf(incident) {
  if (incident.plate) return incident.plate;
  if (incident.identity) return incident.identity;
  if (incident.device) return incident.device;
  return `${tv(incident.kind)} · ${t("redacted")}`;
}

/// An <img> whose source is fetched with the token; a grey "no image" box when there is none.
export function image(path, { className = "thumb", alt = "" } = {}) {
  const img = el("img", { class: className, alt, hidden: true });
  const placeholder = el("div", { class: `${className} noimg` }, t("noImage"));
  const holder = el("div", {}, img, placeholder);
  mediaURL(path).then((url) => {
    if (!url) return;
    img.src = url;
    img.hidden = false;
    placeholder.remove();
  });
  return holder;
}

/// A table row (or list item) that opens `href` with a click or with Enter, reachable with Tab.
export function linkRow(node, href) {
  node.tabIndex = 0;
  node.classList.add("link");
  node.addEventListener("click", (event) => { if (!event.target.closest("button, a")) location.hash = href; });
  node.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target === node) location.hash = href;
  });
  return node;
}

let toastTimer;
export function toast(message) {
  const box = document.getElementById("toast");
  box.textContent = message;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.textContent = ""; }, 5000);
}

/// The message a failed request leaves on a page, in the reader's language (the server's English detail, if any,
/// in the tooltip); `data-unreachable` marks it for a redraw when the server answers again.
export function failure(error) {
  return el("p", { class: "error", title: error?.message ?? null, "data-unreachable": error?.status === 0 ? "" : null }, message(error));
}

export function km(meters) { return meters == null ? "" : `${(meters / 1000).toFixed(2)} ${t("unit_km")}`; }
export function duration(seconds) {
  if (seconds == null) return "";
  const s = Math.round(seconds), [h, min, sec] = [t("unit_h"), t("unit_min"), t("unit_s")];
  return s < 60 ? `${s} ${sec}` : s < 3600 ? `${Math.floor(s / 60)} ${min} ${s % 60} ${sec}`
    : `${Math.floor(s / 3600)} ${h} ${Math.floor((s % 3600) / 60)} ${min}`;
}
