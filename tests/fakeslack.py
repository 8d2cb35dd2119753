"""A fake Slack for integration tests: Web API over HTTP/1.1 and Socket Mode over WebSocket.

Python 3.11 standard library only. Everything listens on 127.0.0.1 with OS-chosen ports, so
tests can run in parallel. All threads are daemons and stop() never hangs.

    from fakeslack import FakeSlack
    with FakeSlack() as fake:                 # or fake = FakeSlack(...); fake.start(); ...; fake.stop()
        env = {"SLACK_API_URL": fake.api_url, "SLACK_APP_TOKEN": fake.app_token,
               "SLACK_BOT_TOKEN": fake.bot_token}
        ... start the bot ...
        conn = fake.wait_for_connections(1)[0]
        eid = fake.send_envelope(fake.slash_command("help"))
        ack = fake.wait_for_ack(eid)
        call = fake.wait_for_call("chat.postMessage", lambda c: c["body"].get("channel") == "D1")

Shapes of hello / disconnect / envelopes follow /work/shared/fixtures/slack/ (ids are fresh).

Web API (base fake.api_url = http://127.0.0.1:PORT/api/): apps.connections.open (app token),
auth.test, chat.postMessage, chat.postEphemeral, conversations.open, users.info, users.list,
files.getUploadURLExternal (+ POST to upload_url), files.completeUploadExternal (bot token).
Missing token -> not_authed, wrong -> invalid_auth (HTTP 200). Unknown method -> 404 unknown_method.
Every request is recorded: {method, http_method, path, headers (case-insensitive), body (parsed
JSON/form/multipart merged over the query), query, raw, t (monotonic, at arrival), status,
response}. Uploads are recorded as method "upload", POSTs to minted response_urls as "response_url".

Socket Mode: ws://127.0.0.1:WSPORT/link/?ticket=... (tickets from apps.connections.open, single
use); hello on connect; Connection objects record pings/pongs/messages/close codes/errors.
Times are time.monotonic() throughout.
"""
import base64
import email.parser
import email.policy
import hashlib
import http.server
import itertools
import json
import re
import socket
import struct
import sys
import threading
import time
import urllib.parse
import uuid

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA

DISCONNECT_REASONS = ("warning", "refresh_requested", "link_disabled", "too_many_websockets")

TEAM_ID = "T1"
TEAM_DOMAIN = "fake-team"
APP_ID = "A1"
HOST = "applink-7"

_seq = itertools.count(1)


def _fresh(prefix, n=9):
    """A fresh Slack-looking id, e.g. Ev0000001234AB."""
    return f"{prefix}{next(_seq):0{n - 2}d}{uuid.uuid4().hex[:2].upper()}"


def _ts():
    """A fresh message timestamp 'seconds.micro-ish' that increases per call."""
    return f"{int(time.time())}.{next(_seq):06d}"


def encode_frame(opcode, payload=b"", fin=True, mask=None, rsv=0):
    """One WebSocket frame. mask: None (server frames) or 4 bytes (client frames)."""
    if isinstance(payload, str):
        payload = payload.encode()
    b0 = (0x80 if fin else 0) | (rsv << 4) | opcode
    n = len(payload)
    mbit = 0x80 if mask is not None else 0
    if n < 126:
        head = struct.pack("!BB", b0, mbit | n)
    elif n < 65536:
        head = struct.pack("!BBH", b0, mbit | 126, n)
    else:
        head = struct.pack("!BBQ", b0, mbit | 127, n)
    if mask is not None:
        head += mask
        payload = xor_mask(payload, mask)
    return head + payload


def xor_mask(data, mask):
    """RFC 6455 masking (fast for multi-MiB payloads)."""
    n = len(data)
    if n == 0:
        return b""
    key = (mask * (n // 4 + 1))[:n]
    return (int.from_bytes(data, "big") ^ int.from_bytes(key, "big")).to_bytes(n, "big")


class CIDict(dict):
    """A dict of HTTP headers whose lookups ignore case (keys are stored as sent)."""

    def __init__(self, items=()):
        super().__init__()
        self._lower = {}
        for k, v in items:
            self[k] = v

    def __setitem__(self, k, v):
        old = self._lower.get(k.lower())
        if old is not None and old != k:
            super().__delitem__(old)
        self._lower[k.lower()] = k
        super().__setitem__(k, v)

    def __getitem__(self, k):
        return super().__getitem__(self._lower.get(k.lower(), k))

    def __contains__(self, k):
        return isinstance(k, str) and k.lower() in self._lower

    def get(self, k, default=None):
        return self[k] if k in self else default


# --------------------------------------------------------------------------------------------
# Envelope builders (module level; FakeSlack has methods of the same names that also mint
# response_urls pointing at the fake).
# --------------------------------------------------------------------------------------------

def _authorizations(bot_user_id):
    return [{"enterprise_id": None, "team_id": TEAM_ID, "user_id": bot_user_id, "is_bot": True,
             "is_enterprise_install": False}]


def _rich_text(text):
    return [{"type": "rich_text", "block_id": uuid.uuid4().hex[:4], "elements": [
        {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}]}]


def slash_command(text, user_id="U1", command="/sales", channel_id="C1", *, user_name=None,
                  channel_name=None, envelope_id=None, response_url=None, trigger_id=None):
    return {
        "envelope_id": envelope_id or str(uuid.uuid4()),
        "type": "slash_commands",
        "accepts_response_payload": True,
        "payload": {
            "token": "legacy-verification-token-ignore-me",
            "team_id": TEAM_ID,
            "team_domain": TEAM_DOMAIN,
            "channel_id": channel_id,
            "channel_name": channel_name or ("directmessage" if channel_id.startswith("D") else "general"),
            "user_id": user_id,
            "user_name": user_name or user_id.lower(),
            "command": command,
            "text": text,
            "api_app_id": APP_ID,
            "is_enterprise_install": "false",
            "response_url": response_url
            or f"https://hooks.slack.com/commands/{TEAM_ID}/{next(_seq)}/fakeResponseUrlToken",
            "trigger_id": trigger_id or f"{next(_seq)}.{next(_seq)}.{uuid.uuid4().hex}",
        },
    }


def _event_envelope(event, *, envelope_id=None, event_id=None, retry_attempt=0, retry_reason="",
                    bot_user_id="U0BOT"):
    return {
        "envelope_id": envelope_id or str(uuid.uuid4()),
        "type": "events_api",
        "accepts_response_payload": False,
        "retry_attempt": retry_attempt,
        "retry_reason": retry_reason,
        "payload": {
            "token": "legacy-verification-token-ignore-me",
            "team_id": TEAM_ID,
            "api_app_id": APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or _fresh("Ev", 11),
            "event_time": int(time.time()),
            "authorizations": _authorizations(bot_user_id),
            "is_ext_shared_channel": False,
            "event_context": "4-fake-event-context",
        },
    }


def dm_message(text, user="U1", channel="D1", bot_id=None, *, ts=None, thread_ts=None,
               subtype=None, envelope_id=None, event_id=None, retry_attempt=0, retry_reason="",
               bot_user_id="U0BOT"):
    """events_api message.im; with bot_id the shape of sm_envelope_events_api_message_im_from_bot."""
    ts = ts or _ts()
    if bot_id is None:
        ev = {"client_msg_id": str(uuid.uuid4()), "type": "message", "text": text, "user": user,
              "ts": ts, "team": TEAM_ID, "blocks": _rich_text(text), "channel": channel,
              "event_ts": ts, "channel_type": "im"}
        if subtype:
            ev["subtype"] = subtype
    else:
        ev = {"type": "message", "subtype": subtype or "bot_message", "text": text, "bot_id": bot_id,
              "user": user, "app_id": APP_ID, "ts": ts, "team": TEAM_ID,
              "bot_profile": {"id": bot_id, "app_id": APP_ID, "name": "Funnelbot", "deleted": False,
                              "team_id": TEAM_ID},
              "channel": channel, "event_ts": ts, "channel_type": "im"}
    if thread_ts:
        ev["thread_ts"] = thread_ts
    return _event_envelope(ev, envelope_id=envelope_id, event_id=event_id,
                           retry_attempt=retry_attempt, retry_reason=retry_reason,
                           bot_user_id=bot_user_id)


def app_mention(text, user="U1", channel="C1", *, ts=None, thread_ts=None, envelope_id=None,
                event_id=None, retry_attempt=0, retry_reason="", bot_user_id="U0BOT"):
    ts = ts or _ts()
    elements, rest = [], text
    m = re.match(r"<@([A-Z0-9]+)(?:\|[^>]*)?>", rest)
    if m:
        elements.append({"type": "user", "user_id": m.group(1)})
        rest = rest[m.end():]
    if rest:
        elements.append({"type": "text", "text": rest})
    blocks = [{"type": "rich_text", "block_id": uuid.uuid4().hex[:4], "elements": [
        {"type": "rich_text_section", "elements": elements}]}]
    ev = {"client_msg_id": str(uuid.uuid4()), "type": "app_mention", "text": text, "user": user,
          "ts": ts, "team": TEAM_ID, "blocks": blocks, "channel": channel, "event_ts": ts}
    if thread_ts:
        ev["thread_ts"] = thread_ts
    return _event_envelope(ev, envelope_id=envelope_id, event_id=event_id,
                           retry_attempt=retry_attempt, retry_reason=retry_reason,
                           bot_user_id=bot_user_id)


def block_actions(action_id, value, user="U1", channel="D1", *, message_ts=None, block_id=None,
                  user_name=None, envelope_id=None, response_url=None, action_ts=None,
                  bot_user_id="U0BOT", bot_id="B0BOT"):
    message_ts = message_ts or _ts()
    block_id = block_id or f"{action_id}-actions"
    button = {"type": "button", "action_id": action_id,
              "text": {"type": "plain_text", "text": action_id, "emoji": True}, "value": value}
    name = user_name or user.lower()
    return {
        "envelope_id": envelope_id or str(uuid.uuid4()),
        "type": "interactive",
        "accepts_response_payload": False,
        "payload": {
            "type": "block_actions",
            "user": {"id": user, "username": name, "name": name, "team_id": TEAM_ID},
            "api_app_id": APP_ID,
            "token": "legacy-verification-token-ignore-me",
            "container": {"type": "message", "message_ts": message_ts, "channel_id": channel,
                          "is_ephemeral": False},
            "trigger_id": f"{next(_seq)}.{next(_seq)}.{uuid.uuid4().hex}",
            "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
            "enterprise": None,
            "is_enterprise_install": False,
            "channel": {"id": channel, "name": "directmessage" if channel.startswith("D") else "general"},
            "message": {"type": "message", "subtype": "bot_message", "text": "fake message",
                        "ts": message_ts, "bot_id": bot_id, "user": bot_user_id, "team": TEAM_ID,
                        "blocks": [{"type": "section", "block_id": f"{block_id}-text",
                                    "text": {"type": "mrkdwn", "text": "fake message"}},
                                   {"type": "actions", "block_id": block_id, "elements": [button]}]},
            "state": {"values": {}},
            "response_url": response_url
            or f"https://hooks.slack.com/actions/{TEAM_ID}/{next(_seq)}/fakeActionResponseToken",
            "actions": [dict(button, block_id=block_id, action_ts=action_ts or _ts())],
        },
    }


def disconnect_frame(reason, num_connections=None):
    d = {"type": "disconnect", "reason": reason, "debug_info": {"host": HOST}}
    if reason == "too_many_websockets":
        d["num_connections"] = 11 if num_connections is None else num_connections
        d["connection_info"] = {"app_id": APP_ID}
    return d


# --------------------------------------------------------------------------------------------
# Socket Mode connections
# --------------------------------------------------------------------------------------------

class _Closed(Exception):
    pass


class Connection:
    """One Socket Mode WebSocket. Attributes are read freely by tests (treat as read-only):
    id, ticket, path, headers, opened, closed (monotonic or None), alive, silent,
    close_code / close_reason (from the client's close frame, or None), closed_by
    ("client" close frame, "server" after our close frame, "drop", "eof" TCP EOF without close frame,
    "error" protocol error, "stop"), pings [(t, payload)], pongs [(t, payload)], messages [(t, text)]
    (every client text message), errors [str] (protocol violations by the client), hello_sent."""

    def __init__(self, fake, sock, cid):
        self.fake = fake
        self.sock = sock
        self.id = cid
        self.ticket = None
        self.path = None
        self.headers = None
        self.opened = time.monotonic()
        self.closed = None
        self.alive = False
        self.silent = False
        self.close_code = None
        self.close_reason = None
        self.closed_by = None
        self.close_sent = None  # (code, reason) of a close frame we sent
        self.pings = []
        self.pongs = []
        self.messages = []
        self.errors = []
        self.hello_sent = False
        self._send_lock = threading.Lock()
        self._buf = bytearray()
        self._closing_deadline = None  # close socket if the client hasn't closed by then

    def __repr__(self):
        return (f"<Connection {self.id} ticket={self.ticket} alive={self.alive} "
                f"silent={self.silent} closed_by={self.closed_by}>")

    # -- low level ------------------------------------------------------------------------
    def _recv_exact(self, n):
        while len(self._buf) < n:
            chunk = self.sock.recv(max(65536, n - len(self._buf)))
            if not chunk:
                raise _Closed("eof")
            self._buf += chunk
        out = bytes(self._buf[:n])
        del self._buf[:n]
        return out

    def send_frame(self, opcode, payload=b"", fin=True, rsv=0, force=False):
        """Writes one frame. Silently skipped when the connection is silent (unless force)."""
        if self.silent and not force:
            return False
        data = encode_frame(opcode, payload, fin=fin, rsv=rsv)
        return self.send_bytes(data)

    def send_bytes(self, data):
        with self._send_lock:
            try:
                self.sock.sendall(data)
                return True
            except OSError:
                return False

    def send_text(self, text):
        return self.send_frame(OP_TEXT, text.encode() if isinstance(text, str) else text)

    def send_json(self, obj):
        return self.send_text(json.dumps(obj, ensure_ascii=False))

    def send_close(self, code=1000, reason="", wait=1.0):
        """Sends a close frame; the socket is closed when the client answers or after `wait` s."""
        payload = b"" if code is None else struct.pack("!H", code) + reason.encode()
        self.close_sent = (code, reason)
        self._closing_deadline = time.monotonic() + wait
        self.send_frame(OP_CLOSE, payload, force=True)

    def _shutdown(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            self.sock.close()
        except OSError:
            pass

    # -- reading --------------------------------------------------------------------------
    def _read_frame(self):
        b0, b1 = self._recv_exact(2)
        fin, rsv, opcode = b0 >> 7, (b0 >> 4) & 7, b0 & 0xF
        masked, n = b1 >> 7, b1 & 0x7F
        if n == 126:
            n = struct.unpack("!H", self._recv_exact(2))[0]
        elif n == 127:
            n = struct.unpack("!Q", self._recv_exact(8))[0]
        if n > self.fake.max_client_message:
            raise _Closed("error:1009:frame too big")
        mask = self._recv_exact(4) if masked else None
        payload = self._recv_exact(n)
        if mask:
            payload = xor_mask(payload, mask)
        return fin, rsv, opcode, masked, payload

    def _protocol_error(self, why, code=1002):
        self.errors.append(why)
        self.closed_by = "error"
        if not self.silent:
            self.send_close(code, why[:100])
        raise _Closed("error")

    def _reader(self):
        fake = self.fake
        frag_op, frags = None, []
        while True:
            fin, rsv, opcode, masked, payload = self._read_frame()
            now = time.monotonic()
            if rsv:
                self._protocol_error(f"rsv bits {rsv} set")
            if not masked:
                self._protocol_error("unmasked client frame")
            if opcode >= 0x8:
                if not fin or len(payload) > 125:
                    self._protocol_error("bad control frame")
                if opcode == OP_PING:
                    self.pings.append((now, payload))
                    fake._notify()
                    if fake.auto_pong and not self.silent:
                        self.send_frame(OP_PONG, payload)
                elif opcode == OP_PONG:
                    self.pongs.append((now, payload))
                    fake._notify()
                elif opcode == OP_CLOSE:
                    code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else None
                    self.close_code, self.close_reason = code, payload[2:].decode("utf-8", "replace")
                    if self.silent:  # half-open: the close never "arrived"; keep TCP until EOF
                        fake._notify()
                        continue
                    if self.close_sent is None:
                        self.closed_by = "client"
                        if not self.silent:
                            self.send_frame(OP_CLOSE, payload[:2], force=True)
                    else:
                        self.closed_by = self.closed_by or "server"
                    raise _Closed("close")
                else:
                    self._protocol_error(f"unknown control opcode {opcode}")
                continue
            if opcode == OP_CONT:
                if frag_op is None:
                    self._protocol_error("continuation without a start frame")
                frags.append(payload)
            elif opcode in (OP_TEXT, OP_BINARY):
                if frag_op is not None:
                    self._protocol_error("new data frame inside a fragmented message")
                frag_op, frags = opcode, [payload]
            else:
                self._protocol_error(f"unknown opcode {opcode}")
            if not fin:
                continue
            op, data = frag_op, b"".join(frags)
            frag_op, frags = None, []
            if op == OP_BINARY:
                self.messages.append((now, data))
                fake._notify()
                continue
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                self._protocol_error("invalid UTF-8 in text message", 1007)
            self.messages.append((now, text))
            if not self.silent:
                fake._on_client_text(self, text, now)
            fake._notify()

    def _run(self):
        fake = self.fake
        try:
            self.sock.settimeout(None)
            if not fake._handshake(self):
                return
            self._reader()
        except _Closed as e:
            if str(e) == "eof" and self.closed_by is None:
                self.closed_by = "eof"
            elif str(e).startswith("error:"):
                _, code, why = str(e).split(":", 2)
                self.errors.append(why)
                self.closed_by = "error"
                self.send_close(int(code), why)
        except OSError:
            if self.closed_by is None:
                self.closed_by = "eof"
        except Exception as e:  # noqa: BLE001 - never let a bug in the fake kill silently
            self.errors.append(f"fake internal error: {e!r}")
            self.closed_by = self.closed_by or "error"
        finally:
            self._shutdown()
            fake._on_closed(self)


# --------------------------------------------------------------------------------------------
# HTTP (Web API)
# --------------------------------------------------------------------------------------------

class _HTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)) or self.fake._stop.is_set():
            return  # clients hanging up are normal here
        super().handle_error(request, client_address)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeSlack/1.0"
    timeout = 30  # idle keep-alive connections end after this

    def setup(self):
        super().setup()
        self.server.fake._http_socks.add(self.connection)

    def finish(self):
        try:
            super().finish()
        finally:
            self.server.fake._http_socks.discard(self.connection)

    def log_message(self, fmt, *args):  # quiet
        pass

    def _read_body(self):
        te = (self.headers.get("Transfer-Encoding") or "").lower()
        if "chunked" in te:
            out = bytearray()
            while True:
                line = self.rfile.readline(65537)
                size = int(line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass
                    return bytes(out)
                out += self.rfile.read(size)
                self.rfile.readline(65537)
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def do_GET(self):
        self.server.fake._handle_http(self, "GET")

    def do_POST(self):
        self.server.fake._handle_http(self, "POST")

    def do_PUT(self):
        self.server.fake._handle_http(self, "PUT")


def _parse_multipart(ctype, body):
    """Returns {name: str-or-bytes} for multipart/form-data (files as bytes)."""
    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + body)
    out = {}
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        data = part.get_payload(decode=True) or b""
        if part.get_filename() is None:
            try:
                data = data.decode()
            except UnicodeDecodeError:
                pass
        out[name] = data
    return out


# --------------------------------------------------------------------------------------------
# The fake
# --------------------------------------------------------------------------------------------

class FakeSlack:
    BOT_METHODS = ("auth.test", "chat.postMessage", "chat.postEphemeral", "conversations.open",
                   "users.info", "users.list", "files.getUploadURLExternal",
                   "files.completeUploadExternal")

    def __init__(self, app_token="xapp-1-A111-111-fakeapptoken", bot_token="xoxb-111-222-faketoken",
                 *, bot_user_id="U0BOT", bot_id="B0BOT", users=None, users_page_size=100,
                 disconnect_grace=10.0, connection_limit=None):
        self.app_token = app_token
        self.bot_token = bot_token
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.users = dict(users or {})          # id -> partial user object (see users.info)
        self.users_page_size = users_page_size  # users.list page = min(limit, this)
        self.disconnect_grace = disconnect_grace  # warning/refresh_requested: close after this
        self.connection_limit = connection_limit  # None, or N: the (N+1)th gets too_many_websockets
        self.auto_pong = True                   # answer client pings
        self.hello_on_connect = True            # False: send no hello (see send_hello)
        self.ping_interval = None               # seconds: server pings every live connection
        self.redeliver_after = None             # seconds: resend unacked events_api with retry_attempt+1
        self.max_redeliveries = 3
        self.single_use_tickets = True
        self.max_client_message = 64 << 20
        self.max_live = 0
        self.uploads = {}                       # file_id -> {filename, length, data, uploaded, completed, ...}
        self.messages = []                      # successful chat.post* bodies (+ "method", "ts")
        self.handlers = {}                      # method -> fn(call) -> body dict or (status, headers, body)

        self._lock = threading.RLock()
        self._cv = threading.Condition(self._lock)
        self._calls = []
        self._acks = []
        self._scripts = {}
        self._handshake_script = []
        self._tickets = {}                      # ticket -> issued time
        self._used_tickets = set()
        self._conns = []
        self._conn_ids = itertools.count(1)
        self._hellos = 0
        self._sent = {}                         # envelope_id -> {"envelope", "t", "conn", "attempt"}
        self._opened_dms = set()
        self._http_socks = set()
        self._threads = []
        self._stop = threading.Event()
        self._started = False
        self.handshakes = []                    # every WS handshake attempt: {t, path, status}
        self.http = None
        self.ws_sock = None
        self.port = self.ws_port = None

    # -- lifecycle -------------------------------------------------------------------------
    def start(self):
        self.http = _HTTPServer(("127.0.0.1", 0), _Handler)
        self.http.fake = self
        self.port = self.http.server_address[1]
        self.ws_sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.ws_sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.ws_sock.bind(("127.0.0.1", 0))
        self.ws_sock.listen(64)
        self.ws_sock.settimeout(0.05)
        self.ws_port = self.ws_sock.getsockname()[1]
        for target in (lambda: self.http.serve_forever(poll_interval=0.05), self._accept_loop,
                       self._housekeeping):
            t = threading.Thread(target=target, daemon=True, name="fakeslack")
            t.start()
            self._threads.append(t)
        self._started = True
        return self

    def stop(self):
        if not self._started:
            return
        self._started = False
        self._stop.set()
        with self._lock:
            self._cv.notify_all()
        try:
            self.http.shutdown()
        except Exception:  # noqa: BLE001
            pass
        self.http.server_close()
        for s in list(self._http_socks):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        try:
            self.ws_sock.close()
        except OSError:
            pass
        with self._lock:
            conns = list(self._conns)
        for c in conns:
            if c.closed is None:
                c.closed_by = c.closed_by or "stop"
                c._shutdown()
        for t in self._threads:
            t.join(timeout=0.5)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def api_url(self):
        return f"http://127.0.0.1:{self.port}/api/"

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def _notify(self):
        with self._lock:
            self._cv.notify_all()

    def wait(self, pred, timeout=10.0):
        """Waits until pred() is true (re-checked on every event and every 50 ms); returns its value or None."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                v = pred()
                if v:
                    return v
                left = deadline - time.monotonic()
                if left <= 0 or self._stop.is_set():
                    return None
                self._cv.wait(min(left, 0.05))

    # -- Web API: recording, scripting -----------------------------------------------------
    def script(self, method, steps):
        """Queues fault steps for `method` (consumed one per call, before normal answers).
        A step is a dict: status (HTTP status; 429 defaults Retry-After: 1 and a ratelimited body,
        other non-200 without body default to an HTML error page), headers {name: value (None drops
        a default)}, body (dict/str/bytes: exact response body), delay (seconds to wait first; a
        step with only delay then answers normally), close (True: drop the TCP connection without
        answering), and any other keys (e.g. ok, error, needed) form a JSON body."""
        with self._lock:
            self._scripts.setdefault(method, []).extend(dict(s) for s in steps)

    def scripted_left(self, method):
        with self._lock:
            return len(self._scripts.get(method, []))

    def calls(self, method=None):
        with self._lock:
            return [c for c in self._calls if method is None or c["method"] == method]

    def clear_calls(self):
        with self._lock:
            self._calls.clear()

    def wait_for_call(self, method, pred=None, timeout=10.0, since=None):
        """First recorded call of `method` (any method if None) matching pred(call), with
        call["t"] >= since if given; waits up to timeout; None if none."""
        def find():
            for c in self._calls:
                if (method is None or c["method"] == method) and (since is None or c["t"] >= since) \
                        and (pred is None or pred(c)):
                    return c
            return None
        return self.wait(find, timeout)

    def wait_for_calls(self, method, n, timeout=10.0, pred=None):
        """Waits until at least n calls of method (matching pred) exist; returns them or None."""
        def find():
            cs = [c for c in self._calls if c["method"] == method and (pred is None or pred(c))]
            return cs if len(cs) >= n else None
        return self.wait(find, timeout)

    def response_url(self):
        """Mints a response_url on this fake; POSTs to it are recorded as method "response_url"."""
        return f"{self.base_url}/response/{uuid.uuid4().hex}"

    def _handle_http(self, h, verb):
        t = time.monotonic()
        try:
            raw = h._read_body()
        except (OSError, ValueError):
            h.close_connection = True
            return
        url = urllib.parse.urlsplit(h.path)
        query = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        ctype = h.headers.get("Content-Type") or ""
        headers = CIDict(h.headers.items())
        path = url.path
        if path.startswith("/api/"):
            method = path[len("/api/"):]
        elif path.startswith("/upload/"):
            method = "upload"
        elif path.startswith("/response/"):
            method = "response_url"
        else:
            method = path
        body, parse_error = {}, None
        if method == "upload":
            body = {"bytes": raw}
        else:
            ct = ctype.split(";")[0].strip().lower()
            if raw:
                if ct == "application/json":
                    try:
                        body = json.loads(raw)
                    except ValueError:
                        parse_error = "invalid_json"
                elif ct == "multipart/form-data":
                    body = _parse_multipart(ctype, raw)
                else:
                    body = dict(urllib.parse.parse_qsl(raw.decode("utf-8", "replace"),
                                                       keep_blank_values=True))
            if isinstance(body, dict):
                body = {**query, **body}
        call = {"method": method, "http_method": verb, "path": h.path, "headers": headers,
                "body": body, "query": query, "raw": raw, "t": t, "status": None, "response": None}
        with self._lock:
            self._calls.append(call)
            step = self._scripts.get(method, []) and self._scripts[method].pop(0)
            self._cv.notify_all()

        status, extra, resp = 200, {}, None
        if step:
            if step.get("delay"):
                if self._stop.wait(step["delay"]):
                    h.close_connection = True
                    return
            if step.get("close"):
                call["status"] = 0
                h.close_connection = True
                self._notify()
                return
            keys = set(step) - {"delay", "status", "headers", "body", "close"}
            if "status" in step or "body" in step or keys:
                status = step.get("status", 200)
                if "body" in step:
                    resp = step["body"]
                elif keys:
                    resp = {k: step[k] for k in step if k in keys}
                elif status == 429:
                    resp = {"ok": False, "error": "ratelimited"}
                    extra["Retry-After"] = "1"
                elif status != 200:
                    resp = f"<html><body><h1>{status} fake error</h1></body></html>"
                    extra["Content-Type"] = "text/html"
                else:
                    resp = None
                extra.update(step.get("headers") or {})
        if resp is None:
            try:
                r = self._answer(method, call, parse_error)
            except Exception as e:  # noqa: BLE001 - a fake bug must surface as a 500, not a hang
                r = (500, {}, {"ok": False, "error": f"fake_internal_error: {e!r}"})
            if isinstance(r, tuple):
                status, more, resp = r
                extra.update(more)
            else:
                status, resp = 200, r
        if isinstance(resp, dict) and resp.get("ok") and ctype.strip().lower() == "application/json":
            resp.setdefault("warning", "missing_charset")
            resp.setdefault("response_metadata", {}).setdefault("warnings", ["missing_charset"])
        call["status"], call["response"] = status, resp
        if isinstance(resp, (dict, list)):
            data = json.dumps(resp, ensure_ascii=False).encode()
            extra.setdefault("Content-Type", "application/json; charset=utf-8")
        elif isinstance(resp, str):
            data = resp.encode()
            extra.setdefault("Content-Type", "text/plain; charset=utf-8")
        else:
            data = resp or b""
            extra.setdefault("Content-Type", "application/octet-stream")
        try:
            h.send_response(status)
            for k, v in extra.items():
                if v is not None:
                    h.send_header(k, str(v))
            h.send_header("Content-Length", str(len(data)))
            h.end_headers()
            h.wfile.write(data)
            h.wfile.flush()
        except OSError:
            h.close_connection = True
        self._notify()

    def _token(self, call):
        auth = call["headers"].get("Authorization") or ""
        if auth.lower().startswith("bearer "):
            return auth[7:].strip()
        if isinstance(call["body"], dict) and isinstance(call["body"].get("token"), str):
            return call["body"]["token"]
        return None

    def _answer(self, method, call, parse_error):
        if method in self.handlers:
            return self.handlers[method](call)
        if method == "upload":
            return self._upload(call)
        if method == "response_url":
            return 200, {"Content-Type": "text/html"}, "ok"
        if parse_error:
            return {"ok": False, "error": parse_error}
        args = call["body"] if isinstance(call["body"], dict) else {}
        if method == "apps.connections.open":
            tok = self._token(call)
            if tok is None:
                return {"ok": False, "error": "not_authed"}
            if tok != self.app_token:
                return {"ok": False, "error": "invalid_auth"}
            ticket = str(uuid.uuid4())
            with self._lock:
                self._tickets[ticket] = time.monotonic()
            return {"ok": True, "url": f"ws://127.0.0.1:{self.ws_port}/link/?ticket={ticket}&app_id={APP_ID}",
                    "response_metadata": {"scopes": ["connections:write"],
                                          "acceptedScopes": ["connections:write"]}}
        if method not in self.BOT_METHODS:
            return 404, {}, {"ok": False, "error": "unknown_method", "req_method": method}
        tok = self._token(call)
        if tok is None:
            return {"ok": False, "error": "not_authed"}
        if tok != self.bot_token:
            return {"ok": False, "error": "invalid_auth"}
        if method == "auth.test":
            return {"ok": True, "url": f"https://{TEAM_DOMAIN}.slack.com/", "team": "Fake Team",
                    "user": "funnelbot", "team_id": TEAM_ID, "user_id": self.bot_user_id,
                    "bot_id": self.bot_id, "is_enterprise_install": False}
        if method in ("chat.postMessage", "chat.postEphemeral"):
            ch = args.get("channel")
            if not ch:
                return {"ok": False, "error": "channel_not_found"}
            if not (args.get("text") or args.get("blocks") or args.get("attachments")):
                return {"ok": False, "error": "no_text"}
            if method == "chat.postEphemeral" and not args.get("user"):
                return {"ok": False, "error": "user_not_in_channel"}
            ts = _ts()
            blocks = args.get("blocks")
            if isinstance(blocks, str):
                try:
                    blocks = json.loads(blocks)
                except ValueError:
                    return {"ok": False, "error": "invalid_blocks_format"}
            with self._lock:
                self.messages.append({"method": method, "channel": ch, "text": args.get("text"),
                                      "blocks": blocks, "user": args.get("user"),
                                      "thread_ts": args.get("thread_ts"), "ts": ts, "t": call["t"]})
            if method == "chat.postEphemeral":
                return {"ok": True, "message_ts": ts}
            msg = {"type": "message", "subtype": "bot_message", "text": args.get("text") or "",
                   "bot_id": self.bot_id, "user": self.bot_user_id, "app_id": APP_ID, "ts": ts,
                   "team": TEAM_ID}
            if blocks:
                msg["blocks"] = blocks
            if args.get("thread_ts"):
                msg["thread_ts"] = args["thread_ts"]
            return {"ok": True, "channel": ch, "ts": ts, "message": msg}
        if method == "conversations.open":
            users = args.get("users")
            if isinstance(users, list):
                users = ",".join(users)
            if not users:
                if args.get("channel"):
                    return {"ok": True, "channel": {"id": args["channel"]}}
                return {"ok": False, "error": "users_list_not_supplied"}
            ids = [u.strip() for u in users.split(",") if u.strip()]
            cid = "D" + ids[0] if len(ids) == 1 else "G" + "".join(ids)[:10]
            resp = {"ok": True, "channel": {"id": cid}}
            with self._lock:
                if cid in self._opened_dms:
                    resp = {"ok": True, "no_op": True, "already_open": True, "channel": {"id": cid}}
                self._opened_dms.add(cid)
            return resp
        if method == "users.info":
            uid = args.get("user")
            if not uid:
                return {"ok": False, "error": "user_not_found"}
            with self._lock:
                u = self.users.get(uid)
            if u is None:
                return {"ok": False, "error": "user_not_found"}
            return {"ok": True, "user": self.full_user(uid, u)}
        if method == "users.list":
            try:
                limit = int(args.get("limit") or 0)
            except ValueError:
                limit = 0
            page = min(limit or self.users_page_size, self.users_page_size) or 1
            with self._lock:
                ids = list(self.users)
            start = 0
            cur = args.get("cursor") or ""
            if cur:
                try:
                    key = base64.b64decode(cur.encode(), validate=True).decode()
                    assert key.startswith("user:")
                    start = ids.index(key[5:])
                except Exception:  # noqa: BLE001 - any garbage cursor
                    return {"ok": False, "error": "invalid_cursor"}
            chunk = ids[start:start + page]
            nxt = ""
            if start + page < len(ids):
                nxt = base64.b64encode(f"user:{ids[start + page]}".encode()).decode()
            return {"ok": True, "members": [self.full_user(i, self.users[i]) for i in chunk],
                    "cache_ts": int(time.time()), "response_metadata": {"next_cursor": nxt}}
        if method == "files.getUploadURLExternal":
            fn, length = args.get("filename"), args.get("length")
            try:
                length = int(length)
            except (TypeError, ValueError):
                return {"ok": False, "error": "invalid_arguments"}
            if not fn:
                return {"ok": False, "error": "invalid_arguments"}
            fid = _fresh("F", 11)
            with self._lock:
                self.uploads[fid] = {"file_id": fid, "filename": fn, "length": length, "data": None,
                                     "uploaded": False, "completed": False, "title": None,
                                     "channel_id": None, "initial_comment": None, "thread_ts": None}
            return {"ok": True, "upload_url": f"{self.base_url}/upload/v1/{fid}", "file_id": fid}
        if method == "files.completeUploadExternal":
            files = args.get("files")
            if isinstance(files, str):
                try:
                    files = json.loads(files)
                except ValueError:
                    return {"ok": False, "error": "invalid_arguments"}
            if not isinstance(files, list) or not files:
                return {"ok": False, "error": "invalid_arguments"}
            out = []
            with self._lock:
                for f in files:
                    up = self.uploads.get(f.get("id") if isinstance(f, dict) else None)
                    if up is None or not up["uploaded"]:
                        return {"ok": False, "error": "file_not_found"}
                for f in files:
                    up = self.uploads[f["id"]]
                    up.update(completed=True, title=f.get("title") or up["filename"],
                              channel_id=args.get("channel_id") or args.get("channels"),
                              initial_comment=args.get("initial_comment"),
                              thread_ts=args.get("thread_ts"))
                    out.append({"id": up["file_id"], "name": up["filename"], "title": up["title"],
                                "size": len(up["data"] or b"")})
            return {"ok": True, "files": out}
        return 404, {}, {"ok": False, "error": "unknown_method"}

    def _upload(self, call):
        fid = call["path"].split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        data = call["raw"]
        ctype = call["headers"].get("Content-Type") or ""
        if ctype.lower().startswith("multipart/form-data"):
            parts = _parse_multipart(ctype, data)
            files = [v for v in parts.values() if isinstance(v, bytes)]
            data = parts.get("file") if isinstance(parts.get("file"), bytes) else (files[0] if files else b"")
            if isinstance(data, str):
                data = data.encode()
        with self._lock:
            up = self.uploads.get(fid)
            if up is None:
                return 404, {}, "not found"
            up["data"], up["uploaded"] = data, True
        call["body"] = {"file_id": fid, "bytes": data}
        return 200, {}, f"OK - {len(data)}"

    def full_user(self, uid, u):
        """A users.info-shaped object from a partial dict like {"name","real_name","tz",...}."""
        name = u.get("name", uid.lower())
        real = u.get("real_name", name)
        full = {"id": uid, "team_id": TEAM_ID, "name": name, "deleted": False, "color": "9f69e7",
                "real_name": real}
        tz = u.get("tz")
        if tz:
            full["tz"] = tz
            full["tz_label"] = u.get("tz_label", tz)
            off = u.get("tz_offset")
            if off is None:
                try:
                    import datetime
                    import zoneinfo
                    off = int(datetime.datetime.now(zoneinfo.ZoneInfo(tz)).utcoffset().total_seconds())
                except Exception:  # noqa: BLE001 - no tzdata: UTC
                    off = 0
            full["tz_offset"] = off
        full["profile"] = {"real_name": real, "real_name_normalized": real,
                           "display_name": u.get("display_name", name),
                           "display_name_normalized": u.get("display_name", name), "team": TEAM_ID}
        full.update({"is_admin": False, "is_owner": False, "is_primary_owner": False,
                     "is_restricted": False, "is_ultra_restricted": False, "is_bot": False,
                     "is_app_user": False, "updated": 1767000000})
        for k, v in u.items():
            if k == "profile" and isinstance(v, dict):
                full["profile"].update(v)
            elif k not in ("display_name",):
                full[k] = v
        return full

    # -- Socket Mode -------------------------------------------------------------------------
    def script_handshake(self, statuses):
        """The next WebSocket handshakes are answered with these HTTP statuses (e.g. [409])."""
        with self._lock:
            self._handshake_script.extend(statuses)

    def _accept_loop(self):
        while not self._stop.is_set():
            try:
                sock, _ = self.ws_sock.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                c = Connection(self, sock, next(self._conn_ids))
                self._conns.append(c)
            threading.Thread(target=c._run, daemon=True, name=f"fakeslack-ws{c.id}").start()

    def _http_reject(self, c, status, why):
        reason = {400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 409: "Conflict",
                  503: "Service Unavailable"}.get(status, "Error")
        body = why.encode()
        c.send_bytes(f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain\r\n"
                     f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body)
        c.closed_by = "rejected"
        with self._lock:
            self.handshakes.append({"t": time.monotonic(), "path": c.path, "status": status, "why": why})
        return False

    def _handshake(self, c):
        while b"\r\n\r\n" not in c._buf:
            if len(c._buf) > 65536:
                return self._http_reject(c, 400, "headers too long")
            chunk = c.sock.recv(65536)
            if not chunk:
                c.closed_by = "eof"
                return False
            c._buf += chunk
        head, _, rest = bytes(c._buf).partition(b"\r\n\r\n")
        c._buf = bytearray(rest)
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        hdrs = CIDict()
        for ln in lines[1:]:
            k, _, v = ln.partition(":")
            hdrs[k.strip()] = v.strip()
        c.headers = hdrs
        c.path = parts[1] if len(parts) > 1 else ""
        with self._lock:
            forced = self._handshake_script.pop(0) if self._handshake_script else None
        if forced:
            return self._http_reject(c, forced, "scripted")
        if len(parts) != 3 or parts[0] != "GET":
            return self._http_reject(c, 400, "not a GET")
        url = urllib.parse.urlsplit(c.path)
        if url.path.rstrip("/") != "/link":
            return self._http_reject(c, 404, "no such path")
        ticket = urllib.parse.parse_qs(url.query).get("ticket", [None])[0]
        with self._lock:
            ok = ticket in self._tickets and not (self.single_use_tickets and ticket in self._used_tickets)
            if ok:
                self._used_tickets.add(ticket)
        if not ok:
            return self._http_reject(c, 401, "bad or reused ticket")
        key = hdrs.get("Sec-WebSocket-Key")
        if ("websocket" not in (hdrs.get("Upgrade") or "").lower() or not key
                or "upgrade" not in (hdrs.get("Connection") or "").lower()
                or hdrs.get("Sec-WebSocket-Version") != "13"):
            return self._http_reject(c, 400, "not a websocket upgrade")
        accept = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
        c.ticket = ticket
        c.send_bytes(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      f"Sec-WebSocket-Accept: {accept}\r\n\r\n").encode())
        with self._lock:
            self.handshakes.append({"t": time.monotonic(), "path": c.path, "status": 101, "why": ""})
            live = [x for x in self._conns if x.alive]
            over = self.connection_limit is not None and len(live) >= self.connection_limit
            c.opened = time.monotonic()
            c.alive = True
            live_n = len(live) + 1
            self.max_live = max(self.max_live, live_n)
            self._cv.notify_all()
        if over:
            c.send_json(disconnect_frame("too_many_websockets", live_n))
            c.send_close(1000, "", wait=1.0)
            return True
        if self.hello_on_connect:
            self.send_hello(c)
        return True

    def send_hello(self, conn=None):
        """Sends hello (sm_hello.json shape; num_connections = live count). Done automatically on
        connect unless hello_on_connect is False."""
        c = self._pick(conn)
        with self._lock:
            n = len([x for x in self._conns if x.alive])
            if not c.hello_sent:
                self._hellos += 1
                c.hello_sent = True
            self._cv.notify_all()
        c.send_json({"type": "hello", "num_connections": n,
                     "debug_info": {"host": HOST, "build_number": 118, "approximate_connection_time": 18060},
                     "connection_info": {"app_id": APP_ID}})
        return c

    def _on_client_text(self, c, text, now):
        try:
            obj = json.loads(text)
        except ValueError:
            c.errors.append("client sent non-JSON text")
            return
        if isinstance(obj, dict) and "envelope_id" in obj:
            with self._lock:
                sent = self._sent.get(obj["envelope_id"])
                self._acks.append({"envelope_id": obj["envelope_id"], "payload": obj.get("payload"),
                                   "t": now, "conn": c.id,
                                   "latency": None if sent is None else now - sent["t"],
                                   "same_conn": None if sent is None else sent["conn"] == c.id})
                if sent is not None:
                    sent["acked"] = True

    def _on_closed(self, c):
        with self._lock:
            c.alive = False
            if c.closed is None:
                c.closed = time.monotonic()
            self._cv.notify_all()

    def _housekeeping(self):
        last_ping = {}
        while not self._stop.wait(0.05):
            now = time.monotonic()
            with self._lock:
                conns = list(self._conns)
                resend = []
                if self.redeliver_after is not None:
                    for eid, s in self._sent.items():
                        if (not s["acked"] and s["envelope"].get("type") == "events_api"
                                and s["attempt"] < self.max_redeliveries
                                and now - s["t"] >= self.redeliver_after):
                            resend.append(eid)
            for c in conns:
                if c.closed is None and c._closing_deadline is not None and now >= c._closing_deadline:
                    c.closed_by = c.closed_by or "server"
                    c._shutdown()
                if c.alive and self.ping_interval and not c.silent:
                    if now - last_ping.get(c.id, c.opened) >= self.ping_interval:
                        last_ping[c.id] = now
                        c.send_frame(OP_PING, f"Ping from {HOST}".encode())
            for eid in resend:
                self.redeliver(eid)

    def _pick(self, conn):
        with self._lock:
            if conn is None:
                live = [c for c in self._conns if c.alive]
                if not live:
                    raise RuntimeError("fakeslack: no live Socket Mode connection")
                return live[-1]
            if isinstance(conn, int):
                for c in self._conns:
                    if c.id == conn:
                        return c
                raise KeyError(f"fakeslack: no connection {conn}")
            return conn

    def connections(self):
        """Live connections, oldest first."""
        with self._lock:
            return [c for c in self._conns if c.alive]

    def all_connections(self):
        with self._lock:
            return list(self._conns)

    def wait_for_connections(self, n, timeout=10.0):
        """Waits until at least n connections are live; returns the live list or None."""
        return self.wait(lambda: (lambda l: l if len(l) >= n else None)(self.connections()), timeout)

    def wait_for_no_connections(self, timeout=10.0):
        return bool(self.wait(lambda: not self.connections(), timeout))

    def wait_for_closed(self, conn=None, timeout=10.0):
        c = self._pick(conn)
        return bool(self.wait(lambda: c.closed is not None, timeout))

    def hello_count(self):
        with self._lock:
            return self._hellos

    def send_envelope(self, obj, conn=None):
        """Sends an envelope (dict, e.g. from a builder); adds envelope_id if missing. Returns it."""
        c = self._pick(conn)
        obj = dict(obj)
        obj.setdefault("envelope_id", str(uuid.uuid4()))
        eid = obj["envelope_id"]
        with self._lock:
            prev = self._sent.get(eid)
            self._sent[eid] = {"envelope": obj, "t": time.monotonic(), "conn": c.id,
                               "attempt": obj.get("retry_attempt", 0) or 0, "acked": False,
                               "first_t": prev["first_t"] if prev else time.monotonic()}
        c.send_json(obj)
        return eid

    def redeliver(self, envelope_id, conn=None, reason="timeout"):
        """Resends a sent events_api envelope with retry_attempt+1 and retry_reason (Slack's retry)."""
        with self._lock:
            s = self._sent[envelope_id]
            env = json.loads(json.dumps(s["envelope"]))
            s["acked"] = False
        env["retry_attempt"] = (env.get("retry_attempt") or 0) + 1
        env["retry_reason"] = reason
        try:
            return self.send_envelope(env, conn)
        except RuntimeError:
            return None

    def sent(self, envelope_id=None):
        """What was sent: {envelope, t, conn, attempt, acked} for one id, or the dict of all."""
        with self._lock:
            return dict(self._sent[envelope_id]) if envelope_id else dict(self._sent)

    def acks(self):
        with self._lock:
            return list(self._acks)

    def wait_for_ack(self, envelope_id, timeout=10.0):
        def find():
            for a in self._acks:
                if a["envelope_id"] == envelope_id:
                    return a
            return None
        return self.wait(find, timeout)

    def send_disconnect(self, reason, conn=None, grace=None):
        """Sends {"type":"disconnect","reason":...}. warning/refresh_requested: the socket stays
        open until the client closes it or `grace` (default disconnect_grace, 10 s) passes, then we
        close (1000). link_disabled/too_many_websockets: we close right after (1000; TCP 1 s later
        at most)."""
        c = self._pick(conn)
        with self._lock:
            n = len([x for x in self._conns if x.alive])
        c.send_json(disconnect_frame(reason, n if reason == "too_many_websockets" else None))
        if reason in ("warning", "refresh_requested"):
            g = self.disconnect_grace if grace is None else grace

            def later():
                if not self._stop.wait(g) and c.closed is None:
                    c.send_close(1000, "", wait=1.0)
            threading.Thread(target=later, daemon=True).start()
        else:
            c.send_close(1000, "", wait=1.0)
        return c

    def close(self, conn=None, code=1000, reason="", wait=1.0):
        """Server-initiated close frame; TCP closed when the client answers or after `wait` s."""
        c = self._pick(conn)
        c.send_close(code, reason, wait=wait)
        return c

    def drop(self, conn=None):
        """Closes the TCP connection without a close frame."""
        c = self._pick(conn)
        c.closed_by = "drop"
        c._shutdown()
        self.wait(lambda: c.closed is not None, 2.0)
        return c

    def go_silent(self, conn=None):
        """Stops answering (pings, close) and sending on this connection; TCP stays open.
        Client frames are still read (counted in conn.pings/messages) but acks are not recorded."""
        c = self._pick(conn)
        c.silent = True
        return c

    def ping(self, conn=None, payload=b"Ping from " + HOST.encode()):
        c = self._pick(conn)
        c.send_frame(OP_PING, payload)
        return c

    def pings(self, conn=None):
        """Pings received from the client on conn (default newest live): list of (t, payload)."""
        return list(self._pick(conn).pings)

    def send_raw(self, data, conn=None, opcode=OP_TEXT):
        """Sends one (unfragmented) frame with arbitrary payload: str or bytes (malformed JSON,
        invalid UTF-8, multi-MiB payloads for size-cap tests)."""
        c = self._pick(conn)
        c.send_frame(opcode, data.encode() if isinstance(data, str) else data)
        return c

    def send_raw_bytes(self, data, conn=None):
        """Writes bytes straight to the socket (hand-made/broken frames)."""
        c = self._pick(conn)
        c.send_bytes(data)
        return c

    def send_fragmented(self, text, parts, conn=None, ping_between=False, delay=0.0):
        """Sends text as one message in `parts` frames (int: that many near-equal pieces; or a list
        of str/bytes pieces sent as given). ping_between: a ping control frame between fragments."""
        c = self._pick(conn)
        data = text.encode() if isinstance(text, str) else text
        if isinstance(parts, int):
            n = max(1, parts)
            size = -(-len(data) // n) or 1
            pieces = [data[i * size:(i + 1) * size] for i in range(n)]
        else:
            pieces = [p.encode() if isinstance(p, str) else p for p in parts]
        for i, p in enumerate(pieces):
            c.send_frame(OP_TEXT if i == 0 else OP_CONT, p, fin=(i == len(pieces) - 1))
            if i < len(pieces) - 1:
                if ping_between:
                    c.send_frame(OP_PING, b"mid-message")
                if delay:
                    time.sleep(delay)
        return c

    # builders that mint response_urls on this fake and use its bot identity
    def slash_command(self, text, user_id="U1", command="/sales", channel_id="C1", **kw):
        kw.setdefault("response_url", self.response_url())
        return slash_command(text, user_id, command, channel_id, **kw)

    def dm_message(self, text, user="U1", channel="D1", bot_id=None, **kw):
        kw.setdefault("bot_user_id", self.bot_user_id)
        return dm_message(text, user, channel, bot_id, **kw)

    def app_mention(self, text, user="U1", channel="C1", **kw):
        kw.setdefault("bot_user_id", self.bot_user_id)
        return app_mention(text, user, channel, **kw)

    def block_actions(self, action_id, value, user="U1", channel="D1", **kw):
        kw.setdefault("response_url", self.response_url())
        kw.setdefault("bot_user_id", self.bot_user_id)
        kw.setdefault("bot_id", self.bot_id)
        return block_actions(action_id, value, user, channel, **kw)

    def disconnect_frame(self, reason):
        return disconnect_frame(reason)
