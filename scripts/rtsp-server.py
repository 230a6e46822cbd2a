#!/usr/bin/python3
"""Serves a fixture in a loop over RTSP on loopback, for the live-source tests.

Usage: rtsp-server.py FRAMES_DIR PORT [PATH]   (Debian's python3-gi, gir1.2-gst-rtsp-server-1.0,
gstreamer1.0-plugins-good/-bad). FRAMES_DIR holds the clip's frames as 00001.jpg, 00002.jpg …, made with
`ffmpeg -i clip.mp4 -q:v 3 FRAMES_DIR/%05d.jpg`. multifilesrc loops them at 29.97 fps with real timestamps
(an H.264 elementary stream has none, and the RTSP sink then cannot pace it); openh264 re-encodes them with a
keyframe every second, as a camera would.
"""
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

frames, port = sys.argv[1], sys.argv[2]
path = sys.argv[3] if len(sys.argv) > 3 else "/cam"
Gst.init(None)
server = GstRtspServer.RTSPServer()
server.set_address("127.0.0.1")
server.set_service(port)
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch(
    f'( multifilesrc location="{frames}/%05d.jpg" index=1 loop=true caps="image/jpeg,framerate=30000/1001" '
    "! jpegdec ! videoconvert ! openh264enc gop-size=30 ! h264parse ! rtph264pay name=pay0 pt=96 config-interval=1 )"
)
factory.set_shared(True)
server.get_mount_points().add_factory(path, factory)
if server.attach(None) == 0:
    sys.exit(f"cannot listen on 127.0.0.1:{port}")
print(f"serving rtsp://127.0.0.1:{port}{path}", flush=True)
GLib.MainLoop().run()
