// Watchlists: the plate hotlist (add, import a CSV, remove) and the face watchlist (enrol a photo, remove).
// Roles that may only read them see the lists without the forms.
import { get, post, remove, request } from "../api.js";
import { message, t, tv } from "../i18n.js";
import { el, failure, image, toast, when } from "../ui.js";

const severities = ["high", "critical", "medium", "low"];
/// At most this many of an identity's photos are shown in its row (the count says how many there are).
const photosShown = 4;

/// The identity's enrolment photos (those kept: uploaded ones show "no image") and their count.
function photos(identity) {
  const count = identity.photos ?? 0;
  const shown = Array.from({ length: Math.min(count, photosShown) }, (_, n) =>
    image(`/api/watchlists/faces/${identity.id}/photos/${n + 1}.jpg`, { className: "thumb face", alt: `${identity.name} ${n + 1}` }));
  return el("div", { class: "row" }, shown, el("span", { class: "muted" }, `${count}`));
}

export function show(main, context) {
  const edit = context.may("edit_watchlists");
  const plates = el("section", { id: "plates" }), faces = el("section", { id: "faces" });
  main.append(el("h1", {}, t("watchlists")), el("div", { class: "grid2" }, plates, faces));
  drawPlates(plates, edit);
  drawFaces(faces, edit);
}

const severitySelect = (id) => el("select", { id, name: "severity" }, severities.map((value) => el("option", { value }, tv(value))));
const labelled = (id, key, control) => el("label", { for: id }, t(key), " ", control);

async function drawPlates(section, edit) {
  const reload = () => drawPlates(section, edit);
  section.replaceChildren(el("h2", {}, t("plates")));
  if (edit) section.append(plateForm(reload), importForm(reload));
  try {
    const entries = await get("/api/watchlists/plates");
    section.append(el("table", { id: "plate-list" },
      el("thead", {}, el("tr", {}, ["plate", "reason", "severity", "list", "created"].map((key) => el("th", {}, t(key))), edit ? el("th") : null)),
      el("tbody", {}, entries.map((entry) => el("tr", {},
        el("td", { class: "plate" }, entry.plate), el("td", {}, entry.reason ?? ""), el("td", {}, tv(entry.severity)),
        el("td", {}, entry.list ?? ""), el("td", {}, when(entry.created_at)),
        edit ? el("td", {}, removeButton(`/api/watchlists/plates/${encodeURIComponent(entry.plate)}`, entry.plate, reload)) : null)))));
  } catch (error) {
    section.append(failure(error));
  }
}

function plateForm(done) {
  const form = el("form", { class: "row card", id: "plate-form" },
    labelled("wp-plate", "plate", el("input", { id: "wp-plate", name: "plate", required: true, size: 10 })),
    labelled("wp-reason", "reason", el("input", { id: "wp-reason", name: "reason", required: true, size: 14 })),
    labelled("wp-severity", "severity", severitySelect("wp-severity")),
    labelled("wp-list", "list", el("input", { id: "wp-list", name: "list", value: "hotlist", size: 8 })),
    el("button", { type: "submit", class: "primary" }, t("add")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const entry = Object.fromEntries([...new FormData(form)].map(([key, value]) => [key, value.trim()]));
    try {
      await post("/api/watchlists/plates", entry);
      toast(`${t("listed")}: ${entry.plate}`);
      done();
    } catch (error) { toast(t("failed") + message(error)); }
  });
  return form;
}

function importForm(done) {
  const file = el("input", { id: "wp-import", type: "file", accept: ".csv,text/csv", required: true });
  const form = el("form", { class: "row card", id: "plate-import" }, labelled("wp-import", "csvFile", file),
    el("span", { class: "muted" }, t("csvHelp")), el("button", { type: "submit" }, t("import")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!file.files[0]) return;
    try {
      const result = await request("/api/watchlists/plates/import", {
        // The file's bytes as they are: the server tells GBK from UTF-8 (reading them as text here would not).
        method: "POST", body: file.files[0], headers: { "Content-Type": "text/csv" },
      });
      toast(`${t("imported")}: ${result.listed}`);
      done();
    } catch (error) { toast(t("failed") + message(error)); }
  });
  return form;
}

async function drawFaces(section, edit) {
  const reload = () => drawFaces(section, edit);
  section.replaceChildren(el("h2", {}, t("faces")));
  if (edit) section.append(faceForm(reload));
  try {
    const identities = await get("/api/watchlists/faces");
    section.append(el("table", { id: "face-list" },
      el("thead", {}, el("tr", {}, ["identityId", "name", "list", "severity", "reason", "photo"].map((key) => el("th", {}, t(key))), edit ? el("th") : null)),
      el("tbody", {}, identities.map((identity) => el("tr", {},
        el("td", {}, el("a", { href: `#/trajectory?identity=${identity.id}` }, identity.id)), el("td", {}, identity.name),
        el("td", {}, identity.list ?? ""), el("td", {}, tv(identity.severity)), el("td", {}, identity.reason ?? ""),
        el("td", { class: "photos" }, photos(identity)),
        edit ? el("td", {}, removeButton(`/api/watchlists/faces/${identity.id}`, identity.name, reload)) : null)))));
  } catch (error) {
    section.append(failure(error));
  }
}

/// Enrols a photo: multipart POST, the server checks that it holds one clear face.
function faceForm(done) {
  const form = el("form", { class: "row card", id: "face-form" },
    labelled("wf-name", "name", el("input", { id: "wf-name", name: "name", required: true, size: 10 })),
    labelled("wf-list", "list", el("input", { id: "wf-list", name: "list", value: "wanted", required: true, size: 8 })),
    labelled("wf-severity", "severity", severitySelect("wf-severity")),
    labelled("wf-reason", "reason", el("input", { id: "wf-reason", name: "reason", size: 12 })),
    labelled("wf-photo", "photo", el("input", { id: "wf-photo", name: "photo", type: "file", accept: "image/jpeg,image/png", required: true })),
    el("button", { type: "submit", class: "primary" }, t("add")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const identity = await request("/api/watchlists/faces", { method: "POST", body: new FormData(form) });
      toast(`${t("listed")}: ${identity.name}`);
      done();
    } catch (error) { toast(t("failed") + message(error)); }
  });
  return form;
}

function removeButton(path, what, done) {
  return el("button", { type: "button", class: "danger", onclick: async () => {
    if (!confirm(`${t("confirmRemove")} ${what}`)) return;
    try {
      await remove(path);
      toast(`${t("removed")}: ${what}`);
      done();
    } catch (error) { toast(t("failed") + message(error)); }
  } }, t("remove"));
}
