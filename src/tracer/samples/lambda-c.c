/*
 * lambda-c: a Lambda custom runtime, the `bootstrap` of a function image, built static so its
 * image holds nothing else. It speaks the Lambda Runtime API over one kept-alive HTTP/1.1
 * connection to $AWS_LAMBDA_RUNTIME_API (host:port), as functracer invoke serves it.
 *
 * Each event is a JSON object; every key is optional:
 *   "mb": N          allocate and touch N MiB, then free it before answering
 *   "ms": T          hold for T ms (with the memory, if any)
 *   "fail": "msg"    answer with an error (errorType "errorType" or "Error", errorMessage msg)
 *   "exit": code     exit with this code mid-invocation, after the memory and the hold (a crash)
 *   "respond_mb": K  answer with a JSON string of K MiB (Lambda refuses over 6 MB)
 * Init, from the environment:
 *   INIT_MB=N        allocate N MiB at init and keep it for the container's life
 *   INIT_MS=T        take T ms to initialise
 *   INIT_FAIL=msg    report an init error with this message, then exit 1
 *   INIT_GARBAGE=1   send the API bytes that are not HTTP, then wait forever
 * Silent unless something fails, so its output never perturbs what is measured.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux 5.14; older libc headers lack the name */
#endif

#define MIB ((size_t)1 << 20)
#define MAX_MIB 65536
#define API "/2018-06-01/runtime"

static struct sockaddr_in api_addr;
static char api_text[128];
static int sock = -1;

/* What came back for one request: its status, the request id header, and the body (NUL-terminated). */
struct reply {
  int status;
  char request_id[128];
  char *body;
  size_t body_len;
};

static void die(const char *what) {
  fprintf(stderr, "lambda-c: %s: %s\n", what, strerror(errno));
  exit(1);
}

static void parse_api(const char *text) {
  const char *colon = strrchr(text, ':');
  if (colon == NULL || (size_t)(colon - text) >= sizeof api_text) {
    fprintf(stderr, "lambda-c: AWS_LAMBDA_RUNTIME_API must be host:port, got '%s'\n", text);
    exit(2);
  }
  char host[128];
  memcpy(host, text, (size_t)(colon - text));
  host[colon - text] = '\0';
  snprintf(api_text, sizeof api_text, "%s", text);
  api_addr.sin_family = AF_INET;
  api_addr.sin_port = htons((uint16_t)atoi(colon + 1));
  /* A static binary has no resolver worth the name: an address, or localhost. */
  if (inet_pton(AF_INET, strcmp(host, "localhost") == 0 ? "127.0.0.1" : host, &api_addr.sin_addr) != 1) {
    fprintf(stderr, "lambda-c: AWS_LAMBDA_RUNTIME_API must name an IPv4 address, got '%s'\n", text);
    exit(2);
  }
}

static int connect_api(void) {
  if (sock >= 0) close(sock);
  sock = socket(AF_INET, SOCK_STREAM, 0);
  if (sock < 0) die("socket");
  int one = 1;
  setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return connect(sock, (struct sockaddr *)&api_addr, sizeof api_addr);
}

static int write_all(const char *data, size_t len) {
  while (len > 0) {
    ssize_t n = send(sock, data, len, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    data += n;
    len -= (size_t)n;
  }
  return 0;
}

/* The header's value, case-insensitively, or NULL. `head` is NUL-terminated and ends with CRLF CRLF. */
static const char *header(const char *head, const char *name, size_t *len) {
  size_t name_len = strlen(name);
  for (const char *line = strstr(head, "\r\n"); line != NULL && line[2] != '\r'; line = strstr(line + 2, "\r\n")) {
    const char *start = line + 2;
    if (strncasecmp(start, name, name_len) == 0 && start[name_len] == ':') {
      const char *value = start + name_len + 1;
      while (*value == ' ') value++;
      *len = (size_t)(strstr(value, "\r\n") - value);
      return value;
    }
  }
  return NULL;
}

/* Reads one response: headers up to CRLF CRLF, then Content-Length bytes of body. The server sends nothing unasked. */
static int read_reply(struct reply *r) {
  static char head[16384];
  size_t got = 0;
  char *end = NULL;
  while (end == NULL) {
    if (got == sizeof head - 1) return -1;
    ssize_t n = recv(sock, head + got, sizeof head - 1 - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    got += (size_t)n;
    head[got] = '\0';
    end = strstr(head, "\r\n\r\n");
  }
  size_t head_len = (size_t)(end - head) + 4;
  if (sscanf(head, "HTTP/1.%*d %d", &r->status) != 1) return -1;
  size_t len = 0;
  const char *value = header(head, "Content-Length", &len);
  size_t body_len = value ? strtoull(value, NULL, 10) : 0;
  r->request_id[0] = '\0';
  value = header(head, "Lambda-Runtime-Aws-Request-Id", &len);
  if (value && len < sizeof r->request_id) {
    memcpy(r->request_id, value, len);
    r->request_id[len] = '\0';
  }
  r->body = malloc(body_len + 1);
  if (r->body == NULL) die("malloc");
  size_t have = got - head_len < body_len ? got - head_len : body_len;
  memcpy(r->body, head + head_len, have);
  while (have < body_len) {
    ssize_t n = recv(sock, r->body + have, body_len - have, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    have += (size_t)n;
  }
  r->body[body_len] = '\0';
  r->body_len = body_len;
  return 0;
}

static int try_request(const char *method, const char *path, const char *extra, const char *body, size_t len, struct reply *r) {
  char head[1024];
  int n = snprintf(head, sizeof head, "%s %s HTTP/1.1\r\nHost: %s\r\nContent-Length: %zu\r\n%s\r\n", method, path, api_text, len,
                   extra);
  if (sock < 0 && connect_api() != 0) return -1;
  if (write_all(head, (size_t)n) != 0 || write_all(body, len) != 0) return -1;
  return read_reply(r);
}

/* One request and its reply, on the kept-alive connection; once more on a fresh one if the server had closed it. */
static void request(const char *method, const char *path, const char *extra, const char *body, size_t len, struct reply *r) {
  if (try_request(method, path, extra, body, len, r) == 0) return;
  if (sock >= 0) close(sock);
  sock = -1;
  if (try_request(method, path, extra, body, len, r) == 0) return;
  fprintf(stderr, "lambda-c: the Runtime API at %s did not answer %s %s\n", api_text, method, path);
  exit(1);
}

/* Where "key": starts its value in a flat JSON object, or NULL. Good enough for the events this sample is sent. */
static const char *value_of(const char *json, const char *key) {
  char quoted[64];
  snprintf(quoted, sizeof quoted, "\"%s\"", key);
  for (const char *at = strstr(json, quoted); at != NULL; at = strstr(at + 1, quoted)) {
    const char *p = at + strlen(quoted);
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
    if (*p != ':') continue;
    p++;
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
    return p;
  }
  return NULL;
}

static long long number_of(const char *json, const char *key, long long fallback) {
  const char *p = value_of(json, key);
  return p != NULL && (*p == '-' || (*p >= '0' && *p <= '9')) ? strtoll(p, NULL, 10) : fallback;
}

/* A string value, unescaped for \" and \\ only, or NULL when the key is absent or not a string. */
static char *string_of(const char *json, const char *key) {
  const char *p = value_of(json, key);
  if (p == NULL || *p != '"') return NULL;
  char *out = malloc(strlen(p) + 1);
  size_t n = 0;
  for (p++; *p != '\0' && *p != '"'; p++) out[n++] = (*p == '\\' && p[1] != '\0') ? *++p : *p;
  out[n] = '\0';
  return out;
}

/* `text` as a JSON string, quotes included. */
static char *json_string(const char *text) {
  char *out = malloc(strlen(text) * 6 + 3);
  size_t n = 0;
  out[n++] = '"';
  for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
    if (*c == '"' || *c == '\\') {
      out[n++] = '\\';
      out[n++] = (char)*c;
    } else if (*c < 0x20) {
      n += (size_t)sprintf(out + n, "\\u%04x", *c);
    } else {
      out[n++] = (char)*c;
    }
  }
  out[n++] = '"';
  out[n] = '\0';
  return out;
}

/* N MiB made resident: one populate call, or a write to each page where the kernel lacks it (reads would map the zero page). */
static char *allocate(long long mib) {
  if (mib <= 0) return NULL;
  if (mib > MAX_MIB) mib = MAX_MIB;
  size_t bytes = (size_t)mib * MIB;
  char *base = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED) die("mmap");
  /* Huge pages would make the usage move in 2 MiB steps. */
  madvise(base, bytes, MADV_NOHUGEPAGE);
  if (madvise(base, bytes, MADV_POPULATE_WRITE) != 0) {
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    for (volatile char *p = base; p < base + bytes; p += page) *p = 1;
  }
  return base;
}

/* Sleeps to an absolute deadline, so an early wake-up cannot shorten a hold. */
static void hold(long long ms) {
  if (ms <= 0) return;
  struct timespec until;
  clock_gettime(CLOCK_MONOTONIC, &until);
  until.tv_sec += (time_t)(ms / 1000);
  until.tv_nsec += (long)(ms % 1000) * 1000000L;
  if (until.tv_nsec >= 1000000000L) {
    until.tv_sec += 1;
    until.tv_nsec -= 1000000000L;
  }
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == EINTR) {
  }
}

static void init(void) {
  const char *garbage = getenv("INIT_GARBAGE");
  if (garbage != NULL && *garbage != '\0') {
    static const char junk[] = "THIS IS NOT HTTP\r\n\r\n";
    if (connect_api() != 0 || write_all(junk, sizeof junk - 1) != 0) die("sending garbage");
    for (;;) pause();
  }
  const char *init_mb = getenv("INIT_MB");
  if (init_mb != NULL) allocate(atoll(init_mb)); /* kept for the container's life, as a handler's globals are */
  const char *init_ms = getenv("INIT_MS");
  if (init_ms != NULL) hold(atoll(init_ms));
  const char *fail = getenv("INIT_FAIL");
  if (fail != NULL && *fail != '\0') {
    char *message = json_string(fail);
    char body[8192];
    int n = snprintf(body, sizeof body, "{\"errorType\":\"InitError\",\"errorMessage\":%s}", message);
    struct reply r;
    request("POST", API "/init/error", "Lambda-Runtime-Function-Error-Type: Unhandled\r\n", body, (size_t)n, &r);
    exit(1);
  }
}

static void handle(const struct reply *event) {
  const char *json = event->body;
  long long mb = number_of(json, "mb", 0), ms = number_of(json, "ms", 0), respond_mb = number_of(json, "respond_mb", 0);
  char *memory = allocate(mb);
  hold(ms);
  long long code = number_of(json, "exit", -1);
  if (code >= 0) _exit((int)code);
  if (memory != NULL) munmap(memory, (size_t)mb * MIB);

  char path[256];
  struct reply r;
  char *fail = string_of(json, "fail");
  if (fail != NULL) {
    char *type = string_of(json, "errorType");
    char *type_json = json_string(type != NULL ? type : "Error"), *message = json_string(fail);
    size_t cap = strlen(type_json) + strlen(message) + 64;
    char *body = malloc(cap);
    int n = snprintf(body, cap, "{\"errorType\":%s,\"errorMessage\":%s}", type_json, message);
    snprintf(path, sizeof path, API "/invocation/%s/error", event->request_id);
    request("POST", path, "Lambda-Runtime-Function-Error-Type: Unhandled\r\n", body, (size_t)n, &r);
    free(body), free(type_json), free(message), free(type), free(fail), free(r.body);
    return;
  }
  size_t len;
  char *body;
  if (respond_mb > 0) {
    if (respond_mb > MAX_MIB) respond_mb = MAX_MIB;
    len = (size_t)respond_mb * MIB + 2;
    body = malloc(len);
    if (body == NULL) die("malloc");
    memset(body, 'x', len);
    body[0] = body[len - 1] = '"';
  } else {
    body = malloc(128);
    len = (size_t)snprintf(body, 128, "{\"ok\":true,\"mb\":%lld,\"ms\":%lld}", mb, ms);
  }
  snprintf(path, sizeof path, API "/invocation/%s/response", event->request_id);
  request("POST", path, "Content-Type: application/json\r\n", body, len, &r);
  free(body), free(r.body);
}

int main(void) {
  const char *api = getenv("AWS_LAMBDA_RUNTIME_API");
  if (api == NULL || *api == '\0') {
    fprintf(stderr, "lambda-c: AWS_LAMBDA_RUNTIME_API is not set: this is a Lambda runtime; trace it with functracer invoke\n");
    return 2;
  }
  parse_api(api);
  init();
  for (;;) {
    struct reply event;
    request("GET", API "/invocation/next", "", "", 0, &event);
    if (event.status != 200 || event.request_id[0] == '\0') {
      fprintf(stderr, "lambda-c: the Runtime API answered %d to next, without a request id\n", event.status);
      return 1;
    }
    handle(&event);
    free(event.body);
  }
}
