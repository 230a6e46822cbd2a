// Triage on the live page: filters by camera, type, severity and grid (kept in the address, so a reload keeps
// them), and repeated hits of one subject grouped under the newest with a count.
import { t, tv } from "./i18n.js";
import { el } from "./ui.js";

const severities = ["low", "medium", "high", "critical"];
export const filterNames = ["severity", "type", "camera", "grid"];

/// Whether `incident` passes the filters (severity is a minimum: "high" keeps high and critical).
export function passes(incident, filters) {
  if (filters.severity && severities.indexOf(incident.severity) < severities.indexOf(filters.severity)) return false;
  if (filters.type && incident.type !== filters.type) return false;
  if (filters.camera && incident.camera_id !== filters.camera) return false;
  if (filters.grid && incident.grid !== filters.grid) return false;
  return true;
}

/// The subject an incident is about, for grouping: the plate or person, or (redacted) the kind at the camera.
const subjectKey = (incident) => incident.plate ?? incident.identity ?? `${incident.kind}@${incident.camera_id}`;

/// Incidents in their order with the later hits of a subject folded into its first: [[newest, count], …].
export function grouped(incidents) {
  const groups = new Map();
  for (const incident of incidents) {
    const key = subjectKey(incident);
    if (groups.has(key)) {
      groups.get(key).count += 1;
      groups.get(key).ids.push(incident.id);
    } else groups.set(key, { incident, count: 1, ids: [incident.id] });
  }
  return [...groups.values()];
}

/// The filter bar: choices from the incidents on the page (cameras and grids by name), `change` called with the
/// new filters.
export function filterBar(incidents, filters, change) {
  const cameras = new Map(incidents.map((incident) => [incident.camera_id, incident.camera_name ?? incident.camera_id]));
  const grids = [...new Set([...incidents.map((incident) => incident.grid), filters.grid].filter(Boolean))].sort();
  if (filters.camera && !cameras.has(filters.camera)) cameras.set(filters.camera, filters.camera);
  const options = {
    severity: severities.slice(1).map((value) => [value, `≥ ${tv(value)}`]),
    type: ["watchlist_hit", "cloned_plate", "alarm"].map((value) => [value, tv(value)]),
    camera: [...cameras].sort((a, b) => a[1].localeCompare(b[1])),
    grid: grids.map((grid) => [grid, grid]),
  };
  return el("form", { class: "row live-filters", id: "live-filters" }, filterNames.map((name) => {
    const select = el("select", { id: `lf-${name}`, name, onchange: (event) => change({ ...filters, [name]: event.target.value }) },
      el("option", { value: "" }, `${t(name)}: ${t("any")}`),
      options[name].map(([value, label]) => el("option", { value, selected: filters[name] === value }, label)));
    return el("label", { "aria-label": t(name) }, select);
  }));
}
