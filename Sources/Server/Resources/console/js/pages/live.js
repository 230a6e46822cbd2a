// Live alerts: incidents from the feed at the top as they are committed, then the earlier open ones.
import { get } from "../api.js";
import { alerts } from "../alerts.js";
import { t, tv } from "../i18n.js";
import { awaitingAck, orderButtons } from "../orders.js";
import { el, failure, image, linkRow, severityBadge, subjectOf, when } from "../ui.js";

let view = null;

export function show(main, context) {
  view = { main, context, earlier: [], orders: new Map(), list: el("ol", { class: "alerts", id: "alerts", "aria-label": t("live") }) };
  view.message = el("div");
  main.append(el("h1", {}, t("live")), view.list, view.message);
  draw();
  resume();
}

export function leave() { view = null; }

/// Reads the earlier open incidents again (at first, and when the server answers after an outage).
export function resume() {
  const current = view;
  get("/api/incidents?status=open&limit=20").then((page) => {
    if (view !== current) return;
    current.earlier = page.items;
    current.message.replaceChildren();
    refresh();
  }).catch((error) => view === current && current.message.replaceChildren(failure(error)));
}

/// A new incident, or an order's change (which may close an earlier incident: the list is read again).
export function changed(type) {
  if (type === "order") resume(); else refresh();
}

/// Redraws (a new event, an order changed); keeps the focus on the row it was on.
export async function refresh() {
  if (!view) return;
  const ids = [...alerts.items, ...view.earlier].map((incident) => incident.id);
  if (ids.length && view.context.may("orders")) {
    try {
      const orders = await get(`/api/orders?limit=500&incident=${ids.slice(0, 100).join(",")}`);
      view.orders = group(orders);
    } catch { /* the list still shows without buttons */ }
  }
  draw();
}

/// Orders by incident (Map.groupBy is too new for some of the browsers in the field).
function group(orders) {
  const map = new Map();
  for (const order of orders) map.set(order.incident_id, [...(map.get(order.incident_id) ?? []), order]);
  return map;
}

function draw() {
  if (!view) return;
  const focused = document.activeElement?.closest?.(".alert")?.dataset.id;
  const seen = new Set(alerts.items.map((incident) => incident.id));
  const earlier = view.earlier.filter((incident) => !seen.has(incident.id));
  const rows = alerts.items.map((incident) => row(incident, true));
  if (earlier.length) rows.push(el("li", { class: "muted", role: "presentation" }, t("earlier")), ...earlier.map((incident) => row(incident, false)));
  if (!rows.length) rows.push(el("li", { class: "muted" }, t("noAlerts")));
  view.list.replaceChildren(...rows);
  if (focused) view.list.querySelector(`.alert[data-id="${focused}"]`)?.focus();
}

function row(incident, isNew) {
  const orders = view.orders.get(incident.id) ?? [];
  const next = orders.find((order) => awaitingAck(order));
  const fresh = alerts.fresh.has(incident.id);
  alerts.fresh.delete(incident.id);
  const item = el("li", {
    class: `alert b-${incident.severity}${fresh ? " fresh" : ""}`, "data-id": incident.id, "data-new": isNew ? "1" : null,
    "data-status": incident.status,
    "aria-label": `${t("incident")} ${incident.id}: ${subjectOf(incident)}, ${tv(incident.severity)}`,
  },
    image(incident.snapshot_url, { className: "thumb snapshot", alt: t("bestFrame") }),
    image(incident.crop_url, { className: "thumb crop", alt: t("crop") }),
    el("div", {},
      el("div", { class: "title" }, isNew ? el("span", { class: "sev sev-critical" }, t("newAlert")) : null, " ",
        el("span", { class: "plate" }, subjectOf(incident)), " ", severityBadge(incident.severity), " ",
        el("span", { class: "state" }, tv(incident.status))),
      el("div", { class: "meta" }, `${when(incident.created_at)} · ${incident.camera_name ?? incident.camera_id}`,
        incident.grid ? ` · ${t("grid")} ${incident.grid}` : "", incident.reason ? ` · ${incident.reason}` : "",
        ` · ${tv(incident.type)}`)),
    el("div", { class: "row" }, next ? orderButtons(view.context.me, next, refresh, { only: "ack" }) : []));
  return linkRow(item, `#/incident/${incident.id}`);
}
