#!/usr/bin/env python3
"""A simulated GB/T 28181 camera for the tests (Python standard library + ffmpeg).

It registers to a platform with MD5 digest (after the 401), sends keepalives, answers Catalog queries with Chinese
channel names in GB18030 (split over several MESSAGEs, SumNum first), answers INVITE and streams a clip as MPEG-PS
over RTP (UDP, or TCP active with the RFC 4571 length prefix), and ends the stream on BYE.

Switches reproduce device faults: --quirk zero-length-pes | no-psm | gaps | foreign-ssrc, --password (a wrong one
is refused with 403), --stop-keepalive-after, --burst (video sent unpaced, in bursts). On the first dialog only:
--bye-after (the device hangs up), --close-media-after (the media connection closes, or UDP stops, without BYE),
--close-sip-after (the SIP TCP connection closes; UDP video goes on), --stall-after/--stall-for (the video stops
for a while, then resumes into the same port, as a stalled encoder). --once answers later INVITEs 486.
--register-burst N sends N REGISTERs at once and counts the answers (a flood measurement), then exits.

Prints one line per event (registered, catalog, invite, streaming PORT, bye CALL-ID, sent bye, refused) for the
tests to wait on; events a test times are followed by the wall-clock time (seconds since the epoch).
"""
import argparse, hashlib, os, random, re, socket, subprocess, sys, tempfile, threading, time, zlib

def log(*parts):
    print(*parts, flush=True)

def md5(text):
    return hashlib.md5(text.encode()).hexdigest()

def token():
    return "%016x" % random.getrandbits(64)

# ---------------------------------------------------------------- media: Annex-B access units from the clip

def access_units(clip):
    """The clip's H.264 access units (bytes, is_keyframe), split at the access unit delimiters ffmpeg inserts."""
    out = os.path.join(tempfile.mkdtemp(prefix="gbsim"), "video.h264")
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", clip, "-an", "-c:v", "copy",
                    "-bsf:v", "h264_mp4toannexb,h264_metadata=aud=insert", "-f", "h264", out], check=True)
    data = open(out, "rb").read()
    starts = [m.start() for m in re.finditer(b"\x00\x00\x00\x01\x09", data)]
    units = []
    for i, start in enumerate(starts):
        unit = data[start:starts[i + 1] if i + 1 < len(starts) else len(data)]
        nal_types = {unit[m.end()] & 0x1F for m in re.finditer(b"\x00\x00\x01", unit) if m.end() < len(unit)}
        units.append((unit, 5 in nal_types))
    return units

# ---------------------------------------------------------------- media: MPEG-PS as GB devices pack it

def crc32_mpeg(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else (crc << 1)
            crc &= 0xFFFFFFFF
    return crc

def pack_header(scr):
    b = bytearray(b"\x00\x00\x01\xba")
    b.append(0x44 | ((scr >> 27) & 0x38) | ((scr >> 28) & 0x03))
    b.append((scr >> 20) & 0xFF)
    b.append(0x04 | ((scr >> 12) & 0xF8) | ((scr >> 13) & 0x03))
    b.append((scr >> 5) & 0xFF)
    b.append(0x04 | ((scr << 3) & 0xF8))
    b.append(0x01)
    mux = 6106
    b += bytes([(mux >> 14) & 0xFF, (mux >> 6) & 0xFF, ((mux << 2) & 0xFC) | 0x03, 0xF8])
    return bytes(b)

def system_header():
    rate = 50000
    body = bytes([0x80 | ((rate >> 15) & 0x7F), (rate >> 7) & 0xFF, ((rate << 1) & 0xFE) | 1,
                  0x00, 0xE1, 0xFF, 0xE0, 0xE4, 0x00])
    return b"\x00\x00\x01\xbb" + len(body).to_bytes(2, "big") + body

def stream_map():
    body = bytes([0xE0, 0xFF, 0x00, 0x00, 0x00, 0x04, 0x1B, 0xE0, 0x00, 0x00])
    head = b"\x00\x00\x01\xbc" + (len(body) + 4).to_bytes(2, "big") + body
    return head + crc32_mpeg(head).to_bytes(4, "big")

def pts_bytes(pts):
    return bytes([0x21 | ((pts >> 29) & 0x0E), (pts >> 22) & 0xFF, 0x01 | ((pts >> 14) & 0xFE),
                  (pts >> 7) & 0xFF, 0x01 | ((pts << 1) & 0xFE)])

def pes_packets(unit, pts, zero_length):
    if zero_length:
        # The whole access unit in one video PES whose PES_packet_length says 0.
        return b"\x00\x00\x01\xe0\x00\x00\x80\x80\x05" + pts_bytes(pts) + unit
    out, first, index = bytearray(), True, 0
    while index < len(unit):
        header = (b"\x80\x80\x05" + pts_bytes(pts)) if first else b"\x80\x00\x00"
        chunk = unit[index:index + 65000]
        out += b"\x00\x00\x01\xe0" + (len(header) + len(chunk)).to_bytes(2, "big") + header + chunk
        index += len(chunk)
        first = False
    return bytes(out)

def ps_frame(unit, keyframe, pts, quirks):
    frame = pack_header(pts)
    if keyframe:
        frame += system_header()
        if "no-psm" not in quirks:
            frame += stream_map()
    return frame + pes_packets(unit, pts, "zero-length-pes" in quirks)

# ---------------------------------------------------------------- media: RTP

class Streamer(threading.Thread):
    def __init__(self, units, host, port, tcp, ssrc, quirks, fps, call_id, burst=0):
        super().__init__(daemon=True)
        self.units, self.host, self.port, self.tcp, self.ssrc = units, host, port, tcp, ssrc
        self.quirks, self.fps, self.call_id, self.burst = quirks, fps, call_id, burst
        self.stopped = threading.Event()
        self.started = threading.Event()
        self.resume_at = 0
        self.sequence = random.randrange(65536)
        self.sent = 0
        self.launched = False
        # The dialog as the device sees it, for a BYE of its own: our To (with our tag) and the platform's From.
        self.local_tag, self.remote = None, None

    def run(self):
        try:
            if self.tcp:
                self.sock = socket.create_connection((self.host, self.port), timeout=10)
            else:
                self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            log("streaming", "tcp" if self.tcp else "udp", self.port, self.ssrc, self.call_id)
            self.started.set()
            start, index = time.monotonic(), 0
            # With --burst, a burst's frames go back to back, then the device waits: the average rate is kept.
            per_burst = max(1, int(self.burst * self.fps)) if self.burst else 1
            while not self.stopped.is_set():
                if self.resume_at:
                    self.stopped.wait(max(0, self.resume_at - time.monotonic()))
                    self.resume_at = 0
                    if self.stopped.is_set():
                        break
                    log("resumed", self.port, self.call_id)
                unit, keyframe = self.units[index % len(self.units)]
                pts = int(index * 90000 / self.fps) & 0x1FFFFFFFF
                self.send_frame(ps_frame(unit, keyframe, pts, self.quirks), pts & 0xFFFFFFFF)
                index += 1
                if index % per_burst:
                    continue
                delay = start + index / self.fps - time.monotonic()
                if delay > 0:
                    self.stopped.wait(delay)
        except OSError as error:
            log("stream ended:", error)
        finally:
            self.close()

    def close(self):
        self.stopped.set()
        try:
            if self.tcp:
                self.sock.shutdown(socket.SHUT_RDWR)  # the FIN leaves now, even while run() is in a send
        except Exception:
            pass
        try:
            self.sock.close()
        except Exception:
            pass

    def send_frame(self, frame, timestamp):
        chunks = [frame[i:i + 1400] for i in range(0, len(frame), 1400)]
        for i, chunk in enumerate(chunks):
            self.send_packet(chunk, timestamp, i == len(chunks) - 1, self.ssrc)
            if "foreign-ssrc" in self.quirks and self.sent % 20 == 0:
                # Another sender on the same port: junk that must be dropped by SSRC.
                self.send_packet(os.urandom(200), timestamp, False, self.ssrc ^ 0x5A5A5A5A, own_sequence=False)

    def send_packet(self, payload, timestamp, marker, ssrc, own_sequence=True):
        sequence = self.sequence if own_sequence else random.randrange(65536)
        header = bytes([0x80, (0x80 if marker else 0) | 96]) + sequence.to_bytes(2, "big") \
            + timestamp.to_bytes(4, "big") + ssrc.to_bytes(4, "big")
        if own_sequence:
            self.sequence = (self.sequence + 1) & 0xFFFF
            self.sent += 1
            if "gaps" in self.quirks and self.sent % 150 == 0:
                return  # lost on the way: a sequence gap
        packet = header + payload
        if self.tcp:
            self.sock.sendall(len(packet).to_bytes(2, "big") + packet)
        else:
            self.sock.sendto(packet, (self.host, self.port))

# ---------------------------------------------------------------- SIP

def parse_message(data):
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("utf-8", "replace").split("\r\n")
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers.setdefault(name.strip().lower(), value.strip())
    return lines[0], headers, body

class Device:
    def __init__(self, args):
        self.args = args
        self.units = access_units(args.clip)
        self.tcp = args.transport == "tcp"
        self.host, port = args.server.rsplit(":", 1)
        self.port = int(port)
        if self.tcp:
            self.sock = socket.create_connection((self.host, self.port))
        else:
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            self.sock.bind(("127.0.0.1", 0))
        self.local = self.sock.getsockname()
        self.lock = threading.Lock()
        self.responses = {}
        self.response_ready = threading.Condition()
        self.cseq = 1
        self.streams = {}
        self.buffer = b""
        self.domain = args.platform_id[:10]
        self.call_id = token()
        self.dialogs = 0
        self.sip_closed = False
        self.done_once = False

    def send(self, text, body=b""):
        data = text.replace("Content-Length: 0", "Content-Length: %d" % len(body)).encode() + body
        with self.lock:
            if self.tcp:
                self.sock.sendall(data)
            else:
                self.sock.sendto(data, (self.host, self.port))

    def via(self):
        return "SIP/2.0/%s %s:%d;rport;branch=z9hG4bK%s" % ("TCP" if self.tcp else "UDP", self.local[0], self.local[1], token())

    def request(self, method, call_id, extra="", body=b"", uri=None, expect=True, dialog=None):
        self.cseq += 1
        cseq = self.cseq
        dev, domain = self.args.device_id, self.domain
        local, remote = dialog or (f"<sip:{dev}@{domain}>;tag={token()}", f"<sip:{dev}@{domain}>")
        text = (f"{method} {uri or f'sip:{self.args.platform_id}@{domain}'} SIP/2.0\r\n"
                f"Via: {self.via()}\r\nFrom: {local}\r\nTo: {remote}\r\n"
                f"Call-ID: {call_id}\r\nCSeq: {cseq} {method}\r\nMax-Forwards: 70\r\n"
                f"Contact: <sip:{dev}@{self.local[0]}:{self.local[1]}>\r\nUser-Agent: SharpEyes GB simulator\r\n"
                f"{extra}Content-Length: 0\r\n\r\n")
        self.send(text, body)
        if not expect:
            return None
        with self.response_ready:
            self.response_ready.wait_for(lambda: (call_id, cseq) in self.responses, timeout=5)
            return self.responses.pop((call_id, cseq), None)

    def register(self, expires=3600):
        # One Call-ID for the device's registration: refreshes and the de-registration reuse it.
        call_id = self.call_id
        first = self.request("REGISTER", call_id, f"Expires: {expires}\r\n")
        if first is None or " 401 " not in first[0] + " ":
            log("no challenge:", first and first[0])
            return False
        challenge = first[1].get("www-authenticate", "")
        params = dict(re.findall(r'(\w+)="?([^",]*)"?', challenge))
        uri = f"sip:{self.args.platform_id}@{self.domain}"
        cnonce, nc = token(), "00000001"
        ha1 = md5(f"{self.args.device_id}:{params['realm']}:{self.args.password}")
        ha2 = md5(f"REGISTER:{uri}")
        response = md5(f"{ha1}:{params['nonce']}:{nc}:{cnonce}:auth:{ha2}")
        auth = (f'Authorization: Digest username="{self.args.device_id}", realm="{params["realm"]}", '
                f'nonce="{params["nonce"]}", uri="{uri}", response="{response}", algorithm=MD5, '
                f'qop=auth, nc={nc}, cnonce="{cnonce}"\r\n')
        second = self.request("REGISTER", call_id, auth + f"Expires: {expires}\r\n")
        status = second[0] if second else "no answer"
        if " 200 " in status + " ":
            log("unregistered" if expires == 0 else "registered", second[1].get("date", ""))
            return True
        log("refused", status)
        return False

    def keepalives(self):
        started = time.monotonic()
        sn = 1
        while True:
            time.sleep(self.args.keepalive)
            if self.sip_closed:
                return
            if self.args.stop_keepalive_after and time.monotonic() - started > self.args.stop_keepalive_after:
                log("keepalives stopped", "%.3f" % time.time())
                return
            sn += 1
            body = (f'<?xml version="1.0" encoding="GB2312"?>\r\n<Notify>\r\n<CmdType>Keepalive</CmdType>\r\n'
                    f'<SN>{sn}</SN>\r\n<DeviceID>{self.args.device_id}</DeviceID>\r\n<Status>OK</Status>\r\n</Notify>\r\n')
            self.request("MESSAGE", token(), "Content-Type: Application/MANSCDP+xml\r\n", body.encode("gb18030"), expect=False)

    # -- receiving

    def receive_loop(self):
        while True:
            if self.tcp:
                try:
                    chunk = self.sock.recv(65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    if self.sip_closed:
                        return  # closed on purpose (--close-sip-after): the video goes on
                    log("connection closed")
                    os._exit(0)
                self.buffer += chunk
                while b"\r\n\r\n" in self.buffer:
                    head, _, rest = self.buffer.partition(b"\r\n\r\n")
                    length = int((re.search(rb"(?im)^content-length:\s*(\d+)", head) or [0, b"0"])[1])
                    if len(rest) < length:
                        break
                    self.handle(head + b"\r\n\r\n" + rest[:length])
                    self.buffer = rest[length:]
            else:
                data, _ = self.sock.recvfrom(65536)
                self.handle(data)

    def handle(self, data):
        start, headers, body = parse_message(data)
        if start.startswith("SIP/2.0"):
            number = int(headers.get("cseq", "0 X").split()[0])
            with self.response_ready:
                self.responses[(headers.get("call-id"), number)] = (start, headers, body)
                self.response_ready.notify_all()
            return
        method = start.split()[0]
        if method == "MESSAGE":
            self.reply(headers, 200, "OK")
            text = body.decode("gb18030", "replace")
            if "<Response>" in text and "<CmdType>Alarm</CmdType>" in text:
                sn = re.search(r"<SN>(\d+)</SN>", text).group(1)
                log("alarm confirmed", sn, "OK" if "<Result>OK</Result>" in text else "not OK")
            elif "<CmdType>Catalog</CmdType>" in text:
                sn = re.search(r"<SN>(\d+)</SN>", text).group(1)
                threading.Thread(target=self.catalog, args=(sn,), daemon=True).start()
        elif method == "INVITE":
            self.invite(headers, body)
        elif method == "BYE":
            self.reply(headers, 200, "OK")
            stream = self.streams.pop(headers.get("call-id"), None)
            if stream:
                self.done_once = True
                stream.stopped.set()
            log("bye", headers.get("call-id"), stream.port if stream else "unknown", "%.3f" % time.time())
        elif method == "ACK":
            stream = self.streams.get(headers.get("call-id"))
            if stream and not stream.launched:
                stream.launched = True
                stream.start()

    def reply(self, headers, code, reason, extra="", body=b""):
        to = headers.get("to", "")
        if ";tag=" not in to:
            to += ";tag=" + token()
        text = (f"SIP/2.0 {code} {reason}\r\nVia: {headers.get('via')}\r\nFrom: {headers.get('from')}\r\nTo: {to}\r\n"
                f"Call-ID: {headers.get('call-id')}\r\nCSeq: {headers.get('cseq')}\r\n{extra}Content-Length: 0\r\n\r\n")
        self.send(text, body)

    def alarm(self, sn):
        """A one-button alarm (GB/T 28181-2016 9.4: Notify, CmdType Alarm; method 2, a device alarm; priority 1) from
        the first alarm-input channel (type code 134), else the first channel, at this moment in local time, with a
        position."""
        channels = [c.split("=", 1)[0] for c in self.args.channels.split(",")]
        channel = next((c for c in channels if c[10:13] == "134"), channels[0])
        when = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime())
        body = (f'<?xml version="1.0" encoding="GB2312"?>\r\n<Notify>\r\n<CmdType>Alarm</CmdType>\r\n<SN>{sn}</SN>\r\n'
                f'<DeviceID>{channel}</DeviceID>\r\n<AlarmPriority>1</AlarmPriority>\r\n<AlarmMethod>2</AlarmMethod>\r\n'
                f'<AlarmTime>{when}</AlarmTime>\r\n<AlarmDescription>一键报警 学校门口</AlarmDescription>\r\n'
                f'<Longitude>126.642</Longitude>\r\n<Latitude>45.757</Latitude>\r\n'
                f'<Info>\r\n<AlarmType>1</AlarmType>\r\n</Info>\r\n</Notify>\r\n')
        self.request("MESSAGE", token(), "Content-Type: Application/MANSCDP+xml\r\n", body.encode("gb18030"), expect=False)
        log("alarm sent", sn, when)

    def catalog(self, sn):
        channels = [c.split("=", 1) for c in self.args.channels.split(",")]
        for channel_id, name in channels:
            body = (f'<?xml version="1.0" encoding="GB2312"?>\r\n<Response>\r\n<CmdType>Catalog</CmdType>\r\n'
                    f'<SN>{sn}</SN>\r\n<DeviceID>{self.args.device_id}</DeviceID>\r\n<SumNum>{len(channels)}</SumNum>\r\n'
                    f'<DeviceList Num="1">\r\n<Item>\r\n<DeviceID>{channel_id}</DeviceID>\r\n<Name>{name}</Name>\r\n'
                    f'<Manufacturer>SharpEyes</Manufacturer>\r\n<ParentID>{self.args.device_id}</ParentID>\r\n'
                    f'<Status>ON</Status>\r\n</Item>\r\n</DeviceList>\r\n</Response>\r\n')
            self.request("MESSAGE", token(), "Content-Type: Application/MANSCDP+xml\r\n", body.encode("gb18030"), expect=False)
        log("catalog", sn, len(channels))

    def invite(self, headers, body):
        if self.args.once and self.done_once:
            log("busy", headers.get("call-id"))
            self.reply(headers, 486, "Busy Here")
            return
        sdp = body.decode()
        address = re.search(r"c=IN IP4 (\S+)", sdp).group(1)
        media = re.search(r"m=video (\d+) (\S+)", sdp)
        port, tcp = int(media.group(1)), media.group(2).startswith("TCP")
        ssrc = int(re.search(r"y=(\d+)", sdp).group(1))
        log("invite", address, port, "tcp" if tcp else "udp", ssrc)
        answer = (f"v=0\r\no={self.args.device_id} 0 0 IN IP4 {self.local[0]}\r\ns=Play\r\nc=IN IP4 {self.local[0]}\r\n"
                  f"t=0 0\r\nm=video 15060 {'TCP/RTP/AVP' if tcp else 'RTP/AVP'} 96\r\na=sendonly\r\na=rtpmap:96 PS/90000\r\n"
                  + ("a=setup:active\r\na=connection:new\r\n" if tcp else "") + f"y={ssrc:010d}\r\n")
        call_id = headers.get("call-id")
        stream = Streamer(self.units, address, port, tcp, ssrc, set(self.args.quirk), self.args.fps, call_id,
                          self.args.burst)
        stream.local_tag, stream.remote = token(), headers.get("from")
        self.streams[call_id] = stream
        self.dialogs += 1
        if self.dialogs == 1:
            threading.Thread(target=self.first_dialog_faults, args=(stream,), daemon=True).start()
        to = headers.get("to", "") + ";tag=" + stream.local_tag
        self.reply(dict(headers, to=to), 200, "OK",
                   f"Contact: <sip:{self.args.device_id}@{self.local[0]}:{self.local[1]}>\r\n"
                   "Content-Type: APPLICATION/SDP\r\n", answer.encode())

    def first_dialog_faults(self, stream):
        """The faults the switches ask for, on the first dialog, timed from its first packet."""
        a = self.args
        stream.started.wait()
        began = time.monotonic()

        def at(seconds):
            time.sleep(max(0, began + seconds - time.monotonic()))

        if a.stall_after:
            at(a.stall_after)
            stream.resume_at = time.monotonic() + a.stall_for
            log("stalled", stream.port, stream.call_id, "%.3f" % time.time())
        if a.bye_after:
            at(a.bye_after)
            ended = time.time()  # taken before the act: nothing the platform does after it can come earlier
            self.end_dialog(stream)
            log("sent bye", stream.call_id, "%.3f" % ended)
            answer = self.request("BYE", stream.call_id, dialog=(f"<sip:{a.device_id}@{self.domain}>;tag={stream.local_tag}",
                                                                  stream.remote))
            log("answered bye:", answer[0] if answer else "no answer")
        if a.close_media_after:
            at(a.close_media_after)
            ended = time.time()
            self.end_dialog(stream)
            log("media closed", stream.call_id, "%.3f" % ended)
        if a.close_sip_after and self.tcp:
            at(a.close_sip_after)
            ended = time.time()
            self.sip_closed = True
            self.sock.shutdown(socket.SHUT_RDWR)
            self.sock.close()
            log("sip closed", "%.3f" % ended)

    def end_dialog(self, stream):
        self.done_once = True
        self.streams.pop(stream.call_id, None)
        stream.close()


def register_burst(args):
    """N unauthenticated REGISTERs from one socket as fast as it sends them; every one should be challenged (401)."""
    host, port = args.server.rsplit(":", 1)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 << 20)
    sock.bind(("127.0.0.1", 0))
    local = sock.getsockname()
    domain, dev = args.platform_id[:10], args.device_id
    datagrams = [(f"REGISTER sip:{args.platform_id}@{domain} SIP/2.0\r\n"
                  f"Via: SIP/2.0/UDP {local[0]}:{local[1]};rport;branch=z9hG4bK{i:08x}\r\n"
                  f"From: <sip:{dev}@{domain}>;tag={i}\r\nTo: <sip:{dev}@{domain}>\r\nCall-ID: burst-{i}\r\n"
                  f"CSeq: 1 REGISTER\r\nMax-Forwards: 70\r\nExpires: 3600\r\nContent-Length: 0\r\n\r\n").encode()
                 for i in range(args.register_burst)]
    started = time.monotonic()
    for datagram in datagrams:
        sock.sendto(datagram, (host, int(port)))
    sent = time.monotonic() - started
    answered = set()
    sock.settimeout(3)
    try:
        while len(answered) < len(datagrams):
            data = sock.recv(65536)
            found = re.search(rb"Call-ID: burst-(\d+)", data)
            if data.startswith(b"SIP/2.0 ") and found:
                answered.add(int(found.group(1)))
    except socket.timeout:
        pass
    log("burst %d REGISTERs sent in %.3f s: %d answered (%.1f%%)"
        % (len(datagrams), sent, len(answered), 100.0 * len(answered) / len(datagrams)))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--server", default="127.0.0.1:5060", help="platform SIP address, host:port")
    parser.add_argument("--platform-id", default="34020000002000000001")
    parser.add_argument("--device-id", default="34020000001320000001")
    parser.add_argument("--password", default="12345678")
    parser.add_argument("--transport", choices=["udp", "tcp"], default="udp", help="SIP transport")
    parser.add_argument("--clip", required=True)
    parser.add_argument("--fps", type=float, default=29.97)
    parser.add_argument("--keepalive", type=float, default=60)
    parser.add_argument("--stop-keepalive-after", type=float, default=0)
    parser.add_argument("--channels", default="34020000001310000001=哈密尔顿剧场门口 镕")
    parser.add_argument("--quirk", action="append", default=[],
                        choices=["zero-length-pes", "no-psm", "gaps", "foreign-ssrc"])
    parser.add_argument("--refresh-after", type=float, default=0, help="register again on the same Call-ID")
    parser.add_argument("--unregister-after", type=float, default=0, help="send Expires: 0")
    parser.add_argument("--burst", type=float, default=0,
                        help="send the video unpaced in bursts of this many seconds of frames (the average rate kept)")
    parser.add_argument("--bye-after", type=float, default=0, help="hang up the first dialog after streaming this long")
    parser.add_argument("--close-media-after", type=float, default=0,
                        help="close the first dialog's media (TCP) or stop sending it (UDP), without BYE")
    parser.add_argument("--close-sip-after", type=float, default=0,
                        help="close the SIP TCP connection this long into the first dialog; UDP video goes on")
    parser.add_argument("--stall-after", type=float, default=0, help="stop the first dialog's video after this long")
    parser.add_argument("--stall-for", type=float, default=10, help="... for this long, then resume into the same port")
    parser.add_argument("--once", action="store_true", help="answer INVITEs 486 once the first dialog has ended")
    parser.add_argument("--register-burst", type=int, default=0,
                        help="send this many REGISTERs at once over UDP, count the answers, and exit")
    parser.add_argument("--dump", help="write the clip as PS to this file and exit (to check the muxing)")
    parser.add_argument("--alarm-after", type=float, default=0, help="send a one-button Alarm notification this long after registering")
    args = parser.parse_args()
    if args.register_burst:
        return register_burst(args)
    if args.dump:
        with open(args.dump, "wb") as out:
            for index, (unit, keyframe) in enumerate(access_units(args.clip)):
                out.write(ps_frame(unit, keyframe, int(index * 90000 / args.fps), set(args.quirk)))
        return
    device = Device(args)
    threading.Thread(target=device.receive_loop, daemon=True).start()
    if not device.register():
        sys.exit(3)
    threading.Thread(target=device.keepalives, daemon=True).start()
    started = time.monotonic()
    refreshed = unregistered = alarmed = False
    while True:
        time.sleep(0.2)
        elapsed = time.monotonic() - started
        if args.alarm_after and not alarmed and elapsed > args.alarm_after:
            alarmed = True
            device.alarm(9001)
        if args.refresh_after and not refreshed and elapsed > args.refresh_after:
            refreshed = device.register()
        if args.unregister_after and not unregistered and elapsed > args.unregister_after:
            unregistered = device.register(expires=0)

if __name__ == "__main__":
    main()
