/* Documents to plain text and to Block Kit JSON (see render.h). */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "commands/commands.h"
#include "commands/render.h"
#include "commands/utf8.h"

#define HEADER_MAX	150	/* Block Kit: header text, characters */
#define SECTION_MAX	3000	/* Block Kit: section text, characters */

static void
close_part(struct doc *d)
{
	if (d->n > 0 && d->parts[d->n - 1].text == NULL)
		d->parts[d->n - 1].text = buf_take(&d->cur);
}

void
doc_part(struct doc *d, enum part_kind kind)
{
	close_part(d);
	if (d->n == DOC_MAX_PARTS) {	/* full: the rest joins the last part */
		char *last = d->parts[d->n - 1].text;
		buf_puts(&d->cur, last);
		free(last);
		d->parts[d->n - 1].text = NULL;
		return;
	}
	d->parts[d->n].kind = kind;
	d->parts[d->n].text = NULL;
	d->n++;
}

/*
 * A %s with a width or a precision, measured in columns on screen: the precision cuts s
 * between characters (marking the cut with "…"), the width pads it ("-": on the right).
 */
static void
put_column(struct buf *b, const char *s, bool left, int width, int prec)
{
	size_t n = strlen(s), k = n;
	int w = utf8_width(s, n), pad;

	if (prec >= 0 && w > prec) {
		k = utf8_fit(s, n, prec > 0 ? prec - 1 : 0, &w);
		if (prec > 0)
			w++;
	}
	pad = width > w ? width - w : 0;
	for (int i = 0; !left && i < pad; i++)
		buf_add(b, " ", 1);
	buf_add(b, s, k);
	if (k < n && prec > 0)
		buf_puts(b, "…");
	for (int i = 0; left && i < pad; i++)
		buf_add(b, " ", 1);
}

/*
 * vsnprintf into b, except that %s widths and precisions count columns on screen, not bytes,
 * so a table stays aligned whatever script a name is written in and a cut never splits a
 * character. Handles the conversions of C99 printf; %n is not supported.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"	/* spec: a piece of the caller's */
static void
vformat(struct buf *b, const char *fmt, va_list ap)
{
	char spec[32], out[512];

	while (*fmt) {
		const char *p = strchr(fmt, '%'), *start;
		char *end;
		int width = -1, prec = -1, len = 0;	/* len: 0 int, 1 l, 2 ll, 3 z, 4 j, 5 L */
		bool left = false;
		size_t sl;

		if (p == NULL) {
			buf_puts(b, fmt);
			return;
		}
		buf_add(b, fmt, (size_t)(p - fmt));
		start = p++;
		while (*p && strchr("-+ #0", *p))
			left = left || *p++ == '-';
		if (*p == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				left = true;
				width = -width;
			}
			p++;
		} else if (*p >= '0' && *p <= '9') {
			width = (int)strtol(p, &end, 10);
			p = end;
		}
		if (*p == '.') {
			p++;
			if (*p == '*') {
				prec = va_arg(ap, int);
				p++;
			} else {
				prec = (int)strtol(p, &end, 10);
				p = end;
			}
		}
		for (;;) {
			if (*p == 'h')
				p++;
			else if (*p == 'l')
				len = len == 1 ? 2 : 1, p++;
			else if (*p == 'z' || *p == 't')
				len = 3, p++;
			else if (*p == 'j')
				len = 4, p++;
			else if (*p == 'L')
				len = 5, p++;
			else
				break;
		}
		if (*p == '\0')
			return;
		fmt = p + 1;
		if (*p == 's') {
			const char *s = va_arg(ap, const char *);
			put_column(b, s ? s : "(null)", left, width, prec);
			continue;
		}
		if (*p == '%') {
			buf_add(b, "%", 1);
			continue;
		}
		/* Anything else as printf does it, with any '*' replaced by the value read. */
		sl = 0;
		for (const char *q = start; q <= p && sl + 12 < sizeof(spec); q++) {
			if (*q != '*')
				spec[sl++] = *q;
			else
				sl += (size_t)snprintf(spec + sl, sizeof(spec) - sl, "%d",
				    q[-1] == '.' ? prec : width);
		}
		spec[sl] = '\0';
		out[0] = '\0';
		if (strchr("fFeEgGaA", *p) && len != 5)
			snprintf(out, sizeof(out), spec, va_arg(ap, double));
		else if (strchr("fFeEgGaA", *p))
			snprintf(out, sizeof(out), spec, va_arg(ap, long double));
		else if (*p == 'p')
			snprintf(out, sizeof(out), spec, va_arg(ap, void *));
		else if (strchr("diouxXc", *p) == NULL)
			;	/* unknown: nothing */
		else if (len == 1)
			snprintf(out, sizeof(out), spec, va_arg(ap, long));
		else if (len == 2)
			snprintf(out, sizeof(out), spec, va_arg(ap, long long));
		else if (len == 3)
			snprintf(out, sizeof(out), spec, va_arg(ap, size_t));
		else if (len == 4)
			snprintf(out, sizeof(out), spec, va_arg(ap, intmax_t));
		else
			snprintf(out, sizeof(out), spec, va_arg(ap, int));
		buf_puts(b, out);
	}
}
#pragma GCC diagnostic pop

void
doc_printf(struct doc *d, const char *fmt, ...)
{
	va_list ap;

	if (d->n == 0)
		doc_part(d, PART_TEXT);
	va_start(ap, fmt);
	vformat(&d->cur, fmt, ap);
	va_end(ap);
}

/* The byte length of the longest prefix of s (n bytes) with at most max code points (Block
 * Kit counts those), cut at a line end when it has to be cut, else between characters as
 * people see them. */
static size_t
fit(const char *s, size_t n, size_t max)
{
	size_t cps = 0, i, last_nl = 0;

	for (i = 0; i < n; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 && cps++ == max)
			break;
		if (s[i] == '\n')
			last_nl = i + 1;
	}
	if (i == n)
		return n;
	return last_nl ? last_nl : utf8_cut(s, n, i);
}

static cJSON *
text_obj(const char *type, const char *s, size_t n)
{
	cJSON *o = cJSON_CreateObject();
	char *t = strndup(s, n);

	cJSON_AddStringToObject(o, "type", type);
	cJSON_AddStringToObject(o, "text", t ? t : "");
	free(t);
	return o;
}

/* A header: the title's first line, cut with "…" when longer than Block Kit takes. */
static cJSON *
header_obj(const char *s)
{
	size_t n = strcspn(s, "\n"), k = fit(s, n, HEADER_MAX);
	cJSON *o;
	char *t;

	if (k == n)
		return text_obj("plain_text", s, n);
	k = fit(s, n, HEADER_MAX - 1);
	if ((t = malloc(k + 4)) == NULL)
		return text_obj("plain_text", s, k);
	memcpy(t, s, k);
	memcpy(t + k, "…", 4);		/* with its NUL */
	o = text_obj("plain_text", t, k + 3);
	free(t);
	return o;
}

static void
add_section(cJSON *blocks, const char *s, size_t n, bool pre)
{
	size_t room = pre ? SECTION_MAX - 8 : SECTION_MAX;

	while (n > 0) {
		size_t k = fit(s, n, room);
		cJSON *b = cJSON_CreateObject();

		cJSON_AddStringToObject(b, "type", "section");
		if (pre) {
			struct buf t = { 0 };
			buf_puts(&t, "```");
			buf_add(&t, s, k);
			buf_puts(&t, "```");
			cJSON_AddItemToObject(b, "text", text_obj("mrkdwn", buf_str(&t), t.len));
			buf_free(&t);
		} else {
			cJSON_AddItemToObject(b, "text", text_obj("mrkdwn", s, k));
		}
		cJSON_AddItemToArray(blocks, b);
		s += k;
		n -= k;
	}
}

void
doc_button(struct doc *d, const char *label, const char *action_id, const char *value)
{
	if (d->nbuttons == (int)(sizeof(d->buttons) / sizeof(d->buttons[0])))
		return;
	snprintf(d->buttons[d->nbuttons].label, sizeof(d->buttons[0].label), "%s", label);
	snprintf(d->buttons[d->nbuttons].action_id, sizeof(d->buttons[0].action_id), "%s",
	    action_id);
	snprintf(d->buttons[d->nbuttons].value, sizeof(d->buttons[0].value), "%s", value);
	d->nbuttons++;
}

/* The actions block; the text fallback names the buttons. */
static void
add_buttons(struct doc *d, cJSON *blocks, struct buf *text)
{
	cJSON *b, *els;

	if (d->nbuttons == 0)
		return;
	b = cJSON_CreateObject();
	els = cJSON_CreateArray();
	cJSON_AddStringToObject(b, "type", "actions");
	buf_puts(text, "(");
	for (int i = 0; i < d->nbuttons; i++) {
		cJSON *btn = cJSON_CreateObject();
		cJSON_AddStringToObject(btn, "type", "button");
		cJSON_AddItemToObject(btn, "text", text_obj("plain_text", d->buttons[i].label,
		    strlen(d->buttons[i].label)));
		cJSON_AddStringToObject(btn, "action_id", d->buttons[i].action_id);
		cJSON_AddStringToObject(btn, "value", d->buttons[i].value);
		cJSON_AddItemToArray(els, btn);
		buf_printf(text, "%s[%s]", i ? " " : "", d->buttons[i].label);
	}
	buf_puts(text, ")\n");
	cJSON_AddItemToObject(b, "elements", els);
	cJSON_AddItemToArray(blocks, b);
}

void
doc_finish(struct doc *d, struct reply *r)
{
	struct buf text = { 0 };
	cJSON *blocks = cJSON_CreateArray();

	close_part(d);
	for (int i = 0; i < d->n; i++) {
		const char *s = d->parts[i].text ? d->parts[i].text : "";
		size_t n = strlen(s);
		cJSON *b;

		while (n > 0 && s[n - 1] == '\n')
			n--;
		if (n == 0)
			continue;
		buf_add(&text, s, n);
		buf_puts(&text, "\n");
		if (cJSON_GetArraySize(blocks) >= 48)
			continue;	/* Block Kit's 50: the text fallback still has it all */
		switch (d->parts[i].kind) {
		case PART_TITLE:
			b = cJSON_CreateObject();
			cJSON_AddStringToObject(b, "type", "header");
			cJSON_AddItemToObject(b, "text", header_obj(s));
			cJSON_AddItemToArray(blocks, b);
			break;
		case PART_NOTE: {
			cJSON *els = cJSON_CreateArray();
			b = cJSON_CreateObject();
			cJSON_AddStringToObject(b, "type", "context");
			cJSON_AddItemToArray(els, text_obj("mrkdwn", s, fit(s, n, SECTION_MAX)));
			cJSON_AddItemToObject(b, "elements", els);
			cJSON_AddItemToArray(blocks, b);
			break;
		}
		case PART_PRE:
		case PART_TEXT:
			add_section(blocks, s, n, d->parts[i].kind == PART_PRE);
			break;
		}
	}
	add_buttons(d, blocks, &text);
	free(r->text);
	free(r->blocks);
	r->text = buf_take(&text);
	r->blocks = cJSON_PrintUnformatted(blocks);
	cJSON_Delete(blocks);
	doc_free(d);
}

void
doc_free(struct doc *d)
{
	for (int i = 0; i < d->n; i++)
		free(d->parts[i].text);
	buf_free(&d->cur);
	d->n = 0;
	d->nbuttons = 0;
}
