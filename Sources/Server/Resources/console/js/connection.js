// Whether the server answers. A request that gets no answer at all (not an HTTP error) or a dropped live feed marks
// it down; then /health is asked every second until it answers, and the listeners (the outage banner, the feed, the
// page on screen) are told it is back, so no page needs a reload after an outage.
const listeners = new Set();
let down = false;
let since = null;
let timer = null;

export const connection = {
  get down() { return down; },
  /// When the server stopped answering (a Date), or null.
  get since() { return since; },
  onChange(listener) { listeners.add(listener); },
  lost() {
    if (down) return;
    down = true;
    since = new Date();
    notify();
    timer = setTimeout(probe, 1000);
  },
  answered() {
    if (!down) return;
    down = false;
    since = null;
    clearTimeout(timer);
    notify();
  },
};

function notify() { for (const listener of listeners) listener(down); }

/// Any answer from /health, even a 503 (a camera failing), means the server is back.
async function probe() {
  if (!down) return;
  try {
    await fetch("/health", { cache: "no-store", signal: AbortSignal.timeout(3000) });
    connection.answered();
  } catch {
    timer = setTimeout(probe, 1000);
  }
}
