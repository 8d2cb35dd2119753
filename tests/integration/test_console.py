"""The real ./funnelbot on the console surface: a scripted session, exit statuses, config
errors, the one-writer lock, backup while running, and reopening a database."""
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from harness import check, run, test, wait_until  # noqa: E402
from slackbot import SLOW, WRAP  # noqa: E402  (FUNNELBOT_WRAP, e.g. valgrind)

BIN = os.path.abspath(os.environ.get("FUNNELBOT", "./funnelbot"))
CLEAN_ENV = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}


def tmpdir():
    return tempfile.mkdtemp(prefix="funnelbot-test-")


def write_config(d, body="", name="funnelbot.ini"):
    path = os.path.join(d, name)
    with open(path, "w") as f:
        f.write("[store]\npath = bot.db\n" + body)
    os.chmod(path, 0o600)
    return path


def funnelbot(*args, stdin="", env=None, timeout=30):
    return subprocess.run([*WRAP, BIN, *args], input=stdin, capture_output=True, text=True,
                          env=env or CLEAN_ENV, timeout=timeout * SLOW)


@test
def own_console_user_is_an_admin_not_a_rep():
    # The README's quick start, as whoever runs it: their call is logged, but they are no rep
    # in the team; a user named with --as is a person like any other.
    d = tmpdir()
    cfg = write_config(d)
    env = dict(CLEAN_ENV, USER="tester")
    r = funnelbot("console", "-c", cfg, stdin="log call Acme\n", env=env)
    check(r.returncode == 0 and "Logged a call" in r.stdout, r.stdout + r.stderr)
    r = funnelbot("console", "-c", cfg, "--as", "sally", stdin="log call Acme\n", env=env)
    check("Logged a call" in r.stdout, r.stdout)
    r = funnelbot("console", "-c", cfg, stdin="team\n", env=env)
    team = r.stdout.split("Team —", 1)[-1]
    check("sally" in team, r.stdout)
    check("tester" not in team, r.stdout)
    db = sqlite3.connect(os.path.join(d, "bot.db"))
    roles = dict(db.execute("select platform_id, role from people"))
    db.close()
    check(roles == {"tester": 2, "sally": 0}, roles)


@test
def scripted_session():
    d = tmpdir()
    cfg = write_config(d)
    r = funnelbot("console", "-c", cfg, "--as", "sally", stdin="\n".join([
        "log call Acme intro call",
        "/log verbal \"Big Co\" 48k",
        "log won big co",
        "",
    ]))
    check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    out = r.stdout
    check("Logged a call with Acme" in out, out)
    deal = re.search(r"New opportunity #(\d+) with Big Co", out)
    check(deal is not None and "$48,000" in out, out)
    check("moved from verbal to won" in out, out)
    deal = deal.group(1)
    # the same database again, as the deal's number came back
    r = funnelbot("console", "-c", cfg, "--as", "sally", stdin="\n".join([
        f"log proposal #{deal}",
        "log undo",
        "log",
        "frobnicate",
        "",
    ]))
    check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    out = r.stdout
    check("already won" in out, out)
    check("Undone: won Big Co" in out and f"#{deal} is back at verbal" in out, out)
    check("Your last five entries" in out, out)
    check("Sorry, I didn't understand \"frobnicate\"" in out, out)
    db = sqlite3.connect(os.path.join(d, "bot.db"))
    check(db.execute("select count(*) from entries").fetchone()[0] == 2)
    check(db.execute(f"select stage from opportunities where id = {deal}").fetchone()[0] == 3)
    check(db.execute("select platform_id from people").fetchall() == [("sally",)])
    check(db.execute("pragma integrity_check").fetchone()[0] == "ok")
    check(db.execute("pragma journal_mode").fetchone()[0] == "wal")
    db.close()


@test
def demo_load_and_clear():
    d = tmpdir()
    cfg = write_config(d)
    r = funnelbot("console", "-c", cfg, "--as", "admin", stdin="demo load\ndemo load\n")
    check("Loaded a sample team" in r.stdout, r.stdout)
    check("already loaded" in r.stdout, r.stdout)
    db = sqlite3.connect(os.path.join(d, "bot.db"))
    check(db.execute("select count(*) from people where sample").fetchone()[0] == 7)
    check(db.execute("select count(*) from opportunities").fetchone()[0] == 30 + 6 + 14 * 4)
    db.close()
    r = funnelbot("console", "-c", cfg, "--as", "admin", stdin="demo clear\n")
    check("Removed the sample team (7 people)" in r.stdout, r.stdout)
    db = sqlite3.connect(os.path.join(d, "bot.db"))
    check(db.execute("select count(*) from people where sample").fetchone()[0] == 0)
    check(db.execute("select count(*) from entries").fetchone()[0] == 0)
    check(db.execute("select count(*) from accounts").fetchone()[0] == 0)
    db.close()


@test
def worked_example_through_the_console():
    """metrics.md's worked example is the demo team: John does not close, Sally has few
    opportunities, and the team view pairs them."""
    d = tmpdir()
    cfg = write_config(d)
    r = funnelbot("console", "-c", cfg, "--as", "admin",
                  stdin="demo load\ninsights @john\ninsights @sally\ninsights team\n"
                        "how is Sally's funnel?\n")
    check(r.returncode == 0, r.stderr)
    parts = r.stdout.split("Insights for ")
    check(len(parts) >= 3, r.stdout)
    john, sally = parts[1], parts[2]
    check("Main finding: closing." in john, john)
    check("17 verbal commitments did not sign" in john, john)
    check("Main finding: opportunity volume" in sally, sally)
    check("*Strengths:* win rate" in sally, sally)
    check("Pair John (sample) with Sally (sample)" in r.stdout, r.stdout)
    check("Sally (sample) — funnel, last 90 days" in r.stdout, r.stdout)


@test
def no_tokens_starts_the_console():
    d = tmpdir()
    cfg = write_config(d)
    r = funnelbot("-c", cfg, stdin="help\n")
    check(r.returncode == 0, r.stderr)
    check("no Slack tokens configured" in r.stdout and "console" in r.stdout, r.stdout)
    check("Commands (" in r.stdout, r.stdout)


@test
def funnelbot_ini_in_the_working_directory():
    d = tmpdir()
    write_config(d, "[bot]\ncurrency = EUR\n")
    r = subprocess.run([*WRAP, BIN, "console", "--as", "x"], input="log lead Acme 5k\n", cwd=d,
                       capture_output=True, text=True, env=CLEAN_ENV, timeout=30 * SLOW)
    check(r.returncode == 0, r.stderr)
    check("€5,000" in r.stdout, r.stdout)
    check(os.path.exists(os.path.join(d, "bot.db")))


@test
def help_version_usage():
    r = funnelbot("--help")
    check(r.returncode == 0 and "funnelbot console" in r.stdout, r.stdout)
    r = funnelbot("--version")
    check(r.returncode == 0 and r.stdout.startswith("funnelbot "), r.stdout)
    for args in (["bogus"], ["--nope"], ["console", "extra"], ["backup"]):
        r = funnelbot(*args)
        check(r.returncode == 2, f"{args}: exit {r.returncode}")
        check("usage:" in r.stderr, r.stderr)


@test
def config_errors_exit_2_with_key_and_line():
    d = tmpdir()
    cases = [
        ("[bot]\ntimezone = Mars/Base\n", "timezone", 4),
        ("[bot]\nstalled_days = lots\n", "stalled_days", 4),
        ("[slack]\napp_token = xapp-1-A-1-abc\n", "bot_token", None),
        ("[slack]\napp_token = xoxb-wrong\nbot_token = xoxb-1-2-abc\n", "app_token", 4),
        ("[prompts]\ntime = 25:00\n", "time", 4),
        ("[bot]\nadmins = U1\n" + "; " + "x" * 250 + "\n", "longer than", 5),
    ]
    for body, key, line in cases:
        cfg = write_config(d, body)
        r = funnelbot("console", "-c", cfg, stdin="help\n")
        check(r.returncode == 2, f"{body!r}: exit {r.returncode} {r.stderr}")
        check(key in r.stderr, f"{body!r}: {r.stderr}")
        if line:
            check(f":{line}:" in r.stderr, f"{body!r} line {line}: {r.stderr}")
        check("xoxb-1-2-abc" not in r.stderr and "xapp-1-A-1-abc" not in r.stderr, r.stderr)
    r = funnelbot("console", "-c", os.path.join(d, "missing.ini"))
    check(r.returncode == 2 and "missing.ini" in r.stderr, r.stderr)
    cfg = write_config(d, "[bot]\ncolour = blue\n")
    r = funnelbot("console", "-c", cfg, stdin="help\n")
    check(r.returncode == 0 and "colour" in r.stderr, r.stderr)


@test
def second_instance_refused_and_backup_while_running():
    d = tmpdir()
    cfg = write_config(d)
    first = subprocess.Popen([*WRAP, BIN, "console", "-c", cfg, "--as", "sally"],
                             stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=CLEAN_ENV)
    try:
        first.stdin.write("log call Acme one\n")
        first.stdin.flush()
        check(wait_until(lambda: "Logged" in (first.stdout.readline() or ""), 10 * SLOW),
              "no reply")
        r = funnelbot("console", "-c", cfg, stdin="log call Acme two\n")
        check(r.returncode == 1, f"second instance exit {r.returncode}")
        check("another funnelbot" in r.stderr and str(first.pid) in r.stderr, r.stderr)
        backup = os.path.join(d, "copy.db")
        r = funnelbot("backup", backup, "-c", cfg)
        check(r.returncode == 0, r.stderr)
        db = sqlite3.connect(backup)
        check(db.execute("pragma integrity_check").fetchone()[0] == "ok")
        check(db.execute("select note from entries").fetchall() == [("one",)])
        db.close()
        r = funnelbot("backup", backup, "-c", cfg)
        check(r.returncode == 1 and "already exists" in r.stderr, r.stderr)
    finally:
        first.stdin.close()
        first.wait(10 * SLOW)
    check(first.returncode == 0)
    r = funnelbot("console", "-c", cfg, "--as", "sally", stdin="log call Acme two\n")
    check(r.returncode == 0 and "Logged" in r.stdout, r.stderr)


@test
def reopen_migrates_idempotently():
    d = tmpdir()
    cfg = write_config(d)
    for i in range(3):
        r = funnelbot("console", "-c", cfg, "--as", "sally", stdin=f"log call Acme n{i}\n")
        check(r.returncode == 0, r.stderr)
    db = sqlite3.connect(os.path.join(d, "bot.db"))
    check(db.execute("pragma user_version").fetchone()[0] >= 1)
    check(db.execute("select count(*) from entries").fetchone()[0] == 3)
    check(db.execute("select count(*) from accounts").fetchone()[0] == 1)
    # A database from a newer funnelbot is refused, not damaged.
    db.execute("pragma user_version = 999")
    db.commit()
    db.close()
    r = funnelbot("console", "-c", cfg, stdin="help\n")
    check(r.returncode == 1 and "newer funnelbot" in r.stderr, r.stderr)


if __name__ == "__main__":
    run()
