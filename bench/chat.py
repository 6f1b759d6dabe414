#!/usr/bin/env python3
"""PilotPlus AI's own overhead: chat messages through the gateway against a model that answers at once.

This script serves a minimal OpenAI-compatible chat completions endpoint on 127.0.0.1:18090 (answers in
well under a millisecond) and sends sequential messages through the gateway with a real API key: messages the
model answers directly ("no tools"), and messages where it first asks for two tools (search_contacts and
list_campaigns, which really call contacts-service and campaigns-service) and then answers ("two tools"). Each
message also holds and settles its credits in billing-service and stores the exchange. The fake model's own
round trip is measured alone for reference.

Start the stack pointed at it first, then run:
    OPENAI_BASE_URL=http://127.0.0.1:18090/v1 ./dev/up --detach
    bench/chat.py [messages per kind, default 300] [warm-up messages, default 200]
BENCH_SUMMARY=<file> also appends each result as a tab-separated line to that file (bench/summary.py).
"""
import http.client
import http.server
import json
import os
import statistics
import sys
import threading
import time
import urllib.parse

from summary import record

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = dict(line.strip().split("=", 1) for line in open(os.path.join(ROOT, ".dev", "env")) if "=" in line)
GATEWAY = urllib.parse.urlparse(ENV["GATEWAY_URL"])
ADMIN = ENV["OP_ADMIN_TOKEN"]
COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 300
WARMUP = int(sys.argv[2]) if len(sys.argv) > 2 else 200
PORT = 18090


class FakeModel(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # headers and body are separate writes: with Nagle's algorithm the body waits for the peer's delayed ACK (40 ms)
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        messages = body.get("messages", [])
        wants_tools = any("[two tools]" in str(m.get("content")) for m in messages if m.get("role") == "user")
        has_results = any(m.get("role") == "tool" for m in messages)
        if wants_tools and not has_results:
            message = {"role": "assistant", "content": None, "tool_calls": [
                {"id": "call_1", "type": "function",
                 "function": {"name": "search_contacts", "arguments": json.dumps({"title": "VP", "limit": 5})}},
                {"id": "call_2", "type": "function",
                 "function": {"name": "list_campaigns", "arguments": json.dumps({"status": "active"})}}]}
            finish = "tool_calls"
        else:
            message = {"role": "assistant", "content": "Here is what I found."}
            finish = "stop"
        answer = json.dumps({"id": "chatcmpl-bench", "object": "chat.completion", "created": int(time.time()),
                             "model": body.get("model"), "choices": [{"index": 0, "message": message,
                                                                      "finish_reason": finish}],
                             "usage": {"prompt_tokens": 120, "completion_tokens": 12, "total_tokens": 132}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)


def request(conn, method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    started = time.perf_counter()
    conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    response = conn.getresponse()
    data = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status >= 300:
        raise RuntimeError(f"{method} {path} -> {response.status} {data[:300]!r}")
    return elapsed, json.loads(data)


def percentiles(samples):
    ordered = sorted(samples)
    return (statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], ordered[-1])


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), FakeModel)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    gateway = http.client.HTTPConnection(GATEWAY.hostname, GATEWAY.port, timeout=130)
    _, org = request(gateway, "POST", "/admin/v1/orgs", {"name": f"chat bench {time.time_ns()}", "plan": "scale"}, ADMIN)
    org_id = org["data"]["id"]
    request(gateway, "POST", f"/admin/v1/orgs/{org_id}/credits", {"amount": 1_000_000, "reason": "bench"}, ADMIN)
    _, key = request(gateway, "POST", f"/admin/v1/orgs/{org_id}/api-keys", {"name": "bench", "scopes": ["*"]}, ADMIN)
    key = key["data"]["key"]
    for i in range(20):
        request(gateway, "POST", "/api/v1/contacts", {"email": f"vp{i}@bench-chat.io", "title": "VP Sales"}, key)

    model = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    probe = {"model": "x", "messages": [{"role": "user", "content": "hi"}]}
    for _ in range(WARMUP):
        request(model, "POST", "/v1/chat/completions", probe)
    direct = [request(model, "POST", "/v1/chat/completions", probe)[0] for _ in range(COUNT)]

    def send(text):
        elapsed, answer = request(gateway, "POST", "/api/v1/chat", {"message": text}, key)
        return elapsed, answer

    for i in range(WARMUP):
        send("warm up [two tools]" if i % 2 else "warm up")
    plain = [send(f"hello {i}")[0] for i in range(COUNT)]
    tools = []
    for i in range(COUNT):
        elapsed, answer = send(f"find VPs {i} [two tools]")
        calls = answer["data"]["tool_calls"]
        assert [c["name"] for c in calls] == ["search_contacts", "list_campaigns"] and all(c["ok"] for c in calls), calls
        tools.append(elapsed)

    print(f"# bench/chat.py {COUNT} {WARMUP}   ({time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime())}, sequential, after warm-up)")
    for name, samples in (("fake model alone (one completion)", direct),
                          ("chat message, no tools (1 model call)", plain),
                          ("chat message, two tool calls (2 model calls, 2 service calls)", tools)):
        p50, p99, worst = percentiles(samples)
        print(f"{name:64s} p50 {p50:7.2f} ms   p99 {p99:7.2f} ms   max {worst:7.2f} ms")
        record(f"chat: {name}, {COUNT} sequential after {WARMUP} warm-up messages",
               f"p50 {p50:.2f} ms, p99 {p99:.2f} ms, max {worst:.2f} ms")
    server.shutdown()


if __name__ == "__main__":
    main()
