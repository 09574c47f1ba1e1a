/*
 * A plain main() for the fuzz targets: runs LLVMFuzzerTestOneInput over
 * every file of the directories (or files) named on the command line, so
 * that ctest replays each corpus with any compiler. Exit 0 when all inputs
 * ran (a target reports a broken property by calling abort()); 2 when a
 * path cannot be read or a directory holds no input.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		if (f)
			fclose(f);
		return -1;
	}
	rewind(f);
	/* an exact-size block, so that over-reads show under ASan */
	buf = malloc(n > 0 ? (size_t)n : 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	return 0;
}

static int run_path(const char *path, unsigned *count)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char sub[4096];
	int rc = 0;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "replay: no such path %s\n", path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		(*count)++;
		return run_file(path);
	}
	d = opendir(path);
	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL && rc == 0) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
		rc = run_path(sub, count);
	}
	closedir(d);
	return rc;
}

int main(int argc, char **argv)
{
	unsigned count = 0;
	int i;

	for (i = 1; i < argc; i++)
		if (run_path(argv[i], &count) != 0)
			return 2;
	if (count == 0) {
		fprintf(stderr, "replay: no inputs\n");
		return 2;
	}
	printf("replayed %u inputs\n", count);
	return 0;
}
