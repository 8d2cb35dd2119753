/* The console surface (see console.h): stdin in, stdout out. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bot/clock.h"
#include "bot/console.h"
#include "bot/log.h"
#include "commands/commands.h"

#define CONSOLE_LINE_MAX (64 * 1024)	/* longer lines are refused before parsing */

int
console_run(struct commands *c, const struct clock *clk, const char *user, FILE *in, FILE *out)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	bool tty = isatty(fileno(in)) && isatty(fileno(out));
	int status = 0;

	if (tty)
		fputs("> ", out);
	while ((n = getline(&line, &cap, in)) >= 0) {
		struct request req = { .surface = SURFACE_CONSOLE, .user_id = user };
		struct reply rep;

		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n > CONSOLE_LINE_MAX) {
			fprintf(out, "That line is too long (%zd bytes); a command is at most 4000.\n",
			    n);
		} else {
			req.text = line;
			req.len = (size_t)n;
			req.now = clock_now(clk);
			req.today = clock_day(clk, req.now);
			commands_run(c, &req, &rep);
			fputs(rep.text, out);
			if (rep.file) {
				fprintf(out, "--- %s ---\n", rep.file_name);
				fwrite(rep.file, 1, rep.file_len, out);
				fputs("--- end ---\n", out);
			}
			if (rep.store_failed)
				log_warnx("console: the store failed for a command from %s", user);
			reply_free(&rep);
		}
		if (tty)
			fputs("> ", out);
		fflush(out);
	}
	free(line);
	return status;
}
