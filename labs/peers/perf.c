/*
 * C peer for the uds-vs-tcp-perf lab: round-trip latency and bulk throughput
 * over a Unix stream socket and over TCP on 127.0.0.1, measured the same way.
 *
 *   perf DIR PAIRS   prints one JSON document with PAIRS measurements of each:
 *     rtt:  the median microseconds of 1000 round trips of 64 bytes (after 100 warm-up)
 *     bulk: MiB/s for 16 MiB sent in 64 KiB writes, then the server's byte count
 *     work: a bulk transfer of 4 MiB whose server also hashes every byte it
 *           receives WORK_PASSES times: application work that dominates the cost
 * Each measurement forks a server child (echo or sink) and the parent is the
 * client; within a pair the order of Unix and TCP alternates. TCP_NODELAY is on.
 * The socket file is unlinked after each measurement.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { MESSAGE = 64, ROUNDS = 1000, WARMUP = 100, CHUNK = 64 * 1024, WORK_PASSES = 2 };
static const long long BULK = 16LL * 1024 * 1024;
/* Less data when the receiver works on it: the work, not the copy, sets the time. */
static const long long WORK_BULK = 4LL * 1024 * 1024;
static const char *directory;

static double now(void) {
  struct timespec time;
  clock_gettime(CLOCK_MONOTONIC, &time);
  return time.tv_sec + time.tv_nsec / 1e9;
}

static int compare(const void *left, const void *right) {
  double a = *(const double *)left, b = *(const double *)right;
  return (a > b) - (a < b);
}

static void fail(const char *what) {
  perror(what);
  exit(1);
}

static int full_read(int fd, char *buffer, size_t length) {
  size_t done = 0;
  while (done < length) {
    ssize_t got = read(fd, buffer + done, length - done);
    if (got <= 0) return -1;
    done += got;
  }
  return 0;
}

static int full_write(int fd, const char *buffer, size_t length) {
  size_t done = 0;
  while (done < length) {
    ssize_t put = write(fd, buffer + done, length - done);
    if (put <= 0) return -1;
    done += put;
  }
  return 0;
}

/* A listener on a Unix path (unix != 0) or on 127.0.0.1 with an ephemeral port. */
static int listener(int unix_socket, struct sockaddr_storage *address, socklen_t *length) {
  int fd;
  memset(address, 0, sizeof *address);
  if (unix_socket) {
    struct sockaddr_un *where = (struct sockaddr_un *)address;
    where->sun_family = AF_UNIX;
    snprintf(where->sun_path, sizeof where->sun_path, "%s/perf.sock", directory);
    unlink(where->sun_path);
    *length = sizeof *where;
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
  } else {
    struct sockaddr_in *where = (struct sockaddr_in *)address;
    where->sin_family = AF_INET;
    where->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    *length = sizeof *where;
    fd = socket(AF_INET, SOCK_STREAM, 0);
  }
  if (fd < 0 || bind(fd, (struct sockaddr *)address, *length) < 0 || listen(fd, 4) < 0)
    fail("listener");
  if (!unix_socket && getsockname(fd, (struct sockaddr *)address, length) < 0) fail("getsockname");
  return fd;
}

static void no_delay(int fd, int unix_socket) {
  int one = 1;
  if (!unix_socket) setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

/* Stands for what an application does with the bytes it gets (parse, copy,
 * checksum): FNV-1a over the chunk, WORK_PASSES times. The result is kept so
 * the compiler cannot drop the loop. */
static volatile uint32_t work_result;
static void work_on(const char *buffer, ssize_t length) {
  uint32_t hash = 2166136261u;
  for (int pass = 0; pass < WORK_PASSES; pass++)
    for (ssize_t index = 0; index < length; index++) hash = (hash ^ (uint8_t)buffer[index]) * 16777619u;
  work_result = hash;
}

/* The server child: echo (mode 'e'), or count bytes and answer the count
 * (mode 'b'; mode 'w' also works on every byte). */
static void serve(int server, int unix_socket, char mode) {
  int connection = accept(server, NULL, NULL);
  if (connection < 0) fail("accept");
  no_delay(connection, unix_socket);
  static char buffer[CHUNK];
  if (mode == 'e') {
    while (full_read(connection, buffer, MESSAGE) == 0) full_write(connection, buffer, MESSAGE);
  } else {
    long long count = 0;
    ssize_t got;
    while ((got = read(connection, buffer, sizeof buffer)) > 0) {
      if (mode == 'w') work_on(buffer, got);
      count += got;
    }
    full_write(connection, (char *)&count, sizeof count);
  }
  _exit(0);
}

/* One measurement: microseconds per round trip ('e') or MiB/s ('b', 'w'). */
static double measure(int unix_socket, char mode) {
  struct sockaddr_storage address;
  socklen_t length;
  int server = listener(unix_socket, &address, &length);
  pid_t parent = getpid();
  pid_t child = fork();
  if (child < 0) fail("fork");
  if (child == 0) {
    /* A fork does not inherit the death signal: without its own, a child whose parent
       died before it connected would wait in accept() for ever. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(1);
    serve(server, unix_socket, mode);
  }
  close(server);
  int client = socket(unix_socket ? AF_UNIX : AF_INET, SOCK_STREAM, 0);
  if (client < 0 || connect(client, (struct sockaddr *)&address, length) < 0) fail("connect");
  no_delay(client, unix_socket);
  static char buffer[CHUNK];
  memset(buffer, 'x', sizeof buffer);
  double result;
  if (mode == 'e') {
    for (int round = 0; round < WARMUP; round++) {
      full_write(client, buffer, MESSAGE);
      full_read(client, buffer, MESSAGE);
    }
    /* The median round trip: a neighbour's burst of load moves the mean, not the median. */
    static double times[ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      double started = now();
      if (full_write(client, buffer, MESSAGE) || full_read(client, buffer, MESSAGE)) fail("echo");
      times[round] = now() - started;
    }
    qsort(times, ROUNDS, sizeof times[0], compare);
    result = times[ROUNDS / 2] * 1e6;
  } else {
    long long total = mode == 'w' ? WORK_BULK : BULK;
    double started = now();
    for (long long sent = 0; sent < total; sent += CHUNK)
      if (full_write(client, buffer, CHUNK)) fail("bulk");
    shutdown(client, SHUT_WR);
    long long count = 0;
    if (full_read(client, (char *)&count, sizeof count) || count != total) fail("bulk count");
    result = total / (1024.0 * 1024.0) / (now() - started);
  }
  close(client);
  waitpid(child, NULL, 0);
  if (unix_socket) unlink(((struct sockaddr_un *)&address)->sun_path);
  return result;
}

static void print_series(const char *name, double *values, int count) {
  printf("\"%s\":[", name);
  for (int index = 0; index < count; index++) printf("%s%.3f", index ? "," : "", values[index]);
  printf("]");
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: perf DIR PAIRS\n");
    return 2;
  }
  directory = argv[1];
  int pairs = atoi(argv[2]);
  if (pairs < 1 || pairs > 50) return 2;
  double unix_rtt[50], tcp_rtt[50], unix_bulk[50], tcp_bulk[50], unix_work[50], tcp_work[50];
  for (int pair = 0; pair < pairs; pair++) {
    int unix_first = pair % 2 == 0;
    for (int step = 0; step < 2; step++) {
      int unix_socket = step == 0 ? unix_first : !unix_first;
      double rtt = measure(unix_socket, 'e');
      double bulk = measure(unix_socket, 'b');
      double work = measure(unix_socket, 'w');
      if (unix_socket) {
        unix_rtt[pair] = rtt;
        unix_bulk[pair] = bulk;
        unix_work[pair] = work;
      } else {
        tcp_rtt[pair] = rtt;
        tcp_bulk[pair] = bulk;
        tcp_work[pair] = work;
      }
    }
  }
  printf("{");
  print_series("unixRtt", unix_rtt, pairs);
  printf(",");
  print_series("tcpRtt", tcp_rtt, pairs);
  printf(",");
  print_series("unixBulk", unix_bulk, pairs);
  printf(",");
  print_series("tcpBulk", tcp_bulk, pairs);
  printf(",");
  print_series("unixWork", unix_work, pairs);
  printf(",");
  print_series("tcpWork", tcp_work, pairs);
  printf("}\n");
  return 0;
}
