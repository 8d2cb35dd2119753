/*
 * A busy disk, for the integration tests: preloaded (LD_PRELOAD) into funnelbot, it makes
 * every fsync() and fdatasync() take FUNNELBOT_SLOW_SYNC_MS milliseconds longer while the
 * file FUNNELBOT_SLOW_SYNC_FILE exists -- so a test can make one command slow, at the point
 * where a real disk is, without any hook in the program. With FUNNELBOT_SLOW_SYNC_FAIL set
 * the call then fails with EIO: a disk that gives up.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* Waits while the disk is busy; true when the call is then to fail. */
static int
busy(void)
{
	const char *file = getenv("FUNNELBOT_SLOW_SYNC_FILE");
	const char *ms = getenv("FUNNELBOT_SLOW_SYNC_MS");
	struct timespec ts;
	long n;

	if (file == NULL || ms == NULL || access(file, F_OK) != 0)
		return 0;
	n = strtol(ms, NULL, 10);
	ts.tv_sec = n / 1000;
	ts.tv_nsec = n % 1000 * 1000000L;
	while (nanosleep(&ts, &ts) != 0)
		;
	return getenv("FUNNELBOT_SLOW_SYNC_FAIL") != NULL;
}

int
fsync(int fd)
{
	int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "fsync");

	if (busy()) {
		errno = EIO;
		return -1;
	}
	return real(fd);
}

int
fdatasync(int fd)
{
	int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");

	if (busy()) {
		errno = EIO;
		return -1;
	}
	return real(fd);
}
