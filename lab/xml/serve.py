#!/usr/bin/env python3
"""The lab's XML application server: serves lab/xml/pages (XML browser pages and remote
phonebooks) on 127.0.0.1:PORT, with the CORS header a browser phone on another origin
needs. Usage: serve.py PORT"""
import functools
import http.server
import os
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".xml": "text/xml"}

    def end_headers(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


if __name__ == "__main__":
    port = int(sys.argv[1])
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pages")
    handler = functools.partial(Handler, directory=root)
    http.server.ThreadingHTTPServer(("127.0.0.1", port), handler).serve_forever()
