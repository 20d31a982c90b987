#!/usr/bin/env python3
"""A list publisher that misbehaves on purpose, for tests/lists_fetch_test.cc.

Serves the files of ROOT over HTTP and HTTPS on loopback (ephemeral ports, printed as
"PORTS <http> <https>" on the first stdout line). The first path segment picks the behaviour:

  /ok/F          200 with ETag and Last-Modified; 304 when If-None-Match matches
  /status/N/F    answers HTTP N
  /short/F       Content-Length of the whole file, then half of it and the connection closed
  /hang/F        headers and 100 bytes, then nothing (until the client gives up)
  /html/F        200 with Content-Type text/html
  /redirect/F    302 to /ok/F on the same server
  /downgrade/F   302 to http://.../ok/F (from the HTTPS server: a downgrade)

Every request is appended to ROOT/requests.log as "<method> <path> <status> <if-none-match>".
"""
import hashlib
import http.server
import os
import socketserver
import ssl
import sys
import threading
import time

ROOT = sys.argv[1]
CERT = sys.argv[2] if len(sys.argv) > 2 else ""
KEY = sys.argv[3] if len(sys.argv) > 3 else ""
PORTS = {}
LOG_LOCK = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def note(self, status):
        with LOG_LOCK, open(os.path.join(ROOT, "requests.log"), "a") as log:
            log.write("%s %s %d %s\n" % (self.command, self.path, status,
                                         self.headers.get("If-None-Match", "-")))

    def body_of(self, name):
        path = os.path.join(ROOT, os.path.basename(name))
        if not os.path.isfile(path):
            return None
        with open(path, "rb") as f:
            return f.read()

    def send(self, status, body=b"", headers=()):
        self.note(status)
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        parts = self.path.lstrip("/").split("/")
        mode, rest = parts[0], parts[1:]
        if mode == "status":
            return self.send(int(rest[0]), b"error page\n", [("Content-Type", "text/plain")])
        name = rest[-1] if rest else ""
        body = self.body_of(name)
        if body is None:
            return self.send(404, b"not found\n", [("Content-Type", "text/plain")])
        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:16]
        if mode == "ok":
            if self.headers.get("If-None-Match") == etag:
                self.note(304)
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            return self.send(200, body, [("Content-Type", "application/xml"), ("ETag", etag),
                                         ("Last-Modified", "Fri, 27 Feb 2026 10:00:00 GMT")])
        if mode == "html":
            return self.send(200, body, [("Content-Type", "text/html; charset=utf-8")])
        if mode == "redirect":
            return self.send(302, b"", [("Location", "/ok/" + name)])
        if mode == "downgrade":
            return self.send(302, b"", [("Location",
                                         "http://127.0.0.1:%d/ok/%s" % (PORTS["http"], name))])
        if mode == "short":
            self.note(200)
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        if mode == "hang":
            self.note(200)
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[:100])
            self.wfile.flush()
            time.sleep(3600)
            return
        return self.send(400, b"unknown mode\n")


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    plain = Server(("127.0.0.1", 0), Handler)
    PORTS["http"] = plain.server_address[1]
    servers = [plain]
    if CERT:
        tls = Server(("127.0.0.1", 0), Handler)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(CERT, KEY)
        tls.socket = ctx.wrap_socket(tls.socket, server_side=True)
        PORTS["https"] = tls.server_address[1]
        servers.append(tls)
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    print("PORTS %d %d" % (PORTS["http"], PORTS.get("https", 0)), flush=True)
    sys.stdin.read()  # runs until the test closes our stdin (or exits)


if __name__ == "__main__":
    main()
