// The trajectory of a plate or a watchlist identity: camera positions plotted from their coordinates, the passes
// joined in time order, and each leg with its distance, time and speed; legs too fast to drive are marked.
import { get } from "../api.js";
import { t } from "../i18n.js";
import { duration, el, failure, km, linkRow, svg, when } from "../ui.js";

export async function show(main, { query }) {
  const plate = query.get("plate") ?? "", identity = query.get("identity") ?? "", fuzzy = query.get("fuzzy") ?? "";
  const form = el("form", { class: "row card", id: "trajectory-form" },
    el("label", { for: "t-plate" }, t("plate")), el("input", { id: "t-plate", name: "plate", value: plate }),
    el("label", { for: "t-fuzzy" }, t("fuzzy")),
    el("select", { id: "t-fuzzy", name: "fuzzy" }, ["", "1", "2"].map((v) => el("option", { value: v, selected: v === fuzzy }, v || "0"))),
    el("label", { for: "t-identity" }, t("identityId")), el("input", { id: "t-identity", name: "identity", value: identity, size: 6 }),
    el("button", { type: "submit", class: "primary" }, t("search")), el("span", { class: "muted" }, t("trajectoryHelp")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = new URLSearchParams([...new FormData(form)].filter(([, value]) => value.trim() !== ""));
    location.hash = `#/trajectory?${next}`;
  });
  main.append(el("h1", {}, t("trajectory")), form);
  if (!plate && !identity) return;
  const path = plate
    ? `/api/plates/${encodeURIComponent(plate)}/trajectory${fuzzy ? `?fuzzy=${fuzzy}` : ""}`
    : `/api/identities/${encodeURIComponent(identity)}/trajectory`;
  try {
    draw(main, await get(path));
    if (plate) main.append(el("p", {}, el("a", { href: `#/map?plate=${encodeURIComponent(plate)}`, id: "trajectory-on-map" }, t("onMap"))));
  } catch (error) {
    main.append(failure(error));
  }
}

function draw(main, trajectory) {
  const { points, legs } = trajectory;
  if (!points.length) { main.append(el("p", { class: "muted" }, t("noPoints"))); return; }
  const names = new Map(points.map((point) => [point.camera_id, point.camera_name ?? point.camera_id]));
  main.append(...[
    el("h2", {}, `${trajectory.subject} · ${points.length} ${t("points")} · ${t("speedLimit")} ${trajectory.speed_limit_kmh} km/h`),
    trajectory.truncated ? el("p", { class: "error" }, t("truncated")) : null,
    el("div", { class: "trajectory" }, plot(points, legs),
      el("div", { class: "scroll" }, el("table", { id: "trajectory-legs" },
        el("thead", {}, el("tr", {}, ["legs", "distance", "seconds", "speed"].map((key) => el("th", {}, t(key))))),
        el("tbody", {}, legs.map((leg) => el("tr", { class: leg.impossible ? "impossible" : null },
          el("td", {}, `${names.get(leg.from_camera) ?? leg.from_camera} → ${names.get(leg.to_camera) ?? leg.to_camera}`,
            leg.impossible ? el("div", {}, el("strong", {}, `⚠ ${t("impossible")}`)) : null),
          el("td", { class: "num" }, km(leg.distance_meters)), el("td", { class: "num" }, duration(leg.seconds)),
          el("td", { class: "num" }, leg.speed_kmh == null ? "" : `${Math.round(leg.speed_kmh)} km/h`))))))),
    el("h2", {}, t("points")),
    el("table", { id: "trajectory-points" },
      el("thead", {}, el("tr", {}, el("th", { class: "num" }, "#"), ["time", "camera", "plate"].map((key) => el("th", {}, t(key))))),
      el("tbody", {}, points.map((point, index) => {
        const row = el("tr", {}, el("td", { class: "num" }, index + 1), el("td", {}, when(point.best_time)),
          el("td", {}, point.camera_name ?? point.camera_id), el("td", { class: "plate" }, point.plate ?? point.identity ?? ""));
        return point.incident_id ? linkRow(row, `#/incident/${point.incident_id}`) : row;
      }))),
  ].filter(Boolean));
}

/// Cameras as points of an equirectangular projection (longitude scaled by the cosine of the latitude: at city
/// scale that is true to distance), the path as one segment per leg.
function plot(points, legs) {
  const width = 800, height = 420, margin = 50;
  const cameras = new Map();
  for (const point of points) {
    if (point.latitude == null || point.longitude == null) continue;
    cameras.set(point.camera_id, { id: point.camera_id, name: point.camera_name ?? point.camera_id, lat: point.latitude, lon: point.longitude });
  }
  const all = [...cameras.values()];
  if (!all.length) return el("p", { class: "muted" }, t("noPoints"));
  const meanLat = all.reduce((sum, camera) => sum + camera.lat, 0) / all.length;
  const k = Math.cos((meanLat * Math.PI) / 180);
  const xs = all.map((camera) => camera.lon * k), ys = all.map((camera) => camera.lat);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.min((width - 2 * margin) / (maxX - minX || 1e-6), (height - 2 * margin) / (maxY - minY || 1e-6));
  const project = (camera) => [
    margin + (camera.lon * k - minX) * scale + ((width - 2 * margin) - (maxX - minX) * scale) / 2,
    height - margin - (camera.lat - minY) * scale - ((height - 2 * margin) - (maxY - minY) * scale) / 2,
  ];
  const byId = (id) => points.find((point) => point.id === id);
  const segments = legs.map((leg) => {
    const from = cameras.get(byId(leg.from_sighting_id)?.camera_id), to = cameras.get(byId(leg.to_sighting_id)?.camera_id);
    if (!from || !to) return null;
    const [x1, y1] = project(from), [x2, y2] = project(to);
    return svg("line", { x1, y1, x2, y2, class: leg.impossible ? "leg impossible" : "leg", "marker-end": "url(#arrow)" });
  });
  const order = new Map();
  points.forEach((point, index) => order.set(point.camera_id, [...(order.get(point.camera_id) ?? []), index + 1]));
  return svg("svg", { class: "plot", id: "trajectory-plot", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": t("trajectory") },
    svg("defs", {}, svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "22", refY: "5", markerWidth: "4", markerHeight: "4", orient: "auto-start-reverse" },
      svg("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "#9fb0c0" }))),
    segments,
    all.map((camera) => {
      const [x, y] = project(camera);
      return svg("g", { class: "camera", "data-camera": camera.id },
        svg("circle", { cx: x, cy: y, r: 7, class: "cam" }),
        svg("text", { x: x + 10, y: y - 8, class: "cam-label" }, camera.name),
        svg("text", { x: x + 10, y: y + 14, class: "step" }, order.get(camera.id).join(", ")));
    }));
}
