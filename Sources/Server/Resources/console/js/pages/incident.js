// One incident: the best frame with the box drawn, the crop, every read of the plate, and the dispatch orders
// with their transitions and the actions the caller's role may take.
import { get, mediaURL } from "../api.js";
import { seenIncident } from "../attention.js";
import { t, tv } from "../i18n.js";
import { orderButtons } from "../orders.js";
import { reviewButton } from "../review.js";
import { el, failure, image, km, severityBadge, stateBadge, subjectOf, svg, when } from "../ui.js";
import { clipPlayer } from "../video.js";

let view = null;

export async function show(main, context) {
  const id = context.arg;
  if (!/^\d+$/.test(id)) { main.append(failure({ status: 404 })); return; }
  view = { main, context, id: Number(id) };
  seenIncident(view.id);
  await reload();
}

export function leave() { view = null; }

/// The clip's player, kept across redraws (an acknowledgement elsewhere must not restart the video).
function clipOf(incident) {
  if (!incident.clip_url) return null;
  if (view && view.clip?.url !== incident.clip_url) view.clip = { url: incident.clip_url, element: clipPlayer(incident.clip_url, incident.clip_hit_offset ?? 0) };
  return view?.clip?.element ?? null;
}

/// Reads the incident again and redraws it, keeping the focus on the button (or order) it was on.
async function reload() {
  const current = view;
  if (!current) return;
  let detail;
  try {
    detail = await get(`/api/incidents/${current.id}`);
  } catch (error) {
    if (view === current) current.main.replaceChildren(failure(error));
    return;
  }
  if (view !== current) return;
  const focused = document.activeElement?.closest?.("#orders button")?.dataset;
  // A note being typed survives the redraw another unit's change causes.
  const notes = [...document.querySelectorAll(".resolve-note")].map((input) => [input.id, input.value, input === document.activeElement]);
  draw(current.main, current.context, detail);
  for (const [id, value, active] of notes) {
    const input = document.getElementById(id);
    if (!input) continue;
    input.value = value;
    if (active) input.focus();
  }
  if (focused) {
    (document.querySelector(`#orders button[data-order="${focused.order}"][data-action="${focused.action}"]`)
      ?? document.querySelector(`#orders button[data-order="${focused.order}"]`))?.focus();
  }
}

/// Live: another unit's acknowledgement, a new transition or the incident itself changing redraws the page.
export function changed(type, data) {
  if ((type === "order" && data.incident_id === view?.id) || (type === "incident" && data.id === view?.id)) reload();
}

export const resume = () => reload();

function draw(main, context, { incident, sightings, orders }) {
  const best = sightings.find((sighting) => sighting.id === incident.sighting_id) ?? sightings[0];
  // A cloned plate: the read far away, shown beside the best frame (two places at once).
  const paired = sightings.find((sighting) => sighting.id === incident.paired_sighting_id);
  const trajectory = incident.plate
    ? el("a", { href: `#/trajectory?plate=${encodeURIComponent(incident.plate)}`, id: "to-trajectory" }, t("showTrajectory"))
    : null;
  main.replaceChildren(
    el("h1", {}, `${t("incident")} #${incident.id} · `, el("span", { class: "plate" }, subjectOf(incident)), " ",
      severityBadge(incident.severity), " ", reviewButton(incident, reload)),
    el("div", { class: "grid2" },
      el("div", {},
        el("h2", {}, t("bestFrame"), best ? ` · ${best.camera_name ?? best.camera_id}` : ""),
        best ? frame(best, "best-frame") : el("p", { class: "muted" }, t("noImage")),
        clipOf(incident),
        paired ? [el("h2", {}, `${t("pairedFrame")} · ${paired.camera_name ?? paired.camera_id}`), frame(paired, "paired-frame")] : null,
        sightings.length > 1 ? filmstrip(sightings) : null),
      el("div", {},
        el("dl", { class: "facts card" },
          fact("type", tv(incident.type)), fact("status", stateBadge(incident.status)),
          fact("camera", incident.camera_name ?? incident.camera_id), fact("grid", incident.grid),
          fact("created", when(incident.created_at)), fact("lastSeen", when(incident.last_seen_at)),
          fact("watchlist", incident.watchlist), fact("reason", incident.reason),
          fact("location", incident.latitude != null ? `${incident.latitude.toFixed(5)}, ${incident.longitude.toFixed(5)}` : null)),
        trajectory && context.may("history") ? el("p", {}, trajectory) : null,
        el("div", { class: "row" },
          best?.crop_url ? el("div", {}, el("h2", {}, t("crop")), image(best.crop_url, { className: "thumb crop", alt: t("crop") })) : null,
          readsOf(sightings)),
        el("h2", {}, t("orders")),
        el("div", { id: "orders", tabindex: "-1" },
          orders.length ? orders.map((order) => orderCard(context, order)) : el("p", { class: "muted" }, t("noOrders"))))));
}

const fact = (key, value) => (value == null || value === "" ? [] : [el("dt", {}, t(key)), el("dd", { id: `fact-${key}` }, value)]);

/// The snapshot with the sighting's box: the SVG's viewBox is the image's pixel size, so the box (in the
/// snapshot's pixels) lands where it is at any display size.
function frame(sighting, id) {
  const holder = el("div", { class: "frame", id });
  mediaURL(sighting.snapshot_url).then((url) => {
    if (!url) { holder.append(el("div", { class: "thumb noimg" }, t("noImage"))); return; }
    const img = el("img", { alt: t("bestFrame") });
    img.addEventListener("load", () => {
      const { x, y, width, height } = sighting.box;
      holder.append(svg("svg", { viewBox: `0 0 ${img.naturalWidth} ${img.naturalHeight}`, preserveAspectRatio: "none", "aria-hidden": "true" },
        svg("rect", { x, y, width, height })));
    });
    img.src = url;
    holder.append(img);
  });
  return holder;
}

/// Every sighting of the incident in time order, as small pictures with their camera and time.
function filmstrip(sightings) {
  const ordered = [...sightings].sort((a, b) => Date.parse(a.best_time) - Date.parse(b.best_time));
  return el("div", {}, el("h2", {}, `${sightings.length} ${t("sightings")}`),
    el("ol", { class: "filmstrip", id: "filmstrip" }, ordered.map((sighting) => el("li", { "data-sighting": sighting.id },
      image(sighting.snapshot_url, { className: "thumb", alt: t("bestFrame") }),
      el("div", { class: "muted" }, `${when(sighting.best_time).slice(11)} · ${sighting.camera_name ?? sighting.camera_id}`)))));
}

function readsOf(sightings) {
  const reads = [...new Set(sightings.flatMap((sighting) => sighting.reads ?? (sighting.plate ? [sighting.plate] : [])))];
  if (!reads.length) return null;
  return el("div", {}, el("h2", {}, t("reads")), el("ul", { class: "reads", id: "reads" }, reads.map((read) => el("li", { class: "plate" }, read))));
}

function orderCard(context, order) {
  const redraw = async () => {
    await reload();
    (document.querySelector(`#orders button[data-order="${order.id}"]`) ?? document.getElementById("orders"))?.focus();
  };
  return el("div", { class: "order card", "data-order-id": order.id },
    el("div", { class: "row" }, el("strong", {}, order.force_name ?? order.force_id),
      order.force_type ? el("span", { class: "muted" }, t(`force_${order.force_type}`)) : null,
      stateBadge(order.state), order.distance_meters != null ? el("span", { class: "muted" }, km(order.distance_meters)) : null,
      order.deadline ? el("span", { class: "muted" }, `${t("deadline")} ${when(order.deadline)}`) : null),
    el("div", { class: "row actions" }, orderButtons(context.me, order, redraw),
      order.state === "acknowledged" || order.state === "on_scene"
        ? el("input", { id: `note-${order.id}`, class: "resolve-note", maxlength: 2000, placeholder: t("resolveNote"), "aria-label": t("resolveNote") })
        : null),
    el("table", {}, el("thead", {}, el("tr", {}, ["time", "transitions", "actor", "note"].map((key) => el("th", {}, t(key))))),
      el("tbody", {}, order.transitions.map((step) => el("tr", {},
        el("td", {}, when(step.at)), el("td", {}, `${tv(step.from ?? "")} → ${tv(step.to)}`), el("td", {}, actorName(step.actor, order)),
        el("td", {}, noteText(step)))))));
}

/// Who made a change, in words: the system's parts by what they do, a person by name and role, a unit by its name.
function actorName(actor, order) {
  if (!actor) return "";
  if (["dispatcher", "delivery", "escalation"].includes(actor)) return t(`actor_${actor}`);
  const colon = actor.indexOf(":");
  if (colon > 0) return `${actor.slice(colon + 1)} (${t(`role_${actor.slice(0, colon)}`)})`;
  return actor === order.force_id ? order.force_name ?? actor : actor;
}

/// A note the dispatcher wrote, from its code in the reader's language; a person's note as it was written.
function noteText(step) {
  const note = step.note_code;
  if (!note) return step.note ?? "";
  if (note.code !== "planned") return t(`note_${note.code}`);
  return [note.rule ? `${t("note_rule")} ${note.rule}` : t("note_planned"), `${t("note_tier")} ${note.tier}`,
    note.meters != null ? km(note.meters) : null].filter(Boolean).join(" · ");
}
