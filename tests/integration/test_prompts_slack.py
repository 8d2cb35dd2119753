"""The weekly prompt end to end on Slack: with the clock set just before a person's local
09:00 (FUNNELBOT_NOW), their prompt arrives in their DM at that time, someone in another zone
gets nothing yet, a restart right after does not send it again, and each button under it works
through an interactive envelope."""
import os
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import check, run, test  # noqa: E402
from slackbot import SLOW, Bot, session  # noqa: E402

MONDAY_0900_UTC = 1796029200	# 2026-11-30 09:00 UTC: 09:00 in London, 04:00 in New York
USERS = {
    "ULON": {"name": "lena", "real_name": "Lena London", "tz": "Europe/London"},
    "UNYC": {"name": "nate", "real_name": "Nate New York", "tz": "America/New_York"},
}


def prompts_to(fake, channel):
    return [c for c in fake.calls("chat.postMessage")
            if c["body"].get("channel") == channel and "one-on-one prep" in str(c["body"])]


def prepared(fake):
    """A bot whose store knows both people (names and zones from users.list) and their week's
    work, stopped on the Sunday before."""
    bot = Bot(fake, env={"FUNNELBOT_NOW": str(MONDAY_0900_UTC - 21 * 3600)})
    bot.start()
    for user in USERS:
        eid = fake.send_envelope(fake.dm_message("log call Acme 2026-11-25", user=user,
                                                 channel="D" + user))
        check(fake.wait_for_ack(eid, 10 * SLOW) is not None, "no ack")

    def zones_known():
        db = sqlite3.connect(bot.db_path)
        try:
            return db.execute("select count(*) from people where tz <> ''").fetchone()[0] == 2
        finally:
            db.close()
    check(fake.wait(zones_known, 10 * SLOW), "users.list did not set the zones")
    check(bot.stop() == 0)
    return bot


@test
def prompt_arrives_at_local_time_once():
    fake = session(users=USERS)
    try:
        bot = prepared(fake)
        fake.clear_calls()
        bot.env["FUNNELBOT_NOW"] = str(MONDAY_0900_UTC - 8)
        t0 = time.monotonic()
        bot.start()
        check(fake.wait(lambda: prompts_to(fake, "DULON"), 40 * SLOW),
              f"no prompt for London: {bot.log()[-2000:]}")
        sent = prompts_to(fake, "DULON")[0]
        # FUNNELBOT_NOW is whole seconds, so the bot's 09:00 is 7 to 8 s after its start.
        check(sent["t"] - t0 >= 6.5, "the prompt went before 09:00 London time")
        check("Your week, lena" in str(sent["body"]), str(sent["body"])[:300])
        check(not prompts_to(fake, "DUNYC"), "New York got its prompt at 04:00")
        # A restart right after sends nothing again.
        check(bot.stop() == 0)
        bot.env["FUNNELBOT_NOW"] = str(MONDAY_0900_UTC + 60)
        bot.start()
        time.sleep(20)	# a tick at connection and one every 15 s
        check(len(prompts_to(fake, "DULON")) == 1, "the prompt went twice")
        check(not prompts_to(fake, "DUNYC"), "New York got its prompt early")
        db = sqlite3.connect(bot.db_path)
        rows = db.execute("select kind, week from prompts").fetchall()
        db.close()
        check(rows == [(0, "2026-W49")], f"prompts recorded: {rows}")
        check(bot.stop() == 0)
    finally:
        fake.stop()


def press(fake, action_id, value, user="ULON"):
    eid = fake.send_envelope(fake.block_actions(action_id, value, user=user, channel="D" + user))
    check(fake.wait_for_ack(eid, 10 * SLOW) is not None, f"{action_id} not acknowledged")


def dm_saying(fake, channel, words):
    return [c for c in fake.calls("chat.postMessage")
            if c["body"].get("channel") == channel and words in str(c["body"])]


@test
def each_button_works():
    fake = session(users=USERS)
    try:
        bot = prepared(fake)
        bot.env["FUNNELBOT_NOW"] = str(MONDAY_0900_UTC - 2)
        bot.start()
        check(fake.wait(lambda: prompts_to(fake, "DULON"), 40 * SLOW), "no prompt")
        press(fake, "prompt_pipeline", "0:2026-W49")
        check(fake.wait(lambda: dm_saying(fake, "DULON", "pipeline"), 10 * SLOW),
              "no pipeline in the DM")
        press(fake, "prompt_snooze", "0:2026-W49")
        check(fake.wait(lambda: dm_saying(fake, "DULON", "again tomorrow"), 10 * SLOW),
              "no answer to snooze")
        press(fake, "prompt_snooze", "0:2026-W49")
        check(fake.wait(lambda: dm_saying(fake, "DULON", "snoozed once already"), 10 * SLOW),
              "a second snooze was not refused")
        press(fake, "prompt_away", "0:2026-W49")
        check(fake.wait(lambda: dm_saying(fake, "DULON", "away this week"), 10 * SLOW),
              "no answer to away")
        check(bot.stop() == 0)
        db = sqlite3.connect(bot.db_path)
        away = db.execute("select away_until from people where platform_id = 'ULON'").fetchone()
        later = db.execute("select count(*) from outbox where user = 'ULON' and state = 0 and "
                           "due_ms >= ?", ((MONDAY_0900_UTC + 23 * 3600) * 1000,)).fetchone()
        db.close()
        check(away[0] is not None, "away was not stored")
        check(later[0] == 1, f"the snoozed prompt is not queued for tomorrow once: {later}")
    finally:
        fake.stop()


if __name__ == "__main__":
    run()
