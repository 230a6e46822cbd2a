// Per-user review: the signed-in user's own "seen" on incidents. It is not the incident's status (that follows the
// orders): each duty officer clears their own queue, and another user's list is untouched.
import { post } from "./api.js";
import { t } from "./i18n.js";
import { el, failure, toast, when } from "./ui.js";

/// Marks `ids` reviewed by the signed-in user, in one request; the server answers how many it marked.
export async function markReviewed(ids) {
  const { reviewed } = await post("/api/incidents/reviewed", { ids: [...ids] });
  return reviewed;
}

/// Whether the signed-in user has reviewed `incident`: a mark for its row (the time in the tooltip).
export function reviewMark(incident) {
  return incident.reviewed_at
    ? el("span", { class: "review reviewed", title: `${t("reviewedAt")} ${when(incident.reviewed_at)}` }, `✓ ${t("reviewed")}`)
    : el("span", { class: "review unreviewed" }, t("unreviewed"));
}

/// The rows a user ticked on a list, by incident id; `changed` runs when the ticks change (to relabel the button).
export class Selection {
  constructor(changed) { this.ids = new Set(); this.changed = changed; }

  /// The row's checkbox (a click on it never opens the row).
  box(incident) {
    return el("input", {
      type: "checkbox", class: "pick", "data-id": incident.id, checked: this.ids.has(incident.id),
      "aria-label": `${t("pick")} ${t("incident")} ${incident.id}`,
      onclick: (event) => event.stopPropagation(),
      onchange: (event) => {
        if (event.target.checked) this.ids.add(incident.id); else this.ids.delete(incident.id);
        this.changed();
      },
    });
  }

  clear() { this.ids.clear(); this.changed(); }
}

/// The "mark reviewed" button of a list: sends the ticked rows, then `done(ids)`; `message` shows a refusal.
export function markButton(selection, done, message) {
  const button = el("button", { type: "button", id: "mark-reviewed", disabled: true });
  const label = () => {
    button.textContent = `${t("markReviewed")} (${selection.ids.size})`;
    button.disabled = selection.ids.size === 0;
  };
  button.addEventListener("click", async () => {
    const ids = [...selection.ids];
    button.disabled = true;
    try {
      const count = await markReviewed(ids);
      toast(`${count} ${t("markedReviewed")}`);
      message.replaceChildren();
      selection.ids.clear();
      done(ids);
    } catch (error) {
      message.replaceChildren(failure(error));
    }
    label();
  });
  label();
  return { button, label };
}

/// The incident page's button: "mark reviewed", or the time it was (then it is done: review is not undone).
export function reviewButton(incident, done) {
  if (incident.reviewed_at) {
    return el("span", { id: "review-state", class: "review reviewed" }, `✓ ${t("reviewedAt")} ${when(incident.reviewed_at)}`);
  }
  const button = el("button", { type: "button", id: "review-button" }, t("markReviewed"));
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await markReviewed([incident.id]);
      done();
    } catch (error) {
      button.disabled = false;
      button.after(failure(error));
    }
  });
  return button;
}
