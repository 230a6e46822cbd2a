// Incidents from the live feed, newest first, kept while the console is open (on every page), and the alarm tone.
const limit = 200;

class Alerts {
  constructor() {
    this.items = [];
    this.fresh = new Set();
    this.sound = localStorage.getItem("sharpeyes.sound") === "on";
    this.audio = null;
    this.onChange = () => {};
  }

  reset() { this.items = []; this.fresh.clear(); }

  receive(type, data) {
    if (type === "incident") {
      this.items = [data, ...this.items.filter((item) => item.id !== data.id)].slice(0, limit);
      this.fresh.add(data.id);
      if (this.sound) this.beep(data.severity);
    } else if (type === "order") {
      // An acknowledgement or a resolution elsewhere changes the incident's status; the page re-reads it.
      for (const item of this.items) {
        if (item.id !== data.incident_id) continue;
        if (data.to === "acknowledged" || data.to === "on_scene") item.status = item.status === "resolved" ? item.status : "acknowledged";
        if (data.to === "resolved") item.status = "resolved";
      }
    }
    this.onChange();
  }

  toggleSound() {
    this.sound = !this.sound;
    localStorage.setItem("sharpeyes.sound", this.sound ? "on" : "off");
    // Browsers start audio only after a user gesture: this click is one.
    if (this.sound) { this.context(); this.beep("low"); }
  }

  context() {
    this.audio ??= new AudioContext();
    if (this.audio.state === "suspended") this.audio.resume();
    return this.audio;
  }

  /// A tone made here (no sound file): higher and repeated for higher severities.
  beep(severity) {
    const audio = this.context();
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
