// The duty officer's map, drawn offline from what the server knows (nothing from the internet): the grids' outlines
// from the dispatch configuration, the cameras at their positions coloured by state, the units by type and state, and
// the open incidents by severity (a click or Enter opens one), over the operator's own tiles when `http.map_tiles` is
// set. `#/map?plate=…` adds that plate's trajectory. Redrawn on every incident or order.
import { get, mediaURL } from "../api.js";
import { t, tv } from "../i18n.js";
import { el, failure, subjectOf, svg } from "../ui.js";

const width = 1000, height = 600, tile = 256;
let view = null;

export function show(main, { query, may }) {
  const plate = query.get("plate") ?? "";
  view = { main, plate: plate && may("trajectories") ? plate : "", plot: svg("svg", { class: "map", id: "map", role: "img", "aria-label": t("map") }), legend: el("div", { class: "row legend" }),
    message: el("div") };
  main.append(el("h1", {}, t("map")), view.legend, view.plot, view.message);
  resume();
  view.timer = setInterval(resume, 10000);
}

export function leave() {
  clearInterval(view?.timer);
  view = null;
}

/// Reads the map and the open incidents again (at first, every 10 s, after an outage, on the feed's events).
export async function resume() {
  const current = view;
  if (!current) return;
  try {
    const [map, open, trail] = await Promise.all([get("/api/map"), get("/api/incidents?status=open&limit=200"),
      current.plate ? get(`/api/plates/${encodeURIComponent(current.plate)}/trajectory`) : null]);
    // Redrawn only when something changed, so a marker is not replaced under the pointer.
    const drawn = JSON.stringify([map, open.items, trail]);
    if (view !== current || drawn === current.drawn) return;
    current.drawn = drawn;
    await draw(current, map, open.items, trail?.points ?? []);
    current.message.replaceChildren();
  } catch (error) {
    if (view === current) current.message.replaceChildren(failure(error));
  }
}

export function changed() { resume(); }

/// Longitude and latitude to a 1000x600 picture: equirectangular, east-west shrunk by the cosine of the latitude
/// (a district of a few kilometres keeps its shape), the whole fitted and centred, so labels keep their size.
function projection(points) {
  const lons = points.map(([lon]) => lon), lats = points.map(([, lat]) => lat);
  const [west, east, south, north] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const shrink = Math.cos(((north + south) / 2) * Math.PI / 180);
  const span = [Math.max((east - west) * shrink, 0.001), Math.max(north - south, 0.001)];
  const scale = Math.min((width - 60) / span[0], (height - 60) / span[1]);
  const [left, top] = [(width - span[0] * scale) / 2, (height - span[1] * scale) / 2];
  return ([lon, lat]) => [(left + (lon - west) * shrink * scale).toFixed(1), (top + (north - lat) * scale).toFixed(1)];
}

/// Web Mercator at zoom `z` in world pixels (256 a tile), as tiles are cut.
function mercator([lon, lat], z) {
  const size = tile * 2 ** z, sin = Math.sin((Math.max(-85, Math.min(85, lat)) * Math.PI) / 180);
  return [((lon + 180) / 360) * size, (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * size];
}

/// With tiles, the largest whole zoom within the tiles' levels at which every point fits, centred: tiles are drawn
/// at their own scale under the same projection as the marks.
function tiled(points, source) {
  let z = source.min_zoom;
  while (z < source.max_zoom) {
    const xy = points.map((point) => mercator(point, z + 1));
    const xs = xy.map(([x]) => x), ys = xy.map(([, y]) => y);
    if (Math.max(...xs) - Math.min(...xs) > width - 60 || Math.max(...ys) - Math.min(...ys) > height - 60) break;
    z += 1;
  }
  const xy = points.map((point) => mercator(point, z));
  const xs = xy.map(([x]) => x), ys = xy.map(([, y]) => y);
  const left = (Math.min(...xs) + Math.max(...xs) - width) / 2, top = (Math.min(...ys) + Math.max(...ys) - height) / 2;
  const at = (point) => mercator(point, z).map((value, axis) => (value - (axis ? top : left)).toFixed(1));
  return { at, z, left, top };
}

/// The operator's tiles under the picture, fetched with the token as every API route is.
async function tileImages(source, frame) {
  const count = 2 ** frame.z, wanted = [];
  for (let x = Math.floor(frame.left / tile); x <= Math.floor((frame.left + width) / tile); x++) {
    for (let y = Math.floor(frame.top / tile); y <= Math.floor((frame.top + height) / tile); y++) {
      if (x < 0 || y < 0 || x >= count || y >= count) continue;
      const path = source.url.replace("{z}", frame.z).replace("{x}", x).replace("{y}", y);
      wanted.push(mediaURL(path).then((href) => href && svg("image", {
        href, x: x * tile - frame.left, y: y * tile - frame.top, width: tile, height: tile })));
    }
  }
  return (await Promise.all(wanted)).filter(Boolean);
}

/// A unit without a position of its own (a grid worker, volunteers) stands at its grid's centre, marked as such.
function placeUnits(map) {
  const centres = new Map(map.grids.map((grid) => [grid.id, grid.polygon.reduce(([lon, lat], [x, y]) =>
    [lon + x / grid.polygon.length, lat + y / grid.polygon.length], [0, 0])]));
  return map.units.map((unit) => unit.latitude != null || !centres.has(unit.grid) ? unit
    : { ...unit, longitude: centres.get(unit.grid)[0], latitude: centres.get(unit.grid)[1], inGrid: true });
}

async function draw(current, map, incidents, trail) {
  const cameras = map.cameras.filter((camera) => camera.latitude != null);
  const everyUnit = placeUnits(map), units = everyUnit.filter((unit) => unit.latitude != null);
  const unplaced = [...map.cameras, ...everyUnit].filter((item) => item.latitude == null).map((item) => item.name);
  const placed = incidents.filter((incident) => incident.latitude != null);
  const passes = trail.filter((point) => point.latitude != null);
  const points = [...map.grids.flatMap((grid) => grid.polygon), ...[...cameras, ...units, ...placed, ...passes].map((p) => [p.longitude, p.latitude])];
  if (!points.length) { current.plot.replaceChildren(); current.message.replaceChildren(el("p", { class: "muted" }, t("noPlaces"))); return; }
  const frame = map.tiles ? tiled(points, map.tiles) : { at: projection(points) };
  const at = frame.at, background = map.tiles ? await tileImages(map.tiles, frame) : [];
  if (view !== current) return;
  current.plot.setAttribute("viewBox", `0 0 ${width} ${height}`);
  // (replaceChildren and append write a null as the text "null": what is left out is filtered out first.)
  current.plot.replaceChildren(...[
    svg("g", { class: "tiles" }, background),
    svg("g", { class: "grids" }, map.grids.map((grid) => gridShape(grid, at))),
    passes.length > 1 ? svg("polyline", { class: "trail", id: "map-trail",
      points: passes.map((point) => at([point.longitude, point.latitude]).join(",")).join(" ") }) : null,
    svg("g", { class: "cameras" }, cameras.map((camera) => dot(camera, at))),
    svg("g", { class: "incidents" }, spread(placed, at).map(([incident, x, y]) => incidentMark(incident, x, y))),
    svg("g", { class: "units" }, units.map((unit) => unitMark(unit, at)))].filter(Boolean));
  current.legend.replaceChildren(...[
    el("span", { class: "key cam" }, `${t("cameras")} ${cameras.length}`),
    el("span", { class: "key unit" }, `${t("units")} ${units.length}`),
    el("span", { class: "key inc" }, `${t("openIncidents")} ${placed.length}`),
    unplaced.length ? el("span", { class: "key unplaced", id: "map-unplaced" }, `${t("notOnMap")}: ${unplaced.join("、")}`) : null,
  ].filter(Boolean));
}

function gridShape(grid, at) {
  const corners = grid.polygon.map(at);
  const [x, y] = corners.reduce(([sx, sy], [cx, cy]) => [sx + Number(cx) / corners.length, sy + Number(cy) / corners.length], [0, 0]);
  return svg("g", { class: "grid", "data-id": grid.id },
    svg("polygon", { points: corners.map((corner) => corner.join(",")).join(" ") }),
    svg("text", { x: x.toFixed(1), y: y.toFixed(1), "text-anchor": "middle" }, grid.name ?? grid.id));
}

function dot(camera, at) {
  const [x, y] = at([camera.longitude, camera.latitude]);
  return svg("g", { class: `cam state-${camera.state ?? "none"}`, "data-id": camera.id },
    svg("title", {}, `${camera.name} · ${camera.state ? t(`cam_${camera.state}`) : t("notRunHere")}`),
    svg("circle", { cx: x, cy: y, r: 6 }));
}

function unitMark(unit, at) {
  // One at its grid's centre stands below the grid's name.
  const [x, y] = at([unit.longitude, unit.latitude]).map((value, axis) => Number(value) + (unit.inGrid && axis ? 24 : 0));
  return svg("g", { class: `unit type-${unit.type} status-${unit.state}${unit.inGrid ? " in-grid" : ""}`, "data-id": unit.id },
    svg("title", {}, `${unit.name} · ${t(`force_${unit.type}`)} · ${t(`unit_${unit.state}`)}${unit.inGrid ? ` · ${t("inItsGrid")}` : ""}`),
    svg("rect", { x: Number(x) - 7, y: Number(y) - 7, width: 14, height: 14, rx: 2 }),
    svg("text", { x: Number(x) + 10, y: Number(y) + 4 }, unit.name));
}

/// Incidents at one camera would hide each other: the second and later ones are set around the first.
function spread(incidents, at) {
  const seen = new Map();
  return incidents.map((incident) => {
    const [x, y] = at([incident.longitude, incident.latitude]).map(Number);
    const key = `${x},${y}`, n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    const angle = n * 1.1, radius = n ? 16 + 3 * n : 0;
    return [incident, (x + radius * Math.cos(angle)).toFixed(1), (y + radius * Math.sin(angle)).toFixed(1)];
  });
}

function incidentMark(incident, x, y) {
  const open = () => { location.hash = `#/incident/${incident.id}`; };
  const mark = svg("g", { class: `inc sev-${incident.severity}`, "data-id": incident.id, tabindex: "0", role: "link",
    "aria-label": `${t("incident")} ${incident.id}: ${subjectOf(incident)}, ${tv(incident.severity)}` },
  svg("title", {}, `${subjectOf(incident)} · ${tv(incident.severity)} · ${incident.camera_name ?? ""}`),
  svg("circle", { cx: x, cy: y, r: 11 }));
  mark.addEventListener("click", open);
  mark.addEventListener("keydown", (event) => { if (event.key === "Enter") open(); });
  return mark;
}
