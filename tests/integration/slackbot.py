"""Shared by the integration tests that run funnelbot against the fake Slack: a Bot process on
a config of its own, and small helpers. Every run's log is kept for the secrets check."""
import atexit
import os
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
from fakeslack import FakeSlack  # noqa: E402
from harness import check  # noqa: E402

BIN = os.path.abspath(os.environ.get("FUNNELBOT", "./funnelbot"))
CLEAN_ENV = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
SANITIZED = "/san/" in BIN
# FUNNELBOT_WRAP="valgrind ..." goes before every funnelbot command line (make valgrind);
# FUNNELBOT_WRAP_SLOW scales the timeouts then (default 20).
WRAP = shlex.split(os.environ.get("FUNNELBOT_WRAP", ""))
SLOW = (3 if SANITIZED else 1) * (int(os.environ.get("FUNNELBOT_WRAP_SLOW", "20")) if WRAP else 1)
PING = 2			# [slack] ping_interval in these tests: a silent link goes in ~4 s

ALL_LOGS = []			# (name, text) of every funnelbot run, for the secrets check
ALL_SECRETS = set()		# every token handed to a funnelbot
DIRS = []			# removed at exit unless FUNNELBOT_KEEP is set


@atexit.register
def _cleanup():
    if not os.environ.get("FUNNELBOT_KEEP"):
        for d in DIRS:
            shutil.rmtree(d, ignore_errors=True)


class Bot:
    """One funnelbot process on a config of its own, talking to `fake`."""

    def __init__(self, fake, d=None, extra="", app_token=None, bot_token=None, name="bot",
                 env=None):
        self.fake = fake
        self.d = d or tempfile.mkdtemp(prefix="funnelbot-slack-")
        DIRS.append(self.d)
        self.name = name
        self.cfg = os.path.join(self.d, "funnelbot.ini")
        with open(self.cfg, "w") as f:
            f.write(f"[store]\npath = bot.db\n[slack]\nping_interval = {PING}\n"
                    f"[bot]\nadmins = U1\n{extra}")
        os.chmod(self.cfg, 0o600)
        self.env = dict(CLEAN_ENV, SLACK_API_URL=fake.api_url,
                        SLACK_APP_TOKEN=app_token or fake.app_token,
                        SLACK_BOT_TOKEN=bot_token or fake.bot_token, **(env or {}))
        ALL_SECRETS.update([self.env["SLACK_APP_TOKEN"], self.env["SLACK_BOT_TOKEN"]])
        self.proc = None
        self.runs = 0

    @property
    def db_path(self):
        return os.path.join(self.d, "bot.db")

    def start(self, wait_hello=True):
        self.runs += 1
        self.log_path = os.path.join(self.d, f"stderr.{self.runs}.log")
        self.log_file = open(self.log_path, "w")
        hellos = self.fake.hello_count()
        self.proc = subprocess.Popen([*WRAP, BIN, "-c", self.cfg], env=self.env, cwd=self.d,
                                     stdin=subprocess.DEVNULL, stdout=self.log_file,
                                     stderr=subprocess.STDOUT)
        if wait_hello:
            ok = self.fake.wait(lambda: self.fake.hello_count() > hellos
                                and self.fake.connections(), 10 * SLOW)
            check(ok, f"no hello within {10 * SLOW} s: {self.log()}")
        return self

    def log(self):
        with open(self.log_path) as f:
            return f.read()

    def _collect(self):
        self.log_file.close()
        ALL_LOGS.append((f"{self.name} run {self.runs}", self.log()))

    def stop(self, sig=signal.SIGTERM, timeout=10):
        """Stops funnelbot with sig; returns its exit status."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout * SLOW)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            self._collect()
            raise
        self._collect()
        self.proc = None
        return rc

    def wait_exit(self, timeout):
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None
        self._collect()
        self.proc = None
        return rc

    def db(self):
        return sqlite3.connect(self.db_path)


def session(users=None, **kw):
    fake = FakeSlack(users=users or {}, **kw)
    fake.start()
    return fake


def one_live(fake, timeout=5):
    """Waits until exactly one Socket Mode connection is live."""
    return fake.wait(lambda: len(fake.connections()) == 1, timeout * SLOW)


def command(fake, text, command="/sales", user="U1", timeout=5, **kw):
    """Sends a slash command; returns the ack (or fails)."""
    eid = fake.send_envelope(fake.slash_command(text, user_id=user, command=command, **kw))
    ack = fake.wait_for_ack(eid, timeout * SLOW)
    check(ack is not None, f"no ack for {text!r}")
    return ack


def ack_text(ack):
    return (ack.get("payload") or {}).get("text") or ""


def count(db_path, sql, *args):
    db = sqlite3.connect(db_path)
    try:
        return db.execute(sql, args).fetchone()[0]
    finally:
        db.close()
