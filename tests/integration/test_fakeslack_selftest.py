"""Self-test of tests/fakeslack.py with a tiny hand-written WebSocket client (masked frames) and
urllib. Fast and deterministic; run: python3 tests/integration/test_fakeslack_selftest.py"""
import base64
import json
import os
import socket
import struct
import sys
import time
import urllib.parse
import urllib.request
import urllib.error

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import functools  # noqa: E402
from harness import test as _register, check, wait_until, run  # noqa: E402
import fakeslack  # noqa: E402
from fakeslack import FakeSlack, encode_frame, xor_mask  # noqa: E402

APP = "xapp-1-A111-111-fakeapptoken"
BOT = "xoxb-111-222-faketoken"


_open_ws = []


def test(fn):
    """harness.test, closing every client WebSocket the test opened when it ends."""
    @functools.wraps(fn)
    def wrapper():
        try:
            fn()
        finally:
            while _open_ws:
                _open_ws.pop().close()
    return _register(wrapper)


# ------------------------------------------------------------------ tiny clients
def api(fake, method, args=None, token=BOT, as_json=True, get=False):
    """Returns (status, headers, body-dict-or-text)."""
    url = fake.api_url + method
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = None
    if get:
        url += "?" + urllib.parse.urlencode(args or {})
    elif as_json:
        data = json.dumps(args or {}).encode()
        headers["Content-Type"] = "application/json; charset=utf-8"
    else:
        data = urllib.parse.urlencode(args or {}).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    req = urllib.request.Request(url, data=data, headers=headers, method="GET" if get else "POST")
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            status, hdrs, raw = r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        status, hdrs, raw = e.code, dict(e.headers), e.read()
    try:
        return status, hdrs, json.loads(raw)
    except ValueError:
        return status, hdrs, raw.decode()


def accept_for(key):
    """Sec-WebSocket-Accept, computed independently of the fake (RFC 6455 section 1.3)."""
    import hashlib
    guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
    return base64.b64encode(hashlib.sha1((key + guid).encode()).digest()).decode()


class WS:
    """Minimal RFC 6455 client: masks every frame, reassembles, answers pings unless told not to."""

    def __init__(self, url, timeout=3.0):
        u = urllib.parse.urlsplit(url)
        self.sock = socket.create_connection((u.hostname, u.port), timeout=timeout)
        _open_ws.append(self)
        key = base64.b64encode(os.urandom(16)).decode()
        path = u.path + ("?" + u.query if u.query else "")
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {u.netloc}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                           "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                break
            self.buf += chunk
        head, _, self.buf = self.buf.partition(b"\r\n\r\n")
        lines = head.decode().split("\r\n")
        self.status = int(lines[0].split()[1]) if lines and lines[0] else 0
        self.headers = {k.strip().lower(): v.strip() for k, _, v in (l.partition(":") for l in lines[1:])}
        self.expected_accept = accept_for(key)
        self.auto_pong = True
        self.pongs = []
        self.pings = []
        self.close_frame = None

    def send(self, opcode, payload=b"", fin=True):
        if isinstance(payload, str):
            payload = payload.encode()
        self.sock.sendall(encode_frame(opcode, payload, fin=fin, mask=os.urandom(4)))

    def send_json(self, obj):
        self.send(fakeslack.OP_TEXT, json.dumps(obj))

    def _exact(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def frame(self):
        b0, b1 = self._exact(2)
        check(not (b1 & 0x80), "server frame must not be masked")
        n = b1 & 0x7F
        if n == 126:
            n = struct.unpack("!H", self._exact(2))[0]
        elif n == 127:
            n = struct.unpack("!Q", self._exact(8))[0]
        return bool(b0 & 0x80), b0 & 0xF, self._exact(n)

    def recv(self):
        """Next data message as str (None on close frame); handles control frames in between."""
        parts = []
        while True:
            fin, op, payload = self.frame()
            if op == fakeslack.OP_PING:
                self.pings.append(payload)
                if self.auto_pong:
                    self.send(fakeslack.OP_PONG, payload)
                continue
            if op == fakeslack.OP_PONG:
                self.pongs.append(payload)
                continue
            if op == fakeslack.OP_CLOSE:
                self.close_frame = payload
                return None
            parts.append(payload)
            if fin:
                return b"".join(parts).decode()

    def recv_json(self):
        m = self.recv()
        return None if m is None else json.loads(m)

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def connect(fake):
    st, _, body = api(fake, "apps.connections.open", token=APP, as_json=False)
    check(st == 200 and body["ok"], f"connections.open failed: {st} {body}")
    ws = WS(body["url"])
    check(ws.status == 101, f"handshake status {ws.status}")
    return ws


# ------------------------------------------------------------------ tests
@test
def rfc6455_accept_sample():
    check(accept_for("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "RFC sample")


@test
def envelope_round_trip():
    with FakeSlack(app_token=APP, bot_token=BOT) as fake:
        st, hdrs, body = api(fake, "apps.connections.open", token=APP, as_json=False)
        check(body["url"].startswith(f"ws://127.0.0.1:{fake.ws_port}/link/?ticket="), body["url"])
        check("app_id=A1" in body["url"], body["url"])
        ws = WS(body["url"])
        check(ws.status == 101 and ws.headers.get("sec-websocket-accept") == ws.expected_accept,
              f"bad handshake {ws.status} {ws.headers}")
        hello = ws.recv_json()
        check(hello["type"] == "hello" and hello["num_connections"] == 1, hello)
        check(set(hello) == {"type", "num_connections", "debug_info", "connection_info"}, hello)
        check(fake.wait_for_connections(1, 2) and fake.hello_count() == 1, "connection not tracked")
        conn = fake.connections()[0]
        check(conn.alive and conn.ticket in body["url"], conn)
        env = fake.slash_command("assign <@U2> deal 42", user_id="U1")
        eid = fake.send_envelope(env)
        got = ws.recv_json()
        check(got == env and got["envelope_id"] == eid, got)
        check(got["payload"]["response_url"].startswith(fake.base_url + "/response/"), got)
        ws.send_json({"envelope_id": eid, "payload": {"text": "done"}})
        ack = fake.wait_for_ack(eid, 2)
        check(ack and ack["payload"] == {"text": "done"} and ack["conn"] == conn.id, ack)
        check(ack["latency"] is not None and ack["latency"] < 2, ack)
        check(fake.acks()[0]["envelope_id"] == eid, fake.acks())
        # the ticket is single use
        ws2 = WS(body["url"])
        check(ws2.status == 401, f"reused ticket gave {ws2.status}")
        ws2.close()
        # a second connection gets num_connections 2
        ws3 = connect(fake)
        check(ws3.recv_json()["num_connections"] == 2, "num_connections")
        check(fake.max_live == 2 and fake.hello_count() == 2, fake.max_live)
        # the envelope goes to the newest connection by default
        eid2 = fake.send_envelope(fake.dm_message("hi"))
        m = ws3.recv_json()
        check(m["envelope_id"] == eid2 and m["payload"]["event"]["channel_type"] == "im", m)
        ws.close()
        ws3.close()


@test
def bad_ticket_and_handshake_script():
    with FakeSlack() as fake:
        ws = WS(f"ws://127.0.0.1:{fake.ws_port}/link/?ticket=forged&app_id=A1")
        check(ws.status == 401, f"forged ticket gave {ws.status}")
        fake.script_handshake([409])
        st, _, body = api(fake, "apps.connections.open", token=fake.app_token)
        ws = WS(body["url"])
        check(ws.status == 409, f"scripted handshake gave {ws.status}")
        check(not fake.connections() and fake.hello_count() == 0, "rejected handshakes opened a connection")


@test
def script_429_then_normal():
    with FakeSlack() as fake:
        fake.script("chat.postMessage", [{"status": 429, "headers": {"Retry-After": "2"}},
                                         {"status": 503},
                                         {"ok": False, "error": "channel_not_found"}])
        args = {"channel": "D1", "text": "hello"}
        st, hdrs, body = api(fake, "chat.postMessage", args)
        check(st == 429 and hdrs.get("Retry-After") == "2" and body == {"ok": False, "error": "ratelimited"},
              f"{st} {hdrs} {body}")
        st, hdrs, body = api(fake, "chat.postMessage", args)
        check(st == 503, f"{st} {body}")
        st, hdrs, body = api(fake, "chat.postMessage", args)
        check(st == 200 and body == {"ok": False, "error": "channel_not_found"}, body)
        st, hdrs, body = api(fake, "chat.postMessage", args)
        check(st == 200 and body["ok"] and body["channel"] == "D1" and body["ts"], body)
        check(body["message"]["text"] == "hello", body)
        calls = fake.calls("chat.postMessage")
        check([c["status"] for c in calls] == [429, 503, 200, 200], [c["status"] for c in calls])
        check(calls[0]["body"] == args and calls[0]["headers"]["authorization"] == "Bearer " + BOT, calls[0])
        check(all(calls[i]["t"] <= calls[i + 1]["t"] for i in range(3)), "times")
        check(fake.wait_for_call("chat.postMessage", lambda c: c["status"] == 503, 1)["status"] == 503, "wfc")
        check(fake.wait_for_call("auth.test", timeout=0.1) is None, "wait_for_call should time out")
        # delay step, then the normal answer
        fake.script("auth.test", [{"delay": 0.3}])
        t0 = time.monotonic()
        st, _, body = api(fake, "auth.test", as_json=False)
        check(time.monotonic() - t0 >= 0.3 and body["ok"] and body["user_id"] == fake.bot_user_id, body)


@test
def invalid_tokens():
    with FakeSlack() as fake:
        st, _, body = api(fake, "apps.connections.open", token=BOT, as_json=False)
        check(st == 200 and body == {"ok": False, "error": "invalid_auth"}, body)
        st, _, body = api(fake, "chat.postMessage", {"channel": "D1", "text": "x"}, token="xoxb-garbage")
        check(st == 200 and body == {"ok": False, "error": "invalid_auth"}, body)
        st, _, body = api(fake, "users.info", {"user": "U1"}, token=APP, get=True)
        check(body == {"ok": False, "error": "invalid_auth"}, body)
        st, _, body = api(fake, "auth.test", token=None)
        check(body == {"ok": False, "error": "not_authed"}, body)


@test
def web_methods():
    with FakeSlack() as fake:
        fake.users = {"U1": {"name": "sally", "real_name": "Sally", "tz": "Europe/London"},
                      "U2": {"name": "bob"}, "U3": {"name": "carol", "deleted": True}}
        fake.users_page_size = 2
        st, _, b = api(fake, "users.info", {"user": "U1", "include_locale": "true"}, get=True)
        check(b["ok"] and b["user"]["id"] == "U1" and b["user"]["tz"] == "Europe/London"
              and b["user"]["profile"]["real_name"] == "Sally" and "tz_offset" in b["user"], b)
        st, _, b = api(fake, "users.info", {"user": "U9"}, get=True)
        check(b == {"ok": False, "error": "user_not_found"}, b)
        st, _, p1 = api(fake, "users.list", {"limit": "200"}, get=True)
        check([m["id"] for m in p1["members"]] == ["U1", "U2"] and p1["response_metadata"]["next_cursor"], p1)
        st, _, p2 = api(fake, "users.list", {"limit": "200", "cursor": p1["response_metadata"]["next_cursor"]},
                        get=True)
        check([m["id"] for m in p2["members"]] == ["U3"] and p2["response_metadata"]["next_cursor"] == "", p2)
        st, _, b = api(fake, "conversations.open", {"users": "U1"}, as_json=False)
        check(b == {"ok": True, "channel": {"id": "DU1"}}, b)
        st, _, b = api(fake, "chat.postEphemeral", {"channel": "C1", "user": "U1", "text": "psst"})
        check(b["ok"] and b["message_ts"], b)
        # JSON without charset gets the missing_charset warning
        req = urllib.request.Request(fake.api_url + "chat.postMessage", data=b'{"channel":"D1","text":"x"}',
                                     headers={"Authorization": "Bearer " + BOT,
                                              "Content-Type": "application/json"})
        b = json.loads(urllib.request.urlopen(req, timeout=5).read())
        check(b["ok"] and b["warning"] == "missing_charset", b)
        # file upload
        st, _, b = api(fake, "files.getUploadURLExternal", {"filename": "r.csv", "length": "5"}, as_json=False)
        check(b["ok"] and b["upload_url"].startswith(fake.base_url) and b["file_id"], b)
        req = urllib.request.Request(b["upload_url"], data=b"a,b\n1", method="POST",
                                     headers={"Content-Type": "application/octet-stream"})
        r = urllib.request.urlopen(req, timeout=5)
        check(r.status == 200 and r.read() == b"OK - 5", "upload")
        st, _, c = api(fake, "files.completeUploadExternal",
                       {"files": json.dumps([{"id": b["file_id"], "title": "Report"}]), "channel_id": "D1"},
                       as_json=False)
        check(c["ok"] and c["files"][0]["id"] == b["file_id"], c)
        up = fake.uploads[b["file_id"]]
        check(up["data"] == b"a,b\n1" and up["completed"] and up["channel_id"] == "D1", up)
        # keep-alive: two requests on one connection
        import http.client
        hc = http.client.HTTPConnection("127.0.0.1", fake.port, timeout=5)
        for _ in range(2):
            hc.request("POST", "/api/auth.test", body="", headers={"Authorization": "Bearer " + BOT})
            r = hc.getresponse()
            check(r.status == 200 and json.loads(r.read())["ok"], "keep-alive")
        hc.close()


@test
def drop_and_close():
    with FakeSlack() as fake:
        ws = connect(fake)
        ws.recv_json()
        fake.drop()
        try:
            data = ws.sock.recv(10)
        except OSError:
            data = b""
        check(data == b"", f"expected EOF after drop, got {data!r}")
        check(fake.wait_for_no_connections(2) and fake.all_connections()[0].closed_by == "drop", "drop")
        # client-initiated close is answered with a close frame
        ws = connect(fake)
        ws.recv_json()
        ws.send(fakeslack.OP_CLOSE, struct.pack("!H", 1000) + b"bye")
        check(ws.recv() is None and struct.unpack("!H", ws.close_frame[:2])[0] == 1000, ws.close_frame)
        c = fake.all_connections()[-1]
        check(fake.wait_for_closed(c, 2) and c.close_code == 1000 and c.closed_by == "client", c)


@test
def fragmented_client_message():
    with FakeSlack() as fake:
        ws = connect(fake)
        ws.recv_json()
        eid = fake.send_envelope(fake.block_actions("deal_snooze", "42:snooze"))
        env = ws.recv_json()
        check(env["type"] == "interactive" and env["payload"]["actions"][0]["value"] == "42:snooze", env)
        text = json.dumps({"envelope_id": eid, "payload": {"x": "y" * 300}})
        a, b = len(text) // 3, 2 * len(text) // 3
        ws.send(fakeslack.OP_TEXT, text[:a], fin=False)
        ws.send(fakeslack.OP_PING, b"mid")             # control frame between fragments
        ws.send(fakeslack.OP_CONT, text[a:b], fin=False)
        ws.send(fakeslack.OP_CONT, text[b:], fin=True)
        ack = fake.wait_for_ack(eid, 2)
        check(ack and ack["payload"]["x"] == "y" * 300, ack)
        fin, op, payload = ws.frame()
        check(op == fakeslack.OP_PONG and payload == b"mid", (op, payload))
        conn = fake.connections()[0]
        check(conn.pings and conn.pings[0][1] == b"mid" and not conn.errors, (conn.pings, conn.errors))


@test
def server_fragments_and_big_frames():
    with FakeSlack() as fake:
        ws = connect(fake)
        ws.recv_json()
        fake.send_fragmented('{"type":"frag","n":1}', 3, ping_between=True)
        check(ws.recv_json() == {"type": "frag", "n": 1} and ws.pings, "fragmented send")
        big = json.dumps({"type": "big", "pad": "x" * (3 << 20)})
        fake.send_raw(big)
        check(ws.recv() == big, "3 MiB frame")
        fake.send_raw("{not json")
        check(ws.recv() == "{not json", "raw")
        # a 70 KB client message (64-bit length path is exercised by the 3 MiB frame above)
        ws.send_json({"envelope_id": "E-big", "payload": {"pad": "z" * 70000}})
        check(fake.wait_for_ack("E-big", 2), "big ack")


@test
def disconnect_frames():
    with FakeSlack() as fake:
        for reason in fakeslack.DISCONNECT_REASONS:
            fixture = fakeslack.disconnect_frame(reason)
            ws = connect(fake)
            ws.recv_json()
            fake.send_disconnect(reason, grace=0.3)
            d = ws.recv_json()
            if reason == "too_many_websockets":
                check(d["connection_info"] == {"app_id": "A1"} and d["num_connections"] == 1, d)
                d["num_connections"] = fixture["num_connections"]
            check(d == fixture and d["type"] == "disconnect" and d["debug_info"]["host"], d)
            # warning/refresh: still open until grace; the others close right away
            t0 = time.monotonic()
            check(ws.recv() is None, "expected a close frame")
            dt = time.monotonic() - t0
            if reason in ("warning", "refresh_requested"):
                check(dt >= 0.25, f"{reason} closed too early ({dt:.2f}s)")
            ws.send(fakeslack.OP_CLOSE, ws.close_frame[:2])
            check(fake.wait_for_no_connections(2), "not closed")
            ws.close()
        # the client closing first after a warning ends it at once
        ws = connect(fake)
        ws.recv_json()
        fake.send_disconnect("warning")
        ws.recv_json()
        ws.send(fakeslack.OP_CLOSE, struct.pack("!H", 1000))
        check(ws.recv() is None and fake.wait_for_no_connections(2), "client close after warning")


@test
def ping_pong_and_silence():
    with FakeSlack() as fake:
        ws = connect(fake)
        ws.recv_json()
        ws.send(fakeslack.OP_PING, b"p1")
        ws.sock.settimeout(2)
        fin, op, payload = ws.frame()
        check(op == fakeslack.OP_PONG and payload == b"p1", (op, payload))
        fake.ping()
        ws.send(fakeslack.OP_TEXT, '{"noop":1}')  # let ws.recv consume the ping and pong it
        fake.send_raw('{"type":"after-ping"}')
        check(ws.recv_json() == {"type": "after-ping"} and ws.pings, "server ping")
        conn = fake.connections()[0]
        check(wait_until(lambda: conn.pongs, 2), "pong from client not recorded")
        fake.go_silent()
        ws.send(fakeslack.OP_PING, b"p2")
        ws.sock.settimeout(0.4)
        try:
            got = ws.frame()
        except socket.timeout:
            got = None
        check(got is None, f"silent connection answered: {got}")
        check(wait_until(lambda: len(conn.pings) == 2, 1), "ping during silence not counted")
        check(conn.alive and len(fake.connections()) == 1, "silent connection should stay open")
        check(fake.send_envelope(fake.app_mention("hey")), "send to silent is a no-op")
        try:
            got = ws.frame()
        except socket.timeout:
            got = None
        check(got is None, "silent connection sent something")
        ws.send(fakeslack.OP_CLOSE, struct.pack("!H", 1000))
        try:
            got = ws.frame()
        except socket.timeout:
            got = None
        check(got is None and conn.alive and conn.close_code == 1000, f"silent answered close: {got}")
        ws.close()
        check(fake.wait_for_no_connections(2) and conn.closed_by == "eof", "EOF not noticed")


@test
def redelivery_limit_and_hello_toggle():
    with FakeSlack(connection_limit=1) as fake:
        fake.redeliver_after = 0.2
        ws = connect(fake)
        ws.recv_json()
        eid = fake.send_envelope(fake.dm_message("are you there?"))
        first = ws.recv_json()
        again = ws.recv_json()  # not acked: comes back as a retry
        check(again["envelope_id"] == eid and again["retry_attempt"] == 1 and again["retry_reason"] == "timeout"
              and again["payload"]["event_id"] == first["payload"]["event_id"], again)
        ws.send_json({"envelope_id": eid})
        check(fake.wait_for_ack(eid, 2) and fake.sent(eid)["acked"], "ack after retry")
        # over the limit: too_many_websockets and a close, no hello
        ws2 = connect(fake)
        d = ws2.recv_json()
        check(d["type"] == "disconnect" and d["reason"] == "too_many_websockets", d)
        check(ws2.recv() is None and fake.hello_count() == 1, "limit")
        ws2.close()
        ws.close()
        check(fake.wait_for_no_connections(2), "closed")
        fake.hello_on_connect = False
        ws3 = connect(fake)
        ws3.sock.settimeout(0.2)
        try:
            got = ws3.frame()
        except socket.timeout:
            got = None
        check(got is None, f"hello sent although disabled: {got}")
        fake.send_hello()
        ws3.sock.settimeout(2)
        check(ws3.recv_json()["type"] == "hello" and fake.hello_count() == 2, "send_hello")
        ws3.close()


@test
def response_url_form_and_multipart():
    with FakeSlack() as fake:
        env = fake.block_actions("deal_snooze", "42")
        url = env["payload"]["response_url"]
        req = urllib.request.Request(url, data=json.dumps({"replace_original": True, "text": "ok"}).encode(),
                                     headers={"Content-Type": "application/json; charset=utf-8"})
        r = urllib.request.urlopen(req, timeout=5)
        check(r.status == 200 and r.read() == b"ok", "response_url")
        c = fake.wait_for_call("response_url", timeout=1)
        check(c and c["body"]["text"] == "ok" and c["path"] == url[len(fake.base_url):], c)
        st, _, b = api(fake, "chat.postMessage", {"channel": "C1", "text": "caf\u00e9",
                                                  "blocks": json.dumps([{"type": "divider"}])}, as_json=False)
        check(b["ok"] and b["message"]["blocks"] == [{"type": "divider"}], b)
        check(fake.messages[-1]["text"] == "caf\u00e9" and fake.messages[-1]["blocks"], fake.messages)
        st, _, b = api(fake, "files.getUploadURLExternal", {"filename": "a.bin", "length": 3}, get=True)
        boundary = "XyZ"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n"
                f"Content-Type: application/octet-stream\r\n\r\n").encode() + b"\x00\x01\xff" + \
            f"\r\n--{boundary}--\r\n".encode()
        req = urllib.request.Request(b["upload_url"], data=body,
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        check(urllib.request.urlopen(req, timeout=5).read() == b"OK - 3", "multipart upload")
        check(fake.uploads[b["file_id"]]["data"] == b"\x00\x01\xff", fake.uploads)
        st, _, c = api(fake, "files.completeUploadExternal", {"files": [{"id": "Fnope"}]})
        check(c == {"ok": False, "error": "file_not_found"}, c)


@test
def stop_is_quick():
    fake = FakeSlack().start()
    ws = connect(fake)
    ws.recv_json()
    import http.client
    hc = http.client.HTTPConnection("127.0.0.1", fake.port, timeout=5)
    hc.request("POST", "/api/auth.test", body="", headers={"Authorization": "Bearer " + BOT})
    hc.getresponse().read()
    fake.script("auth.test", [{"delay": 30}])
    t0 = time.monotonic()
    fake.stop()
    check(time.monotonic() - t0 < 2, f"stop took {time.monotonic() - t0:.1f}s")
    ws.close()
    hc.close()


if __name__ == "__main__":
    run()
