"""Names and accounts in any script through the real funnelbot and the fake Slack: a Cyrillic
name in a team table, a display name of 30 emoji (longer than the old 96-byte field), an
account whose 24th character is two bytes. Every ack and every Web API body must be valid
UTF-8 (the fake closes the link with 1007 otherwise, as Slack does), and the link stays up."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
from harness import check, run, test, wait_until  # noqa: E402

from slackbot import SLOW, Bot, ack_text, command, count, session  # noqa: E402

ANNA = "Анна Каренина"
EMOJI = "😀" * 30
ACCOUNT = "A" * 23 + "é"


def link_up(fake):
    conns = fake.connections()
    return len(conns) == 1 and conns[0].closed is None


@test
def names_in_any_script_keep_the_link_up():
    fake = session(users={"U1": {"name": "maria"},
                          "U2": {"name": "anna", "display_name": ANNA},
                          "U3": {"name": "smiley", "display_name": EMOJI}})
    bot = Bot(fake).start()
    try:
        check(wait_until(lambda: count(bot.db_path, "select count(*) from people where "
                                       "display_name = ?", EMOJI) == 1, 5 * SLOW),
              "the 30-emoji name was not stored whole")
        for user in ("U2", "U3"):
            ack = command(fake, f'log lead "{ACCOUNT}" 10k', user=user)
            check("New opportunity" in ack_text(ack), ack_text(ack))
            command(fake, "log call Acme", user=user)
        ack = command(fake, "team", user="U1")
        text = ack_text(ack)
        check(ANNA in text, text)
        check("😀" in text, text)
        check(link_up(fake), "the link closed after `team`")
        for user in ("U2", "U3"):
            for line in ("funnel", "pipeline", "insights", "export"):
                ack = command(fake, line, user=user)
                check(ack_text(ack), f"{line}: empty ack")
                check(link_up(fake), f"the link closed after {line!r} of {user}")
        ack = command(fake, "pipeline", user="U3")
        check(ACCOUNT in ack_text(ack), ack_text(ack))
        # DMs to the 30-emoji person go out as valid JSON
        fake.send_envelope(fake.dm_message("funnel", user="U3", channel="D3"))
        call = fake.wait_for_call("chat.postMessage",
                                  lambda c: c["body"].get("channel") == "D3", timeout=5 * SLOW)
        check(call and "funnel" in call["body"]["text"], call)
        check(link_up(fake), "the link closed")
        check("invalid_json" not in bot.log(), bot.log())
    finally:
        rc = bot.stop()
        fake.stop()
    check(rc == 0, f"exit {rc}")


if __name__ == "__main__":
    run()
