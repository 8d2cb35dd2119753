/* The command config the targets that run commands share (fuzz_dispatch, fuzz_envelope). */
#ifndef TESTS_FUZZ_FUZZ_COMMANDS_H
#define TESTS_FUZZ_FUZZ_COMMANDS_H

#include "commands/commands.h"

static const char *const fuzz_admins[] = { "UADMIN" };
static const struct shortcut fuzz_shortcuts[] = { { "/log", "log" }, { "/funnel", "funnel" } };
static const struct commands_config fuzz_cfg = {
	.currency = "USD", .stalled_days = 30, .admins = fuzz_admins, .nadmins = 1,
	.umbrella = "/sales", .shortcuts = fuzz_shortcuts, .nshortcuts = 2, .prompt_day = 0,
	.prompt_minute = 9 * 60,
};

#endif
