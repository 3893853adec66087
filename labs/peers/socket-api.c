/*
 * C peer for the c-socket-api lab: asks the kernel and the C headers directly.
 *
 *   socket-api DIR   prints one JSON document:
 *     - AF_UNIX, AF_LOCAL and PF_UNIX as the headers define them;
 *     - sizeof(((struct sockaddr_un *)0)->sun_path) from <sys/un.h>;
 *     - socket(AF_UNIX, SOCK_STREAM, protocol) for protocol 0, PF_UNIX and 2;
 *     - socket(AF_UNIX, SOCK_RAW, 0): accepted or not, and the type the kernel
 *       reports for it (getsockopt SO_TYPE);
 *     - two datagrams sent on a SOCK_RAW socketpair, and the sizes read back;
 *     - a SOCK_RAW socket sending to a SOCK_DGRAM receiver bound in DIR, and a
 *       SOCK_STREAM connect to a SOCK_RAW socket bound in DIR (its errno).
 * Every file it binds is unlinked before it exits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static const char *err_name(int error) {
  const char *name = strerrorname_np(error);
  return name ? name : "unknown";
}

/* socket(AF_UNIX, SOCK_STREAM, protocol): "ok" or the errno name. */
static const char *try_protocol(int protocol) {
  int fd = socket(AF_UNIX, SOCK_STREAM, protocol);
  if (fd < 0) return err_name(errno);
  close(fd);
  return "ok";
}

static const char *type_name(int type) {
  switch (type) {
    case SOCK_STREAM: return "SOCK_STREAM";
    case SOCK_DGRAM: return "SOCK_DGRAM";
    case SOCK_SEQPACKET: return "SOCK_SEQPACKET";
    case SOCK_RAW: return "SOCK_RAW";
    default: return "other";
  }
}

static void address(struct sockaddr_un *where, const char *dir, const char *name) {
  memset(where, 0, sizeof *where);
  where->sun_family = AF_UNIX;
  snprintf(where->sun_path, sizeof where->sun_path, "%s/%s", dir, name);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: socket-api DIR\n");
    return 2;
  }
  const char *dir = argv[1];
  struct sockaddr_un probe;

  /* SOCK_RAW in AF_UNIX. */
  int raw = socket(AF_UNIX, SOCK_RAW, 0);
  const char *raw_socket = raw < 0 ? err_name(errno) : "ok";
  int raw_type = -1;
  socklen_t length = sizeof raw_type;
  if (raw >= 0) getsockopt(raw, SOL_SOCKET, SO_TYPE, &raw_type, &length);

  /* Boundaries on a SOCK_RAW socketpair: "ab" then "cde" read with a 64-byte buffer. */
  int pair[2];
  long first = -1, second = -1;
  const char *pair_result = "ok";
  if (socketpair(AF_UNIX, SOCK_RAW, 0, pair) < 0) {
    pair_result = err_name(errno);
  } else {
    char buffer[64];
    send(pair[0], "ab", 2, 0);
    send(pair[0], "cde", 3, 0);
    first = recv(pair[1], buffer, sizeof buffer, MSG_DONTWAIT);
    second = recv(pair[1], buffer, sizeof buffer, MSG_DONTWAIT);
    close(pair[0]);
    close(pair[1]);
  }

  /* A SOCK_RAW sender and a SOCK_DGRAM receiver: the same kind of socket. */
  struct sockaddr_un receiver_address;
  address(&receiver_address, dir, "dgram.sock");
  int receiver = socket(AF_UNIX, SOCK_DGRAM, 0);
  const char *raw_to_dgram = "ok";
  long delivered = -1;
  if (bind(receiver, (struct sockaddr *)&receiver_address, sizeof receiver_address) < 0) {
    raw_to_dgram = err_name(errno);
  } else if (raw >= 0) {
    if (sendto(raw, "hello", 5, 0, (struct sockaddr *)&receiver_address,
               sizeof receiver_address) < 0) {
      raw_to_dgram = err_name(errno);
    } else {
      char buffer[64];
      delivered = recv(receiver, buffer, sizeof buffer, MSG_DONTWAIT);
    }
  }
  close(receiver);
  unlink(receiver_address.sun_path);

  /* A SOCK_STREAM client connecting to a bound SOCK_RAW socket. */
  struct sockaddr_un raw_address;
  address(&raw_address, dir, "raw.sock");
  const char *stream_to_raw = "ok";
  int raw_bound = socket(AF_UNIX, SOCK_RAW, 0);
  if (raw_bound < 0 ||
      bind(raw_bound, (struct sockaddr *)&raw_address, sizeof raw_address) < 0) {
    stream_to_raw = err_name(errno);
  } else {
    int client = socket(AF_UNIX, SOCK_STREAM, 0);
    if (connect(client, (struct sockaddr *)&raw_address, sizeof raw_address) < 0)
      stream_to_raw = err_name(errno);
    close(client);
  }
  if (raw_bound >= 0) close(raw_bound);
  unlink(raw_address.sun_path);
  if (raw >= 0) close(raw);

  printf("{\"AF_UNIX\":%d,\"AF_LOCAL\":%d,\"PF_UNIX\":%d,\"sunPathSize\":%zu,", AF_UNIX,
         AF_LOCAL, PF_UNIX, sizeof probe.sun_path);
  printf("\"protocol\":{\"0\":\"%s\",\"%d\":\"%s\",\"2\":\"%s\"},", try_protocol(0), PF_UNIX,
         try_protocol(PF_UNIX), try_protocol(2));
  printf("\"raw\":{\"socket\":\"%s\",\"soType\":\"%s\",\"socketpair\":\"%s\",", raw_socket,
         raw_type < 0 ? "none" : type_name(raw_type), pair_result);
  printf("\"reads\":[%ld,%ld],\"rawToDgram\":\"%s\",\"delivered\":%ld,", first, second,
         raw_to_dgram, delivered);
  printf("\"streamToRaw\":\"%s\"}}\n", stream_to_raw);
  return 0;
}
