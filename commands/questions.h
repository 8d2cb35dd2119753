/*
 * Inside commands/: what questions.c shares with prompts.c — a person's analysed numbers, a
 * group of them, and the sentences that explain a diagnosis.
 */
#ifndef COMMANDS_QUESTIONS_H
#define COMMANDS_QUESTIONS_H

#include "commands/commands_int.h"
#include "commands/render.h"
#include "insights/insights.h"

/* One person's numbers, benchmark and diagnosis. */
struct rep {
	struct person p;
	struct ins_metrics m;
	struct ins_bench b;	/* the median of the other active reps of their team */
	struct ins_result r;
	bool active;		/* a rep who logged in the period: gets a prompt */
	bool member;		/* active and not an admin by config: counted in the team */
	int peers;		/* other active reps behind the benchmark */
	int64_t team;		/* the team it was compared in: its manager, or 0 for the pool */
};

/* People analysed together. */
struct group {
	struct rep *reps;
	size_t n, cap;
	struct ins_bench all;	/* medians over every member (for someone outside it) */
	int members;
	int sample;		/* collect real people (0), the demo's (1), or both (-1) */
	int64_t skip;		/* a person not to collect (already in), or 0 */
};

#define QUESTIONS_MIN_PEERS	4	/* other active reps before a rep sees team figures */

extern const char *const questions_finding_titles[INS_F_COUNT];
extern const char *const questions_metric_labels[INS_M_COUNT];

/* Whether r, reading about themselves, may see team figures and comparisons: only with at
 * least QUESTIONS_MIN_PEERS other active reps behind them (README "Who may see what"). */
bool questions_rep_may_compare(const struct rep *r);
/* Whether the manager may see r's comparisons: she knows her reports' numbers, so r's group
 * (its team in g) takes none of another manager's active reps, or at least
 * QUESTIONS_MIN_PEERS of them. */
bool questions_manager_may_compare(const struct group *g, const struct rep *r,
    int64_t manager_id);
/* store_people_each callback: adds people of the group's kind (not inactive, not g->skip). */
int questions_collect(const struct person *p, void *arg);
void questions_group_free(struct group *g);
/* Analyses g team by team (metrics, benchmarks, findings); the order of g->reps changes. */
int questions_analyse_teams(struct cmd_ctx *ctx, struct group *g, struct ins_period per);
/* The main finding in words with its suggested action (medians: comparisons may be shown;
 * rep_reading: the reader is the rep, who must not learn how many others are active); the
 * alerts. */
void questions_say_main(struct cmd_ctx *ctx, struct doc *d, const struct rep *r, bool medians,
    bool rep_reading);
void questions_say_alerts(struct cmd_ctx *ctx, struct doc *d, const struct rep *r);
/* For a rep who started inside the period (or this year): since when per-week figures and
 * the pace are measured; nothing otherwise. */
void questions_say_since(const struct cmd_ctx *ctx, struct doc *d, const struct rep *r);
/* A metric's value (with_n: and its sample) or a benchmark's, as text. */
void questions_cell(const struct cmd_ctx *ctx, enum ins_metric id, const struct ins_value *v,
    bool with_n, char *out, size_t outlen);
void questions_bench_cell(const struct cmd_ctx *ctx, enum ins_metric id,
    const struct ins_bench *b, char *out, size_t outlen);
/* Sets ctx up for work done for nobody in particular (the weekly prompts, all reps' insights):
 * admin rights, no text. The other arguments are the caller's, borrowed by ctx. */
void questions_batch(struct cmd_ctx *ctx, struct commands *c, struct request *req,
    struct reply *reply, struct line *l, int64_t now, int today);
/* "$48k", "$1.2m", "$950" */
void questions_money_short(const struct cmd_ctx *ctx, double cents, char *out, size_t outlen);
/* cents rounded to whole units, for estimates */
int64_t questions_whole(int64_t cents);

#endif
