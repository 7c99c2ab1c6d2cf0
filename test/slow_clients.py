#!/usr/bin/env python3
"""Hostile HTTP clients for test/nginx_proxy_test.sh (Python standard library only).

  slow_clients.py --port P [--tls] slow N        N connections sending a request at 1 byte/s
                                                 (prints "closed by the server after S s" for each
                                                 one the server hangs up on)
  slow_clients.py --port P [--tls] idle N        N connections that never send a byte
  slow_clients.py --port P [--tls] headers N K   one request with N headers of K bytes each
  slow_clients.py --port P [--tls] slowbody N    N connections sending a POST body at 1 byte/s
                                                 (the head is sent whole)

--source ADDR connects from that local address (to come from another client address).

Prints "ready" on stdout once the clients are doing what they do (the test then measures a fresh
request). `slow` and `idle` go on until killed; `headers` sends everything it can (it stops when
the server refuses it), prints "result: …" with the reply's status line, and exits.
"""
import argparse
import socket
import ssl
import sys
import time


SOURCE = None


def connect(host, port, tls):
    sock = socket.create_connection((host, port), timeout=10,
                                    source_address=(SOURCE, 0) if SOURCE else None)
    if not tls:
        return sock
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the test's self-signed certificate
    return context.wrap_socket(sock, server_hostname=host)


def ready():
    print("ready", flush=True)


def trickle(conns, payload, started):
    # Sends `payload` one byte per connection per second, saying when the server hangs up on one
    # (the time since `started`).
    for sent in range(len(payload)):
        for conn in list(conns):
            try:
                conn.sendall(payload[sent:sent + 1])
            except OSError:
                conns.remove(conn)  # the server hung up on it: nothing more to send
                print("closed by the server after %.1f s" % (time.monotonic() - started), flush=True)
        if sent == 0:
            ready()
        time.sleep(1)


def slow(args):
    # A request whose headers never end within the test: one byte per connection per second.
    request = (b"GET /demandOrder/D000120170621?attack=slow HTTP/1.1\r\nHost: ops\r\nX-Slow: "
               + b"a" * 100000)
    started = time.monotonic()
    conns = [connect(args.host, args.port, args.tls) for _ in range(args.count)]
    trickle(conns, request, started)


def slowbody(args):
    # A whole head, then a body whose bytes come one per connection per second.
    body_length = 100000
    head = (b"POST /peidan/huitui?attack=slowbody HTTP/1.1\r\nHost: %s\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n"
            % (args.host.encode(), body_length))
    started = time.monotonic()
    conns = [connect(args.host, args.port, args.tls) for _ in range(args.count)]
    for conn in conns:
        conn.sendall(head)
    trickle(conns, b"a" * body_length, started)


def idle(args):
    # Plain TCP even on a TLS port: an idle client does not start the handshake either.
    source = (SOURCE, 0) if SOURCE else None
    conns = []
    for _ in range(args.count):
        try:
            conns.append(socket.create_connection((args.host, args.port), timeout=10, source_address=source))
        except OSError:
            break  # refused past a connection limit: the rest would be too
    ready()
    while conns:
        time.sleep(3600)


def headers(args):
    conn = connect(args.host, args.port, args.tls)
    conn.sendall(b"GET /demandOrder/D000120170621?attack=headers HTTP/1.1\r\nHost: ops\r\n")
    sent = 0
    refused = None
    for i in range(args.count):
        name = b"X-Pad-%05d: " % i
        line = name + b"b" * (args.size - len(name) - 2) + b"\r\n"
        try:
            conn.sendall(line)
        except OSError as error:
            refused = error
            break
        sent += 1
        if sent == 128:  # 1 MB of headers on the way: the attack is under way
            ready()
    if refused is None:
        try:
            conn.sendall(b"\r\n")
        except OSError as error:
            refused = error
    if sent < 128:
        ready()
    conn.settimeout(30)
    try:
        reply = conn.recv(4096).split(b"\r\n", 1)[0].decode("latin-1") or "(connection closed)"
    except OSError as error:
        reply = "(no reply: %s)" % type(error).__name__
    how = "refused after %d headers" % sent if refused is not None else "all %d headers sent" % sent
    print("result: %s; reply: %s" % (how, reply), flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--tls", action="store_true")
    parser.add_argument("--source")
    sub = parser.add_subparsers(dest="mode", required=True)
    for mode in ("slow", "idle", "slowbody"):
        sub.add_parser(mode).add_argument("count", type=int)
    big = sub.add_parser("headers")
    big.add_argument("count", type=int)
    big.add_argument("size", type=int)
    args = parser.parse_args()
    global SOURCE
    SOURCE = args.source
    {"slow": slow, "idle": idle, "headers": headers, "slowbody": slowbody}[args.mode](args)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
