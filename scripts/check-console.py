#!/usr/bin/env python3
"""The web console in a real browser: what a duty officer, an investigator and a grid worker would check.

Seeds a database (`sharpeyes dev seed`), starts `sharpeyes serve` on it with a camera playing
Fixtures/plates/slideshow.mp4 in real time and a clock camera (ffmpeg over UDP, recorded continuously), lists 川A095Q5 on the hotlist while the live page is open, and drives
Debian's chromium (headless, through chromium-driver and Selenium) at 1366x768. Screenshots go to --out.
Exit 0 when every check passed; each check prints one line.

    .venv-tools/bin/python3 scripts/check-console.py [--binary .build/debug/sharpeyes] [--out Benchmarks/results/console]

Needs `chromium chromium-driver` (scripts/setup.sh) and Selenium (scripts/install-test-tools.sh).
"""
import argparse
import json
import os
import shutil
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import (ElementClickInterceptedException, NoSuchElementException, StaleElementReferenceException,
                                        TimeoutException)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parent.parent
HOT_PLATE = "川A095Q5"
WIDTH, HEIGHT = 1366, 768


class CheckFailed(Exception):
    pass


def check(condition, what):
    if not condition:
        raise CheckFailed(what)
    print(f"ok   {what}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(binary, *arguments):
    result = subprocess.run([binary, *arguments], capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise CheckFailed(f"sharpeyes {' '.join(arguments)}: exit {result.returncode}: {result.stderr.strip()}")
    return result.stdout


class Scenario:
    """The seeded database, its tokens, and what the seed made that the checks look for."""

    def __init__(self, binary, directory):
        self.binary = binary
        self.db = str(directory / "sharpeyes.sqlite")
        print(run(binary, "dev", "seed", "--db", self.db, "--cameras", "20", "--sightings", "5000", "--incidents", "200",
                  "--days", "2").strip(), flush=True)
        with sqlite3.connect(self.db) as db:
            # A plate the seed drives past several cameras (with positions), for the trajectory page: up to 8, so
            # the plot stays readable (the busiest plates pass every camera dozens of times).
            self.trajectory_plate, cameras = db.execute("""
                SELECT s.label, COUNT(DISTINCT s.cameraId) AS n FROM sighting s JOIN camera c ON c.id = s.cameraId
                WHERE s.kind = 'plate' AND s.label IS NOT NULL AND c.latitude IS NOT NULL
                GROUP BY s.label ORDER BY n BETWEEN 3 AND 8 DESC, n DESC, COUNT(*) DESC LIMIT 1""").fetchone()
            # The grid with the most face incidents: its worker's page must list them without the names.
            self.community_grid, = db.execute("""
                SELECT c.grid FROM incident i JOIN camera c ON c.id = i.cameraId
                WHERE i.kind = 'face' AND c.grid IS NOT NULL GROUP BY c.grid ORDER BY COUNT(*) DESC LIMIT 1""").fetchone()
            self.names = [name for name, in db.execute("SELECT DISTINCT subject FROM incident WHERE kind = 'face'")]
            self.reasons = [reason for reason, in db.execute(
                "SELECT DISTINCT reason FROM incident WHERE reason IS NOT NULL AND reason != ''")]
            self.busiest_camera, = db.execute(
                "SELECT cameraId FROM incident GROUP BY cameraId ORDER BY COUNT(*) DESC LIMIT 1").fetchone()
        check(cameras >= 3, f"the seed drives plate {self.trajectory_plate} past {cameras} cameras (3 or more)")
        far = self.clone_pass(self.trajectory_plate)
        print(f"     a cloned read of {self.trajectory_plate} added at {far}, 90 s after its last pass", flush=True)
        check(bool(self.names), f"the seed has face incidents ({len(self.names)} names) for the community check")
        self.enrol_photo()
        self.tokens = {}
        # Requests the checks make fail on purpose (the browser logs each refusal).
        self.refusals = ["/api/pair - "]
        for role, extra in [("dispatcher", []), ("investigator", []), ("admin", []), ("patrol", ["--force", "patrol-9"]),
                            ("community", ["--grid", self.community_grid, "--force", f"{self.community_grid}-worker"])]:
            output = run(binary, "token", "create", "--db", self.db, "--role", role, "--name", f"check-{role}", *extra)
            self.tokens[role] = next(word for word in output.split() if word.startswith("se_"))


    def enrol_photo(self):
        """A face watchlist identity with two photos, as `watchlist add-face` records them: a file (its path, served)
        and an upload made before serve kept uploads (its row names no file). The embedding is a placeholder: nothing
        here is matched against it."""
        with sqlite3.connect(self.db) as db:
            self.face_identity = db.execute("""INSERT INTO watchlistIdentity (name, list, severity, reason, createdAt)
                VALUES ('Check Photo', 'wanted', 'high', 'photo check', datetime('now'))""").lastrowid
            embedding = struct.pack("128f", *[0.1] * 128)
            for photo in [str(ROOT / "Fixtures/faces/gallery/biden/biden.jpg"), "upload (10 bytes)"]:
                db.execute("INSERT INTO faceSample (identityId, embedding, photo, createdAt) VALUES (?, ?, ?, datetime('now'))",
                           (self.face_identity, embedding, photo))

    def watch_commits(self):
        """Notes when each new incident row becomes visible in the database (polled every 50 ms from a thread): its
        commit time, which the rows do not hold (createdAt is when the pass began)."""
        self.committed = {}

        def poll():
            with sqlite3.connect(self.db) as db:
                last, = db.execute("SELECT COALESCE(MAX(id), 0) FROM incident").fetchone()
                while True:
                    for incident, in db.execute("SELECT id FROM incident WHERE id > ? ORDER BY id", (last,)).fetchall():
                        self.committed[str(incident)] = time.time()
                        last = incident
                    time.sleep(0.05)
        threading.Thread(target=poll, daemon=True).start()

    def clone_pass(self, plate):
        """A second car with the same plate: a read at the camera farthest from its last pass, 90 s later (a leg no
        car can drive, which the trajectory page must mark). Returns that camera's id."""
        with sqlite3.connect(self.db) as db:
            last = db.execute("SELECT id, cameraId FROM sighting WHERE kind = 'plate' AND label = ? ORDER BY bestTime DESC LIMIT 1",
                              (plate,)).fetchone()
            far, = db.execute("""
                SELECT c.id FROM camera c, camera here WHERE here.id = ? AND c.latitude IS NOT NULL
                ORDER BY (c.latitude - here.latitude) * (c.latitude - here.latitude)
                       + (c.longitude - here.longitude) * (c.longitude - here.longitude) DESC LIMIT 1""", (last[1],)).fetchone()
            shift = "'%Y-%m-%d %H:%M:%f', {}, '+90 seconds'"
            db.execute(f"""
                INSERT INTO sighting (cameraId, kind, label, firstSeen, lastSeen, bestTime, mediaOffset, boxX, boxY, boxWidth,
                                      boxHeight, confidence, frames, details)
                SELECT ?, kind, label, strftime({shift.format('firstSeen')}), strftime({shift.format('lastSeen')}),
                       strftime({shift.format('bestTime')}), mediaOffset, boxX, boxY, boxWidth, boxHeight, confidence, frames, details
                FROM sighting WHERE id = ?""", (far, last[0]))
        return far


def examples_grids():
    """The grids of Examples/dispatch.yaml (two districts' outlines), for the map."""
    lines = (ROOT / "Examples/dispatch.yaml").read_text(encoding="utf-8").splitlines()
    start = lines.index("grids:")
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("  "))
    return "\n".join(lines[start:end])


def examples_config(directory, port):
    """Examples/sharpeyes.yaml as shipped, with this machine's paths, free ports and loopback addresses: its cameras
    point at addresses that do not answer here, which the map shows as their state."""
    text = (ROOT / "Examples/sharpeyes.yaml").read_text(encoding="utf-8")
    for old, new in [("/var/lib/sharpeyes/sharpeyes.sqlite", str(directory / "examples.sqlite")),
                     ("/var/lib/sharpeyes/snapshots", str(directory / "examples-snapshots")),
                     ("listen: 127.0.0.1:8080", f"listen: 127.0.0.1:{port}"), ("listen: 0.0.0.0:5060", f"listen: 127.0.0.1:{free_port()}"),
                     ("media_address: 10.0.0.2", "media_address: 127.0.0.1"), ("udp://0.0.0.0:5007", f"udp://127.0.0.1:{free_port()}")]:
        if old not in text:
            raise CheckFailed(f"Examples/sharpeyes.yaml no longer has '{old}', which the map check rewrites")
        text = text.replace(old, new)
    return text


class LiveClock:
    """A live camera whose frames carry the time they were made, for the live view's latency (#23). ffmpeg draws
    320x180 frames in real time (-re over lavfi), stamps each with the wall clock as it is made (setpts with RTCTIME,
    in ms since `started`), writes that stamp in the frame's top strip as 20 black or white 16-pixel blocks (bit i at
    x = 16 i), encodes H.264 (zerolatency, a keyframe a second) and sends MPEG-TS over UDP to serve's camera `clock`.
    A frame leaves ffmpeg after its stamp, so the latency measured against it is an upper bound, never flattering."""
    BITS, BLOCK = 20, 16

    def __init__(self):
        self.port = free_port()
        self.started = time.time()
        stamp = f"settb=1/1000,setpts=(RTCTIME-{int(self.started * 1e6)})/1000"
        strip = f"if(lt(Y\\,24)\\,if(mod(floor(T*1000/pow(2\\,floor(X/{self.BLOCK})))\\,2)\\,235\\,16)\\,128)"
        self.process = subprocess.Popen(
            ["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-re", "-f", "lavfi", "-i", "color=c=gray:s=320x180:r=25",
             "-vf", f"{stamp},geq=lum='{strip}':cb=128:cr=128", "-fps_mode", "passthrough", "-c:v", "libx264",
             "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-pix_fmt", "yuv420p",
             "-f", "mpegts", f"udp://127.0.0.1:{self.port}?pkt_size=1316"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def camera(self):
        return (f"  - {{id: clock, name: 时钟, kind: fixed, url: 'udp://127.0.0.1:{self.port}', sampling: {{fps: 1}}, "
                f"stages: [motion], recording: {{mode: continuous, segment_seconds: 4}}}}")

    def close(self):
        self.process.terminate()
        self.process.wait(10)


class Server:
    """`sharpeyes serve` on the seeded database with one real-time camera and a patrol force to dispatch to."""

    def __init__(self, binary, directory, db, clock=None, config=None, name="serve", environment=None):
        """`config(port)`, when given, is the configuration's text instead of the check's own (which needs `clock`).
        The check's own has a third camera, `h265` (Fixtures/codecs/h265.mkv, looped, in grid A): its
        live view is H.265, which the browser plays where it can and otherwise shows as the picture each second."""
        self.port = free_port()
        self.clock = clock
        self.base = f"http://127.0.0.1:{self.port}"
        path = directory / f"{name}.yaml"
        path.write_text(config(self.port) if config else f"""
storage: {{database: {db}, snapshots: {directory / "snapshots"}}}
workers: 2
http: {{listen: "127.0.0.1:{self.port}"}}
cameras:
  - {{id: gate, name: 南门卡口, kind: file, url: {ROOT / "Fixtures/plates/slideshow.mp4"}, loop: true, realtime: true,
     position: [45.757, 126.642], stages: [plates]}}
{clock.camera()}
  - {{id: h265, name: H.265 样例, kind: file, url: {ROOT / "Fixtures/codecs/h265.mkv"}, loop: true, realtime: true,
     grid: A, stages: [motion], sampling: {{fps: 1}}}}
forces:
  - {{id: patrol-9, name: Patrol 9, type: patrol, position: [45.760, 126.650]}}
  - {{id: grid-a-wang, name: 网格员王, type: grid_worker, grid: A}}
  - {{id: post-daoli, name: 道里派出所, type: police_post, position: [45.765, 126.660]}}
{examples_grids()}
rules:
  - {{name: wanted vehicles, when: {{kind: plate, severity: [high]}}, send: [{{type: patrol, units: 1}}, {{type: grid_worker}}],
     acknowledge_within: 10, escalate: [[{{type: police_post, units: 1}}]]}}
  - {{name: hotlist plates, when: {{kind: plate}}, send: [{{type: patrol, units: 1}}], acknowledge_within: 600}}
""", encoding="utf-8")
        self.command = [binary, "serve", "--config", str(path)]
        self.directory, self.name, self.environment = directory, name, environment
        self.log = open(directory / f"{name}.log", "a")
        self.start()

    def start(self):
        self.process = subprocess.Popen(self.command, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                        env={**os.environ, **(self.environment or {})})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base}/health", timeout=2):
                    return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.3)
        raise CheckFailed(f"serve did not answer /health within 60 s (see {self.directory / (self.name + '.log')})")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def close(self):
        self.stop()
        self.log.close()


def browser(downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    # Quiet: CI runs this beside timing-sensitive suites, so the browser does nothing in the background.
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=zh-CN",
                 f"--window-size={WIDTH},{HEIGHT}", "--autoplay-policy=user-gesture-required", "--no-first-run",
                 "--disable-extensions", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps", "--renderer-process-limit=1", "--disable-features=Translate,OptimizationHints,MediaRouter"]:
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"))
    # The page's viewport is exactly 1366x768, as on the command centre's laptops.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": ERROR_LOG})
    return driver


# Before the console's own scripts, on every page: each error message the server sends (the English `error` of a
# JSON refusal) is noted in `window.serverErrors`, so a check can tell whether any reached the screen.
ERROR_LOG = """
window.serverErrors = [];
const originalFetch = window.fetch;
window.fetch = async (...args) => {
  const response = await originalFetch(...args);
  if (!response.ok) response.clone().json().then((body) => body?.error && window.serverErrors.push(body.error)).catch(() => {});
  return response;
};
"""


class Console:
    def __init__(self, driver, base, out):
        self.driver, self.base, self.out = driver, base, out

    def wait(self, condition, what, timeout=45):
        # Generous: CI runs this beside the other suites on two busy cores; a pass takes a fraction of it.
        try:
            # A page redraws what it shows (a new event, a reload after a change): an element found a moment ago
            # may be gone, so such a poll is simply tried again.
            return WebDriverWait(self.driver, timeout, poll_frequency=0.2,
                                 ignored_exceptions=(StaleElementReferenceException, NoSuchElementException,
                                                     ElementClickInterceptedException)).until(condition)
        except TimeoutException:
            raise CheckFailed(f"timed out ({timeout} s): {what}") from None

    def js(self, script, *arguments):
        return self.driver.execute_script(script, *arguments)

    def shot(self, name):
        path = self.out / f"{name}.png"
        self.driver.save_screenshot(str(path))
        print(f"     screenshot {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}", flush=True)

    def open(self, hash_=""):
        self.driver.get(f"{self.base}/{hash_}")

    def sign_in(self, secret):
        self.js("sessionStorage.clear()")
        self.open()
        field = self.wait(lambda d: d.find_element(By.ID, "token") if d.find_element(By.ID, "token").is_displayed() else None,
                          "the sign-in form")
        field.send_keys(secret, Keys.ENTER)
        self.wait(lambda d: d.find_element(By.ID, "bar").is_displayed(), "signed in")

    def go(self, hash_):
        self.js("location.hash = arguments[0]", hash_)

    def text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text

    def nav(self):
        return [a.get_attribute("data-page") for a in self.driver.find_elements(By.CSS_SELECTOR, "#nav a")]

    def press(self, key):
        """A key to whatever has the focus (the element itself may have been redrawn since it was focused)."""
        ActionChains(self.driver).send_keys(key).perform()

    def tab_to(self, css, what, limit=80):
        """Presses Tab (only Tab) until the focused element matches `css`."""
        self.js("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
        for presses in range(1, limit + 1):
            self.press(Keys.TAB)
            if self.js("return document.activeElement.matches(arguments[0])", css):
                return presses
        raise CheckFailed(f"Tab never reached {what} in {limit} presses")


def playing(console, video, what, beyond=0.0, timeout=20):
    """Waits until `video` (a CSS selector) has played past `beyond` + 1 s with data ahead (readyState >= 3)."""
    started = time.monotonic()
    console.wait(lambda d: d.execute_script(
        "const v = document.querySelector(arguments[0]); return v && v.readyState >= 3 && v.currentTime > arguments[1] + 1",
        video, beyond), what, timeout=timeout)
    return time.monotonic() - started


def check_live_view(console):
    """The camera's live view (fMP4 over a WebSocket into Media Source Extensions) plays, near its live edge."""
    console.go("#/cameras")
    # Clicked again while no player shows: the page may be drawn anew just after the click (a resumed feed).
    console.wait(lambda d: d.find_elements(By.ID, "live-video") or d.execute_script(
        "document.querySelector(\"button[data-live='gate']\")?.click(); return false"), "the live player")
    console.wait(lambda d: d.execute_script("return document.querySelector('#live-video')?.readyState >= 3"), "live video data")
    first = console.js("return document.querySelector('#live-video').currentTime")
    seconds = playing(console, "#live-video", "the live view playing", beyond=first)
    lag = console.js("const v = document.querySelector('#live-video'), b = v.buffered; return b.end(b.length - 1) - v.currentTime")
    check(lag <= 1.5, f"the live view plays: currentTime advances (1 s in {seconds:.1f} s), readyState >= 3, "
                      f"{lag:.2f} s behind the newest frame it has")
    console.shot("04b-live-view")


def check_live_latency(console, server):
    """The live view's delay, glass to glass: the page draws the playing frame of camera `clock` (LiveClock) into a
    canvas, reads the time written in its top strip, and compares it with its own clock (the same machine's)."""
    clock = server.clock
    console.go("#/cameras")
    console.wait(lambda d: d.execute_script(
        "const v = document.querySelector('#live-video'); if (v && v.closest('.live-view')?.dataset.camera === 'clock') return true;"
        "document.querySelector(\"button[data-live='clock']\")?.click(); return false"), "the clock camera's live player")
    playing(console, "#live-video", "the clock camera's live view playing", timeout=45)
    read = """const v = document.querySelector('#live-video'), c = document.createElement('canvas');
        c.width = 320; c.height = 180;
        const g = c.getContext('2d', {willReadFrequently: true}); g.drawImage(v, 0, 0, 320, 180);
        const row = g.getImageData(0, 8, 320, 1).data;
        let ms = 0; for (let i = 0; i < arguments[0]; i++) if (row[(i * arguments[1] + 8) * 4] > 128) ms += 2 ** i;
        return [Date.now(), ms];"""
    delays, shown = [], []
    for _ in range(12):
        now, ms = console.js(read, LiveClock.BITS, LiveClock.BLOCK)
        delays.append(now / 1000 - (clock.started + ms / 1000))
        shown.append(ms)
        time.sleep(0.25)
    delays.sort()
    median = delays[len(delays) // 2]
    check(shown == sorted(shown) and shown[-1] > shown[0] and delays[0] > -0.1,
          f"the frames read back carry advancing times ({shown[0]} ms to {shown[-1]} ms after the clock started), none ahead of the page")
    check(median < 1.5, f"the live view's latency is under 1.5 s: median {median:.2f} s, worst {delays[-1]:.2f} s of 12 "
                        "readings (the wall-clock time ffmpeg wrote into each frame as it made it, against the page's clock; an upper bound)")
    console.shot("04d-live-latency")


def check_wall(console):
    """The camera wall: the cameras' live views side by side (4 tiles here: the three cameras), each tile reconnecting
    by itself; 1 tile shows one player. Camera h265 sends H.265: the browser plays it if it says it can
    (`MediaSource.isTypeSupported`), and otherwise shows the camera's picture each second, with a note."""
    console.go("#/wall")
    console.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#wall .tile .live"), "the wall's first tile")
    choose_layout(console, 4, shown=3)
    console.wait(lambda d: sorted(d.execute_script(WALL_PLAYING)) == ["clock", "gate", "h265"], "the three cameras playing on the wall",
                 timeout=45)
    tiles = console.js("return document.querySelectorAll('#wall .tile').length")
    states = console.js("return [...document.querySelectorAll('#wall .tile-state')].map((s) => s.dataset.state)")
    check(tiles == 3 and states == ["live", "live", "live"],
          f"the wall's 4-tile layout plays the three cameras ({tiles} tiles), each with its state {states}")
    hevc = console.js("""const tile = document.querySelector("#wall .tile[data-camera='h265']");
        return {video: !!tile.querySelector('video'), note: tile.querySelector('.live-note').textContent,
                supported: !!window.MediaSource && MediaSource.isTypeSupported('video/mp4; codecs="hvc1.1.6.L60.90"')}""")
    check(hevc["video"] == hevc["supported"] and (hevc["video"] or "hvc1." in hevc["note"]),
          "the H.265 camera " + ("plays in the browser, which can play H.265" if hevc["video"] else
                                 f"shows its picture each second, the browser saying it cannot play it: '{hevc['note']}'"))
    console.shot("04e-camera-wall")
    choose_layout(console, 1, shown=1)
    check(True, "one tile shows one camera")


# The wall's tiles that show their camera moving: a video playing for over a second, or a picture refreshed twice.
WALL_PLAYING = """return [...document.querySelectorAll('#wall .tile')].filter((tile) => {
    const v = tile.querySelector('video'), still = tile.querySelector('img.still');
    return v ? v.readyState >= 3 && v.currentTime > 1 : Number(still?.dataset.frames || 0) >= 2; }).map((tile) => tile.dataset.camera)"""


def check_community_wall(console, scenario):
    """Grid A's worker's camera wall: its grid's cameras only (camera h265 here), playing."""
    worker = next(word for word in run(scenario.binary, "token", "create", "--db", scenario.db, "--role", "community",
                                       "--name", "check-wall-a", "--grid", "A", "--force", "grid-a-wang").split()
                  if word.startswith("se_"))
    console.sign_in(worker)
    check("wall" in console.nav(), f"a grid worker is offered the camera wall: {console.nav()}")
    console.go("#/wall")
    choose_layout(console, 4, shown=1)
    console.wait(lambda d: d.execute_script(WALL_PLAYING) == ["h265"], "the grid's camera playing on the grid worker's wall", timeout=45)
    listed = console.js("return [...document.querySelectorAll('#wall .tile')].map((tile) => tile.dataset.camera)")
    check(listed == ["h265"], f"grid A's worker's wall shows its grid's camera only, of the three: {listed}")
    console.shot("08b-community-wall")
    choose_layout(console, 1, shown=1)
    console.sign_in(scenario.tokens["community"])


def choose_layout(console, tiles, shown):
    """Clicks the wall's layout button until the wall shows `shown` tiles: a new-alert banner that opens between
    finding the button and the click moves the page down, and the click lands beside it (CI, stop 31)."""
    def chosen(driver):
        if driver.execute_script("return document.querySelectorAll('#wall .tile').length") == shown:
            return True
        driver.find_element(By.CSS_SELECTOR, f".wall-layouts button[data-tiles='{tiles}']").click()
        return False
    console.wait(chosen, f"the wall's {tiles}-tile layout ({shown} tile(s))")


def check_export_form(console, scenario, downloads):
    """The recording export form on the cameras page (investigators): the last 10 minutes of camera `clock`, which
    records continuously, download as one MP4 that ffprobe reads; a range with no footage is refused in words."""
    console.go("#/cameras")
    console.wait(lambda d: d.execute_script(
        "return [...document.querySelectorAll('#export-camera option')].some((o) => o.value === 'clock')"), "the export form")
    console.js("document.querySelector('#export-camera').value = 'clock'")
    console.driver.find_element(By.CSS_SELECTOR, "#export-form button[type='submit']").click()
    console.wait(lambda d: [f for f in downloads.glob("clock-*.mp4")], "the exported MP4 downloaded", timeout=60)
    exported = next(downloads.glob("clock-*.mp4"))
    console.wait(lambda d: not exported.with_suffix(".mp4.crdownload").exists() and exported.stat().st_size > 0, "the download complete")
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(exported)],
                           capture_output=True, text=True)
    seconds = float(probe.stdout.strip() or 0)
    with sqlite3.connect(scenario.db) as db:
        recorded, = db.execute("""SELECT (julianday(MAX(endedAt)) - julianday(MIN(startedAt))) * 86400 FROM recordingSegment
                                  WHERE cameraId = 'clock'""").fetchone()
    # Segments finished after the request are not in it: the export holds at most what was recorded by now.
    check(probe.returncode == 0 and 0 < seconds <= recorded + 1 and seconds >= 4,
          f"the export form downloads camera clock's recording as an MP4 ffprobe reads ({seconds:.1f} s of the "
          f"{recorded:.1f} s recorded so far, {exported.stat().st_size} bytes)")
    scenario.refusals.append("/api/cameras/clock/recording.mp4")  # the browser logs the 404 asked for next
    console.js("""const set = (id, value) => { document.getElementById(id).value = value; };
        set('export-from', '2020-01-01T00:00:00'); set('export-to', '2020-01-01T00:10:00');""")
    console.driver.find_element(By.CSS_SELECTOR, "#export-form button[type='submit']").click()
    console.wait(lambda d: d.find_element(By.ID, "export-note").text not in ("", "正在导出…", "已下载"), "the refusal")
    check(True, f"a range with no footage is refused in words: {console.driver.find_element(By.ID, 'export-note').text}")
    console.shot("04f-export-form")


def check_history_recording(console, scenario):
    """A History row's recording around it: an incident at the continuously recorded clock camera, 15 s ago, plays
    from its row (a footage link over the export route)."""
    with sqlite3.connect(scenario.db) as db:
        sighting = db.execute("""INSERT INTO sighting (cameraId, kind, label, firstSeen, lastSeen, bestTime, mediaOffset,
            boxX, boxY, boxWidth, boxHeight, confidence, frames) VALUES ('clock', 'plate', '黑A00001',
            strftime('%Y-%m-%d %H:%M:%f', 'now', '-15 seconds'), strftime('%Y-%m-%d %H:%M:%f', 'now', '-15 seconds'),
            strftime('%Y-%m-%d %H:%M:%f', 'now', '-15 seconds'), 0, 0, 0, 10, 10, 0.9, 1)""").lastrowid
        incident = db.execute("""INSERT INTO incident (sightingId, cameraId, kind, subject, watchlist, reason, severity, status,
            createdAt, lastSeenAt) VALUES (?, 'clock', 'plate', '黑A00001', 'hotlist', 'check', 'low', 'open',
            strftime('%Y-%m-%d %H:%M:%f', 'now', '-15 seconds'), strftime('%Y-%m-%d %H:%M:%f', 'now', '-15 seconds'))""",
            (sighting,)).lastrowid
    console.go("#/history?camera=clock")
    button = console.wait(lambda d: d.find_element(By.CSS_SELECTOR, f"button[data-recording='{incident}']"), "the row's recording button")
    button.click()
    seconds = playing(console, "#history-recording-video", "the recording around the row playing", timeout=30)
    source = console.js("return document.querySelector('#history-recording-video').currentSrc")
    check("/recording.mp4?" in source and "link=" in source,
          f"a History row's recording around it plays from a footage link ({seconds:.1f} s to play 1 s)")
    console.shot("05b-history-recording")


def check_clip(console, scenario, server, incident_id):
    """The incident's clip plays from its detail page, the hit moment marked. The clip row is the store's, its file a
    copy of the camera's footage: the clip writer itself is tested in MediaTests and ServiceTests."""
    folder = server.directory / "snapshots" / "gate" / "clips"
    folder.mkdir(parents=True, exist_ok=True)
    clip = folder / f"incident-{incident_id}.mp4"
    shutil.copyfile(ROOT / "Fixtures/plates/slideshow.mp4", clip)
    with sqlite3.connect(scenario.db) as db:
        db.execute("""INSERT OR REPLACE INTO incidentClip (incidentId, path, startedAt, seconds, hitOffset, bytes, createdAt)
                      VALUES (?, ?, datetime('now'), 10.0, 4.0, ?, datetime('now'))""", (int(incident_id), str(clip), clip.stat().st_size))
    console.go(f"#/incident/{incident_id}")
    console.wait(lambda d: d.find_elements(By.ID, "clip-to-hit"), "the clip player")
    console.wait(lambda d: d.execute_script("return document.querySelector('#clip-video').readyState >= 1"), "the clip's metadata")
    mark = console.js("return parseFloat(document.querySelector('#clip-hit').style.left)")
    check(abs(mark - 40) < 1, f"the hit moment is marked at {mark:.1f} % of the clip (4 s of 10 s)")
    console.driver.find_element(By.ID, "clip-to-hit").click()
    seconds = playing(console, "#clip-video", "the clip playing from the hit", beyond=3.0)
    check(True, f"the incident's clip plays from its detail page (from 1 s before the hit, 1 s played in {seconds:.1f} s)")
    # The element plays a footage link, not a blob: Chromium streams it with Range requests, answered 206.
    source = console.js("return document.querySelector('#clip-video').currentSrc")
    statuses = console.js("""return performance.getEntriesByType('resource').filter((e) => e.name.includes('/clip.mp4'))
        .map((e) => e.responseStatus)""")
    check("/clip.mp4?link=" in source and 206 in statuses,
          f"the clip is played from a footage link and Chromium asks for it by range (answers {statuses})")
    console.shot("04c-incident-clip")


def check_console(scenario, server, out, downloads):
    driver = browser(downloads)
    console = Console(driver, server.base, out)
    try:
        # Without a token: the sign-in form, and no data.
        console.open("#/history")
        console.wait(lambda d: d.find_element(By.ID, "signin").is_displayed(), "the sign-in form without a token")
        check(not driver.find_element(By.ID, "bar").is_displayed() and driver.find_element(By.ID, "main").text == "",
              "a page opened without a token shows the sign-in form and no data")
        console.shot("01-sign-in")
        console.driver.find_element(By.ID, "token").send_keys("se_not-a-token", Keys.ENTER)
        console.wait(lambda d: d.find_element(By.ID, "signin-error").text != "", "a refusal for an unknown token")
        check(not driver.find_element(By.ID, "bar").is_displayed(), "an unknown token is refused and stays on sign-in")
        driver.get_log("browser")  # that refusal's 401 is expected: the check for script errors starts after it

        # The duty officer: live alerts; the hotlist changes while the page is open, the camera raises the incident.
        console.sign_in(scenario.tokens["dispatcher"])
        check(set(console.nav()) == {"live", "map", "history", "trajectory", "cameras", "wall", "watchlists", "pair"},
              f"the dispatcher's pages are live, map, history, trajectory, cameras, wall, watchlists, pair: {console.nav()}")
        console.go("#/live")
        console.wait(lambda d: d.find_element(By.ID, "feed-state").get_attribute("data-state") == "live", "the live feed connected")
        driver.find_element(By.ID, "sound").click()
        check(driver.find_element(By.ID, "sound").get_attribute("aria-pressed") == "true", "the sound toggle turns the alarm tone on")
        run(scenario.binary, "watchlist", "add-plate", HOT_PLATE, "--reason", "stolen", "--severity", "critical", "--db", scenario.db)
        listed = time.monotonic()
        incident_id = console.wait(lambda d: d.execute_script("""
            const row = [...document.querySelectorAll(".alert[data-new='1']")].find((r) => r.textContent.includes(arguments[0]));
            return row ? row.dataset.id : null""", HOT_PLATE), f"an incident for {HOT_PLATE} on the live page", timeout=90)
        check(True, f"the live page shows incident {incident_id} ({HOT_PLATE}) {time.monotonic() - listed:.1f} s after it was listed")
        console.wait(lambda d: d.execute_script("""
            const row = document.querySelector(`.alert[data-id="${arguments[0]}"]`);
            return [...row.querySelectorAll("img")].filter((img) => !img.hidden && img.naturalWidth > 0).length === 2""", incident_id),
            "snapshot and crop thumbnails loaded")
        check(True, "the new alert has its snapshot and crop thumbnails")
        check(console.js("return document.querySelector(`.alert[data-id='${arguments[0]}']`) === document.querySelector('.alert')", incident_id),
              "the new incident is at the top of the list")
        console.shot("02-live-alerts")

        # Keyboard only: Tab to the alert, Enter opens it; Tab to the acknowledge button, Enter acknowledges.
        presses = console.tab_to(f".alert[data-id='{incident_id}']", "the new alert")
        check(True, f"Tab reaches the new alert ({presses} presses) and it shows a focus ring")
        outline = console.js("return getComputedStyle(document.activeElement).outlineStyle")
        check(outline not in ("none", ""), f"the focused alert has a visible outline ({outline})")
        console.press(Keys.ENTER)
        console.wait(lambda d: d.execute_script("return location.hash") == f"#/incident/{incident_id}", "Enter opens the incident")
        check(True, "Enter on the focused alert opens its incident")
        console.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#best-frame svg rect"), "the best frame with its box")
        box = console.js("const r = document.querySelector('#best-frame rect'); return [r.getAttribute('width'), r.getAttribute('height')]")
        check(all(int(v) > 0 for v in box), f"the best frame is drawn with the plate's box ({box[0]}x{box[1]} px)")
        reads = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#reads li")]
        check(any(HOT_PLATE == read for read in reads), f"the reads of the plate are listed: {reads}")
        presses = console.tab_to("#orders button[data-action='ack']", "the acknowledge button")
        console.press(Keys.ENTER)
        console.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#orders .state-acknowledged"), "the order acknowledged")
        check(True, f"the acknowledge button works by keyboard (Tab x{presses}, Enter): the order shows its transition")
        console.wait(lambda d: d.execute_script("return document.activeElement.dataset.action") == "onScene", "focus on the next action")
        console.press(Keys.ENTER)
        console.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#orders .state-on_scene"), "the order on scene")
        steps = len(driver.find_elements(By.CSS_SELECTOR, "#orders tbody tr"))
        check(steps >= 3, f"on scene by keyboard too: the order's timeline has {steps} transitions")
        console.shot("03-incident-orders")
        latest = check_attention(console, scenario)
        check_incident_live(console, scenario, server, latest)
        check_duties(console, scenario, server)

        console.go("#/cameras")
        console.wait(lambda d: "gate" in d.find_element(By.ID, "camera-rows").text, "the camera table")
        first = console.js("return document.querySelector('#cameras-updated').textContent")
        console.wait(lambda d: d.execute_script("return document.querySelector('#cameras-updated').textContent") != first,
                     "the camera table refreshed")
        check(True, "the cameras page lists the camera and refreshes itself")
        console.shot("04-cameras")

        check_outage(console, scenario, server, latest)
        check_triage(console, scenario, server)
        check_live_view(console)
        check_live_latency(console, server)
        check_wall(console)
        check_clip(console, scenario, server, incident_id)

        # The investigator: history with a filter, the CSV export, a trajectory, the watchlists.
        console.sign_in(scenario.tokens["investigator"])
        check_export_form(console, scenario, downloads)
        check_history_recording(console, scenario)
        console.go("#/history")
        console.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#history-rows tr")) > 0, "history rows")
        unfiltered = len(driver.find_elements(By.CSS_SELECTOR, "#history-rows tr"))
        more = driver.find_element(By.ID, "history-more").is_displayed()
        if more:
            driver.find_element(By.ID, "history-more").click()
            console.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#history-rows tr")) > unfiltered, "the next page")
            ids = [r.get_attribute("data-id") for r in driver.find_elements(By.CSS_SELECTOR, "#history-rows tr")]
            check(len(ids) == len(set(ids)) and len(ids) > unfiltered, f"the next page (next_cursor) adds {len(ids) - unfiltered} other rows")
        driver.find_element(By.ID, "f-camera").send_keys(scenario.busiest_camera)
        driver.find_element(By.CSS_SELECTOR, "#f-severity option[value='high']").click()
        driver.find_element(By.CSS_SELECTOR, "#history-filters button[type='submit']").click()
        console.wait(lambda d: "severity=high" in d.execute_script("return location.hash"), "the filter in the address")
        console.wait(lambda d: d.execute_script("""
            const rows = [...document.querySelectorAll("#history-rows tr")];
            return rows.length > 0 && rows.every((row) => row.dataset.camera === arguments[0])""", scenario.busiest_camera),
            "the filtered rows")
        rows = driver.find_elements(By.CSS_SELECTOR, "#history-rows tr")
        severities = {r.find_element(By.CSS_SELECTOR, ".sev").get_attribute("class") for r in rows}
        check(len(rows) < unfiltered or (more and not driver.find_element(By.ID, "history-more").is_displayed()),
              f"the filter narrows the list ({unfiltered}{'+' if more else ''} rows to {len(rows)})")
        cameras_shown = {r.get_attribute("data-camera") for r in rows}
        check(severities == {"sev sev-high"} and cameras_shown == {scenario.busiest_camera},
              f"every filtered row is high severity at camera {scenario.busiest_camera}")
        driver.find_element(By.ID, "export-csv").click()
        csv = downloads / "incidents.csv"
        console.wait(lambda d: csv.exists() and csv.stat().st_size > 0, "incidents.csv downloaded")
        text = csv.read_text(encoding="utf-8")
        lines = text.splitlines()
        check(len(lines) == len(rows) + 1, f"the CSV export downloads the filtered rows ({len(lines) - 1}) with a header")
        check(text.startswith("\ufeff") and "+08:00" in lines[1], "the CSV starts with a byte-order mark and its times are the "
              f"viewer's (Asia/Shanghai): {lines[1].split(',')[1]}")
        console.shot("05-history-filtered")
        check_review(console, scenario, server)
        check_history_search(console, scenario)

        console.go(f"#/trajectory?plate={scenario.trajectory_plate}")
        console.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#trajectory-plot g.camera"), "the trajectory plot")
        cameras = len(driver.find_elements(By.CSS_SELECTOR, "#trajectory-plot g.camera"))
        legs = len(driver.find_elements(By.CSS_SELECTOR, "#trajectory-plot line.leg"))
        points = len(driver.find_elements(By.CSS_SELECTOR, "#trajectory-points tbody tr"))
        check(cameras >= 3 and legs >= 2, f"the trajectory of {scenario.trajectory_plate} is drawn over {cameras} cameras, "
              f"{legs} legs, {points} passes in time order")
        impossible = len(driver.find_elements(By.CSS_SELECTOR, "#trajectory-legs tr.impossible"))
        check(impossible >= 1 and driver.find_elements(By.CSS_SELECTOR, "#trajectory-plot line.leg.impossible"),
              f"the cloned read's leg is marked impossible in the table and dashed red on the plot ({impossible})")
        console.shot("06-trajectory")
        driver.find_element(By.ID, "trajectory-on-map").click()
        console.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#map #map-trail"), "the trajectory on the map")
        trail = console.js("return document.querySelector('#map #map-trail').getAttribute('points').split(' ').length")
        check(trail >= 3, f"the trajectory drawn on the map as a line through its {trail} passes")

        console.go("#/watchlists")
        console.wait(lambda d: HOT_PLATE in d.find_element(By.ID, "plates").text, "the hotlist")
        check(driver.find_elements(By.ID, "plate-form") and driver.find_elements(By.ID, "face-form"),
              "the investigator sees the hotlist with the forms to add, import and enrol a face")
        driver.find_element(By.ID, "wp-plate").send_keys("辽B12345")
        driver.find_element(By.ID, "wp-reason").send_keys("测试")
        driver.find_element(By.CSS_SELECTOR, "#plate-form button[type='submit']").click()
        console.wait(lambda d: "辽B12345" in d.find_element(By.ID, "plate-list").text, "the added plate listed")
        console.wait(lambda d: d.find_element(By.XPATH, "//table[@id='plate-list']//tr[td[1]='辽B12345']//button").click() or True,
                     "the remove button of the added plate")
        driver.switch_to.alert.accept()
        console.wait(lambda d: "辽B12345" not in d.find_element(By.ID, "plate-list").text, "the removed plate gone")
        check(True, "a plate added with the form is listed, and removed with its button")
        check_hotlist_import(console, scenario, downloads)
        faces = f"#face-list tr:has(a[href$='identity={scenario.face_identity}'])"
        console.wait(lambda d: d.execute_script(
            f"return [...document.querySelectorAll(\"{faces} img.face\")].some((img) => !img.hidden && img.naturalWidth > 0)"),
            "the identity's enrolment photo")
        placeholders = len(driver.find_elements(By.CSS_SELECTOR, f"{faces} .face.noimg"))
        check(placeholders == 1,
              "the face watchlist shows an identity's enrolment photo (an upload made before uploads were kept, as 'no image')")
        scenario.refusals.append(f"/api/watchlists/faces/{scenario.face_identity}/photos/2.jpg")
        console.js(f"document.querySelector(\"{faces}\").scrollIntoView({{block: 'center'}})")
        console.shot("22-face-photos")
        console.shot("07-watchlists")

        # A grid worker: the grid's incidents, without names or reasons; pages for the police are not offered.
        console.sign_in(scenario.tokens["community"])
        check(set(console.nav()) == {"live", "map", "history", "wall", "community"},
              f"the community role sees only live, its grid's map, history, camera wall and community page: {console.nav()}")
        console.go("#/history")
        console.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#history-rows tr")) > 0, "the grid's incidents")
        text = console.text()
        shown = [name for name in scenario.names if name in text] + [reason for reason in scenario.reasons if reason in text]
        grids = {td.text for td in driver.find_elements(By.CSS_SELECTOR, "#history-rows tr td.grid")}
        check(not shown and grids == {scenario.community_grid},
              f"the community role sees its grid's ({scenario.community_grid}) incidents without names or reasons")
        offered = [name for name in ("subject", "watchlist") if driver.find_elements(By.ID, f"f-{name}")]
        check(not offered, f"the community role is not offered filters by what it is not shown {offered}")
        console.shot("08-community-redacted")
        check_community_orders(console, scenario)
        check_community_wall(console, scenario)

        check_phone(console, scenario, server)
        check_narrow(console, scenario)
        check_words(console, scenario, downloads)

        driver.find_element(By.ID, "lang").click()
        console.wait(lambda d: "History" in d.find_element(By.ID, "nav").text, "English labels")
        check(console.js("return document.documentElement.lang") == "en", "the language switch turns the labels to English")
        console.go("#/live")
        console.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#alerts .alert"), "the live page in English")
        console.shot("09-live-english")

        origin = server.base
        outside = console.js("return performance.getEntriesByType('resource').map((e) => e.name)"
                             ".filter((n) => !n.startsWith(arguments[0]) && !n.startsWith('blob:') && !n.startsWith('data:'))", origin)
        check(not outside, f"nothing was fetched from outside the server {outside}")
        width = console.js("return document.documentElement.scrollWidth")
        check(width <= WIDTH, f"no horizontal scrolling at {WIDTH}x{HEIGHT} (page width {width})")
        # Expected: seeded incidents have no image files, requests fail while the server is stopped, refusals provoked.
        expected = ("/snapshot.jpg", "/crop.jpg", "ERR_CONNECTION_REFUSED", *scenario.refusals)
        errors = [entry["message"] for entry in driver.get_log("browser")
                  if entry["level"] == "SEVERE" and not any(text in entry["message"] for text in expected)]
        check(not errors, f"no script errors in the browser console {errors}")
        check_examples_map(driver, scenario.binary, downloads.parent, out)
    except CheckFailed:
        # What the page showed when the check gave up: its text, the browser's console and a screenshot.
        try:
            print("---- page ----\n" + console.text()[-3000:], flush=True)
            print("---- browser console ----\n" + "\n".join(e["message"][:300] for e in driver.get_log("browser")[-20:]), flush=True)
            console.shot("failure")
        except Exception as error:  # the page may be gone too; the failure itself is what matters
            print(f"(no page state: {error})", flush=True)
        raise
    finally:
        driver.quit()


def raise_incident(console, scenario, plate, what, timeout=60, severity="critical"):
    """Lists another plate of the camera's clip (it loops every 10 s; a plate's later passes join its open incident)
    and returns the id of the incident the page receives for it."""
    before = console.js("return document.body.dataset.lastIncident || ''")
    run(scenario.binary, "watchlist", "add-plate", plate, "--reason", "stolen", "--severity", severity, "--db", scenario.db)
    return console.wait(lambda d: d.execute_script("return document.body.dataset.lastIncident || ''") not in ("", before)
                        and d.execute_script("return document.body.dataset.lastIncident"), what, timeout=timeout)


def api(server, path, secret, method="GET"):
    request = urllib.request.Request(f"{server.base}{path}", method=method, headers={"Authorization": f"Bearer {secret}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


def check_attention(console, scenario):
    """The duty officer on History after a reload: sound blocked until a click, yet a new incident cannot be missed."""
    driver = console.driver
    console.go("#/history")
    driver.refresh()
    console.wait(lambda d: d.find_element(By.ID, "bar").is_displayed(), "signed in again after the reload")
    console.wait(lambda d: d.find_element(By.ID, "unlock").is_displayed(), "the unlock banner after a reload with sound on")
    check(True, "after a reload with sound on, the page shows the unlock banner (the browser blocks the tone until a click)")
    console.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#history-rows tr"), "history rows")
    incident = raise_incident(console, scenario, "京FK5358", "a new incident while on History")
    console.wait(lambda d: d.find_element(By.ID, "new-alert").is_displayed(), "the new-alert banner")
    shown = console.js("return Number(document.body.dataset.alertShownAt)") / 1000
    latency = shown - scenario.committed[incident]
    title = driver.title
    check(latency < 1.0 and title.startswith("(") and console.js("return document.getElementById('new-alert').dataset.incident") == incident,
          f"on History with sound blocked, incident {incident} shows a banner and the title badge '{title}' "
          f"{max(latency, 0) * 1000:.0f} ms after its commit (under 1 s)")
    check(not console.js("return document.body.dataset.tones"), "no tone was played while the browser blocked it")
    console.shot("10-history-new-alert")
    driver.find_element(By.ID, "unlock").click()
    console.wait(lambda d: not d.find_element(By.ID, "unlock").is_displayed(), "the unlock banner gone after one click")
    after = raise_incident(console, scenario, "黑A1R272", "the next incident after the click")
    console.wait(lambda d: d.execute_script("return Number(document.body.dataset.tones || 0)") >= 1, "a tone")
    check(True, f"one click on the banner unlocks the tone: it plays for the next incident ({after})")
    return after


def check_incident_live(console, scenario, server, incident):
    """The incident page open while the patrol officer acknowledges on his own token: the page follows within 1 s."""
    console.go(f"#/incident/{incident}")
    order = next(o for o in api(server, f"/api/orders?incident={incident}", scenario.tokens["dispatcher"]) if o["force_id"] == "patrol-9")
    console.wait(lambda d: d.find_elements(By.CSS_SELECTOR, f"[data-order-id='{order['id']}'] button[data-action='ack']"),
                 "the order awaiting acknowledgement")
    started = time.monotonic()
    api(server, f"/api/orders/{order['id']}/ack", scenario.tokens["patrol"], method="POST")
    console.wait(lambda d: d.find_elements(By.CSS_SELECTOR, f"[data-order-id='{order['id']}'] .state-acknowledged")
                 and d.find_elements(By.CSS_SELECTOR, "#fact-status .state-acknowledged"), "the page following the acknowledgement")
    elapsed = time.monotonic() - started
    check(elapsed < 1.0, f"the open incident page shows the patrol's acknowledgement (order and status) {elapsed:.2f} s after it "
          "was made on another token (under 1 s)")
    orders = console.driver.find_element(By.ID, "orders").text
    raw = [word for word in ("rule '", "http", "dispatcher:", "patrol:", "patrol-9", "tier", "delivery", " m away") if word in orders]
    check(not raw and "Patrol 9" in orders and "调度系统" in orders,
          f"the orders read in Chinese: the unit by name, the dispatcher's notes and actors translated, no address {raw}")
    console.shot("11-incident-live")


def check_duties(console, scenario, server):
    """A wanted vehicle goes to a patrol car and the grid's worker (rule 'wanted vehicles'): the worker's "I saw it"
    leaves the patrol's order open and the incident unanswered; the patrol's silence escalates to the police post on
    its deadline; the incident reads acknowledged only when the post takes it. Seen on the dispatcher's page."""
    worker, post = (next(word for word in run(scenario.binary, "token", "create", "--db", scenario.db, *arguments).split()
                         if word.startswith("se_")) for arguments in (
        ["--role", "community", "--name", "check-grid-a", "--grid", "A", "--force", "grid-a-wang"],
        ["--role", "patrol", "--name", "check-post", "--force", "post-daoli"]))
    incident = raise_incident(console, scenario, "辽BG0D80", "the wanted vehicle's incident", severity="high")
    console.go(f"#/incident/{incident}")
    orders = {o["force_id"]: o for o in api(server, f"/api/orders?incident={incident}", scenario.tokens["dispatcher"])}
    check(set(orders) == {"patrol-9", "grid-a-wang"}, f"incident {incident} goes to the patrol car and the grid worker {sorted(orders)}")
    patrol = f"[data-order-id='{orders['patrol-9']['id']}']"
    api(server, f"/api/orders/{orders['grid-a-wang']['id']}/ack", worker, method="POST")
    console.wait(lambda d: d.find_elements(By.CSS_SELECTOR, f"[data-order-id='{orders['grid-a-wang']['id']}'] .state-acknowledged"),
                 "the grid worker's acknowledgement on the page")
    open_ = console.js(f"return !!document.querySelector(\"{patrol} button[data-action='ack']\")")
    status = console.js("return document.querySelector('#fact-status').textContent")
    check(open_ and not console.driver.find_elements(By.CSS_SELECTOR, "#fact-status .state-acknowledged"),
          f"the grid worker's acknowledgement leaves the patrol's order open and the incident unanswered ({status.strip()})")
    console.shot("23-grid-worker-acknowledged")
    console.wait(lambda d: d.find_elements(By.CSS_SELECTOR, f"{patrol} .state-escalated")
                 and "道里派出所" in d.find_element(By.ID, "orders").text, "the patrol's order escalated to the police post", timeout=60)
    check(not console.driver.find_elements(By.CSS_SELECTOR, "#fact-status .state-acknowledged"),
          "on its deadline the patrol's order escalates and the police post is sent; the incident is still unanswered")
    post_order = next(o for o in api(server, f"/api/orders?incident={incident}", scenario.tokens["dispatcher"]) if o["force_id"] == "post-daoli")
    api(server, f"/api/orders/{post_order['id']}/ack", post, method="POST")
    console.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#fact-status .state-acknowledged"), "the incident acknowledged")
    check(True, "the incident reads acknowledged once the police post takes it")
    console.shot("24-police-acknowledged")


def check_outage(console, scenario, server, incident):
    """The server stops (an upgrade at night) while the unit resolves its order from the command line: a banner no one
    can miss within 2 s, History says so in words, and every page recovers by itself when the server is back; the live
    feed resumes with Last-Event-ID and shows the resolution it missed."""
    console.go("#/live")
    console.wait(lambda d: d.find_elements(By.CSS_SELECTOR, f".alert[data-id='{incident}']"), "the alert on the live page")
    console.js("window.sameDocument = true")
    server.stop()
    stopped = time.monotonic()
    console.wait(lambda d: d.find_element(By.ID, "outage").is_displayed(), "the outage banner", timeout=10)
    elapsed = time.monotonic() - stopped
    check(elapsed < 2.0, f"server stopped: the outage banner is up {elapsed:.2f} s later (under 2 s)")
    console.go("#/history")
    console.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#main [data-unreachable]"), "History's message while the server is down")
    text = console.text()
    check("Failed to fetch" not in text and "无法连接服务器" in text, "History says the server cannot be reached, in Chinese, "
          "not 'Failed to fetch'")
    console.shot("12-outage")
    order = run(scenario.binary, "dispatch", "list", "--incident", incident, "--db", scenario.db).split("\t")[0]
    run(scenario.binary, "dispatch", "resolve", order, "--by", "patrol-9", "--db", scenario.db)
    server.start()
    restarted = time.monotonic()
    console.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#history-rows tr") and not d.find_element(By.ID, "outage").is_displayed(),
                 "History recovered")
    check(console.js("return window.sameDocument === true"), f"server back: History shows its rows {time.monotonic() - restarted:.1f} s "
          "after the restart and the banner is gone, without a reload")
    console.go("#/live")
    console.wait(lambda d: d.execute_script(
        "return document.querySelector(`.alert[data-id='${arguments[0]}']`)?.dataset.status", incident) == "resolved",
        "the resolution made while the server was down")
    check(console.js("return document.getElementById('feed-state').dataset.state") == "live",
          "the feed reconnects by itself and delivers what it missed (Last-Event-ID): the incident reads resolved")


def check_community_orders(console, scenario):
    """A grid worker's incident page: the orders of its force, without the rule's name (which names the list) or
    the webhook's address, though the stored notes hold both."""
    with sqlite3.connect(scenario.db) as db:
        incident, rule = db.execute("""
            SELECT d.incidentId, d.rule FROM dispatchOrder d JOIN orderTransition t ON t.orderId = d.id
            WHERE d.forceId = ? AND t.note LIKE 'rule %' ORDER BY d.incidentId DESC LIMIT 1""",
            (f"{scenario.community_grid}-worker",)).fetchone()
    console.go(f"#/incident/{incident}")
    console.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#orders .order"), "the grid worker's order on the incident page")
    text = console.text()
    check(rule not in text and "rule '" not in text and "http" not in text,
          f"the grid worker sees incident {incident}'s order without the rule name '{rule}' or a webhook address")
    console.shot("13-community-order")
    with sqlite3.connect(scenario.db) as db:
        elsewhere, = db.execute("""SELECT i.id FROM incident i JOIN camera c ON c.id = i.cameraId WHERE c.grid != ? LIMIT 1""",
                                (scenario.community_grid,)).fetchone()
    scenario.refusals.append(f"/api/incidents/{elsewhere} - ")
    console.go(f"#/incident/{elsewhere}")
    refusal = console.wait(lambda d: d.find_element(By.CSS_SELECTOR, "#main .error").text, "the refusal of another grid's incident")
    check(refusal == "未找到。", f"another grid's incident is refused in Chinese, from the server's code ({refusal})")


def phone(driver, width, height):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 2, "mobile": True})
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})


def desk(driver):
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": False})
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})


def tap(console, element):
    """A finger's tap (touch start and end at the element's centre), not a mouse click."""
    x, y = console.js("arguments[0].scrollIntoView({block: 'center'}); const r = arguments[0].getBoundingClientRect();"
                      "return [r.x + r.width / 2, r.y + r.height / 2]", element)
    console.driver.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    console.driver.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def tap_when(console, css, what):
    """Taps the element once it is there (a list redrawn meanwhile is looked up again); returns its height."""
    def attempt(driver):
        element = driver.find_element(By.CSS_SELECTOR, css)
        height = element.size["height"]
        tap(console, element)
        return height
    return console.wait(attempt, what)


def page_width(console):
    return console.js("return document.documentElement.scrollWidth")


def open_from_map(driver):
    """Clicks the open incidents' markers, newest first, until one opens its incident: a marker under another (a
    camera's, a unit's, a newer incident's at the same place) takes no click, and the click goes to the next."""
    for marker in reversed(driver.find_elements(By.CSS_SELECTOR, "#map .inc")):
        try:
            marker.click()
        except ElementClickInterceptedException:
            continue
        if driver.execute_script("return location.hash").startswith("#/incident/"):
            return True
    return False


def check_map(console):
    """The duty officer's map: the grids' outlines, the cameras, the unit and the open incidents, drawn offline."""
    console.go("#/map")
    console.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#map .inc"), "the map with its open incidents")
    counts = console.js("""return Object.fromEntries(["grid", "cam", "unit", "inc"].map((kind) =>
        [kind, document.querySelectorAll(`#map .${kind}`).length]))""")
    placed = console.js("return [...document.querySelectorAll('#map .cam, #map .unit')].map((g) => g.dataset.id)")
    check(counts["grid"] == 2 and "gate" in placed and "patrol-9" in placed and counts["inc"] >= 3,
          f"the map draws the Examples' 2 grids, the cameras with camera 'gate', unit patrol-9 and the open incidents {counts}")
    console.wait(open_from_map, "an incident opened from the map")
    check(True, "a click on an incident on the map opens it")
    console.go("#/map")
    console.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#map .inc"), "the map again")
    console.shot("17-map")


def check_examples_map(driver, binary, directory, out):
    """The map of the Examples config as shipped: its grids, its enabled cameras and its units where they are (a grid
    worker and volunteers at their grid's centre), what has no position named beside the map, and open incidents."""
    examples = Server(binary, directory, None, config=lambda port: examples_config(directory, port), name="examples",
                      environment={name: "check-password" for name in ("GATE1_PASSWORD", "GATE2_PASSWORD", "EAGLE_PASSWORD", "GB28181_PASSWORD")})
    try:
        database = str(directory / "examples.sqlite")
        secret = next(word for word in run(binary, "token", "create", "--db", database, "--role", "dispatcher",
                                           "--name", "check-examples").split() if word.startswith("se_"))
        with sqlite3.connect(database) as db:
            for camera, plate in [("gate-1", "黑A1R272"), ("square-eagle", "京FK5358")]:
                sighting = db.execute("""INSERT INTO sighting (cameraId, kind, label, firstSeen, lastSeen, bestTime, mediaOffset,
                    boxX, boxY, boxWidth, boxHeight, confidence, frames) VALUES (?, 'plate', ?, datetime('now'), datetime('now'),
                    datetime('now'), 0, 10, 10, 100, 30, 0.95, 3)""", (camera, plate)).lastrowid
                db.execute("""INSERT INTO incident (sightingId, cameraId, kind, subject, watchlist, reason, severity, status, latitude,
                    longitude, createdAt) SELECT ?, id, 'plate', ?, 'hotlist', 'stolen', 'high', 'open', latitude, longitude,
                    datetime('now') FROM camera WHERE id = ?""", (sighting, plate, camera))
        console = Console(driver, examples.base, out)
        console.sign_in(secret)
        console.go("#/map")
        console.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#map .inc")) == 2 and d.find_elements(By.ID, "map-unplaced"),
                     "the Examples' map with its two open incidents")
        drawn = console.js("""return Object.fromEntries(["grid", "cam", "unit"].map((kind) =>
            [kind, [...document.querySelectorAll(`#map .${kind}`)].map((g) => g.dataset.id).sort()]))""")
        unplaced = driver.find_element(By.ID, "map-unplaced").text
        expected = {"grid": ["A", "B"], "cam": sorted(["gate-1", "gate-2", "square-eagle", "drone-7", "checkpoint-g1"]),
                    "unit": sorted(["patrol-11", "patrol-12", "post-daoli", "grid-a-wang", "volunteers-b"])}
        check(drawn == expected and "Case 42 recording" in unplaced and "Command centre" in unplaced,
              f"the map of Examples/sharpeyes.yaml draws its 2 grids, its 5 enabled cameras with a position, its 5 units with a "
              f"place and 2 open incidents, and names what has no position ({unplaced}) {drawn}")
        console.shot("25-map-examples")
    finally:
        examples.close()


def check_cli_pairing(scenario, server):
    """`sharpeyes token pair` on the server's database: its code becomes a token at POST /api/pair, once."""
    code = run(scenario.binary, "token", "pair", "--role", "community", "--name", "volunteer phone", "--grid", scenario.community_grid,
               "--force", f"{scenario.community_grid}-worker", "--db", scenario.db).split()[-1]

    def exchange():
        request = urllib.request.Request(f"{server.base}/api/pair", method="POST", data=json.dumps({"code": code}).encode(),
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())
    status, body = exchange()
    me = api(server, "/api/me", body.get("token", "")) if status == 200 else {}
    again, refusal = exchange()
    check(status == 200 and me.get("role") == "community" and me.get("grid") == scenario.community_grid
          and again == 403 and refusal.get("code") == "pairing_invalid",
          "a code from `sharpeyes token pair` becomes a community token of its grid at POST /api/pair, and only once")


def check_phone(console, scenario, server):
    """The duty officer makes a pairing code; on a 390x844 phone the patrol officer enters it (no token typed) and
    acknowledges his order with a tap."""
    check_cli_pairing(scenario, server)
    driver = console.driver
    console.sign_in(scenario.tokens["dispatcher"])
    check_map(console)
    console.go("#/pair")
    driver.find_element(By.ID, "p-name").send_keys("巡逻 9 号手机")
    driver.find_element(By.ID, "p-force").send_keys("patrol-9")
    driver.find_element(By.CSS_SELECTOR, "#pair-form button[type='submit']").click()
    code = console.wait(lambda d: d.find_element(By.ID, "pair-code-shown").get_attribute("data-code"), "the pairing code")
    check(len(code) == 8 and code.isdigit(), "the duty officer's pairing page shows an 8-digit code")
    console.shot("14-pair-code")
    phone(driver, 390, 844)
    driver.find_element(By.ID, "signout").click()
    field = console.wait(lambda d: d.find_element(By.ID, "pair-code") if d.find_element(By.ID, "pair-code").is_displayed() else None,
                         "the pairing field")
    field.send_keys("0000 0000" if code != "00000000" else "1111 1111")
    tap(console, driver.find_element(By.CSS_SELECTOR, "#pair-signin button[type='submit']"))
    refusal = console.wait(lambda d: d.find_element(By.ID, "pair-error").text, "the refusal of a wrong code")
    check(refusal == "配对码无效、已使用或已过期。", f"a wrong code is refused in Chinese, from the server's code ({refusal})")
    field.clear()
    field.send_keys(code[:4] + " " + code[4:])
    tap(console, driver.find_element(By.CSS_SELECTOR, "#pair-signin button[type='submit']"))
    console.wait(lambda d: d.find_element(By.ID, "bar").is_displayed(), "signed in with the code")
    who = driver.find_element(By.ID, "who").text
    check("巡逻民警" in who and console.js("return sessionStorage.getItem('sharpeyes.token')").startswith("se_"),
          f"at 390x844 the patrol officer signs in with the code, typing no token ({who})")
    console.go("#/live")
    console.wait(lambda d: d.find_element(By.ID, "feed-state").get_attribute("data-state") == "live", "the patrol's live feed")
    incident = raise_incident(console, scenario, "粤B2757B", "the patrol's new incident")
    height = tap_when(console, f".alert[data-id='{incident}'] button[data-action='ack']", "the acknowledge button on the phone")
    console.wait(lambda d: not d.find_elements(By.CSS_SELECTOR, f".alert[data-id='{incident}'] button[data-action='ack']"),
                 "the order acknowledged")
    orders = api(server, f"/api/orders?incident={incident}", scenario.tokens["dispatcher"])
    check(any(o["force_id"] == "patrol-9" and o["state"] == "acknowledged" for o in orders) and height >= 44,
          f"one tap on the {height} px acknowledge button acknowledges the patrol's order for incident {incident}")
    width = page_width(console)
    check(width <= 390, f"the phone's live page is no wider than the screen ({width} px)")
    console.shot("15-phone-acknowledged")
    order = next(o for o in orders if o["force_id"] == "patrol-9")
    console.go(f"#/incident/{incident}")
    note = console.wait(lambda d: d.find_element(By.ID, f"note-{order['id']}"), "the resolve note on the phone")
    note.send_keys("车辆已拦截，驾驶员已带回")
    tap_when(console, f"#orders button[data-order='{order['id']}'][data-action='resolve']", "the resolve button")
    console.wait(lambda d: "车辆已拦截，驾驶员已带回" in d.find_element(By.ID, "orders").text, "the note in the order's timeline")
    check(True, "the patrol officer resolves his order on the phone with a note, shown in its timeline")


def check_narrow(console, scenario):
    """Every page at 360 px (the narrowest phones in use): nothing wider than the screen."""
    console.sign_in(scenario.tokens["admin"])
    phone(console.driver, 360, 740)
    with sqlite3.connect(scenario.db) as db:
        # The hot plate's incident: the camera's clip has passed it several times by now.
        incident, sightings = db.execute("SELECT id, sightings FROM incident WHERE subject = ? ORDER BY id LIMIT 1", (HOT_PLATE,)).fetchone()
    pages = {"live": "#alerts .alert", "map": "#map .cam", "history": "#history-rows tr", "trajectory": "#trajectory-plot g.camera",
             "cameras": "#camera-rows tr", "watchlists": "#plate-list tr", "pair": "#pair-form", "incident": "#orders"}
    widths = {}
    for page, ready in pages.items():
        target = {"trajectory": f"#/trajectory?plate={scenario.trajectory_plate}", "incident": f"#/incident/{incident}"}.get(page, f"#/{page}")
        console.go(target)
        console.wait(lambda d: d.find_elements(By.CSS_SELECTOR, ready), f"the {page} page at 360 px")
        widths[page] = page_width(console)
        if page in ("history", "incident"):
            console.shot(f"16-narrow-{page}")
    check(all(width <= 360 for width in widths.values()), f"no horizontal scroll at 360 px on any page {widths}")
    console.go(f"#/incident/{incident}")
    strip = console.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#filmstrip li")), "the incident's filmstrip")
    check(strip >= 2, f"incident {incident}'s {strip} sightings shown as a filmstrip ({sightings} passes)")
    desk(console.driver)


def check_triage(console, scenario, server):
    """The live page's filters (kept in the address and over a reload) and the repeated hits of a subject grouped."""
    driver = console.driver
    console.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#lf-severity"), "the live page's filters")
    before = len(driver.find_elements(By.CSS_SELECTOR, "#alerts .alert"))
    console.wait(lambda d: d.find_element(By.CSS_SELECTOR, "#lf-severity option[value='critical']").click()
                 or "severity=critical" in d.execute_script("return location.hash"), "the filter in the address")
    driver.refresh()
    console.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#alerts .alert"), "the filtered list after a reload")
    severities = console.js("return [...document.querySelectorAll('#alerts .alert')].map((row) => row.className.match(/b-(\\w+)/)[1])")
    count = console.js("return document.getElementById('live-count').textContent")
    check(set(severities) == {"critical"} and console.js("return document.getElementById('lf-severity').value") == "critical",
          f"the severity filter keeps {len(severities)} critical of {before} rows, and a reload keeps it ({count})")
    console.shot("18-live-filtered")
    console.wait(lambda d: d.find_element(By.CSS_SELECTOR, "#lf-severity option[value='']").click()
                 or "severity" not in d.execute_script("return location.hash"), "the filter cleared")
    open_ = api(server, "/api/incidents?status=open&limit=50", scenario.tokens["dispatcher"])["items"]
    keys = [i.get("plate") or i.get("identity") for i in open_]
    repeated = {key for key in keys if key and keys.count(key) > 1}
    console.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#alerts .repeat")) >= (1 if repeated else 0), "the repeated hits grouped")
    subjects = console.js("return [...document.querySelectorAll('#alerts .alert .plate')].map((span) => span.textContent)")
    repeats = console.js("return [...document.querySelectorAll('#alerts .repeat')].map((span) => span.textContent)")
    check(len(subjects) == len(set(subjects)) and (repeats or not repeated),
          f"each subject has one row, its repeated hits counted on it ({len(repeated)} repeated subjects: {repeats})")
    check_live_review(console, scenario)


def check_live_review(console, scenario):
    """The live page's earlier incidents: paged with their total, and one ticked, marked reviewed and gone from the
    'only what I have not reviewed' view (the filter kept in the address)."""
    driver = console.driver
    shown = lambda d: d.execute_script("const m = /(\\d+) \\/ \\d+/.exec(document.getElementById('earlier-total').textContent); "
                                       "return m ? Number(m[1]) : 0")
    first = console.wait(shown, "the earlier incidents' total")
    total = driver.find_element(By.ID, "earlier-total").text
    paged = driver.find_element(By.ID, "earlier-more").is_displayed()
    if paged:
        driver.find_element(By.ID, "earlier-more").click()
        console.wait(lambda d: shown(d) > first, "the next page of earlier incidents")
    check(first > 0, f"the earlier open incidents show their total: {total}"
          + (f", then {shown(driver)} after 'more'" if paged else " (one page: no 'more')"))
    # A row of repeated hits if there is one (×N): ticking it ticks all N.
    last, repeats = console.js("""const rows = [...document.querySelectorAll('#alerts .alert:not([data-new])')];
        const row = rows.find((r) => r.querySelector('.repeat')) ?? rows.at(-1);
        return [row.dataset.id, Number(row.querySelector('.repeat')?.textContent.slice(1) ?? 1)]""")
    console.js(f"document.querySelector(`#alerts .alert[data-id='{last}'] input.pick`).click()")
    ticked = driver.find_element(By.ID, "mark-reviewed").text
    check(f"({repeats})" in ticked, f"ticking a row of {repeats} repeated hit(s) ticks them all: '{ticked}'")
    console.js("document.getElementById('mark-reviewed').click()")
    console.wait(lambda d: d.find_elements(By.CSS_SELECTOR, f"#alerts .alert[data-id='{last}'] .review.reviewed"), "the row marked")
    console.js("document.getElementById('lf-unreviewed').click()")
    console.wait(lambda d: "unreviewed=1" in d.execute_script("return location.hash") and d.find_elements(By.CSS_SELECTOR, "#alerts .alert")
                 and not d.find_elements(By.CSS_SELECTOR, f"#alerts .alert[data-id='{last}']"), "the unreviewed view")
    check(True, f"incident {last} (×{repeats}), ticked on the live page and marked reviewed, leaves the 'not reviewed' view")
    console.shot("21-live-unreviewed")
    console.js("document.getElementById('lf-unreviewed').click()")
    scenario.dispatcher_reviewed = last


def check_review(console, scenario, server):
    """Per-user review: two incidents ticked on History and marked in one request leave the investigator's unreviewed
    view (and stay out after a reload); the dispatcher's token still has them unreviewed; the incident page's button."""
    driver = console.driver
    rows = "#history-rows tr"
    console.go("#/history?reviewed=false")
    console.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, rows)) >= 3
                 and "/" in d.find_element(By.ID, "history-count").text, "the unreviewed history rows with their total")
    count = driver.find_element(By.ID, "history-count").text
    ids = console.js(f"return [...document.querySelectorAll('{rows}')].map((row) => row.dataset.id)"
                     ".filter((id) => id !== arguments[0]).slice(0, 3)", scenario.dispatcher_reviewed)
    picked, third = ids[:2], ids[2]
    for id_ in picked:
        driver.find_element(By.CSS_SELECTOR, f"{rows} input.pick[data-id='{id_}']").click()
    button = driver.find_element(By.ID, "mark-reviewed")
    check(button.text.endswith("(2)") and console.js("return location.hash") == "#/history?reviewed=false",
          f"two ticked rows arm the mark button ({button.text}) without opening either; the count is {count}")
    console.shot("19-history-review-picked")
    button.click()
    gone = lambda d: not any(d.find_elements(By.CSS_SELECTOR, f"{rows}[data-id='{id_}']") for id_ in picked)
    console.wait(gone, "the marked rows leave the unreviewed view")
    driver.refresh()
    console.wait(lambda d: d.find_elements(By.CSS_SELECTOR, f"{rows}[data-id='{third}']"), "the unreviewed view after a reload")
    check(gone(driver), f"incidents {picked}, marked in one request, stay out of the investigator's unreviewed view after a reload")
    mine = [api(server, f"/api/incidents/{id_}", scenario.tokens["investigator"])["incident"].get("reviewed_at") for id_ in picked]
    other = [api(server, f"/api/incidents/{id_}", scenario.tokens["dispatcher"])["incident"].get("reviewed_at") for id_ in picked]
    unreviewed = {str(i["id"]) for i in api(server, "/api/incidents?reviewed=false&limit=500", scenario.tokens["dispatcher"])["items"]}
    check(all(mine) and not any(other) and set(picked) <= unreviewed,
          "the dispatcher's token still sees them unreviewed (reviewed_at is per user)")
    console.go(f"#/incident/{third}")
    # Clicked by script: the new-alert banner may lie over the heading when an incident arrives meanwhile.
    console.wait(lambda d: d.execute_script("const b = document.getElementById('review-button'); b?.click(); return !!b"),
                 "the incident page's review button")
    console.wait(lambda d: d.find_elements(By.ID, "review-state"), "the incident marked reviewed")
    check(bool(api(server, f"/api/incidents/{third}", scenario.tokens["investigator"])["incident"].get("reviewed_at")),
          f"the incident page's button marks incident {third} reviewed")


def check_history_search(console, scenario):
    """History as an investigator searches: a part of a plate finds the plates containing it (and the page says how
    it searched), a quick range fills the time, a refused filter shows the server's error in Chinese, naming it."""
    driver = console.driver
    part = HOT_PLATE[2:6]
    console.go("#/history")
    field = console.wait(lambda d: d.find_element(By.ID, "f-plate"), "the plate field")
    field.send_keys(part)
    driver.find_element(By.CSS_SELECTOR, "#history-filters button[type='submit']").click()
    plates = lambda d: d.find_elements(By.ID, "plate-note") and d.execute_script(
        "return [...document.querySelectorAll('#history-rows td.plate')].map((td) => td.textContent)")
    found = console.wait(plates, f"the rows for the part {part}")
    note = driver.find_element(By.ID, "plate-note").text
    check(HOT_PLATE in found and all(part in plate for plate in found) and f"*{part}*" in note,
          f"the part {part} finds {len(found)} rows of plates containing it ({HOT_PLATE} among them), and says so: {note}")
    driver.find_element(By.CSS_SELECTOR, "#quick-ranges button[data-range='lastDay']").click()
    console.wait(lambda d: "from=" in d.execute_script("return location.hash") and d.find_elements(By.CSS_SELECTOR, "#history-rows tr"),
                 "the last 24 hours")
    check(console.js("return document.getElementById('f-from').value") != "", "the quick range 'last 24 h' fills the start and searches")
    console.shot("20-history-partial-plate")
    scenario.refusals.append("plate=%21%21")
    console.go("#/history?plate=%21%21")
    error = console.wait(lambda d: d.find_element(By.CSS_SELECTOR, "#main p.error").text, "the refused plate's message")
    check("输入的值无效" in error and "车牌" in error, f"a refused filter shows the server's refusal in Chinese, naming the field: {error}")


def check_hotlist_import(console, scenario, downloads):
    """A GBK hotlist (as a Chinese Excel saves it) with a bad severity on line 3: refused in Chinese, naming the line
    and the column; without that line it is imported, its reasons readable."""
    driver = console.driver
    scenario.refusals.append("/api/watchlists/plates/import")
    rows = ["车牌,原因,级别", "辽B54321,被盗车辆,high", "辽B65432,套牌嫌疑,很高"]

    def upload(lines, name):
        path = downloads / name
        path.write_bytes(("\n".join(lines) + "\n").encode("gbk"))
        driver.find_element(By.ID, "wp-import").send_keys(str(path))
        console.js("document.getElementById('toast').textContent = ''")  # the previous action's answer may still show
        driver.find_element(By.CSS_SELECTOR, "#plate-import button[type='submit']").click()
        return console.wait(lambda d: d.find_element(By.ID, "toast").text, f"the answer to {name}")
    refused = upload(rows, "hotlist-bad.csv")
    check("第 3 行" in refused and "级别" in refused, f"a GBK hotlist with a bad severity on line 3 is refused naming both: {refused}")
    upload(rows[:2], "hotlist-gbk.csv")
    console.wait(lambda d: "被盗车辆" in d.find_element(By.ID, "plate-list").text, "the GBK hotlist imported")
    check(True, "the same GBK file without that line is imported, its reason read as written (被盗车辆)")


def untranslated(console):
    """The server's English error messages of this page that its text shows."""
    return console.js("""const text = document.body.innerText;
        return (window.serverErrors || []).filter((message) => text.includes(message))""")


def check_words(console, scenario, downloads):
    """In Chinese, every page and every refusal this check provokes on them reads in Chinese: the server's English
    message (noted as it arrives) never reaches the screen, only the translation of its code."""
    driver = console.driver
    console.sign_in(scenario.tokens["admin"])
    shown, leaks = {}, {}
    for page, ready in {"live": "#alerts .alert", "map": "#map .cam", "history": "#history-rows tr", "cameras": "#camera-rows tr",
                        "watchlists": "#plate-list tr", "pair": "#pair-form", "trajectory": "#trajectory-form"}.items():
        console.go(f"#/{page}")
        console.wait(lambda d: d.find_elements(By.CSS_SELECTOR, ready), f"the {page} page")
        leaks[page] = untranslated(console) + [word for word in ("null", "undefined", "NaN") if word in console.text().split()]
    refusals = {"#/history?from=yesterday": "from=yesterday", "#/history?plate=%21%21": "plate=%21%21",
                "#/incident/999999": "/api/incidents/999999", "#/trajectory?plate=%21%21": "/trajectory"}
    scenario.refusals.extend(refusals.values())
    for target in refusals:
        console.go("#/pair")  # a page without a refusal between two
        console.wait(lambda d: d.find_elements(By.ID, "pair-form") and not d.find_elements(By.CSS_SELECTOR, "#main .error"), "the pair page")
        console.go(target)
        shown[target] = console.wait(lambda d: d.find_element(By.CSS_SELECTOR, "#main .error").text, f"the refusal on {target}")
        leaks[target] = untranslated(console)
    console.go("#/watchlists")
    console.wait(lambda d: d.find_elements(By.ID, "plate-form"), "the watchlists' forms")
    scenario.refusals.extend(["/api/watchlists/plates - ", "/api/watchlists/faces - "])
    for action in ("plate", "photo"):
        console.js("document.getElementById('toast').textContent = ''")
        if action == "plate":
            driver.find_element(By.ID, "wp-plate").send_keys("!!")
            driver.find_element(By.ID, "wp-reason").send_keys("测试")
            driver.find_element(By.CSS_SELECTOR, "#plate-form button[type='submit']").click()
        else:
            not_a_photo = downloads / "not-a-photo.jpg"
            not_a_photo.write_text("这不是照片", encoding="utf-8")
            driver.find_element(By.ID, "wf-name").send_keys("测试")
            driver.find_element(By.ID, "wf-photo").send_keys(str(not_a_photo))
            driver.find_element(By.CSS_SELECTOR, "#face-form button[type='submit']").click()
        shown[action] = console.wait(lambda d: d.find_element(By.ID, "toast").text, f"the refusal of the {action}")
        leaks[action] = untranslated(console)
    english = {where: text for where, text in shown.items() if not any("\u4e00" <= c <= "\u9fff" for c in text)}
    leaks = {where: messages for where, messages in leaks.items() if messages}
    check(not english and not leaks, f"7 pages and {len(shown)} refusals provoked on them read in Chinese, from the server's codes; "
          f"no English message of the server (nor a null, undefined or NaN) on screen {leaks}: {shown}")


def check_headers(base):
    with urllib.request.urlopen(f"{base}/") as response:
        headers = response.headers
        body = response.read().decode("utf-8")
    check("default-src 'self'" in headers.get("Content-Security-Policy", "")
          and headers.get("X-Content-Type-Options") == "nosniff" and headers.get("Referrer-Policy") == "no-referrer",
          "/ is served without a token with the security headers (CSP default-src 'self', nosniff, no-referrer)")
    check("<script>" not in body and "http://" not in body and "https://" not in body, "the page has no inline script and no outside URL")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=str(ROOT / ".build/debug/sharpeyes"))
    parser.add_argument("--out", default=str(ROOT / "Benchmarks/results/console"))
    arguments = parser.parse_args()
    out = Path(arguments.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("TZ", "Asia/Shanghai")  # times on the pages are the city's
    started = time.monotonic()
    directory = Path(tempfile.mkdtemp(prefix="console-check-"))
    server = clock = None
    try:
        scenario = Scenario(arguments.binary, directory)
        clock = LiveClock()
        server = Server(arguments.binary, directory, scenario.db, clock)
        check_headers(server.base)
        scenario.watch_commits()
        downloads = directory / "downloads"
        downloads.mkdir()
        check_console(scenario, server, out, downloads)
    except CheckFailed as failure:
        print(f"FAIL {failure}", flush=True)
        if server:
            server.close()
            print("---- serve log (last 40 lines) ----\n" + "\n".join((directory / "serve.log").read_text().splitlines()[-40:]))
        return 1
    finally:
        if server:
            server.close()
        if clock:
            clock.close()
    shutil.rmtree(directory, ignore_errors=True)
    print(f"console check passed in {time.monotonic() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
