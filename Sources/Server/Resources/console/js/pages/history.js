// Incident history: the API's filters, keyset pages (next_cursor) and the CSV export of the same filter.
import { download, get, post } from "../api.js";
import { t, tv } from "../i18n.js";
import { markButton, reviewMark, Selection } from "../review.js";
import { el, failure, image, linkRow, severityBadge, subjectOf, when } from "../ui.js";

const choices = {
  kind: ["plate", "face", "motion", "alarm"],
  type: ["watchlist_hit", "cloned_plate", "alarm"],
  severity: ["critical", "high", "medium", "low"],
  status: ["open", "acknowledged", "resolved"],
  fuzzy: ["1", "2"],
};
const textFields = ["plate", "subject", "camera", "watchlist", "grid"];
const timeFields = ["from", "to"];
/// A whole mainland plate (province, letter, five or six more): anything shorter is a part, searched as `*part*`.
const wholePlate = /^[\u4e00-\u9fff][A-Z][A-Z0-9\u4e00-\u9fff]{5,6}$/;
/// The quick ranges: where each starts (it ends now).
const ranges = {
  lastHour: () => new Date(Date.now() - 3600e3),
  today: () => { const d = new Date(); d.setHours(0, 0, 0, 0); return d; },
  lastDay: () => new Date(Date.now() - 86400e3),
  lastWeek: () => new Date(Date.now() - 7 * 86400e3),
};

export function show(main, { query, may, me }) {
  const form = el("form", { class: "filters card", id: "history-filters" });
  // Community forces see no identity or list, and may not filter by them either (the API answers 403).
  const hidden = me?.role === "community" ? ["subject", "watchlist"] : [];
  for (const name of textFields.filter((name) => !hidden.includes(name))) {
    form.append(field(name, el("input", { name, value: query.get(name) ?? "", id: `f-${name}`, placeholder: t(`hint_${name}`),
      list: name === "camera" ? "camera-names" : null })));
  }
  // Cameras by name: the field offers every camera's name (its id is what the filter sends).
  const names = el("datalist", { id: "camera-names" });
  form.append(names);
  if (may("operations")) {
    get("/api/map").then((map) => names.replaceChildren(...map.cameras.map((camera) => el("option", { value: camera.id }, camera.name))))
      .catch(() => {});
  }
  for (const [name, values] of Object.entries(choices)) {
    const select = el("select", { name, id: `f-${name}` }, el("option", { value: "" }, t("any")),
      values.map((value) => el("option", { value, selected: query.get(name) === value }, name === "fuzzy" ? value : tv(value))));
    form.append(field(name, select));
  }
  for (const name of timeFields) {
    form.append(field(name, el("input", { name, type: "datetime-local", id: `f-${name}`, value: localInput(query.get(name)) })));
  }
  // The signed-in user's own queue: what they have not yet marked reviewed.
  form.append(el("label", { class: "check", for: "f-reviewed" },
    el("input", { type: "checkbox", name: "reviewed", value: "false", id: "f-reviewed", checked: query.get("reviewed") === "false" }),
    t("unreviewedOnly")));
  form.append(field("order", el("select", { name: "order", id: "f-order" },
    el("option", { value: "desc" }, t("newest")), el("option", { value: "asc", selected: query.get("order") === "asc" }, t("oldest")))));
  // Exports are the investigator's (the history capability); others are not offered the button.
  const exportButton = el("button", { type: "button", id: "export-csv", hidden: !may("history") }, t("exportCsv"));
  form.append(el("div", { class: "actions" },
    el("button", { type: "submit", class: "primary" }, t("search")),
    el("button", { type: "button", onclick: () => { location.hash = "#/history"; } }, t("reset")),
    exportButton));
  // One click for the usual windows: from that time until now.
  const quick = el("div", { class: "row quick", id: "quick-ranges" }, el("span", { class: "muted" }, t("quickRange")),
    Object.entries(ranges).map(([key, start]) => el("button", { type: "button", "data-range": key, onclick: () => {
      form.elements.from.value = localInput(start().toISOString());
      form.elements.to.value = "";
      form.requestSubmit();
    } }, t(key))));
  form.append(quick);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = `#/history?${filters(form)}`;
  });

  const body = el("tbody", { id: "history-rows" });
  const count = el("span", { class: "muted", id: "history-count" });
  const more = el("button", { type: "button", id: "history-more", hidden: true }, t("more"));
  const message = el("div");
  const selection = new Selection(() => mark.label());
  const unreviewedOnly = query.get("reviewed") === "false";
  // Marked rows show it at once; in the unreviewed view they leave the list.
  const mark = markButton(selection, (ids) => {
    for (const id of ids) {
      const tr = body.querySelector(`tr[data-id="${id}"]`);
      if (unreviewedOnly) tr?.remove(); else tr?.querySelector(".review")?.replaceWith(reviewMark({ reviewed_at: new Date().toISOString() }));
    }
  }, message);
  // A pattern is said in words: what `*` and `?` stand for, and that a part of a plate was widened to one.
  const plate = query.get("plate") ?? "";
  const note = /[*?]/.test(plate) ? el("p", { class: "muted", id: "plate-note" }, t("platePattern").replace("{p}", plate)) : null;
  // Investigators and admins: a row's recording around it, played here from a footage link.
  const recording = may("history") ? el("div", { id: "history-recording" }) : null;
  // (DOM append writes a null as the text "null": what a role or a query leaves out is filtered out first.)
  main.append(...[el("h1", {}, t("history")), form, note, recording].filter(Boolean), el("div", { class: "row review-bar" }, mark.button),
    el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, ""), el("th", {}, t("image")), [
      "time", "subject", "severity", "type", "status", "camera", "grid", "reason", "review",
    ].map((key) => el("th", {}, t(key))), recording ? el("th", {}, t("recording")) : null)), body),
    el("div", { class: "row" }, more, count), message);

  const filter = new URLSearchParams([...query].filter(([, value]) => value !== ""));
  let shown = 0, total = null;
  const load = async (cursor) => {
    const page = new URLSearchParams(filter);
    page.set("limit", "50");
    if (cursor) page.set("cursor", cursor); else page.set("total", "true");
    try {
      const result = await get(`/api/incidents?${page}`);
      body.append(...result.items.map((incident) => row(incident, selection, recording)));
      shown += result.items.length;
      total = result.total ?? total;
      count.textContent = total == null ? `${shown} ${t("results")}` : `${shown} / ${total} ${t("results")}`;
      more.hidden = !result.next_cursor;
      more.onclick = () => load(result.next_cursor);
    } catch (error) {
      message.replaceChildren(failure(error));
    }
  };
  // The CSV's times in the viewer's zone (the file says which, as an offset).
  const zone = new URLSearchParams(filter);
  zone.set("tz", Intl.DateTimeFormat().resolvedOptions().timeZone);
  exportButton.addEventListener("click", () => download(`/api/incidents.csv?${zone}`, "incidents.csv")
    .catch((error) => message.replaceChildren(failure(error))));
  load(null);
}

function field(name, control) {
  return el("label", { for: control.id }, t(name), control);
}

/// The form as the API's query: times as ISO 8601 with the browser's zone, empty fields left out.
function filters(form) {
  const query = new URLSearchParams();
  for (const [name, value] of new FormData(form)) {
    if (value === "") continue;
    if (timeFields.includes(name)) query.set(name, new Date(value).toISOString().replace(/\.\d{3}Z$/, "Z"));
    else query.set(name, value.trim());
  }
  // A part of a plate finds the plates that contain it (not none, as an exact match would), unless it is fuzzy.
  const plate = (query.get("plate") ?? "").toUpperCase().replace(/[\s·-]/g, "");
  if (plate && !/[*?]/.test(plate) && !query.get("fuzzy") && !wholePlate.test(plate)) query.set("plate", `*${plate}*`);
  if (query.get("order") === "desc") query.delete("order");
  return query;
}

function localInput(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

function row(incident, selection, recording) {
  return linkRow(el("tr", { "data-id": incident.id, "data-camera": incident.camera_id },
    el("td", {}, selection.box(incident)),
    el("td", {}, image(incident.crop_url ?? incident.snapshot_url, { className: "thumb mini", alt: t("crop") })),
    el("td", {}, when(incident.created_at)),
    el("td", { class: "plate" }, subjectOf(incident)),
    el("td", {}, severityBadge(incident.severity)),
    el("td", {}, tv(incident.type)),
    el("td", {}, tv(incident.status)),
    el("td", {}, incident.camera_name ?? incident.camera_id),
    el("td", { class: "grid" }, incident.grid ?? ""),
    el("td", {}, incident.reason ?? ""),
    el("td", {}, reviewMark(incident)),
    recording ? el("td", {}, el("button", { type: "button", class: "link", "data-recording": incident.id,
      onclick: (event) => { event.stopPropagation(); playAround(incident, recording); } }, t("aroundIt"))) : null),
  `#/incident/${incident.id}`);
}

/// The camera's continuous recording from 30 s before the incident to 30 s after its last sighting, played above the
/// table from a footage link (seekable by range); a time with no recording says so.
async function playAround(incident, holder) {
  const start = new Date(new Date(incident.created_at).getTime() - 30000);
  const end = new Date(new Date(incident.last_seen_at ?? incident.created_at).getTime() + 30000);
  const path = `/api/cameras/${encodeURIComponent(incident.camera_id)}/recording.mp4?from=${encodeURIComponent(start.toISOString())}`
    + `&to=${encodeURIComponent(end.toISOString())}`;
  const note = el("p", { class: "muted", id: "history-recording-note" }, `${incident.camera_name ?? incident.camera_id} · ${when(start.toISOString())} – ${when(end.toISOString())}`);
  const video = el("video", { id: "history-recording-video", controls: true, autoplay: true, muted: true, playsinline: true });
  video.addEventListener("error", () => { note.textContent = `${note.textContent} · ${t("noRecording")}`; });
  holder.replaceChildren(el("div", { class: "card" }, note, video));
  try {
    video.src = (await post("/api/media-links", { path })).url;
  } catch (error) {
    holder.replaceChildren(failure(error));
  }
}
