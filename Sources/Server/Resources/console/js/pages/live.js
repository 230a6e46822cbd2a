// Live alerts: incidents from the feed at the top as they are committed, then the earlier open ones.
import { get } from "../api.js";
import { alerts } from "../alerts.js";
import { t, tv } from "../i18n.js";
import { awaitingAck, orderButtons } from "../orders.js";
import { markButton, reviewMark, Selection } from "../review.js";
import { filterBar, filterNames, grouped, passes } from "../triage.js";
import { el, failure, image, linkRow, severityBadge, subjectOf, when } from "../ui.js";

const pageSize = 50;

let view = null;

export function show(main, context) {
  view = { main, context, earlier: [], orders: new Map(), list: el("ol", { class: "alerts", id: "alerts", "aria-label": t("live") }) };
  view.message = el("div");
  view.filters = Object.fromEntries([...filterNames, "unreviewed"].map((name) => [name, context.query.get(name) ?? ""]));
  view.bar = el("div");
  view.count = el("span", { class: "muted", id: "live-count" });
  view.selection = new Selection(() => view?.mark.label());
  view.mark = markButton(view.selection, reviewed, view.message);
  view.more = el("button", { type: "button", id: "earlier-more", hidden: true, onclick: () => more() }, t("more"));
  view.total = el("span", { class: "muted", id: "earlier-total" });
  const unreviewed = el("label", { class: "check" }, el("input", {
    type: "checkbox", id: "lf-unreviewed", checked: view.filters.unreviewed === "1",
    onchange: (event) => { filter({ ...view.filters, unreviewed: event.target.checked ? "1" : "" }); resume(); },
  }), t("unreviewedOnly"));
  main.append(el("div", { class: "row" }, el("h1", {}, t("live")), view.count), view.bar,
    el("div", { class: "row review-bar" }, unreviewed, view.mark.button), view.list,
    el("div", { class: "row" }, view.more, view.total), view.message);
  draw();
  resume();
}

export function leave() { view = null; }

/// The earlier open incidents' query (the caller's unreviewed ones only, when asked), with the count of all.
function earlierQuery(limit, cursor) {
  const query = new URLSearchParams({ status: "open", limit, total: "true" });
  if (view.filters.unreviewed) query.set("reviewed", "false");
  if (cursor) query.set("cursor", cursor);
  return `/api/incidents?${query}`;
}

/// Reads the earlier open incidents again (at first, after a change, and when the server answers after an outage),
/// as many as were shown (the pages loaded with "more" stay).
export function resume() {
  const current = view;
  const limit = Math.min(500, Math.max(pageSize, current.earlier.length));
  get(earlierQuery(limit)).then((page) => {
    if (view !== current) return;
    current.earlier = page.items;
    paged(page);
    current.message.replaceChildren();
    refresh();
  }).catch((error) => view === current && current.message.replaceChildren(failure(error)));
}

/// The next page of earlier incidents, appended.
async function more() {
  const current = view;
  try {
    const page = await get(earlierQuery(pageSize, current.cursor));
    if (view !== current) return;
    const known = new Set(current.earlier.map((incident) => incident.id));
    current.earlier.push(...page.items.filter((incident) => !known.has(incident.id)));
    paged(page);
    refresh();
  } catch (error) {
    if (view === current) current.message.replaceChildren(failure(error));
  }
}

function paged(page) {
  view.cursor = page.next_cursor;
  view.more.hidden = !page.next_cursor;
  view.totalCount = page.total;
}

/// Rows just marked reviewed: marked in place (the feed's too), and gone from the unreviewed view.
function reviewed(ids) {
  const now = new Date().toISOString();
  for (const incident of [...alerts.items, ...view.earlier]) if (ids.includes(incident.id)) incident.reviewed_at = now;
  resume();
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

/// New filters: kept in the address (without a new history entry or a page change) and applied.
function filter(filters) {
  view.filters = filters;
  const query = new URLSearchParams(Object.entries(filters).filter(([, value]) => value));
  history.replaceState(null, "", `#/live${String(query) ? `?${query}` : ""}`);
  draw();
}

function draw() {
  if (!view) return;
  const focused = document.activeElement?.closest?.(".alert")?.dataset.id;
  const seen = new Set(alerts.items.map((incident) => incident.id));
  const all = [...alerts.items, ...view.earlier.filter((incident) => !seen.has(incident.id))];
  // The bar is rebuilt only when its choices change, never under the officer's hand.
  const choices = JSON.stringify([view.filters, [...new Set(all.map((incident) => `${incident.camera_id}|${incident.grid}`))].sort()]);
  if (choices !== view.choices && !view.bar.contains(document.activeElement)) {
    view.choices = choices;
    view.bar.replaceChildren(filterBar(all, view.filters, filter));
  }
  const kept = (incidents) => grouped(incidents.filter((incident) => passes(incident, view.filters)
    && !(view.filters.unreviewed && incident.reviewed_at)));
  const fresh = kept(alerts.items), earlier = kept(all.slice(alerts.items.length));
  const shown = [...fresh, ...earlier].reduce((sum, group) => sum + group.count, 0);
  view.count.textContent = shown === all.length ? `${all.length} ${t("incidentsShown")}` : `${shown} / ${all.length} ${t("incidentsShown")}`;
  const rows = fresh.map(({ incident, count }) => row(incident, true, count));
  if (earlier.length) {
    rows.push(el("li", { class: "muted", role: "presentation" }, t("earlier")), ...earlier.map(({ incident, count }) => row(incident, false, count)));
  }
  if (!rows.length) rows.push(el("li", { class: "muted" }, t("noAlerts")));
  view.total.textContent = view.totalCount == null ? ""
    : `${t("earlierShown")} ${view.earlier.length} / ${view.totalCount}`;
  view.list.replaceChildren(...rows);
  if (focused) view.list.querySelector(`.alert[data-id="${focused}"]`)?.focus();
}

function row(incident, isNew, count = 1) {
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
        el("span", { class: "plate" }, subjectOf(incident)), " ",
        count > 1 ? el("span", { class: "repeat", title: t("repeats") }, `×${count}`) : null, " ", severityBadge(incident.severity), " ",
        el("span", { class: "state" }, tv(incident.status))),
      el("div", { class: "meta" }, `${when(incident.created_at)} · ${incident.camera_name ?? incident.camera_id}`,
        incident.grid ? ` · ${t("grid")} ${incident.grid}` : "", incident.reason ? ` · ${incident.reason}` : "",
        ` · ${tv(incident.type)}`)),
    el("div", { class: "row" }, reviewMark(incident), view.selection.box(incident), next ? orderButtons(view.context.me, next, refresh, { only: "ack" }) : []));
  return linkRow(item, `#/incident/${incident.id}`);
}
