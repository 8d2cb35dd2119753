/*
 * The CSV reader (see csvread.h). Bytes go: file -> (iconv, for UTF-16 or a named encoding)
 * -> UTF-8 check, a line at a time -> libcsv -> one record's fields -> the caller. The line
 * count is kept by feeding libcsv up to each newline; a record starts on the line its first
 * field was read on.
 */
#include <csv.h>
#include <errno.h>
#include <glib.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "commands/csvread.h"
#include "commands/utf8.h"

#define CHUNK	65536

struct reader {
	struct csv_parser p;
	csvread_fn fn;
	void *arg;
	int stop;			/* fn's non-zero, or -1 on an error */
	long line;			/* the line being fed */
	long rec_line;			/* where the current record started; 0 before a field */
	char *rec;			/* the current record's fields, each NUL-terminated */
	size_t rec_len, rec_cap;
	size_t off[CSVREAD_FIELDS_MAX], flen[CSVREAD_FIELDS_MAX];
	int n;
	bool delim_chosen;
	char carry[8];			/* a character cut short at the end of a chunk */
	size_t ncarry;
	char *work;			/* carry + chunk, CHUNK + 8 bytes */
	GIConv cd;			/* (GIConv)-1 when the text is UTF-8 already */
	char raw_carry[8];		/* bytes iconv could not convert yet */
	size_t nraw;
	const char *encoding;
	char *err;
	size_t errlen;
};

static void fail(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
fail(struct reader *r, const char *fmt, ...)
{
	va_list ap;

	if (r->stop == 0) {
		va_start(ap, fmt);
		vsnprintf(r->err, r->errlen, fmt, ap);
		va_end(ap);
		r->stop = -1;
	}
}

/* libcsv grows a field's buffer through this: a field past the limit fails as ENOMEM. */
static void *
capped_realloc(void *p, size_t n)
{
	return n > CSVREAD_FIELD_MAX + 256 ? NULL : realloc(p, n);
}

static void
on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;

	if (r->stop)
		return;
	if (r->n == 0) {	/* the record began as many lines up as its first field spans */
		r->rec_line = r->line;
		for (size_t i = 0; s && i < len; i++)
			r->rec_line -= ((const char *)s)[i] == '\n';
	}
	if (len > CSVREAD_FIELD_MAX) {
		fail(r, "line %ld: a field longer than 1 MiB", r->rec_line);
		return;
	}
	if (r->n == CSVREAD_FIELDS_MAX) {
		fail(r, "line %ld: more than 256 fields; is it a CSV file?", r->rec_line);
		return;
	}
	if (r->rec_len + len + 1 > r->rec_cap) {
		size_t cap = (r->rec_len + len + 1) * 2;
		char *p = realloc(r->rec, cap);

		if (p == NULL) {
			fail(r, "line %ld: out of memory", r->line);
			return;
		}
		r->rec = p;
		r->rec_cap = cap;
	}
	if (len)
		memcpy(r->rec + r->rec_len, s, len);
	r->rec[r->rec_len + len] = '\0';
	r->off[r->n] = r->rec_len;
	r->flen[r->n++] = len;
	r->rec_len += len + 1;
}

static void
on_record(int c, void *data)
{
	struct reader *r = data;
	const char *field[CSVREAD_FIELDS_MAX];
	struct csv_record rec = { .field = field, .len = r->flen, .n = r->n, .line = r->rec_line };

	(void)c;
	if (r->stop == 0 && r->n > 0) {
		for (int i = 0; i < r->n; i++)
			field[i] = r->rec + r->off[i];
		r->stop = r->fn(&rec, r->arg);
	}
	r->n = 0;
	r->rec_len = 0;
	r->rec_line = 0;
}

/* The header's separator: the most frequent of , ; and tab outside quotes on the first line. */
static void
choose_delim(struct reader *r, const char *s, size_t n)
{
	size_t count[3] = { 0 };
	static const char delims[] = ",;\t";
	bool quoted = false;
	int best = 0;

	for (size_t i = 0; i < n && (quoted || (s[i] != '\n' && s[i] != '\r')); i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && strchr(delims, s[i]) && s[i] != '\0')
			count[strchr(delims, s[i]) - delims]++;
	}
	for (int i = 1; i < 3; i++)
		if (count[i] > count[best])
			best = i;
	csv_set_delim(&r->p, (unsigned char)delims[best]);
	r->delim_chosen = true;
}

/* One line's worth (or less) of checked UTF-8 to libcsv. */
static void
parse(struct reader *r, const char *s, size_t n)
{
	if (memchr(s, '\0', n) != NULL)
		fail(r, "line %ld: a NUL byte; this is not a CSV text file", r->line);
	else if (!utf8_valid(s, n))
		fail(r, "line %ld is not UTF-8 text. If Excel saved it, save it again as \"CSV "
		    "UTF-8\", or import it with --encoding windows-1252", r->line);
	if (r->stop)
		return;
	if (csv_parse(&r->p, s, n, on_field, on_record, r) != n && r->stop == 0) {
		if (csv_error(&r->p) == CSV_ENOMEM)
			fail(r, "line %ld: a field longer than 1 MiB", r->line);
		else	/* on the line the record began: an open quote runs on to here */
			fail(r, "line %ld: a quote out of place (a field with quotes in it must be "
			    "quoted whole, its quotes doubled)", r->rec_line ? r->rec_line : r->line);
	}
}

/* UTF-8 text, split at newlines; a character cut at the end waits for the next chunk. */
static void
feed_utf8(struct reader *r, const char *s, size_t n)
{
	size_t total, whole, start = 0;

	while (n > 0 && r->stop == 0) {
		size_t take = n > CHUNK ? CHUNK : n;

		memcpy(r->work, r->carry, r->ncarry);
		memcpy(r->work + r->ncarry, s, take);
		total = r->ncarry + take;
		s += take;
		n -= take;
		whole = utf8_whole(r->work, total);
		r->ncarry = total - whole;
		if (r->ncarry > 4) {	/* not a cut character: bad bytes, said by parse() */
			whole = total;
			r->ncarry = 0;
		}
		memcpy(r->carry, r->work + whole, r->ncarry);
		if (!r->delim_chosen)
			choose_delim(r, r->work, whole);
		start = 0;
		for (size_t i = 0; i < whole && r->stop == 0; i++) {
			if (r->work[i] != '\n')
				continue;
			parse(r, r->work + start, i + 1 - start);
			r->line++;
			start = i + 1;
		}
		if (start < whole && r->stop == 0)
			parse(r, r->work + start, whole - start);
	}
}

/* Raw bytes in the file's encoding, converted to UTF-8 in pieces. */
static void
feed_raw(struct reader *r, const char *s, size_t n)
{
	char in[CHUNK + 16], out[CHUNK];

	if (r->cd == (GIConv)-1) {
		feed_utf8(r, s, n);
		return;
	}
	memcpy(in, r->raw_carry, r->nraw);
	memcpy(in + r->nraw, s, n);
	gchar *ip = in;
	gsize left = r->nraw + n;

	r->nraw = 0;
	while (left > 0 && r->stop == 0) {
		gchar *op = out;
		gsize room = sizeof(out);
		gsize rc = g_iconv(r->cd, &ip, &left, &op, &room);
		int e = errno;

		feed_utf8(r, out, (size_t)(op - out));
		if (rc != (gsize)-1 || e == E2BIG)
			continue;
		if (e == EINVAL && left < sizeof(r->raw_carry)) {	/* cut short: next chunk */
			memcpy(r->raw_carry, ip, left);
			r->nraw = left;
			break;
		}
		fail(r, "line %ld: bytes that are not text in the file's encoding", r->line);
	}
}

/* Looks at the first bytes: a BOM says the encoding; returns how many bytes it takes. */
static size_t
open_encoding(struct reader *r, const unsigned char *s, size_t n)
{
	const char *from = r->encoding;
	size_t skip = 0;

	if (n >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) {
		from = NULL;
		skip = 3;
	} else if (n >= 2 && s[0] == 0xff && s[1] == 0xfe) {
		from = "UTF-16LE";
		skip = 2;
	} else if (n >= 2 && s[0] == 0xfe && s[1] == 0xff) {
		from = "UTF-16BE";
		skip = 2;
	}
	if (from != NULL && (r->cd = g_iconv_open("UTF-8", from)) == (GIConv)-1) {
		snprintf(r->err, r->errlen, "unknown encoding \"%s\" (try windows-1252, latin1, "
		    "utf-16)", from);
		r->stop = -1;
	}
	return skip;
}

int
csvread(FILE *fp, const char *encoding, csvread_fn fn, void *arg, char *err, size_t errlen)
{
	struct reader r = { .fn = fn, .arg = arg, .line = 1, .cd = (GIConv)-1,
		.encoding = encoding, .err = err, .errlen = errlen };
	char *chunk = malloc(CHUNK);
	bool first = true, any = false;
	size_t n;

	err[0] = '\0';
	r.work = malloc(CHUNK + 8);
	if (chunk == NULL || r.work == NULL || csv_init(&r.p, CSV_STRICT | CSV_STRICT_FINI |
	    CSV_APPEND_NULL) != 0) {
		free(chunk);
		free(r.work);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	csv_set_realloc_func(&r.p, capped_realloc);
	while (r.stop == 0 && (n = fread(chunk, 1, CHUNK, fp)) > 0) {
		size_t skip = first ? open_encoding(&r, (unsigned char *)chunk, n) : 0;

		first = false;
		any = true;
		if (r.stop == 0)
			feed_raw(&r, chunk + skip, n - skip);
	}
	if (r.stop == 0 && ferror(fp))
		fail(&r, "cannot read the file (line %ld)", r.line);
	if (r.stop == 0 && (r.ncarry > 0 || r.nraw > 0))
		fail(&r, "line %ld ends in the middle of a character: the file is cut short or "
		    "not UTF-8", r.line);
	if (r.stop == 0 && !any) {
		snprintf(err, errlen, "the file is empty");
		r.stop = -1;
	}
	if (r.stop == 0 && csv_fini(&r.p, on_field, on_record, &r) != 0 && r.stop == 0)
		fail(&r, "line %ld: a quoted field is never closed", r.rec_line ? r.rec_line : r.line);
	csv_free(&r.p);
	if (r.cd != (GIConv)-1)
		g_iconv_close(r.cd);
	free(r.rec);
	free(r.work);
	free(chunk);
	return r.stop;
}
