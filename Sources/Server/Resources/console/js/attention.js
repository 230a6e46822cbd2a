// What an officer must not miss, on every page: a banner for each new incident with the count not yet seen (also in
// the tab's title and beside "Live alerts"), a desktop notification where the browser grants them, the banner
// that asks for the click browsers need before the alarm may sound, and the outage banner.
import { alerts } from "./alerts.js";
import { connection } from "./connection.js";
import { t, tv } from "./i18n.js";
import { el, severityBadge, subjectOf, when } from "./ui.js";

const $ = (id) => document.getElementById(id);
const baseTitle = document.title;
let unseen = [];
let watching = () => false;

/// `isWatching()` says whether the officer is looking at the live list now (then new incidents are seen there).
export function startAttention(isWatching) {
  watching = isWatching;
  alerts.onIncident = (incident) => arrived(incident);
  alerts.onAudio = () => draw();
  // Any click, tap or key press is the gesture the browser needs to start the audio.
  for (const type of ["pointerdown", "keydown", "touchstart"]) document.addEventListener(type, () => alerts.unlock(), { capture: true });
  document.addEventListener("visibilitychange", () => { if (watching()) seen(); });
  $("unlock").addEventListener("click", () => alerts.unlock());
  $("notify").addEventListener("click", () => Notification.requestPermission().then(draw));
  connection.onChange(draw);
  setInterval(() => connection.down && draw(), 1000);
  draw();
}

/// Everything seen: the live page is open and visible, or the officer opened or dismissed the banner.
export function seen() {
  unseen = [];
  draw();
}

export function resetAttention() { unseen = []; draw(); }

/// One incident seen (its page was opened).
export function seenIncident(id) {
  if (!unseen.some((incident) => incident.id === id)) return;
  unseen = unseen.filter((incident) => incident.id !== id);
  draw();
}

function arrived(incident) {
  if (watching() && document.visibilityState === "visible") return;
  unseen = [incident, ...unseen.filter((item) => item.id !== incident.id)];
  document.body.dataset.alertShownAt = String(Date.now());
  notify(incident);
  draw();
}

function notify(incident) {
  if (!("Notification" in window) || Notification.permission !== "granted") return;
  if (document.visibilityState === "visible" && document.hasFocus()) return;
  const note = new Notification(`${t("newAlert")} · ${tv(incident.severity)}`, {
    body: `${subjectOf(incident)} · ${incident.camera_name ?? ""} · ${when(incident.created_at)}`,
    tag: `incident-${incident.id}`, requireInteraction: incident.severity === "critical",
  });
  note.onclick = () => { window.focus(); open(incident); note.close(); };
}

function open(incident) {
  seen();
  location.hash = `#/incident/${incident.id}`;
}

/// Draws the banners, the count and the title from the state; cheap, so it runs on every change.
export function draw() {
  const signedIn = !$("bar").hidden;
  const latest = unseen[0];
  const banner = $("new-alert");
  banner.hidden = !signedIn || !latest;
  banner.className = `banner new-alert b-${latest?.severity ?? "low"}`;
  banner.dataset.incident = latest?.id ?? "";
  banner.replaceChildren(...(latest ? [
    el("strong", {}, t("newAlert")), severityBadge(latest.severity),
    el("span", { class: "plate" }, subjectOf(latest)),
    el("span", {}, `${latest.camera_name ?? ""} · ${when(latest.created_at)}`),
    unseen.length > 1 ? el("span", { id: "unseen-count" }, `${unseen.length} ${t("unseen")}`) : null,
    el("span", { class: "spacer" }),
    el("button", { type: "button", class: "primary", id: "new-alert-open", onclick: () => open(latest) }, t("openIncident")),
    el("button", { type: "button", id: "new-alert-dismiss", "aria-label": t("dismiss"), onclick: seen }, "×"),
  ].filter(Boolean) : []));
  document.title = unseen.length ? `(${unseen.length}) ${baseTitle}` : baseTitle;
  const live = document.querySelector('#nav a[data-page="live"]');
  if (live) {
    live.querySelector(".count")?.remove();
    if (unseen.length) live.append(el("span", { class: "count" }, String(unseen.length)));
  }
  $("unlock").hidden = !signedIn || !alerts.blocked;
  $("unlock").textContent = t("unlockSound");
  $("notify").hidden = !signedIn || !("Notification" in window) || Notification.permission !== "default";
  $("notify").textContent = t("notifications");
  const outage = $("outage");
  outage.hidden = !connection.down;
  if (connection.down) {
    const seconds = Math.round((Date.now() - connection.since.getTime()) / 1000);
    outage.textContent = `${t("outage")} ${when(connection.since.toISOString())} (${seconds} s) · ${t("retrying")}`;
  }
}
