"""Names and accounts in any script through the real funnelbot and the fake Slack: a Cyrillic
name in a team table, a display name of 30 emoji (longer than the old 96-byte field), an
account whose 24th character is two bytes, CJK, combining accents, ZWJ families, flags, skin
tones and ❤️ in names and accounts, through every reply that shows a name in a column. Every ack and every Web API body must be valid
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
CJK = "山田太郎"
CJK_ACCOUNT = "東京海上日動火災保険株式会社" * 2    # 28 characters, 84 bytes
ACCENTS = "Zoe\u0308 Nguye\u0302\u0303n"       # combining diaeresis, circumflex + tilde
FAMILY = "👨\u200d👩\u200d👧 🇫🇷 👍🏽 ❤\ufe0f" * 5


def link_up(fake):
    conns = fake.connections()
    return len(conns) == 1 and conns[0].closed is None


@test
def names_in_any_script_keep_the_link_up():
    fake = session(users={"U1": {"name": "maria"},
                          "U2": {"name": "anna", "display_name": ANNA},
                          "U3": {"name": "smiley", "display_name": EMOJI},
                          "U4": {"name": "taro", "display_name": CJK},
                          "U5": {"name": "zoe", "display_name": ACCENTS},
                          "U6": {"name": "fam", "display_name": FAMILY}})
    writers = ("U2", "U3", "U4", "U5", "U6")
    bot = Bot(fake).start()
    try:
        check(wait_until(lambda: count(bot.db_path, "select count(*) from people where "
                                       "display_name = ?", EMOJI) == 1, 5 * SLOW),
              "the 30-emoji name was not stored whole")
        for user in writers:
            for account in (ACCOUNT, CJK_ACCOUNT, FAMILY[:20]):
                ack = command(fake, f'log lead "{account}" 10k', user=user)
                check("New opportunity" in ack_text(ack), ack_text(ack))
            command(fake, "log call Acme", user=user)
        ack = command(fake, "team", user="U1")
        text = ack_text(ack)
        check(ANNA in text, text)
        check("😀" in text, text)
        check(CJK in text and ACCENTS in text, text)
        check(link_up(fake), "the link closed after `team`")
        for line in ("insights team", "nudge preview all", "pipeline @taro", "funnel @fam"):
            ack = command(fake, line, user="U1")
            check(ack_text(ack), f"{line}: empty ack")
            check(link_up(fake), f"the link closed after {line!r}")
        for user in writers:
            for line in ("funnel", "pipeline", "insights", "export", "team", "nudge preview"):
                ack = command(fake, line, user=user)
                check(ack_text(ack), f"{line}: empty ack")
                check(link_up(fake), f"the link closed after {line!r} of {user}")
        ack = command(fake, "pipeline", user="U3")
        check(ACCOUNT in ack_text(ack), ack_text(ack))
        ack = command(fake, "pipeline", user="U4")
        check(CJK_ACCOUNT[:9] in ack_text(ack), ack_text(ack))
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
