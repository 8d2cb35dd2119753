"""The sender thread (bot/outbox.c) through the real funnelbot and the fake Slack (issue 9):
no transaction held across a network call (a slow users.list never delays an ack); a message
delivered while the store cannot record it is not delivered again; one user's flood does not
delay another's reply; a rate-limited users.info sleeps instead of spinning; users.list retries
after a 429 and a cursor that never ends stops at the cap; an answer without a user creates
nobody; the database and its copies are readable by the owner only."""
import itertools
import os
import sqlite3
import stat
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
from harness import check, run, test, wait_until  # noqa: E402

from slackbot import (ALL_LOGS, ALL_SECRETS, BIN, SLOW, WRAP, Bot, ack_text,  # noqa: E402
                      command, count, session)

PAGES_MAX = 250		# USERS_PAGES_MAX in bot/outbox.c


def posts_to(fake, channel):
    return [c for c in fake.calls("chat.postMessage") if c["body"].get("channel") == channel]


def cpu_seconds(pid):
    """utime + stime of the whole process (all threads), from /proc/<pid>/stat."""
    with open(f"/proc/{pid}/stat") as f:
        # the command name is in parentheses and may hold spaces: split after it
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@test
def slow_users_list_never_delays_an_ack():
    # users.list takes 8 s to answer; the sender used to wait for it inside BEGIN IMMEDIATE,
    # so every command meanwhile waited out the busy timeout and was refused.
    fake = session(users={"U2": {"name": "sally", "tz": "Europe/London"}})
    fake.script("users.list", [{"delay": 8}])
    bot = Bot(fake).start()
    try:
        first = fake.wait_for_call("users.list", timeout=5 * SLOW)
        check(first, "no users.list")
        worst = 0.0
        for i in range(6):
            ack = command(fake, f"log call Acme{i}", user="U1")
            worst = max(worst, ack["latency"])
            check("not writable" not in ack_text(ack), ack_text(ack))
            check(ack["latency"] < 1.0, f"ack {i} after {ack['latency']:.2f} s")
            time.sleep(0.5)
        check(time.monotonic() - first["t"] < 8, "the commands did not overlap users.list")
        print(f"  slowest ack while users.list waited: {worst * 1000:.0f} ms")
        check(count(bot.db_path, "select count(*) from entries") == 6)
        # the names still arrive once users.list answers
        check(wait_until(lambda: count(bot.db_path, "select count(*) from people where "
                                       "username = 'sally'") == 1, 10 * SLOW),
              "sally not saved after the slow users.list")
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


@test
def delivered_once_while_the_store_cannot_record_it():
    # The post takes 1.5 s; meanwhile another process takes the write lock for 12 s, so the
    # sender cannot mark the row sent. It used to leave it pending and post it again.
    fake = session()
    fake.script("chat.postMessage", [{"delay": 1.5}])
    bot = Bot(fake).start()
    try:
        eid = fake.send_envelope(fake.dm_message("log call Acme", user="U1", channel="D1"))
        check(fake.wait_for_ack(eid, 5 * SLOW), "no ack")
        check(fake.wait_for_call("chat.postMessage", timeout=5 * SLOW), "no post")
        db = sqlite3.connect(bot.db_path, timeout=5, isolation_level=None)
        try:
            db.execute("BEGIN IMMEDIATE")
            time.sleep(12)
            posted_while_locked = len(posts_to(fake, "D1"))
            db.execute("ROLLBACK")
        finally:
            db.close()
        check(wait_until(lambda: count(bot.db_path, "select count(*) from outbox where "
                                       "state = 1") == 1, 20 * SLOW),
              "the row was never recorded as sent")
        time.sleep(2)
        posts = posts_to(fake, "D1")
        print(f"  posts while the store was locked: {posted_while_locked}, in all: {len(posts)}")
        check(len(posts) == 1, f"posted {len(posts)} times")
        check(count(bot.db_path, "select count(*) from outbox where state = 0") == 0)
        log = bot.log()
        check(log.count("cannot record that") == 1, "not said exactly once:\n" + log)
        check("the store records again" in log, log)
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


@test
def one_users_flood_does_not_delay_another():
    # 100 DMs from U1 queue 100 replies into D1, paced at one a second; U2's reply must not
    # wait behind them (the sender used to look at the first 64 pending rows only).
    fake = session()
    bot = Bot(fake).start()
    try:
        eids = [fake.send_envelope(fake.dm_message(f"log call Acme{i}", user="U1", channel="D1"))
                for i in range(100)]
        for e in eids:
            check(fake.wait_for_ack(e, 10 * SLOW), "a flood DM was not acknowledged")
        t0 = time.monotonic()
        eid = fake.send_envelope(fake.dm_message("log call Beta", user="U2", channel="D2"))
        check(fake.wait_for_ack(eid, 5 * SLOW))
        call = fake.wait_for_call("chat.postMessage", lambda c: c["body"].get("channel") == "D2",
                                  timeout=40 * SLOW)
        check(call, "U2 never answered")
        waited = call["t"] - t0
        backlog = 100 - len(posts_to(fake, "D1"))
        print(f"  U2 answered after {waited:.2f} s with {backlog} of U1's replies still queued")
        check(waited < 3 * SLOW, f"U2 answered after {waited:.1f} s")
        check(backlog > 50, "the flood drained first; the test proves nothing")
        # U1's replies still go in order, one a second
        d1 = [c["body"]["text"] for c in posts_to(fake, "D1")]
        check(all(f"Acme{i}" in t for i, t in enumerate(d1)), "U1's replies out of order")
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


@test
def a_long_429_on_one_method_holds_up_no_other():
    fake = session()
    fake.script("chat.postEphemeral", [{"status": 429, "headers": {"Retry-After": "60"}}])
    bot = Bot(fake).start()
    try:
        fake.send_envelope(fake.app_mention(f"<@{fake.bot_user_id}> help", user="U1",
                                            channel="C1"))
        check(fake.wait_for_call("chat.postEphemeral", timeout=5 * SLOW), "no ephemeral try")
        t0 = time.monotonic()
        fake.send_envelope(fake.dm_message("log call Acme", user="U2", channel="D2"))
        call = fake.wait_for_call("chat.postMessage", lambda c: c["body"].get("channel") == "D2",
                                  timeout=5 * SLOW)
        check(call and call["t"] - t0 < 2 * SLOW, "the DM waited behind the 429")
        check(len(fake.calls("chat.postEphemeral")) == 1, "chat.postEphemeral retried early")
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


@test
def rate_limited_users_info_sleeps():
    # users.info answers 429 with Retry-After: 120; two unknown people wait for it. The
    # sender used to spin on the queued lookup for the whole two minutes.
    fake = session()
    fake.script("users.info", [{"status": 429, "headers": {"Retry-After": "120"}}])
    bot = Bot(fake).start()
    try:
        command(fake, "help", user="U5")
        check(fake.wait_for_call("users.info", timeout=5 * SLOW), "no users.info")
        command(fake, "help", user="U6")
        time.sleep(1)
        c0, t0 = cpu_seconds(bot.proc.pid), time.monotonic()
        time.sleep(5)
        share = (cpu_seconds(bot.proc.pid) - c0) / (time.monotonic() - t0)
        print(f"  CPU while users.info was blocked: {share * 100:.1f} % of a core")
        if not WRAP:	# under valgrind the figure is valgrind's
            check(share < 0.05, f"{share * 100:.0f} % of a core while blocked")
        check(len(fake.calls("users.info")) == 1, "users.info asked again before Retry-After")
        # the bot still answers meanwhile
        check("help" in ack_text(command(fake, "help", user="U1")).lower())
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


@test
def users_list_429_is_retried_after_retry_after():
    fake = session(users={"U2": {"name": "sally", "tz": "Europe/London"}})
    fake.script("users.list", [{"status": 429, "headers": {"Retry-After": "2"}}])
    bot = Bot(fake).start()
    try:
        check(wait_until(lambda: count(bot.db_path, "select count(*) from people where "
                                       "username = 'sally' and tz = 'Europe/London'") == 1,
                         10 * SLOW), "sally never saved: " + bot.log())
        calls = fake.calls("users.list")
        check(len(calls) == 2, f"{len(calls)} users.list calls")
        gap = calls[1]["t"] - calls[0]["t"]
        check(gap >= 1.9, f"retried after {gap:.2f} s, before Retry-After")
        print(f"  users.list retried {gap:.2f} s after the 429")
        log = bot.log()
        check("(0 pages)" not in log and "users.list (1 page)" in log, log)
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


@test
def users_list_endless_cursor_stops_at_the_cap():
    fake = session()
    n = itertools.count(1)

    def endless(call):
        i = next(n)
        return {"ok": True, "members": [fake.full_user(f"UL{i}", {"name": f"member{i}"})],
                "response_metadata": {"next_cursor": f"page{i}"}}
    fake.handlers["users.list"] = endless
    bot = Bot(fake).start()
    try:
        check(wait_until(lambda: f"users.list stopped after {PAGES_MAX} pages" in bot.log(),
                         60 * SLOW), f"no end after {len(fake.calls('users.list'))} pages")
        time.sleep(1)
        check(len(fake.calls("users.list")) == PAGES_MAX, len(fake.calls("users.list")))
        check(count(bot.db_path, "select count(*) from people where platform_id like 'UL%'")
              == PAGES_MAX)
        # and the bot is still there for everyone
        check("Logged a call" in ack_text(command(fake, "log call Acme")))
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


@test
def users_info_without_a_user_creates_nobody():
    fake = session()
    answers = {"U7": {"ok": True}, "U8": {"ok": True, "user": {"id": "", "name": "ghost"}},
               "U9": {"ok": True, "user": {"id": "U66", "name": "impostor"}}}
    fake.handlers["users.info"] = lambda call: answers[call["body"]["user"]]
    bot = Bot(fake).start()
    try:
        for user in ("U7", "U8", "U9"):
            check("Logged a call" in ack_text(command(fake, "log call Acme", user=user)))
        check(fake.wait_for_calls("users.info", 3, timeout=5 * SLOW), "no users.info")
        check(wait_until(lambda: "answered for U66; ignored" in bot.log(), 5 * SLOW), bot.log())
        check(count(bot.db_path, "select count(*) from people where platform_id = 'U66'") == 0)
        check(wait_until(lambda: bot.log().count("no user id in the answer") == 2, 5 * SLOW),
              bot.log())
        check(count(bot.db_path, "select count(*) from people where platform_id = ''") == 0)
        check(count(bot.db_path, "select count(*) from people where username = 'ghost'") == 0)
        check(count(bot.db_path, "select count(*) from people") == 3)
        check("cannot save" not in bot.log(), bot.log())
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@test
def database_wal_shm_and_backups_are_private():
    old = os.umask(0o022)	# the usual umask: SQLite alone would make these 0644
    try:
        fake = session()
        bot = Bot(fake).start()
        try:
            check("Logged a call" in ack_text(command(fake, "log call Acme")))
            for suffix in ("", "-wal", "-shm", ".lock"):
                p = bot.db_path + suffix
                check(os.path.exists(p), f"no {p}")
                check(mode(p) == 0o600, f"{os.path.basename(p)} is {oct(mode(p))}")
            copy = os.path.join(bot.d, "copy.db")
            r = subprocess.run([*WRAP, BIN, "backup", copy, "-c", bot.cfg], cwd=bot.d,
                               env=bot.env, capture_output=True, text=True, timeout=30 * SLOW)
            check(r.returncode == 0, r.stdout + r.stderr)
            check(mode(copy) == 0o600, f"the backup is {oct(mode(copy))}")
            check(count(copy, "select count(*) from entries") == 1)
            # an existing file is refused and left as it was
            r = subprocess.run([*WRAP, BIN, "backup", copy, "-c", bot.cfg], cwd=bot.d,
                               env=bot.env, capture_output=True, text=True, timeout=30 * SLOW)
            check(r.returncode != 0 and "already exists" in r.stdout + r.stderr,
                  r.stdout + r.stderr)
            check(count(copy, "select count(*) from entries") == 1)
        finally:
            rc = bot.stop()
            fake.stop()
        check(rc == 0, f"exit {rc}")
    finally:
        os.umask(old)


@test
def no_token_in_any_log():
    check(ALL_LOGS, "no logs collected")
    for name, text in ALL_LOGS:
        for secret in ALL_SECRETS:
            check(secret not in text, f"{name}: a token in the log")
        check("Bearer" not in text, f"{name}: an auth header in the log")


if __name__ == "__main__":
    run()
