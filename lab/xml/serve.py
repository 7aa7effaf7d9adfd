#!/usr/bin/env python3
"""The lab's HTTP server for phones: XML browser pages, remote phonebooks and
provisioning files from lab/xml/pages, with the CORS headers a browser phone on another
origin needs. /prov/secure/ asks for Basic credentials (prov / provpw) and answers slowly
(SLOW seconds), so that a phone's progress can be seen. /spool/ serves
SPOOL, a directory tests write files into while they run.
Usage: serve.py PORT [SPOOL]"""
import base64
import functools
import http.server
import os
import sys
import time

SECURE = "/prov/secure/"
CREDENTIALS = "Basic " + base64.b64encode(b"prov:provpw").decode()
SLOW = 0.8


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".xml": "text/xml", ".cfg": "text/plain"}
    spool = None

    def end_headers(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Headers", "Authorization")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_OPTIONS(self):
        # A CORS preflight (a request with an Authorization header).
        self.send_response(204)
        self.send_header("Access-Control-Allow-Methods", "GET")
        self.end_headers()

    def do_GET(self):
        if self.path.startswith(SECURE):
            time.sleep(SLOW)
        if self.path.startswith(SECURE) and self.headers.get("Authorization") != CREDENTIALS:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="provisioning"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        super().do_GET()

    def translate_path(self, path):
        if self.spool and path.startswith("/spool/"):
            rel = path[len("/spool/"):].split("?")[0]
            return os.path.join(self.spool, *[p for p in rel.split("/") if p not in ("", ".", "..")])
        return super().translate_path(path)


if __name__ == "__main__":
    port = int(sys.argv[1])
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pages")
    if len(sys.argv) > 2:
        Handler.spool = sys.argv[2]
        os.makedirs(Handler.spool, exist_ok=True)
    handler = functools.partial(Handler, directory=root)
    http.server.ThreadingHTTPServer(("127.0.0.1", port), handler).serve_forever()
