/*
 * http.c - `pace serve`'s HTTP server on libmicrohttpd: one thread per
 * connection (an event stream blocks its thread between polls of the
 * store, and the rest answers from the store in well under a poll), one
 * store connection behind a mutex.  Requests are judged before any route:
 * only GET and HEAD, no body (Content-Length > 0 or chunked: 413, and the
 * connection is closed), no ".." segment in the decoded path (400), the
 * bearer token when one is set (401), headers within
 * CONNECTION_MEMORY (libmicrohttpd answers 431 beyond it), then the routes
 * or 404.  The costly /metrics text (every result re-analysed) is cached
 * until the store's runs change: a scraper or a load test reads the
 * cache.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <time.h>

#include <jansson.h>
#include <microhttpd.h>

#include "serve/serve.h"

#define CONNECTION_MEMORY (32 * 1024) /* per connection: headers included */
#define CONNECTION_LIMIT 256
#define HEARTBEAT_S 10.0              /* an idle event stream's comment line */

struct pace_server {
	struct MHD_Daemon *d;
	struct pace_store *st;
	pthread_mutex_t mu;          /* st and the metrics cache */
	char *token;
	double poll_s;
	int port;
	volatile int stopping;
	uint64_t metrics_key;        /* the runs the cache was made from */
	char *metrics;               /* NULL: no cache yet */
	void (*log)(void *data, const char *method, const char *path, int status);
	void *log_data;
};

static int marker; /* the address of a connection's first call */

/* FNV-1a over every run's id, status and sample count: changes when a
 * run is added, deleted, ended or gets samples. */
static int runs_key(struct pace_store *st, uint64_t *key, struct pace_error *err)
{
	struct pace_store_run_info *ri;
	size_t n;
	int rc = pace_store_list_runs(st, 0, &ri, &n, err);
	uint64_t h = 14695981039346656037ULL;

	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		char buf[128];
		int len = snprintf(buf, sizeof(buf), "%s %d %zu;", ri[i].id,
				   (int)ri[i].status, ri[i].nsamples);
		for (int j = 0; j < len && j < (int)sizeof(buf); j++)
			h = (h ^ (unsigned char)buf[j]) * 1099511628211ULL;
	}
	pace_store_run_infos_free(ri, n);
	*key = h;
	return 0;
}

/* The /metrics text into out; s->mu held. */
static int metrics_text(struct pace_server *s, struct pace_strbuf *out,
			struct pace_error *err)
{
	uint64_t key;
	int rc = runs_key(s->st, &key, err);

	if (rc)
		return rc;
	if (!s->metrics || key != s->metrics_key) {
		struct pace_strbuf m = PACE_STRBUF_INIT;
		if ((rc = pace_serve_metrics(&m, s->st, NULL, err))) {
			pace_strbuf_release(&m);
			return rc;
		}
		free(s->metrics);
		s->metrics = pace_strbuf_detach(&m);
		s->metrics_key = key;
	}
	pace_strbuf_adds(out, s->metrics);
	return 0;
}

static enum MHD_Result reply(struct MHD_Connection *c, int status,
			     const char *type, struct pace_strbuf *body)
{
	size_t len = body->len;
	struct MHD_Response *r = MHD_create_response_from_buffer(
		len, pace_strbuf_detach(body), MHD_RESPMEM_MUST_FREE);
	enum MHD_Result ok;

	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	if (status == MHD_HTTP_UNAUTHORIZED)
		MHD_add_response_header(r, "WWW-Authenticate", "Bearer realm=\"pace\"");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, "Allow", "GET, HEAD");
	if (!strcmp(type, "text/html; charset=utf-8"))
		MHD_add_response_header(r, "Content-Security-Policy",
			"default-src 'none'; script-src 'self' 'unsafe-inline'; "
			"style-src 'unsafe-inline'; connect-src 'self'; "
			"img-src data:; base-uri 'none'; form-action 'none'");
	ok = MHD_queue_response(c, (unsigned)status, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result error_reply(struct MHD_Connection *c, int status,
				   const char *msg)
{
	struct pace_strbuf b = PACE_STRBUF_INIT;

	pace_strbuf_addf(&b, "{\"error\":\"%s\"}\n", msg);
	return reply(c, status, "application/json", &b);
}

/* Constant time in the token's length: a wrong guess takes as long
 * whichever byte is wrong. */
static bool authorized(const struct pace_server *s, struct MHD_Connection *c)
{
	const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						    MHD_HTTP_HEADER_AUTHORIZATION);
	size_t n = strlen(s->token);
	unsigned char diff = 0;

	if (!h || strncmp(h, "Bearer ", 7) || strlen(h + 7) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		diff |= (unsigned char)(h[7 + i] ^ s->token[i]);
	return diff == 0;
}

/* The checks every request passes first; 0 when it may be routed. */
static int judge(const struct pace_server *s, struct MHD_Connection *c,
		 const char *method, const char *url)
{
	const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						      MHD_HTTP_HEADER_CONTENT_LENGTH);
	const char *te = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_TRANSFER_ENCODING);

	if (strcmp(method, "GET") && strcmp(method, "HEAD"))
		return MHD_HTTP_METHOD_NOT_ALLOWED;
	if ((len && strcmp(len, "0")) || te)
		return MHD_HTTP_CONTENT_TOO_LARGE;
	if (url[0] != '/' || strstr(url, "/../") || strstr(url, "/./") ||
	    (strlen(url) >= 3 && !strcmp(url + strlen(url) - 3, "/..")) ||
	    (strlen(url) >= 2 && !strcmp(url + strlen(url) - 2, "/.")) ||
	    strchr(url, '\\'))
		return MHD_HTTP_BAD_REQUEST;
	if (s->token && !authorized(s, c))
		return MHD_HTTP_UNAUTHORIZED;
	return 0;
}

/* ---- the event stream ------------------------------------------------- */

struct stream {
	struct pace_server *s;
	struct pace_strbuf pending; /* bytes not handed out yet */
	size_t off;
	char *last;                 /* the last "run" event's data */
	int64_t last_sent_ns;
};

static void sleep_s(double s)
{
	struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};

	nanosleep(&ts, NULL);
}

/* Reads the store and queues a "run" event when the view changed. */
static void poll_store(struct stream *e)
{
	struct pace_strbuf now = PACE_STRBUF_INIT;
	struct pace_error err = PACE_ERROR_INIT;
	int rc;

	pthread_mutex_lock(&e->s->mu);
	rc = pace_serve_progress_json(&now, e->s->st, NULL, &err);
	pthread_mutex_unlock(&e->s->mu);
	if (rc)
		pace_strbuf_addf(&e->pending, "event: error\ndata: %s\n\n",
				 pace_error_msg(&err));
	else if (now.len && (!e->last || strcmp(e->last, now.buf))) {
		pace_strbuf_addf(&e->pending, "event: run\ndata: %s\n\n", now.buf);
		free(e->last);
		e->last = pace_strbuf_detach(&now);
	}
	pace_strbuf_release(&now);
	pace_error_release(&err);
}

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct stream *e = cls;
	size_t n;

	(void)pos;
	while (e->off == e->pending.len) {
		pace_strbuf_reset(&e->pending);
		e->off = 0;
		if (e->s->stopping)
			return MHD_CONTENT_READER_END_OF_STREAM;
		if (e->last_sent_ns)
			sleep_s(e->s->poll_s);
		poll_store(e);
		if (!e->pending.len && pace_now_ns() - e->last_sent_ns > HEARTBEAT_S * 1e9)
			pace_strbuf_adds(&e->pending, ": waiting\n\n");
		if (e->pending.len)
			e->last_sent_ns = pace_now_ns();
	}
	n = e->pending.len - e->off < max ? e->pending.len - e->off : max;
	memcpy(buf, e->pending.buf + e->off, n);
	e->off += n;
	return (ssize_t)n;
}

static void stream_free(void *cls)
{
	struct stream *e = cls;

	pace_strbuf_release(&e->pending);
	free(e->last);
	free(e);
}

static enum MHD_Result events(struct pace_server *s, struct MHD_Connection *c)
{
	struct stream *e = pace_xcalloc(1, sizeof(*e));
	struct MHD_Response *r;
	enum MHD_Result ok;

	e->s = s;
	pace_strbuf_init(&e->pending);
	pace_strbuf_adds(&e->pending, "retry: 1000\n\n");
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16 * 1024,
					      stream_read, e, stream_free);
	MHD_add_response_header(r, "Content-Type", "text/event-stream");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	ok = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ok;
}

/* ---- routes -------------------------------------------------------------- */

static enum MHD_Result route(struct pace_server *s, struct MHD_Connection *c,
			     const char *method, const char *url)
{
	struct pace_strbuf b = PACE_STRBUF_INIT;
	struct pace_error err = PACE_ERROR_INIT;
	const char *type = "application/json";
	int status = 200, rc = 0;
	enum MHD_Result ok;

	if (!strcmp(url, "/api/events")) {
		if (s->log)
			s->log(s->log_data, method, url, 200);
		return events(s, c);
	}
	pthread_mutex_lock(&s->mu);
	if (!strcmp(url, "/") || !strcmp(url, "/index.html")) {
		pace_strbuf_adds(&b, pace_serve_dashboard());
		type = "text/html; charset=utf-8";
	} else if (!strcmp(url, "/metrics")) {
		rc = metrics_text(s, &b, &err);
		type = "text/plain; version=0.0.4; charset=utf-8";
	} else if (!strncmp(url, "/api/", 5)) {
		rc = status = pace_serve_api(&b, s->st, url, &err);
	} else {
		status = 404;
		pace_strbuf_adds(&b, "{\"error\":\"unknown path\"}");
	}
	pthread_mutex_unlock(&s->mu);
	if (rc < 0) {
		struct pace_strbuf e = PACE_STRBUF_INIT;
		json_t *o = json_pack("{s:s}", "error", pace_error_msg(&err));
		char *t = json_dumps(o, JSON_COMPACT);
		pace_strbuf_adds(&e, t ? t : "{}");
		free(t);
		json_decref(o);
		pace_strbuf_release(&b);
		b = e;
		status = 500;
		type = "application/json";
	}
	pace_error_release(&err);
	if (s->log)
		s->log(s->log_data, method, url, status);
	ok = reply(c, status, type, &b);
	pace_strbuf_release(&b);
	return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct pace_server *s = cls;
	int bad;

	(void)version;
	(void)upload;
	if (*con_cls == NULL) {
		/* The headers are in: judge now, before any body is read. */
		*con_cls = &marker;
		bad = judge(s, c, method, url);
		if (bad && s->log)
			s->log(s->log_data, method, url, bad);
		if (bad) {
			*upload_size = 0;
			return error_reply(c, bad, bad == 401 ? "unauthorized"
					   : bad == 405 ? "only GET and HEAD"
					   : bad == 413 ? "no request body is accepted"
					   : "bad path");
		}
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0;
		return MHD_YES;
	}
	return route(s, c, method, url);
}

static void quiet_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	(void)fmt;
	(void)ap; /* errors come back as status codes, not as stderr lines */
}

/* ---- starting and stopping ------------------------------------------------ */

bool pace_serve_is_loopback(const char *addr)
{
	struct in_addr a4;
	struct in6_addr a6;

	if (!strcmp(addr, "localhost"))
		return true;
	if (inet_pton(AF_INET, addr, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	return inet_pton(AF_INET6, addr, &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6);
}

/* "ADDR:PORT", "[V6]:PORT" or ":PORT" (loopback) into a socket address. */
static int parse_listen(const char *listen, struct sockaddr_storage *ss,
			char host[64], struct pace_error *err)
{
	const char *colon = strrchr(listen, ':');
	char *end;
	long port;
	size_t hl;

	if (!colon)
		return pace_error_set(err, PACE_EUSAGE, "cannot listen on '%s': "
				      "expected ADDR:PORT", listen);
	port = strtol(colon + 1, &end, 10);
	if (!colon[1] || *end || port < 0 || port > 65535)
		return pace_error_set(err, PACE_EUSAGE, "cannot listen on '%s': "
				      "bad port", listen);
	hl = (size_t)(colon - listen);
	if (hl >= 2 && listen[0] == '[' && listen[hl - 1] == ']')
		snprintf(host, 64, "%.*s", (int)(hl - 2), listen + 1);
	else
		snprintf(host, 64, "%.*s", (int)hl, hl ? listen : "127.0.0.1");
	if (!strcmp(host, "localhost"))
		snprintf(host, 64, "127.0.0.1");
	memset(ss, 0, sizeof(*ss));
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
	} else if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
	} else {
		return pace_error_set(err, PACE_EUSAGE, "cannot listen on '%s': "
				      "'%s' is not an IP address", listen, host);
	}
	return 0;
}

int pace_serve_start(struct pace_server **out, const struct pace_serve_opts *o,
		     struct pace_error *err)
{
	const char *listen = o->listen ? o->listen : "127.0.0.1:8080";
	struct sockaddr_storage ss;
	char host[64];
	struct pace_server *s;
	const union MHD_DaemonInfo *info;
	int rc = parse_listen(listen, &ss, host, err);

	*out = NULL;
	if (rc)
		return rc;
	if (!pace_serve_is_loopback(host) && !(o->token && *o->token))
		return pace_error_set(err, PACE_EUSAGE, "listening on '%s' (not "
				      "loopback) needs a token: --token-file FILE "
				      "or PACE_SERVE_TOKEN", listen);
	s = pace_xcalloc(1, sizeof(*s));
	pthread_mutex_init(&s->mu, NULL);
	s->token = o->token && *o->token ? pace_xstrdup(o->token) : NULL;
	s->poll_s = o->poll_s > 0 ? o->poll_s : 0.25;
	s->log = o->log;
	s->log_data = o->log_data;
	if ((rc = pace_store_open(&s->st, o->store, err))) {
		pace_serve_stop(s);
		return rc;
	}
	s->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
				MHD_USE_THREAD_PER_CONNECTION |
				(ss.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0),
				0, NULL, NULL, on_request, s,
				MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY,
				MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONNECTION_LIMIT,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
				MHD_OPTION_EXTERNAL_LOGGER, quiet_log, NULL,
				MHD_OPTION_END);
	if (!s->d) {
		pace_serve_stop(s);
		return pace_error_set(err, PACE_EIO, "cannot listen on '%s': "
				      "the address is in use or not this machine's",
				      listen);
	}
	info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? (int)info->port : 0;
	*out = s;
	return 0;
}

int pace_serve_port(const struct pace_server *s)
{
	return s->port;
}

void pace_serve_stop(struct pace_server *s)
{
	if (!s)
		return;
	s->stopping = 1;
	if (s->d)
		MHD_stop_daemon(s->d);
	pace_store_free(s->st);
	pthread_mutex_destroy(&s->mu);
	free(s->token);
	free(s->metrics);
	free(s);
}
