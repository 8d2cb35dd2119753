"""Chaos: 10 people send commands (slash commands and DMs) through the fake Slack while a seeded
random schedule drops the connection, lets it go silent, sends every `disconnect` reason but
link_disabled, redelivers envelopes (the same envelope_id; events with retry_attempt, under
their own and under a fresh envelope_id), answers chat.postMessage with 429 Retry-After and
5xx, and kills funnelbot with SIGKILL and starts it again. Like Slack, the test sends again
whatever was not acknowledged (after a restart, a new link, or a few seconds).

At the end: every acknowledged command is stored exactly once (each carries a unique note),
no note is stored twice, every acknowledged DM got its reply in its DM at least once, one
live socket, `PRAGMA integrity_check` ok; the counts are printed.

    CHAOS_COMMANDS  commands to send (default 600, the short form in `make test`; 5000 in full)
    CHAOS_SEED      the schedule's seed (default fixed, printed)

The short form answers too_many_websockets with a kill and restart (funnelbot would otherwise
wait 30-60 s, as it should); from 2,000 commands on it waits that out by itself."""
import os
import random
import signal
import sqlite3
import sys
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
from harness import check, run, test  # noqa: E402

from slackbot import ALL_LOGS, SLOW, Bot, one_live, session  # noqa: E402

N = int(os.environ.get("CHAOS_COMMANDS", "600"))
SEED = int(os.environ.get("CHAOS_SEED", "6006"))
PEOPLE = 10
DM_SHARE = 0.25			# of the commands, sent as DMs (replies paced 1/s per DM)
PACE = 0.02			# seconds between two commands
RESEND_AFTER = 4.0 * SLOW	# unacknowledged this long: Slack sends it again
RESEND_BATCH = 60		# at most this many sent again per pass
USERS = {f"U{k}": {"name": f"rep{k}", "real_name": f"Rep {k}", "tz": "Europe/London"}
         for k in range(1, PEOPLE + 1)}
KINDS = ("call", "email", "meeting", "demo")


class Cmd:
    __slots__ = ("i", "dm", "user", "channel", "note", "env", "eids", "sends", "last",
                 "acked", "first_ack")

    def __init__(self, i, dm, user, channel, note, env):
        self.i, self.dm, self.user, self.channel, self.note, self.env = i, dm, user, channel, \
            note, env
        self.eids = set()
        self.sends = 0
        self.last = None	# monotonic time of the last send, None: never went out
        self.acked = False
        self.first_ack = None	# the send count when the first ack came


def make_commands(fake, rng):
    cmds = []
    for i in range(N):
        k = rng.randrange(1, PEOPLE + 1)
        user, note = f"U{k}", f"n{i:05d}"
        what = f"{rng.choice(KINDS)} Acct{rng.randrange(40)} {note}"
        if rng.random() < DM_SHARE:
            env = fake.dm_message("log " + what, user=user, channel=f"D{k}")
            cmds.append(Cmd(i, True, user, f"D{k}", note, env))
        elif rng.random() < 0.5:
            env = fake.slash_command("log " + what, user_id=user, command="/sales")
            cmds.append(Cmd(i, False, user, "C1", note, env))
        else:
            env = fake.slash_command(what, user_id=user, command="/log")
            cmds.append(Cmd(i, False, user, "C1", note, env))
    return cmds


def make_schedule(rng):
    """(command index, event) pairs, sorted: the index is where in the stream it happens."""
    scale = max(1, round(N / 600))
    counts = {"drop": 1 + scale, "silent": 1 + scale // 3, "warning": 1 + scale // 3,
              "refresh_requested": 1 + scale // 3, "too_many_websockets": 1,
              "kill": 2 + scale // 3, "redeliver": 2 * scale, "429": 2 * scale,
              "5xx": 2 * scale}
    events = [e for e, n in counts.items() for _ in range(n)]
    lo, hi = N // 20, N * 9 // 10
    at = sorted(rng.sample(range(lo, hi), len(events)))
    rng.shuffle(events)
    return list(zip(at, events)), counts


class Chaos:
    def __init__(self, fake, bot, rng, cmds):
        self.fake, self.bot, self.rng, self.cmds = fake, bot, rng, cmds
        self.by_eid = {}
        self.nacks = 0
        self.resends = 0
        self.redelivered = 0
        self.kills = 0
        self.hellos = fake.hello_count()
        self.t_resend = 0.0
        self.log = []		# the faults as they happened
        self.next_i = 0		# commands from here on not reached by the stream yet

    # -- sending ---------------------------------------------------------------------------
    def send(self, c, env=None):
        env = env or c.env
        try:
            eid = self.fake.send_envelope(env)
        except (RuntimeError, OSError):
            return False		# no live link now: sent again later
        c.eids.add(eid)
        self.by_eid[eid] = c
        c.sends += 1
        c.last = time.monotonic()
        return True

    def send_again(self, c):
        """Slack's way: a slash command under its envelope_id again; an event with
        retry_attempt + 1, alternately under the same and under a fresh envelope_id."""
        if not c.dm or c.last is None:
            return self.send(c)
        env = dict(c.env, retry_attempt=c.sends, retry_reason="timeout")
        if c.sends % 2 == 0:
            env["envelope_id"] = str(uuid.uuid4())
        return self.send(c, env)

    def poll_acks(self):
        acks = self.fake.acks()
        for a in acks[self.nacks:]:
            c = self.by_eid.get(a["envelope_id"])
            if c is not None and not c.acked:
                c.acked = True
                c.first_ack = c.sends
        self.nacks = len(acks)

    def resend_due(self):
        """Sends again what is unacknowledged: after a new hello at once, else after a while."""
        now = time.monotonic()
        if now - self.t_resend < 0.5:
            return
        self.t_resend = now
        self.poll_acks()
        hellos = self.fake.hello_count()
        fresh = hellos != self.hellos
        self.hellos = hellos
        if not self.fake.connections():
            return
        n = 0
        for c in self.cmds:
            if n >= RESEND_BATCH:
                break
            if c.acked or c.i >= self.next_i:
                continue		# done, or not reached by the stream yet
            if c.last is None or fresh or now - c.last >= RESEND_AFTER:
                if self.send_again(c):
                    self.resends += 1
                    n += 1

    # -- faults ----------------------------------------------------------------------------
    def kill_restart(self):
        rc = self.bot.stop(sig=signal.SIGKILL)
        check(rc == -signal.SIGKILL, f"funnelbot ended with {rc} before the kill")
        self.kills += 1
        self.bot.start()

    def fault(self, ev):
        fake, rng = self.fake, self.rng
        link = None
        if ev in ("drop", "silent", "warning", "refresh_requested", "too_many_websockets"):
            # a fault of the link needs a working link: wait for the last fault's replacement
            # (in the full form, too_many_websockets keeps funnelbot away for 30-60 s)
            link = fake.wait(lambda: ([c for c in fake.connections() if not c.silent]
                                      or [None])[-1], (70 if N >= 2000 else 20) * SLOW)
            if link is None:
                self.log.append(f"{ev}(no link)")
                return
        try:
            if ev == "drop":
                fake.drop(link)
            elif ev == "silent":
                fake.go_silent(link)
            elif ev in ("warning", "refresh_requested"):
                fake.send_disconnect(ev, link)
            elif ev == "too_many_websockets":
                c = fake.send_disconnect(ev, link)
                if N < 2000:		# short form: a supervisor's restart instead of the wait
                    check(fake.wait(lambda: c.closed is not None, 5 * SLOW),
                          "too_many_websockets: the link stays open")
                    self.kill_restart()
                    ev += "+kill"
            elif ev == "kill":
                self.kill_restart()
            elif ev == "redeliver":
                done = [c for c in self.cmds if c.acked]
                for c in rng.sample(done, min(5, len(done))):
                    if c.dm and rng.random() < 0.5:
                        eid = next(iter(c.eids))
                        if fake.redeliver(eid) is not None:	# same envelope_id, attempt+1
                            self.redelivered += 1
                    elif c.dm and self.send_again(c) or not c.dm and self.send(c):
                        self.redelivered += 1	# slash: its envelope_id again
            elif ev == "429":
                fake.script("chat.postMessage", [{"status": 429, "headers": {"Retry-After": "1"}}])
            elif ev == "5xx":
                k = rng.randint(1, 2)
                fake.script("chat.postMessage", [{"status": rng.choice((500, 502, 503))}] * k)
                ev += f"x{k}"
        except RuntimeError:
            ev += "(no link)"		# the link went between the wait and the fault
        self.log.append(ev)

    # -- the run ---------------------------------------------------------------------------
    def stream(self, schedule):
        ev = 0
        for c in self.cmds:
            while ev < len(schedule) and schedule[ev][0] <= c.i:
                self.fault(schedule[ev][1])
                ev += 1
            self.next_i = c.i + 1
            self.send(c)
            self.resend_due()
            time.sleep(PACE)

    def replies_missing(self):
        got = {}
        for m in self.fake.messages:
            if m["method"] == "chat.postMessage":
                got.setdefault(m["channel"], []).append(m["text"] or "")
        return [c for c in self.cmds if c.dm and c.acked and
                not any(f'"{c.note}"' in t for t in got.get(c.channel, ()))]

    def drain(self, deadline):
        while time.monotonic() < deadline:
            self.resend_due()
            if all(c.acked for c in self.cmds) and not self.replies_missing():
                return True
            time.sleep(0.2)
        return False


@test
def chaos():
    t0 = time.monotonic()
    rng = random.Random(SEED)
    print(f"     seed {SEED}, {N} commands from {PEOPLE} people "
          f"(CHAOS_SEED, CHAOS_COMMANDS)", flush=True)
    fake = session(users=USERS)
    bot = Bot(fake, name="chaos").start()
    try:
        cmds = make_commands(fake, rng)
        schedule, counts = make_schedule(rng)
        print("     faults: " + ", ".join(f"{n} {e}" for e, n in counts.items()), flush=True)
        ch = Chaos(fake, bot, rng, cmds)
        ch.stream(schedule)
        t_sent = time.monotonic()
        dms = sum(c.dm for c in cmds)
        ok = ch.drain(time.monotonic() + (60 + dms / PEOPLE * 2) * SLOW)
        t_drained = time.monotonic()
        check(one_live(fake, 10), f"live sockets at the end: {fake.connections()}")
        live = len(fake.connections())
        rc = bot.stop()
        check(rc == 0, f"funnelbot exit {rc}")
        ch.poll_acks()

        db = sqlite3.connect(bot.db_path)
        try:
            integrity = db.execute("pragma integrity_check").fetchone()[0]
            notes = [r[0] for r in db.execute("select note from entries")]
            outbox = dict(db.execute("select state, count(*) from outbox group by state"))
        finally:
            db.close()
        stored = {}
        for n in notes:
            stored[n] = stored.get(n, 0) + 1
        acked = [c for c in cmds if c.acked]
        lost = [c.note for c in acked if stored.get(c.note, 0) == 0]
        twice = sorted(n for n, k in stored.items() if k > 1)
        unacked_stored = sum(1 for c in cmds if not c.acked and c.note in stored)
        late = sum(1 for c in acked if c.first_ack != 1)
        missing = ch.replies_missing()
        posts = fake.calls("chat.postMessage")
        refused = sum(1 for p in posts if p["status"] != 200)
        delivered = sum(1 for m in fake.messages if m["method"] == "chat.postMessage")
        print(f"     commands: {N} ({dms} DMs, {N - dms} slash), sent {sum(c.sends for c in cmds)} "
              f"times ({ch.resends} again unacknowledged, {ch.redelivered} redelivered after "
              f"the ack)", flush=True)
        print(f"     acknowledged {len(acked)} ({late} only after being sent again), never "
              f"{N - len(acked)} ({unacked_stored} of them stored); stored {len(notes)} entries, "
              f"{len(stored)} distinct notes; acknowledged but lost {len(lost)}, stored twice "
              f"{len(twice)}", flush=True)
        print(f"     DM replies: {dms - len(missing)}/{dms} delivered; chat.postMessage "
              f"{len(posts)} calls, {refused} refused (429/5xx), {delivered} delivered; "
              f"outbox by state {outbox}", flush=True)
        again = sum(text.count("delivered again") for name, text in ALL_LOGS
                    if name.startswith("chaos "))
        print(f"     funnelbot answered {again} envelopes as already seen (from its log)",
              flush=True)
        print("     in order: " + " ".join(ch.log), flush=True)
        print(f"     kills {ch.kills}, hellos {fake.hello_count()}, connections "
              f"{len(fake.all_connections())}, max live {fake.max_live}, live at the end {live}; "
              f"integrity {integrity}", flush=True)
        print(f"     {t_sent - t0:.1f} s streaming, {t_drained - t_sent:.1f} s draining, "
              f"{time.monotonic() - t0:.1f} s in all", flush=True)
        check(integrity == "ok", f"integrity_check: {integrity}")
        check(not lost, f"{len(lost)} acknowledged commands not stored: {lost[:10]}")
        check(not twice, f"{len(twice)} commands stored twice: {twice[:10]}")
        check(not missing, f"{len(missing)} acknowledged DMs without a reply: "
              f"{[c.note for c in missing[:10]]}")
        check(ok, f"not all acknowledged: {N - len(acked)} left; {bot.log()[-2000:]}")
        check(live == 1, f"{live} live sockets at the end")
        check(ch.kills >= 2, f"{ch.kills} kills")
        check(outbox.get(2, 0) == 0, f"outbox rows given up: {outbox}")
    finally:
        if bot.proc is not None:
            bot.stop(sig=signal.SIGKILL)
        fake.stop()


if __name__ == "__main__":
    run()
