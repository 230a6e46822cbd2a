// A community's day at its gates, for its own community role and admins: today's passages, the strangers among them,
// who must stay home, and the community's alarms (gate rules and device alarms of its grid), refreshed every 10 s.
import { get } from "../api.js";
import { t, tv } from "../i18n.js";
import { el, failure, linkRow, severityBadge, stateBadge, subjectOf, when } from "../ui.js";

let timer = null;

export function show(main) {
  const picker = el("select", { id: "community-pick", "aria-label": t("community") });
  const message = el("div");
  const tables = {
    passages: table("community-passages", ["time", "gate", "direction", "kind", "outcome", "unitOrPlate", "rule", "incident"]),
    strangers: table("community-strangers", ["time", "gate", "kind", "unitOrPlate", "rule", "incident"]),
    watch: table("community-watch", ["name", "unit", "until"]),
    alarms: table("community-alarms", ["time", "type", "subject", "severity", "status", "camera"]),
  };
  main.append(el("h1", {}, t("community"), " ", el("span", { class: "muted" }, `(${t("communityRefreshed")})`)),
    el("div", { class: "row" }, picker), message,
    ...Object.entries(tables).flatMap(([name, part]) => [el("h2", {}, t(`community_${name}`), " ", part.count), part.table]));
  const load = async () => {
    const id = picker.value;
    if (!id) return;
    const today = new Date();
    today.setHours(0, 0, 0, 0);
    const from = encodeURIComponent(today.toISOString());
    try {
      const [passages, strangers, watch, alarms] = await Promise.all([
        get(`/api/communities/${encodeURIComponent(id)}/passages?from=${from}`),
        get(`/api/communities/${encodeURIComponent(id)}/strangers?from=${from}`),
        get(`/api/communities/${encodeURIComponent(id)}/watch`),
        get(`/api/incidents?type=gate_rule&type=alarm&from=${from}&limit=100`),
      ]);
      tables.passages.fill(passages.map(passageRow));
      tables.strangers.fill(strangers.map(strangerRow));
      tables.watch.fill(watch.map((person) => el("tr", {}, el("td", {}, person.name ?? t("withheld")), el("td", {}, person.unit ?? t("withheld")), el("td", {}, when(person.until)))));
      tables.alarms.fill(alarms.items.map(alarmRow));
      message.replaceChildren();
    } catch (error) {
      message.replaceChildren(failure(error));
    }
  };
  picker.addEventListener("change", load);
  get("/api/communities").then((communities) => {
    if (communities.length === 0) {
      message.replaceChildren(el("p", { class: "muted" }, t("noCommunity")));
      return;
    }
    picker.replaceChildren(...communities.map((c) => el("option", { value: c.id }, c.name === c.id ? c.id : `${c.name} (${c.id})`)));
    picker.hidden = communities.length < 2;
    load();
    timer = setInterval(load, 10000);
  }).catch((error) => message.replaceChildren(failure(error)));
}

export function leave() {
  clearInterval(timer);
  timer = null;
}

function table(id, columns) {
  const body = el("tbody", { id });
  const count = el("span", { class: "muted" });
  return {
    table: el("table", {}, el("thead", {}, el("tr", {}, columns.map((key) => el("th", {}, t(key))))), body),
    count,
    fill(rows) {
      body.replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { colspan: columns.length, class: "muted" }, t("none")))]));
      count.textContent = `(${rows.length})`;
    },
  };
}

const who = (passage) => passage.plate ?? (passage.resident_id != null ? `#${passage.resident_id}` : passage.visitor_pass != null ? `${t("visitorPass")} #${passage.visitor_pass}` : "");
const incidentLink = (passage) => (passage.incident != null ? el("a", { href: `#/incident/${passage.incident}` }, `#${passage.incident}`) : "");

function passageRow(passage) {
  return el("tr", { class: passage.outcome === "stranger" ? "stranger" : "" },
    el("td", {}, when(passage.time)), el("td", {}, passage.camera), el("td", {}, tv(passage.direction)), el("td", {}, tv(passage.kind)),
    el("td", {}, tv(passage.outcome)), el("td", {}, who(passage)), el("td", {}, passage.rule ? tv(passage.rule) : ""),
    el("td", {}, incidentLink(passage)));
}

function strangerRow(passage) {
  return el("tr", {},
    el("td", {}, when(passage.time)), el("td", {}, passage.camera), el("td", {}, tv(passage.kind)), el("td", {}, who(passage)),
    el("td", {}, passage.rule ? tv(passage.rule) : ""), el("td", {}, incidentLink(passage)));
}

function alarmRow(incident) {
  return linkRow(el("tr", {},
    el("td", {}, when(incident.created_at)), el("td", {}, tv(incident.type)), el("td", {}, subjectOf(incident)),
    el("td", {}, severityBadge(incident.severity)), el("td", {}, stateBadge(incident.status)), el("td", {}, incident.camera_id)),
  `#/incident/${incident.id}`);
}
