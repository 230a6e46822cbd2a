// Incidents from the live feed, newest first, kept while the console is open (on every page), and the alarm tone.
import { get } from "./api.js";

const limit = 200;

class Alerts {
  constructor() {
    this.items = [];
    this.fresh = new Set();
    this.sound = localStorage.getItem("sharpeyes.sound") === "on";
    this.audio = null;
    this.tones = 0;
    this.onChange = () => {};
    /// Called with an incident just received (the attention banner, the title, notifications).
    this.onIncident = () => {};
    /// Called when the tone becomes playable or blocked (the unlock banner).
    this.onAudio = () => {};
  }

  /// Sound is on but the browser has not let it start: it needs a click or a key press on this page (after every
  /// reload), and until then the page says so.
  get blocked() { return this.sound && this.audio?.state !== "running"; }

  /// Starts the audio from a user gesture (any click or key press on the page calls this).
  unlock() {
    if (!this.sound || this.audio?.state === "running") return;
    this.context().resume().then(() => this.onAudio(), () => this.onAudio());
  }

  reset() { this.items = []; this.fresh.clear(); }

  receive(type, data) {
    if (type === "incident") {
      this.items = [data, ...this.items.filter((item) => item.id !== data.id)].slice(0, limit);
      this.fresh.add(data.id);
      document.body.dataset.lastIncident = String(data.id);
      if (this.sound && !this.blocked) this.beep(data.severity);
      this.onIncident(data);
    } else if (type === "order") {
      // An order's change may change its incident's status (acknowledged only when a unit whose response counts
      // takes it, which only the server knows): the incident is read again.
      const item = this.items.find((candidate) => candidate.id === data.incident_id);
      if (item) get(`/api/incidents/${item.id}`).then(({ incident }) => { item.status = incident.status; this.onChange(type, data); }, () => {});
    }
    this.onChange(type, data);
  }

  toggleSound() {
    this.sound = !this.sound;
    localStorage.setItem("sharpeyes.sound", this.sound ? "on" : "off");
    // Browsers start audio only after a user gesture: this click is one.
    if (this.sound) { this.unlock(); this.beep("low"); }
    this.onAudio();
  }

  /// Made at the first gesture, never at load: a context made without one stays suspended.
  context() {
    if (!this.audio) {
      this.audio = new AudioContext();
      this.audio.addEventListener("statechange", () => this.onAudio());
    }
    return this.audio;
  }

  /// A tone made here (no sound file): higher and repeated for higher severities.
  beep(severity) {
    const audio = this.context();
    this.tones += 1;
    document.body.dataset.tones = String(this.tones);
    const repeats = { critical: 3, high: 2 }[severity] ?? 1;
    const pitch = { critical: 1320, high: 1100, medium: 880 }[severity] ?? 660;
    for (let i = 0; i < repeats; i++) {
      const start = audio.currentTime + i * 0.3;
      const oscillator = audio.createOscillator(), gain = audio.createGain();
      oscillator.type = "square";
      oscillator.frequency.value = pitch;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.22);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(start);
      oscillator.stop(start + 0.25);
    }
  }
}

export const alerts = new Alerts();
