"""The real funnelbot on Slack, against the fake Slack (tests/fakeslack.py): the Socket Mode
connection through refreshes, warnings, drops and silence; slash commands, DMs and mentions;
redeliveries (also after a restart); the outbox through 429 and 503; kill -9 while commands
stream in; refused tokens; and no token or Socket Mode ticket in any log."""
import os
import re
import signal
import sqlite3
import sys
import tempfile
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
from harness import check, run, test, wait_until  # noqa: E402

from slackbot import (ALL_LOGS, ALL_SECRETS, BIN, DIRS, PING, SLOW, WRAP, Bot,  # noqa: E402
                      ack_text, command, count, one_live, session)


@test
def connects_and_answers_a_slash_command():
    fake = session()
    bot = Bot(fake).start()
    try:
        conn = fake.connections()[0]
        check(conn.hello_sent and "ticket=" in conn.path)
        check(fake.calls("auth.test"), "auth.test was not called")
        open_call = fake.calls("apps.connections.open")[0]
        check(open_call["headers"].get("Authorization") == f"Bearer {fake.app_token}")
        ack = command(fake, "log call Acme intro")
        check(ack["payload"]["response_type"] == "ephemeral", ack)
        check("Logged a call with Acme" in ack_text(ack), ack)
        check(ack["same_conn"] and ack["latency"] < 1.0, ack)
        # a shortcut from the config, and Slack's escaping undone
        ack = command(fake, "call Beta &amp; Sons", command="/log")
        check("Logged a call with Beta" in ack_text(ack), ack)
        # an unknown slash command gets a reply, not silence
        ack = command(fake, "x", command="/nope")
        check("/nope" in ack_text(ack), ack)
        check(count(bot.db_path, "select count(*) from entries") == 2)
        check(count(bot.db_path, "select count(*) from seen") >= 3)
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


@test
def dm_answered_in_the_dm_and_own_messages_ignored():
    fake = session()
    bot = Bot(fake).start()
    try:
        eid = fake.send_envelope(fake.dm_message("log email Acme", user="U1", channel="D1"))
        check(fake.wait_for_ack(eid, 5 * SLOW))
        call = fake.wait_for_call("chat.postMessage", timeout=5 * SLOW)
        check(call and call["body"]["channel"] == "D1", call)
        check("Logged an email with Acme" in call["body"]["text"], call["body"])
        ctype = call["headers"].get("Content-Type")
        check(ctype == "application/json; charset=utf-8", ctype)
        check(call["headers"].get("Authorization") == f"Bearer {fake.bot_token}")
        # the bot's own post echoed back, an edit, and another bot: acked, never answered
        for env in (fake.dm_message("Logged an email", user=fake.bot_user_id, channel="D1",
                                    bot_id=fake.bot_id),
                    fake.dm_message("log call X", user="U1", channel="D1",
                                    subtype="message_changed"),
                    fake.dm_message("log call Y", user="U7", channel="D1", bot_id="B0OTHER")):
            check(fake.wait_for_ack(fake.send_envelope(env), 5 * SLOW))
        time.sleep(1.5)
        check(len(fake.calls("chat.postMessage")) == 1, fake.calls("chat.postMessage"))
        check(count(bot.db_path, "select count(*) from entries") == 1)
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


@test
def mention_about_a_person_answered_privately():
    fake = session(users={"U1": {"name": "maria", "tz": "America/New_York"},
                          "U2": {"name": "sally", "tz": "Europe/London"}})
    bot = Bot(fake).start()
    try:
        check(fake.wait_for_call("users.list", timeout=5 * SLOW), "no users.list")
        # users.list fills people in: names and zones
        check(wait_until(lambda: count(bot.db_path, "select count(*) from people where "
                                       "username = 'sally' and tz = 'Europe/London'") == 1,
                         5 * SLOW), "sally not read from users.list")
        eid = fake.send_envelope(fake.app_mention(f"<@{fake.bot_user_id}> how is sally's funnel?",
                                                  user="U1", channel="C1"))
        check(fake.wait_for_ack(eid, 5 * SLOW))
        call = fake.wait_for_call("chat.postEphemeral", timeout=5 * SLOW)
        check(call, "no ephemeral answer")
        body = call["body"]
        check(body["channel"] == "C1" and body["user"] == "U1", body)
        check("sally" in body["text"] and "don't know" not in body["text"], body["text"][:200])
        time.sleep(0.5)
        check(not [c for c in fake.calls("chat.postMessage") if c["body"].get("channel") == "C1"],
              "answered in the channel")
        # a DM naming @sally resolves through the same names
        fake.send_envelope(fake.dm_message("funnel @sally", user="U1", channel="D1"))
        call = fake.wait_for_call("chat.postMessage", timeout=5 * SLOW)
        check(call and "don't know" not in call["body"]["text"], call and call["body"]["text"])
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


def replace_before_close(fake, reason):
    old = fake.connections()[-1]
    hellos = fake.hello_count()
    fake.send_disconnect(reason, old)
    check(fake.wait(lambda: fake.hello_count() > hellos, 10 * SLOW), f"{reason}: no new link")
    new = fake.connections()[-1]
    check(new.id != old.id, f"{reason}: no new connection")
    check(fake.wait(lambda: old.closed is not None, 5 * SLOW), f"{reason}: old link not closed")
    check(old.closed_by == "client", f"{reason}: old closed by {old.closed_by}")
    check(new.opened < old.closed, f"{reason}: the new link came after the old one closed")
    check(old.closed - new.opened < 5, f"{reason}: the old link lingered")
    ack = command(fake, "log call Acme after " + reason)
    check(ack["conn"] == new.id and "Logged a call" in ack_text(ack), ack)
    check(one_live(fake), f"{reason}: {fake.connections()}")


@test
def refresh_requested_and_warning_make_before_break():
    fake = session()
    bot = Bot(fake).start()
    try:
        replace_before_close(fake, "refresh_requested")
        replace_before_close(fake, "warning")
        check(fake.max_live <= 2, f"{fake.max_live} live at once")
        check(count(bot.db_path, "select count(*) from entries") == 2)
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


@test
def dropped_connection_back_within_10s():
    fake = session()
    bot = Bot(fake).start()
    try:
        for _ in range(2):
            hellos = fake.hello_count()
            t0 = time.monotonic()
            fake.drop()
            check(fake.wait(lambda: fake.hello_count() > hellos and fake.connections(), 10),
                  "not back within 10 s")
            back = time.monotonic() - t0
            check(back < 10, f"back after {back:.1f} s")
            check("Logged" in ack_text(command(fake, "log call Acme")))
            check(one_live(fake), fake.connections())
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


@test
def silent_connection_replaced():
    fake = session()
    bot = Bot(fake).start()
    try:
        old = fake.connections()[0]
        check(fake.wait(lambda: len(old.pings) >= 1, (PING + 3) * SLOW), "funnelbot never pinged")
        hellos = fake.hello_count()
        t0 = time.monotonic()
        fake.go_silent(old)
        check(fake.wait(lambda: fake.hello_count() > hellos, 60), "silent link not replaced")
        took = time.monotonic() - t0
        check(took < 60, f"replaced after {took:.1f} s")
        check(fake.wait(lambda: old.closed is not None, 10), "the silent link stays open")
        check("Logged" in ack_text(command(fake, "log call Acme")))
        check(one_live(fake), fake.connections())
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


@test
def oversized_and_malformed_frames_do_not_end_it():
    fake = session()
    bot = Bot(fake).start()
    try:
        fake.send_raw("{this is not json")
        fake.send_raw("[1, 2, 3]")
        fake.send_raw(b"\x00\x01binary", opcode=2)
        fake.send_fragmented('{"type":"events_api"}', 3)
        check("Logged" in ack_text(command(fake, "log call Acme")))
        old = fake.connections()[0]
        hellos = fake.hello_count()
        fake.send_raw("x" * (1024 * 1024 + 10))
        check(fake.wait(lambda: old.closed is not None, 5 * SLOW), "oversized message kept")
        check(old.close_code == 1009, f"close code {old.close_code}")
        check(fake.wait(lambda: fake.hello_count() > hellos, 10 * SLOW), "no fresh link")
        # a big message under the cap, in many fragments, is fine
        big = fake.slash_command("log call Acme " + "n" * 200)
        big["payload"]["padding"] = "p" * (700 * 1024)
        import json
        fake.send_fragmented(json.dumps(big), 40)
        check(fake.wait_for_ack(big["envelope_id"], 5 * SLOW), "big envelope not acked")
        check(one_live(fake))
        check(bot.proc.poll() is None, "funnelbot ended")
        # Well over the cap, whole and in fragments: the old code closed mid-frame and
        # lws 4.1.6 aborted with a double free above about 1.07 MB.
        for size, parts in ((1100 * 1024, 1), (2 * 1024 * 1024, 1), (3 * 1024 * 1024, 40)):
            old = fake.connections()[0]
            hellos = fake.hello_count()
            if parts == 1:
                fake.send_raw("x" * size)
            else:
                fake.send_fragmented("y" * size, parts)
            check(fake.wait(lambda: old.closed is not None, 5 * SLOW), f"{size} kept")
            check(old.close_code == 1009, f"close code {old.close_code}")
            check(fake.wait(lambda: fake.hello_count() > hellos, 10 * SLOW), "no fresh link")
            check(bot.proc.poll() is None, f"funnelbot ended after {size} bytes")
        check("Logged" in ack_text(command(fake, "log call Acme after the big ones")))
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")
    check("malformed frame" in bot.log(), bot.log())


@test
def same_envelope_twice_applied_once_even_after_restart():
    fake = session()
    bot = Bot(fake).start()
    try:
        env = fake.slash_command("log call Acme once", user_id="U1")
        eid = fake.send_envelope(env)
        first = fake.wait_for_ack(eid, 5 * SLOW)
        check(first and "Logged" in ack_text(first), first)
        n = len(fake.acks())
        fake.send_envelope(env)
        check(fake.wait(lambda: len(fake.acks()) > n, 5 * SLOW), "redelivery not acked")
        again = fake.acks()[-1]
        check(again["envelope_id"] == eid and again["payload"] == first["payload"], again)
        # an event redelivered by Slack (same event_id, retry_attempt 1)
        dm = fake.dm_message("log email Acme once", user="U1", channel="D1")
        check(fake.wait_for_ack(fake.send_envelope(dm), 5 * SLOW))
        check(fake.wait_for_call("chat.postMessage", timeout=5 * SLOW))
        check(fake.wait_for_ack(fake.redeliver(dm["envelope_id"]), 5 * SLOW))
        dm2 = dict(dm, envelope_id=str(uuid.uuid4()))
        check(fake.wait_for_ack(fake.send_envelope(dm2), 5 * SLOW))
        rc = bot.stop()
        check(rc == 0, f"exit {rc}")

        bot.start()
        n = len(fake.acks())
        fake.send_envelope(env)
        check(fake.wait(lambda: len(fake.acks()) > n, 5 * SLOW), "not acked after restart")
        check(fake.acks()[-1]["payload"] == first["payload"], fake.acks()[-1])
        check(fake.wait_for_ack(fake.redeliver(dm["envelope_id"]), 5 * SLOW))
        time.sleep(1.2)
        check(count(bot.db_path, "select count(*) from entries") == 2)
        check(len(fake.calls("chat.postMessage")) == 1, "the DM was answered twice")
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


def post_through_faults(steps):
    fake = session()
    fake.script("chat.postMessage", steps)
    bot = Bot(fake).start()
    try:
        fake.send_envelope(fake.dm_message("log call Acme", user="U1", channel="D1"))
        calls = fake.wait_for_calls("chat.postMessage", len(steps) + 1, timeout=15 * SLOW)
        check(calls, f"only {len(fake.calls('chat.postMessage'))} tries: {bot.log()}")
        time.sleep(1.5)
        calls = fake.calls("chat.postMessage")
        check(len(calls) == len(steps) + 1, f"{len(calls)} tries")
        delivered = [m for m in fake.messages if m["channel"] == "D1"]
        check(len(delivered) == 1, f"delivered {len(delivered)} times")
        check(count(bot.db_path, "select count(*) from outbox where state = 1") == 1)
        return [c["t"] for c in calls], bot
    finally:
        rc = bot.stop()
        fake.stop()
        check(rc == 0, f"exit {rc}")


@test
def rate_limited_twice_waits_for_retry_after():
    ts, _ = post_through_faults([{"status": 429, "headers": {"Retry-After": "2"}}] * 2)
    gaps = [b - a for a, b in zip(ts, ts[1:])]
    check(all(g >= 2.0 for g in gaps), f"retried before Retry-After: {gaps}")


@test
def service_unavailable_twice_then_delivered():
    post_through_faults([{"status": 503}] * 2)


@test
def permanent_error_gives_up_with_a_log_line():
    fake = session()
    fake.script("chat.postMessage", [{"ok": False, "error": "channel_not_found"}])
    bot = Bot(fake).start()
    try:
        fake.send_envelope(fake.dm_message("log call Acme", user="U1", channel="D1"))
        check(fake.wait_for_call("chat.postMessage", timeout=5 * SLOW))
        check(wait_until(lambda: count(bot.db_path, "select count(*) from outbox where "
                                       "state = 2 and error = 'channel_not_found'") == 1,
                         5 * SLOW), "row not marked failed")
        time.sleep(1.5)
        check(len(fake.calls("chat.postMessage")) == 1, "retried a permanent error")
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")
    check("channel_not_found" in bot.log(), bot.log())


@test
def export_arrives_as_a_file_in_the_dm():
    fake = session()
    bot = Bot(fake).start()
    try:
        command(fake, "log call Acme")
        ack = command(fake, "export")
        check(ack_text(ack), ack)
        check(fake.wait(lambda: any(u["completed"] for u in fake.uploads.values()), 10 * SLOW),
              f"no upload: {bot.log()}")
        up = [u for u in fake.uploads.values() if u["completed"]][0]
        check(up["channel_id"] == "DU1", up)
        check(up["filename"].endswith(".csv") and b"Acme" in up["data"], up)
        check(fake.calls("conversations.open")[0]["body"]["users"] == "U1")
        up_call = fake.calls("upload")[0]
        check("Authorization" not in up_call["headers"], "the token went to the upload URL")
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


@test
def dm_rows_open_the_conversation_first():
    # `nudge send` queues prompts as DM rows (a person, no channel): conversations.open, then
    # chat.postMessage into the DM it returns. The prompted person is a rep (U2): U1 is an
    # admin by the config, and admins get no weekly prompt.
    fake = session(users={"U1": {"name": "maria", "tz": "America/New_York"},
                          "U2": {"name": "sally", "tz": "Europe/London"}})
    bot = Bot(fake).start()
    try:
        command(fake, "log call Acme", user="U2")
        check("Nobody to prompt" not in ack_text(command(fake, "nudge send all")))
        call = fake.wait_for_call("chat.postMessage", timeout=5 * SLOW)
        check(call and call["body"]["channel"] == "DU2", call and call["body"])
        opened = fake.calls("conversations.open")
        check(len(opened) == 1 and opened[0]["body"]["users"] == "U2", opened)
        check(opened[0]["t"] < call["t"])
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


@test
def kill9_while_commands_stream_in():
    # Two rounds of 300 commands: once all sent at once and funnelbot killed when 20 are
    # acknowledged (in the middle of a backlog), once paced and killed by the stream itself
    # after 150 (between commands, the rest still coming). After each restart every
    # acknowledged command is stored, none twice.
    fake = session()
    bot = Bot(fake).start()
    acked_total = 0
    try:
        for rnd, pace in enumerate((0, 0.002)):
            n, kill_at = 300, 150
            envs = [fake.slash_command(f"log call Acme r{rnd}n{i:03d}", user_id=f"U{i % 7 + 1}")
                    for i in range(n)]
            notes = {e["envelope_id"]: f"r{rnd}n{i:03d}" for i, e in enumerate(envs)}
            pid = bot.proc.pid

            def acked_now():
                return {a["envelope_id"] for a in fake.acks() if a["envelope_id"] in notes}

            def pump():
                for i, e in enumerate(envs):
                    if pace and i == kill_at:
                        os.kill(pid, signal.SIGKILL)
                    try:
                        fake.send_envelope(e)
                    except (RuntimeError, OSError):
                        return
                    if pace:
                        time.sleep(pace)

            if not pace:
                # killed from the fake's reader as the 20th ack arrives (wraps the fake)
                orig, seen = fake._on_client_text, [0]

                def on_text(c, text, now):
                    orig(c, text, now)
                    seen[0] += 1
                    if seen[0] == 20:
                        os.kill(pid, signal.SIGKILL)
                fake._on_client_text = on_text
            t = threading.Thread(target=pump, daemon=True)
            t.start()
            t.join(30 * SLOW)
            check(fake.wait(lambda: bot.proc.poll() is not None, 10 * SLOW), "not killed")
            if not pace:
                fake._on_client_text = orig
            check(bot.stop() == -signal.SIGKILL, "funnelbot was not killed")
            acked = acked_now()
            acked_total += len(acked)
            bot.start()
            # answered at once, or -- behind the commands it runs again first, on a slow
            # machine -- told it is being worked on
            after = ack_text(command(fake, f"log call Acme after{rnd}", timeout=20))
            check("Logged" in after or "Working on it" in after, after)
            if "Working on it" in after:	# then it is done, after what it runs first
                check(fake.wait(lambda: dms_to(fake, "DU1", f"Acme after{rnd}`"), 60 * SLOW),
                      "the command after the restart was not answered")
            db = sqlite3.connect(bot.db_path)
            try:
                check(db.execute("pragma integrity_check").fetchone()[0] == "ok")
                stored = [r[0] for r in db.execute("select note from entries")]
                missing = [notes[e] for e in acked if notes[e] not in stored]
                check(not missing, f"{len(missing)} acknowledged commands lost: {missing[:5]}")
                check(len(stored) == len(set(stored)), "an entry stored twice")
                print(f"     round {rnd}: killed, {len(acked)} "
                      f"acknowledged, {sum(1 for x in stored if x.startswith(f'r{rnd}'))} "
                      f"stored", flush=True)
            finally:
                db.close()
        check(acked_total > 0, "nothing was acknowledged before the kills")
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


@test
def wrong_app_token_exits_naming_it():
    fake = session()
    wrong = "xapp-1-A111-111-" + uuid.uuid4().hex
    bot = Bot(fake, app_token=wrong, name="wrong app token")
    t0 = time.monotonic()
    bot.start(wait_hello=False)
    rc = bot.wait_exit(10)
    took = time.monotonic() - t0
    fake.stop()
    check(rc is not None, "still running after 10 s")
    check(rc == 2, f"exit {rc}")
    check(took < 10, f"took {took:.1f} s")
    log = bot.log()
    check("app-level token" in log and "SLACK_APP_TOKEN" in log, log)
    check(wrong not in log and wrong[5:] not in log, "the token is in the log")


@test
def wrong_bot_token_exits_naming_it():
    fake = session()
    wrong = "xoxb-111-222-" + uuid.uuid4().hex
    bot = Bot(fake, bot_token=wrong, name="wrong bot token")
    bot.start(wait_hello=False)
    rc = bot.wait_exit(10)
    fake.stop()
    check(rc == 2, f"exit {rc}")
    log = bot.log()
    check("bot token" in log and "SLACK_BOT_TOKEN" in log, log)
    check(wrong not in log and wrong[5:] not in log, "the token is in the log")
    check(not fake.calls("apps.connections.open"), "connected with a refused bot token")


@test
def link_disabled_stops():
    fake = session()
    bot = Bot(fake).start()
    fake.send_disconnect("link_disabled")
    rc = bot.wait_exit(10)
    fake.stop()
    check(rc == 2, f"exit {rc}")
    check("Socket Mode" in bot.log(), bot.log())


@test
def too_many_websockets_closes_and_waits():
    fake = session()
    bot = Bot(fake).start()
    try:
        old = fake.connections()[0]
        n = len(fake.handshakes)
        fake.send_disconnect("too_many_websockets", old)
        check(fake.wait(lambda: old.closed is not None, 5 * SLOW), "not closed")
        time.sleep(5)
        check(len(fake.handshakes) == n, "reconnected at once after too_many_websockets")
        check("too many connections" in bot.log(), bot.log())
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


@test
def connections_open_429_and_handshake_409_retried_one_at_a_time():
    fake = session()
    fake.script("apps.connections.open", [{"status": 429, "headers": {"Retry-After": "2"}},
                                          {"ok": False, "error": "internal_error"}])
    fake.script_handshake([409])
    bot = Bot(fake)
    try:
        bot.start(wait_hello=False)
        check(fake.wait(lambda: fake.hello_count() == 1, 20 * SLOW), f"no hello: {bot.log()}")
        opens = [c["t"] for c in fake.calls("apps.connections.open")]
        check(len(opens) == 4, f"{len(opens)} calls of apps.connections.open")
        check(opens[1] - opens[0] >= 2.0, f"Retry-After not honoured: {opens[1] - opens[0]:.2f}")
        check([h["status"] for h in fake.handshakes] == [409, 101], fake.handshakes)
        time.sleep(1)
        check(len(fake.all_connections()) == 2 and one_live(fake), fake.all_connections())
        check("Logged" in ack_text(command(fake, "log call Acme")))
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


@test
def socket_mode_host_resolved_before_connecting():
    # apps.connections.open names a host, not an address: the opener thread resolves it.
    fake = session()

    def open_by_name(call):
        del fake.handlers["apps.connections.open"]
        try:
            r = fake._answer("apps.connections.open", call, None)
        finally:
            fake.handlers["apps.connections.open"] = open_by_name
        if isinstance(r, dict) and r.get("ok"):
            r["url"] = r["url"].replace("ws://127.0.0.1:", "ws://localhost:")
        return r

    fake.handlers["apps.connections.open"] = open_by_name
    bot = Bot(fake).start()
    try:
        check(fake.connections()[0].path.startswith("/link/?ticket="))
        check("Logged" in ack_text(command(fake, "log call Acme")))
        check("to localhost (127.0.0.1)" in bot.log(), bot.log())
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


@test
def button_click_acknowledged():
    fake = session()
    bot = Bot(fake).start()
    try:
        eid = fake.send_envelope(fake.block_actions("prompt_snooze", "W48", user="U1",
                                                    channel="D1"))
        ack = fake.wait_for_ack(eid, 5 * SLOW)
        check(ack and ack["payload"] is None, ack)
        check(count(bot.db_path, "select count(*) from seen where key = ?", "e:" + eid) == 1)
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


@test
def locked_database_every_ack_in_time():
    # Another writer holds the database: the first command waits 1.5 s for it, the ones right
    # after do not wait again, so each is told within Slack's 3 s that nothing was stored.
    import sqlite3
    fake = session()
    bot = Bot(fake).start()
    try:
        check("Logged" in ack_text(command(fake, "log call Acme first")))
        db = sqlite3.connect(bot.db_path, timeout=0, isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        try:
            sent = {}
            for i in range(5):
                eid = fake.send_envelope(fake.slash_command(f"log call Acme locked{i}"))
                sent[eid] = time.monotonic()
            for eid, t0 in sent.items():
                ack = fake.wait_for_ack(eid, 10 * SLOW)
                check(ack is not None, "no ack")
                took = time.monotonic() - t0
                check(took < 3 * SLOW, f"acked after {took:.1f} s")
                check("Nothing was stored" in ack_text(ack), ack_text(ack))
        finally:
            db.execute("ROLLBACK")
            db.close()
        check("Logged" in ack_text(command(fake, "log call Acme after")))
        check(count(bot.db_path, "select count(*) from entries") == 2)
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


@test
def same_slash_text_retried_is_applied_once():
    # A person whose command Slack timed out sends it again: a new envelope, the same words.
    fake = session()
    bot = Bot(fake).start()
    try:
        first = ack_text(command(fake, "log lead Initech 40k"))
        check("New opportunity" in first, first)
        again = ack_text(command(fake, "log lead Initech 40k"))
        check("less than a minute ago" in again and "New opportunity" in again, again)
        check(count(bot.db_path, "select count(*) from entries") == 1)
        check(count(bot.db_path, "select count(*) from opportunities") == 1)
        other = ack_text(command(fake, "log lead Initech 40k", user="U2"))
        check("New opportunity" in other, other)
        check(count(bot.db_path, "select count(*) from entries") == 2)
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


def busy_bot(fake, fail=False, ms=4000):
    """A started Bot whose disk turns busy (every fsync ms longer, then failing if fail) while
    the returned file exists (tests/shims/slowsync.c, preloaded), and that file's path."""
    d = tempfile.mkdtemp(prefix="funnelbot-slow-")
    DIRS.append(d)
    trigger, env = busy_disk(d)
    env["FUNNELBOT_SLOW_SYNC_MS"] = str(ms)
    if fail:
        env["FUNNELBOT_SLOW_SYNC_FAIL"] = "1"
    return Bot(fake, d=d, env=env).start(), trigger


def busy_disk(bot_dir):
    """Env for a Bot whose disk turns busy while `slow` exists in bot_dir, and that path."""
    trigger = os.path.join(bot_dir, "slow")
    shim = os.path.join(os.path.dirname(BIN), "tests", "slowsync.so")
    check(os.path.exists(shim), f"{shim} not built")
    asan = os.environ.get("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=1")
    return trigger, {"LD_PRELOAD": shim, "FUNNELBOT_SLOW_SYNC_FILE": trigger,
                     "FUNNELBOT_SLOW_SYNC_MS": "4000",
                     "ASAN_OPTIONS": asan + ":verify_asan_link_order=0"}


def dms_to(fake, channel, words):
    return [c for c in fake.calls("chat.postMessage")
            if c["body"].get("channel") == channel and words in (c["body"].get("text") or "")]


IN_TIME = 3 * (SLOW if WRAP else 1)	# Slack's 3 s; only valgrind is let off


@test
def slow_question_acked_in_time_and_answered_once():
    # The disk turns busy as a question arrives: its answer takes over 4 s. Slack hears
    # "working on it" within 3 s, and the answer comes once, in the DM.
    fake = session()
    bot, trigger = busy_bot(fake)
    try:
        check("Logged" in ack_text(command(fake, "log call Acme intro")))
        quick = ack_text(command(fake, "pipeline"))
        open(trigger, "w").close()
        t0 = time.monotonic()
        eid = fake.send_envelope(fake.slash_command("pipeline"))
        ack = fake.wait_for_ack(eid, 10 * SLOW)
        took = time.monotonic() - t0
        check(ack is not None, "no ack")
        check(took < IN_TIME, f"acked after {took:.1f} s")
        check("Working on it" in ack_text(ack) and "DM" in ack_text(ack), ack_text(ack))
        os.unlink(trigger)
        check(fake.wait(lambda: dms_to(fake, "DU1", "My answer to `/sales pipeline`"),
                        15 * SLOW), f"no answer in the DM: {fake.calls('chat.postMessage')}")
        dm = dms_to(fake, "DU1", "My answer to `/sales pipeline`")[0]["body"]["text"]
        check(quick in dm, f"{quick!r} not in {dm!r}")
        time.sleep(2)
        check(len(dms_to(fake, "DU1", "My answer")) == 1, "answered twice")
        check(len([a for a in fake.acks() if a["envelope_id"] == eid]) == 1, "acked twice")
        check("Logged" in ack_text(command(fake, "log call Beta")), "not answering after it")
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


@test
def slow_command_cut_off_by_a_crash_is_done_once_at_the_restart():
    # Acknowledged "working on it", then killed before the command was stored: the next
    # start stores it -- once -- and answers in the DM.
    fake = session()
    bot, trigger = busy_bot(fake)
    try:
        check("Logged" in ack_text(command(fake, "log call Acme first")))
        open(trigger, "w").close()
        eid = fake.send_envelope(fake.slash_command("log call Acme cut off"))
        ack = fake.wait_for_ack(eid, 10 * SLOW)
        check(ack is not None and "Working on it" in ack_text(ack), ack)
        bot.stop(signal.SIGKILL)
        os.unlink(trigger)
        bot.env = {k: v for k, v in bot.env.items() if k != "LD_PRELOAD"}
        bot.start()
        check(fake.wait(lambda: dms_to(fake, "DU1", "My answer to `/sales log call Acme cut"),
                        15 * SLOW), f"no answer in the DM: {fake.calls('chat.postMessage')}")
        check(count(bot.db_path, "select count(*) from entries where note = 'cut off'") == 1)
        bot.stop()
        bot.start()
        time.sleep(1)
        check(count(bot.db_path, "select count(*) from entries where note = 'cut off'") == 1)
        check(len(dms_to(fake, "DU1", "My answer")) == 1, "answered twice")
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


@test
def commands_queued_behind_a_slow_one_each_acked_in_time_and_done_once():
    # The disk turns busy: while the first command waits on it, two more arrive (the second
    # delivered twice). Each is acknowledged within Slack's 3 s, stored once and answered once.
    fake = session()
    bot, trigger = busy_bot(fake)
    try:
        check("Logged" in ack_text(command(fake, "log call Acme warm")))
        open(trigger, "w").close()
        envs, sent = [], {}
        for i in range(3):
            e = fake.slash_command(f"log call Acme q{i}")
            envs.append(e)
            sent[fake.send_envelope(e)] = time.monotonic()
            if i == 1:
                fake.send_envelope(e)		# Slack's copy of the same envelope
            time.sleep(0.3)
        for eid, t0 in sent.items():
            ack = fake.wait_for_ack(eid, 10 * SLOW)
            check(ack is not None, f"no ack for {eid}")
            took = ack["t"] - t0 if "t" in ack else time.monotonic() - t0
            check(took < IN_TIME, f"acked after {took:.1f} s: {ack_text(ack)}")
        os.unlink(trigger)
        check(fake.wait(lambda: len(dms_to(fake, "DU1", "My answer to `/sales log call Acme q"))
                        >= 3, 30 * SLOW), f"answers: {fake.calls('chat.postMessage')}")
        time.sleep(2)
        for i, e in enumerate(envs):
            acks = [a for a in fake.acks() if a["envelope_id"] == e["envelope_id"]]
            check(len(acks) == 1, f"q{i}: {len(acks)} acks")
            check(len(dms_to(fake, "DU1", f"log call Acme q{i}`")) == 1, f"q{i}: answers")
            check(count(bot.db_path, "select count(*) from entries where note = ?",
                        f"q{i}") == 1, f"q{i} stored other than once")
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


@test
def other_reading_button_end_to_end():
    # "log lead Krusty Krab 25k" stores "Krusty" and offers "Krusty Krab" as a button under
    # the reply; the click replaces the entry, answered in the DM, once.
    import json
    fake = session()
    bot = Bot(fake).start()
    try:
        ack = command(fake, "log lead Krusty Krab 25k")
        check("Or did you mean a new account" in ack_text(ack), ack_text(ack))
        blocks = json.dumps(ack["payload"].get("blocks"))
        entry = re.search(r"\(entry (\d+)\)", ack_text(ack))
        check(entry is not None, ack_text(ack))
        entry = entry.group(1)
        check('"action_id": "log_other"' in blocks and f'"value": "{entry}"' in blocks, blocks)
        eid = fake.send_envelope(fake.block_actions("log_other", entry, user="U1", channel="C1"))
        check(fake.wait_for_ack(eid, 5 * SLOW) is not None, "click not acked")
        check(fake.wait(lambda: dms_to(fake, "DU1", f"Entry {entry} is gone"), 10 * SLOW),
              f"no answer: {fake.calls('chat.postMessage')}")
        check(count(bot.db_path, "select count(*) from accounts where name = 'Krusty Krab'") == 1)
        check(count(bot.db_path, "select count(*) from accounts where name = 'Krusty'") == 0)
        # a new deal, the second made: the first one's number stays the replaced one's
        check(count(bot.db_path, "select amount from opportunities where seq = 2") == 2500000)
        # the same click again (Slack's redelivery is another envelope id): refused, no change
        eid = fake.send_envelope(fake.block_actions("log_other", entry, user="U1", channel="C1"))
        check(fake.wait(lambda: dms_to(fake, "DU1", "nothing for `yes`"), 10 * SLOW),
              "second click not answered")
        check(count(bot.db_path, "select count(*) from entries") == 1)
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


@test
def acked_early_then_refused_by_the_disk_is_done_when_it_recovers():
    # The disk stalls and then fails every write: the command is told "working on it" in time,
    # cannot be saved, and is saved -- once, answered in the DM -- when the disk works again.
    fake = session()
    bot, trigger = busy_bot(fake, fail=True, ms=2500)
    try:
        check("Logged" in ack_text(command(fake, "log call Acme warm")))
        open(trigger, "w").close()
        t0 = time.monotonic()
        eid = fake.send_envelope(fake.slash_command("log call Acme retried"))
        ack = fake.wait_for_ack(eid, 10 * SLOW)
        check(ack is not None and time.monotonic() - t0 < IN_TIME, "not acked in time")
        check("Working on it" in ack_text(ack), ack_text(ack))
        check(fake.wait(lambda: "cannot be saved" in bot.log() or "not applied" in bot.log(),
                        20 * SLOW), bot.log()[-2000:])
        check(count(bot.db_path, "select count(*) from entries where note = 'retried'") == 0)
        os.unlink(trigger)
        check(fake.wait(lambda: dms_to(fake, "DU1", "log call Acme retried`"), 45 * SLOW),
              f"no answer after the disk recovered: {bot.log()[-2000:]}")
        time.sleep(1)
        check(count(bot.db_path, "select count(*) from entries where note = 'retried'") == 1)
        check(len(dms_to(fake, "DU1", "log call Acme retried`")) == 1, "answered twice")
        check(len([a for a in fake.acks() if a["envelope_id"] == eid]) == 1, "acked twice")
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


@test
def a_display_name_that_shows_nothing_is_not_the_name():
    # Two reps whose Slack display names are blanks and zero-width spaces are known by their
    # real names, so a manager can tell them apart.
    fake = session(users={"U2": {"name": "sam", "real_name": "Sam Stone", "display_name": "   "},
                          "U3": {"name": "kim", "real_name": "Kim Lee",
                                 "display_name": "\u200b\u200b"}})
    bot = Bot(fake).start()
    try:
        command(fake, "log lead Acme 10k", user="U2")
        command(fake, "log lead Beta 20k", user="U3")
        check(fake.wait(lambda: count(bot.db_path, "select count(*) from people where"
                                      " display_name in ('Sam Stone', 'Kim Lee')") == 2,
                        10 * SLOW), "names not learnt")
        text = ack_text(command(fake, "pipeline team"))
        check("Sam Stone" in text and "Kim Lee" in text, text)
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


@test
def malformed_clicks_and_commands_acked_and_survived():
    # Each variant used to crash the bot (SIGSEGV on a NULL action_id) or fail a NOT NULL
    # constraint, unacknowledged, so every redelivery crashed the restarted bot again.
    import copy
    fake = session()
    bot = Bot(fake).start()
    try:
        good = fake.block_actions("prompt_pipeline", "0:2026-W48", user="U1", channel="D1")

        def variant(change):
            env = copy.deepcopy(good)
            env.pop("envelope_id")
            change(env["payload"])
            return env

        def set_action(**kw):
            return lambda p: p["actions"][0].update(kw)

        variants = [
            variant(lambda p: p.pop("actions")),
            variant(lambda p: p.update(actions=[])),
            variant(lambda p: p.update(actions=None)),
            variant(lambda p: p.update(actions=[42])),
            variant(lambda p: p["actions"][0].pop("action_id")),
            variant(set_action(action_id=None)),
            variant(set_action(action_id=7)),
            variant(set_action(action_id="")),
            variant(set_action(value={"a": 1})),
            variant(set_action(value=12)),
            variant(lambda p: p.pop("user")),
            variant(lambda p: p.update(user={})),
            variant(lambda p: p.update(user="U1")),
            variant(lambda p: p["user"].update(id=None)),
            variant(lambda p: p["user"].update(id="")),
        ]
        slash = fake.slash_command("help", user_id="U1")
        for field, value in (("user_id", None), ("user_id", 5), ("command", None),
                             ("text", ["x"])):
            env = copy.deepcopy(slash)
            env.pop("envelope_id")
            env["payload"][field] = value
            variants.append(env)
        for env in variants:
            eid = fake.send_envelope(env)
            ack = fake.wait_for_ack(eid, 5 * SLOW)
            check(ack is not None, f"no ack for {env['payload']}")
        check(bot.proc.poll() is None, "the bot died")
        check(bot.log().count("cannot be handled") == len(variants), bot.log())
        ack = command(fake, "log call Acme")
        check("Logged a call" in ack_text(ack), ack)
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


@test
def manifest_matches_the_defaults():
    import json
    root = os.path.dirname(os.path.dirname(HERE))
    with open(os.path.join(root, "contrib", "slack-app-manifest.json")) as f:
        m = json.load(f)
    check(m["settings"]["socket_mode_enabled"] is True)
    check(m["features"]["app_home"]["messages_tab_enabled"] is True)
    check(m["features"]["app_home"]["messages_tab_read_only_enabled"] is False)
    cmds = {c["command"] for c in m["features"]["slash_commands"]}
    check(cmds == {"/sales", "/log", "/funnel"}, cmds)
    check(all(c["should_escape"] for c in m["features"]["slash_commands"]))
    scopes = set(m["oauth_config"]["scopes"]["bot"])
    need = {"commands", "chat:write", "im:write", "im:history", "users:read",
            "app_mentions:read", "files:write"}
    check(need <= scopes, need - scopes)
    check(set(m["settings"]["event_subscriptions"]["bot_events"]) == {"message.im",
                                                                      "app_mention"})
    with open(os.path.join(root, "config.example.ini")) as f:
        ini = f.read()
    check("command = /sales" in ini and "shortcuts = /log=log, /funnel=funnel" in ini)


@test
def no_token_or_ticket_in_any_log():
    check(ALL_LOGS, "no logs collected")
    for name, text in ALL_LOGS:
        check("ticket=" not in text, f"{name}: a ticket in the log")
        for secret in ALL_SECRETS:
            check(secret not in text and secret[5:] not in text, f"{name}: a token in the log")
        check("Bearer" not in text and "Authorization" not in text, f"{name}: auth header")


if __name__ == "__main__":
    run()
