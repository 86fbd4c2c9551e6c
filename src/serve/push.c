/*
 * push.c - `pace run --push URL`: the run's metrics (metrics.c's text, the
 * same families /metrics serves) PUT to a Prometheus Pushgateway, which
 * keeps them for Prometheus to scrape after pace has exited.  PUT replaces
 * the group job="pace", run_id=ID, so pushing a run again gives the same
 * series.  A few lines of HTTP/1.1 over a socket (plain http:// only): the
 * gateway is a LAN service, and this is the one request pace makes.
 */
#include <errno.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "serve/serve.h"

#define IO_TIMEOUT_S 10

struct url {
	char host[256], port[8];
	const char *path; /* "" or "/prefix" */
};

static int parse_url(struct url *u, const char *url, struct pace_error *err)
{
	const char *p, *slash, *colon;
	size_t hl;

	if (strncmp(url, "http://", 7))
		return pace_error_set(err, PACE_EUSAGE, "cannot push to '%s': only "
				      "http://HOST:PORT URLs are supported", url);
	p = url + 7;
	slash = strchr(p, '/');
	if (!slash)
		slash = p + strlen(p);
	colon = memchr(p, ':', (size_t)(slash - p));
	hl = (size_t)((colon ? colon : slash) - p);
	if (!hl || hl >= sizeof(u->host) ||
	    (colon && (slash - colon - 1 < 1 || slash - colon - 1 > 5)))
		return pace_error_set(err, PACE_EUSAGE, "cannot push to '%s': bad "
				      "host or port", url);
	snprintf(u->host, sizeof(u->host), "%.*s", (int)hl, p);
	if (colon)
		snprintf(u->port, sizeof(u->port), "%.*s", (int)(slash - colon - 1),
			 colon + 1);
	else
		snprintf(u->port, sizeof(u->port), "80");
	u->path = slash;
	return 0;
}

static int connect_to(const struct url *u, const char *url, struct pace_error *err)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res, *a;
	struct timeval tv = {IO_TIMEOUT_S, 0};
	int fd = -1, g = getaddrinfo(u->host, u->port, &hints, &res);

	if (g)
		return pace_error_set(err, PACE_EIO, "cannot push to '%s': %s", url,
				      gai_strerror(g));
	for (a = res; a && fd < 0; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
		if (fd < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		if (connect(fd, a->ai_addr, a->ai_addrlen)) {
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	if (fd < 0)
		return pace_error_set(err, PACE_EIO, "cannot push to '%s': cannot "
				      "connect: %s", url, strerror(errno));
	return fd;
}

static int send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The status code of the answer's first line; -1 when unreadable. */
static int read_status(int fd, char *line, size_t max)
{
	size_t n = 0;
	int status;

	while (n + 1 < max) {
		ssize_t r = recv(fd, line + n, max - 1 - n, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
		if (memchr(line, '\n', n))
			break;
	}
	line[n] = '\0';
	line[strcspn(line, "\r\n")] = '\0';
	if (sscanf(line, "HTTP/%*d.%*d %d", &status) != 1)
		return -1;
	return status;
}

int pace_serve_push(const char *url, const char *run_id, const char *text,
		    struct pace_error *err)
{
	struct pace_strbuf req = PACE_STRBUF_INIT;
	struct url u;
	char line[512];
	int fd, status, rc = parse_url(&u, url, err);

	if (rc)
		return rc;
	if ((fd = connect_to(&u, url, err)) < 0)
		return fd;
	pace_strbuf_addf(&req, "PUT %s/metrics/job/pace/run_id/%s HTTP/1.1\r\n"
			 "Host: %s:%s\r\nContent-Type: text/plain; version=0.0.4\r\n"
			 "Content-Length: %zu\r\nConnection: close\r\n\r\n",
			 strcmp(u.path, "/") ? u.path : "", run_id, u.host, u.port,
			 strlen(text));
	pace_strbuf_adds(&req, text);
	if (send_all(fd, req.buf, req.len))
		rc = pace_error_set(err, PACE_EIO, "cannot push to '%s': %s", url,
				    strerror(errno));
	else if ((status = read_status(fd, line, sizeof(line))) < 200 || status > 299)
		rc = pace_error_set(err, PACE_EIO, "cannot push to '%s': the "
				    "gateway answered '%s'", url, line);
	close(fd);
	pace_strbuf_release(&req);
	return rc;
}
