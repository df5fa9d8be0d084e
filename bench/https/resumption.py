#!/usr/bin/env python3
"""Does a TLS server resume sessions? python3 bench/https/resumption.py PORT CA_FILE [HOST]

Per TLS version (1.3, 1.2): one GET on a new connection, then a second connection that offers the session
the first one got (for TLS 1.3 a ticket, which arrives after the handshake, so the first answer is read to
its end first). Prints one JSON line: {"tls1.3": true|false|null, "tls1.2": ...} (null: that version
failed; the reason goes to stderr). Both GETs must answer 200, or the line says false for that version.
Loopback only, every socket with a 5 s timeout.
"""
import json
import socket
import ssl
import sys


def get(port, context, host, session=None):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname=host, session=session) as tls:
            tls.sendall(("GET /index.html HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n" % host).encode())
            answer = b""
            while chunk := tls.recv(65536):
                answer += chunk
            return answer.startswith(b"HTTP/1.1 200"), tls.session, tls.session_reused


def resumes(port, ca_file, host, version):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.load_verify_locations(ca_file)
    context.minimum_version = context.maximum_version = version
    ok, session, _ = get(port, context, host)
    again, _, reused = get(port, context, host, session)
    return ok and again and reused


def main(port, ca_file, host="bench.test"):
    found = {}
    for name, version in (("tls1.3", ssl.TLSVersion.TLSv1_3), ("tls1.2", ssl.TLSVersion.TLSv1_2)):
        try:
            found[name] = resumes(port, ca_file, host, version)
        except (OSError, ssl.SSLError) as error:
            print("resumption %s on %d: %s" % (name, port, error), file=sys.stderr)
            found[name] = None
    print(json.dumps(found))


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], *sys.argv[3:4])
