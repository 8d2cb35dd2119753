/*
 * The replay main: links with one fuzz target in place of libFuzzer, so gcc builds (plain and
 * ASan+UBSan) run every corpus file through the target in `make test`. Each file is one test,
 * run in its own child process so a crash, a broken contract or a leak fails that file alone
 * and names it; the run ends with the "N passed, N failed" line tests/run.sh adds up.
 *
 *   test_fuzz_lex [-n] [FILE|DIR ...]   default: the target's corpus, FUZZ_CORPUS
 *
 * -n runs the inputs in this process, one after the other (for a debugger).
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/fuzz/fuzz.h"

#ifndef FUZZ_CORPUS
#error "build with -DFUZZ_CORPUS='\"tests/fuzz/corpus/<target>\"'"
#endif

#define REPLAY_TIMEOUT	120	/* seconds one input may take, sanitizers included */
#define REPLAY_MAX	(1024 * 1024)	/* bytes: no corpus file is near this */

static int passed, failed;

/*
 * Reads the file at path into a malloc'd buffer of exactly its size (a 0-byte file gives a
 * 1-byte buffer so ASan still sees reads past the end). Returns NULL with a message on stderr.
 */
static uint8_t *
slurp(const char *path, size_t *len)
{
	FILE *fp;
	uint8_t *buf;
	long n;

	if ((fp = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return NULL;
	}
	if (fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 || n > REPLAY_MAX ||
	    fseek(fp, 0, SEEK_SET) != 0) {
		fprintf(stderr, "%s: cannot size it, or over %d bytes\n", path, REPLAY_MAX);
		fclose(fp);
		return NULL;
	}
	if ((buf = malloc(n ? (size_t)n : 1)) == NULL ||
	    fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		fprintf(stderr, "%s: read failed\n", path);
		free(buf);
		fclose(fp);
		return NULL;
	}
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

/* Runs the input at path through the target in this process. Returns 0, or -1 unreadable. */
static int
run_here(const char *path)
{
	uint8_t *buf;
	size_t len;

	if ((buf = slurp(path, &len)) == NULL)
		return -1;
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
}

/* One test: the input at path in a child process (or here with inproc). Counts the result. */
static void
replay_one(const char *path, int inproc)
{
	pid_t pid;
	int status;

	if (inproc) {
		if (run_here(path) == 0)
			passed++;
		else
			failed++;
		return;
	}
	fflush(NULL);
	if ((pid = fork()) == -1) {
		fprintf(stderr, "fork: %s\n", strerror(errno));
		failed++;
		return;
	}
	if (pid == 0) {
		alarm(REPLAY_TIMEOUT);
		exit(run_here(path) == 0 ? 0 : 1);	/* exit, not _exit: LSan runs at exit */
	}
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR) {
			fprintf(stderr, "waitpid: %s\n", strerror(errno));
			failed++;
			return;
		}
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		passed++;
		return;
	}
	failed++;
	if (WIFSIGNALED(status))
		fprintf(stderr, "FAIL %s: signal %d%s\n", path, WTERMSIG(status),
		    WTERMSIG(status) == SIGALRM ? " (timed out)" : "");
	else
		fprintf(stderr, "FAIL %s: exit status %d\n", path, WEXITSTATUS(status));
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays path: a file, or every regular file directly inside a directory, by name. */
static void
replay_path(const char *path, int inproc)
{
	struct stat st;
	struct dirent *de;
	DIR *d;
	char **names = NULL, **nn, full[4096];
	size_t n = 0, cap = 0;

	if (stat(path, &st) == -1) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		failed++;
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		replay_one(path, inproc);
		return;
	}
	if ((d = opendir(path)) == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		failed++;
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((nn = realloc(names, cap * sizeof(*names))) == NULL)
				break;
			names = nn;
		}
		if ((names[n] = strdup(de->d_name)) == NULL)
			break;
		n++;
	}
	closedir(d);
	if (n == 0) {
		fprintf(stderr, "%s: no inputs\n", path);
		failed++;
	}
	if (n > 0)
		qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; i < n; i++) {
		snprintf(full, sizeof(full), "%s/%s", path, names[i]);
		if (stat(full, &st) == 0 && S_ISREG(st.st_mode))
			replay_one(full, inproc);
		free(names[i]);
	}
	free(names);
}

int
main(int argc, char **argv)
{
	int inproc = 0, first = 1;

	if (argc > 1 && strcmp(argv[1], "-n") == 0) {
		inproc = 1;
		first = 2;
	}
	LLVMFuzzerInitialize(&argc, &argv);
	if (first >= argc)
		replay_path(FUZZ_CORPUS, inproc);
	for (int i = first; i < argc; i++)
		replay_path(argv[i], inproc);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
