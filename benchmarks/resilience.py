#!/usr/bin/env python3
"""Resilience run of the Portcullis demo (loopback only, bounded, stops by itself).

    mvn -B -o -pl demo-app -am package -DskipTests
    python3 benchmarks/resilience.py            # or benchmarks/resilience.sh

Scenarios, each against a fresh data directory and a demo started here with -Xmx96m:
  1. flood    - anonymous GET /login from 32 connections for FLOOD_SECONDS: requests, errors, sessions
                created (Set-Cookie JSESSIONID), heap after a full GC (jcmd), p50/p99 latency.
  2. slow     - SLOW_CONNECTIONS clients send POST /login or /signup bodies one byte per second while
                one client times GET /: the figures show whether the slow bodies delay it.
  3. crash    - an upload is killed (kill -9) half-way, the demo restarted: temp files left, the file
                confirmed before the crash compared byte for byte.
  4. logins  - LOGIN_CLIENTS clients log in to their own accounts in a loop (correct passwords, no cookies
                kept, as a script would) for LOGIN_SECONDS while another user logs in once a second: that
                user's log-in latency before and during, 503s, and the session rows the loop left.
  5. index    - upload cost with INDEX_ROWS rows already in the files table (inserted with sqlite3 while the
                demo is stopped) against an empty table: UPLOADS small uploads each, p50 and max.
Prints one line per figure. Needs java 17+, python 3.8+ (sqlite3 module), jcmd (JDK), the built jar.
Run only some scenarios by naming them: python3 benchmarks/resilience.py logins index
"""
import hashlib, http.client, os, re, shutil, signal, socket, sqlite3, ssl, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "demo-app", "target", "demo-app.jar")
FLOOD_SECONDS = int(os.environ.get("FLOOD_SECONDS", "20"))
FLOOD_CONNECTIONS = int(os.environ.get("FLOOD_CONNECTIONS", "32"))
SLOW_CONNECTIONS = int(os.environ.get("SLOW_CONNECTIONS", "200"))
SLOW_SECONDS = int(os.environ.get("SLOW_SECONDS", "20"))
HEAP = os.environ.get("DEMO_HEAP", "-Xmx96m")
LOGIN_CLIENTS = int(os.environ.get("LOGIN_CLIENTS", "16"))
LOGIN_SECONDS = int(os.environ.get("LOGIN_SECONDS", "20"))
INDEX_ROWS = int(os.environ.get("INDEX_ROWS", "200000"))
UPLOADS = int(os.environ.get("UPLOADS", "20"))
PASSWORD = "correct horse battery staple"


class Demo:
    def __init__(self, data, extra=()):
        self.data = data
        self.proc = subprocess.Popen(["java", HEAP, *extra, "-jar", JAR, "--data-dir", data, "--http-port", "0",
                                      "--https-port", "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.time() + 120
        self.port = None
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise SystemExit("demo did not start")
            m = re.search(r"HTTPS: https://localhost:(\d+)/", line)
            if m:
                self.port = int(m.group(1))
            if line.startswith("Press Ctrl+C"):
                break
        threading.Thread(target=lambda: [None for _ in self.proc.stdout], daemon=True).start()
        self.ctx = ssl.create_default_context(cafile=os.path.join(data, "tls", "server.pem"))

    def conn(self):
        return http.client.HTTPSConnection("localhost", self.port, context=self.ctx, timeout=30)

    def stop(self, kill=False):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            self.proc.wait(60)


def heap_after_gc(pid):
    try:
        subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, timeout=60)
        out = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True, timeout=60).stdout
        m = re.search(r"used (\d+)K", out)
        return int(m.group(1)) // 1024 if m else -1
    except (OSError, subprocess.TimeoutExpired):
        return -1


def pct(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))]


def flood(tmp):
    demo = Demo(os.path.join(tmp, "flood"))
    stop_at = time.time() + FLOOD_SECONDS
    counts = {"requests": 0, "errors": 0, "sessions": 0}
    lat = []
    lock = threading.Lock()

    def worker():
        c = demo.conn()
        while time.time() < stop_at:
            t0 = time.perf_counter()
            try:
                c.request("GET", "/login")
                r = c.getresponse()
                r.read()
                ok = r.status == 200
                session = any(k.lower() == "set-cookie" and v.startswith("JSESSIONID=") for k, v in r.getheaders())
            except (OSError, http.client.HTTPException):
                ok, session = False, False
                c = demo.conn()
            with lock:
                counts["requests"] += 1
                counts["errors"] += 0 if ok else 1
                counts["sessions"] += 1 if session else 0
                lat.append(time.perf_counter() - t0)

    threads = [threading.Thread(target=worker) for _ in range(FLOOD_CONNECTIONS)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    heap = heap_after_gc(demo.proc.pid)
    alive = demo.proc.poll() is None
    demo.stop()
    print(f"flood: {counts['requests']} GET /login in {FLOOD_SECONDS} s from {FLOOD_CONNECTIONS} connections at {HEAP}, "
          f"{counts['errors']} errors, {counts['sessions']} sessions created, heap after full GC {heap} MiB, "
          f"p50 {pct(lat, 50) * 1000:.0f} ms, p99 {pct(lat, 99) * 1000:.0f} ms, alive {alive}")


def slow(tmp):
    demo = Demo(os.path.join(tmp, "slow"))

    def timed_get():
        t0 = time.perf_counter()
        c = demo.conn()
        c.request("GET", "/")
        r = c.getresponse()
        r.read()
        c.close()
        return r.status, time.perf_counter() - t0

    base = [timed_get()[1] for _ in range(20)]
    socks = []
    for i in range(SLOW_CONNECTIONS):
        s = demo.ctx.wrap_socket(socket.create_connection(("localhost", demo.port), timeout=30), server_hostname="localhost")
        path = "/login" if i % 2 == 0 else "/signup"
        s.sendall((f"POST {path} HTTP/1.1\r\nHost: localhost:{demo.port}\r\nContent-Type: application/x-www-form-urlencoded"
                   f"\r\nContent-Length: 1000\r\n\r\nc").encode())
        socks.append(s)
    during, statuses = [], []
    stop_at = time.time() + SLOW_SECONDS
    while time.time() < stop_at:
        for s in socks:
            try:
                s.sendall(b"x")
            except OSError:
                pass
        st, t = timed_get()
        statuses.append(st)
        during.append(t)
        time.sleep(max(0.0, 1.0 - t))
    answered, closed, open_ = 0, 0, 0
    for s in socks:
        try:
            s.settimeout(0.5)
            got = s.recv(64)
            if got.startswith(b"HTTP/1.1 "):
                answered += 1
            else:
                closed += 1
        except socket.timeout:
            open_ += 1
        except OSError:
            closed += 1
        s.close()
    demo.stop()
    print(f"slow: {SLOW_CONNECTIONS} bodies at 1 B/s for {SLOW_SECONDS} s; GET / before p50 {pct(base, 50) * 1000:.0f} ms, "
          f"during p50 {pct(during, 50) * 1000:.0f} ms, max {max(during) * 1000:.0f} ms, "
          f"{sum(1 for s in statuses if s != 200)} non-200 of {len(statuses)}; slow connections at the end: {answered} answered "
          f"(408 or 400), {closed} closed, {open_} still open")


def crash(tmp):
    data = os.path.join(tmp, "crash")
    demo = Demo(data)
    c = demo.conn()

    def cookie_of(r, jar):
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, value = v.split(";")[0].split("=", 1)
                jar[name] = value

    jar = {}

    def req(method, path, body=None, ctype=None):
        h = {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())}
        if ctype:
            h["Content-Type"] = ctype
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        text = r.read()
        cookie_of(r, jar)
        return r.status, text.decode("utf-8", "replace")

    token = re.search(r'name="csrf" value="([^"]+)"', req("GET", "/signup")[1]).group(1)
    req("POST", "/signup", f"csrf={token}&username=crash-user&password=correct+horse+battery",
        "application/x-www-form-urlencoded")
    token = re.search(r'name="csrf" value="([^"]+)"', req("GET", "/upload")[1]).group(1)
    content = os.urandom(1024).hex().encode() * 256  # 512 KiB of text
    b = "----crash"
    body = (f"--{b}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n--{b}\r\nContent-Disposition: "
            f"form-data; name=\"file\"; filename=\"kept.txt\"\r\nContent-Type: text/plain\r\n\r\n").encode() + content \
        + f"\r\n--{b}--\r\n".encode()
    status, page = req("POST", "/upload", body, f"multipart/form-data; boundary={b}")
    file_id = re.search(r'href="/files/([0-9a-f]{32})"', page).group(1)
    # a second upload, killed half-way
    s = demo.ctx.wrap_socket(socket.create_connection(("localhost", demo.port)), server_hostname="localhost")
    big = 8 * 1024 * 1024
    head = (f"--{b}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n--{b}\r\nContent-Disposition: "
            f"form-data; name=\"file\"; filename=\"half.txt\"\r\nContent-Type: text/plain\r\n\r\n").encode()
    s.sendall((f"POST /upload HTTP/1.1\r\nHost: localhost:{demo.port}\r\nCookie: JSESSIONID={jar['JSESSIONID']}\r\n"
               f"Content-Type: multipart/form-data; boundary={b}\r\nContent-Length: {len(head) + big + 20}\r\n\r\n").encode()
              + head + b"y" * (big // 2))
    time.sleep(1)
    tmp_before = sum(len(f) for _, _, f in os.walk(os.path.join(data, "tmp")))
    demo.stop(kill=True)
    s.close()
    demo = Demo(data)
    tmp_after = sum(len(f) for _, _, f in os.walk(os.path.join(data, "tmp"))) + \
        sum(len(f) for _, _, f in os.walk(os.path.join(data, "uploads", "tmp")))
    c = demo.conn()
    jar.clear()
    token = re.search(r'name="csrf" value="([^"]+)"', req("GET", "/login")[1]).group(1)
    req("POST", "/login", f"csrf={token}&username=crash-user&password=correct+horse+battery&next=/account",
        "application/x-www-form-urlencoded")
    c.request("GET", f"/files/{file_id}", headers={"Cookie": f"JSESSIONID={jar.get('JSESSIONID', '')}"})
    r = c.getresponse()
    got = r.read()
    demo.stop()
    same = hashlib.sha256(got).hexdigest() == hashlib.sha256(content).hexdigest()
    print(f"crash: kill -9 during an 8 MiB upload with {tmp_before} temp file(s) open; after restart {tmp_after} temp "
          f"file(s) left; the file confirmed before the crash: HTTP {r.status}, byte-identical {same}")


class Browser:
    """One user agent: its own connection and cookie jar; knows the demo's forms."""

    def __init__(self, demo):
        self.demo = demo
        self.c = demo.conn()
        self.jar = {}

    def req(self, method, path, body=None, ctype=None):
        h = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.jar.items())} if self.jar else {}
        if ctype:
            h["Content-Type"] = ctype
        try:
            self.c.request(method, path, body=body, headers=h)
            r = self.c.getresponse()
        except (OSError, http.client.HTTPException):
            self.c = self.demo.conn()
            self.c.request(method, path, body=body, headers=h)
            r = self.c.getresponse()
        text = r.read().decode("utf-8", "replace")
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, value = v.split(";")[0].split("=", 1)
                self.jar[name] = value
        if r.getheader("Connection", "").lower() == "close":
            self.c.close()
            self.c = self.demo.conn()
        return r.status, text

    def token(self, page):
        return re.search(r'name="csrf" value="([^"]+)"', self.req("GET", page)[1]).group(1)

    def form(self, path, **fields):
        from urllib.parse import urlencode
        return self.req("POST", path, urlencode(fields), "application/x-www-form-urlencoded")

    def sign_up(self, name):
        status, _ = self.form("/signup", csrf=self.token("/signup"), username=name, password=PASSWORD)
        if status != 303:
            raise SystemExit(f"sign-up of {name} failed: {status}")

    def log_in(self, name, token=None):
        return self.form("/login", csrf=token or self.token("/login"), username=name, password=PASSWORD,
                         next="/account")[0]

    def upload(self, name, content):
        token = self.token("/upload")
        b = "----bench"
        body = (f"--{b}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n--{b}\r\n"
                f"Content-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/plain\r\n\r\n"
                ).encode() + content + f"\r\n--{b}--\r\n".encode()
        return self.req("POST", "/upload", body, f"multipart/form-data; boundary={b}")[0]


def logins(tmp):
    demo = Demo(os.path.join(tmp, "logins"))
    victim = Browser(demo)
    victim.sign_up("victim")
    names = [f"looper{i}" for i in range(LOGIN_CLIENTS)]
    for n in names:
        Browser(demo).sign_up(n)

    def victim_login():
        b = Browser(demo)
        token = b.token("/login")
        t0 = time.perf_counter()
        status = b.log_in("victim", token)
        return status, time.perf_counter() - t0

    base = [victim_login() for _ in range(5)]
    stop_at = time.time() + LOGIN_SECONDS
    counts = {"logins": 0, "busy": 0, "other": 0}
    lock = threading.Lock()

    def looper(name):
        b = Browser(demo)
        token = b.token("/login")
        keep = dict(b.jar)  # only the anonymous CSRF cookie: every log-in makes a new session
        while time.time() < stop_at:
            b.jar = dict(keep)
            try:
                status = b.log_in(name, token)
            except (OSError, http.client.HTTPException):
                status = -1
            with lock:
                key = "logins" if status == 303 else "busy" if status == 503 else "other"
                counts[key] += 1

    threads = [threading.Thread(target=looper, args=(n,)) for n in names]
    [t.start() for t in threads]
    during = []
    while time.time() < stop_at:
        st, t = victim_login()
        during.append((st, t))
        time.sleep(max(0.0, 1.0 - t))
    [t.join() for t in threads]
    demo.stop()
    with sqlite3.connect(os.path.join(demo.data, "demo.db")) as db:
        rows = db.execute("SELECT count(*) FROM sessions").fetchone()[0]
    ok = [t for st, t in during if st == 303]
    print(f"logins: {LOGIN_CLIENTS} clients logging in in a loop for {LOGIN_SECONDS} s ({counts['logins']} log-ins, "
          f"{counts['busy']} x 503 busy, {counts['other']} other); another user's log-in before: p50 "
          f"{pct([t for _, t in base], 50) * 1000:.0f} ms, max {max(t for _, t in base) * 1000:.0f} ms; during: "
          f"{len(ok)} of {len(during)} succeeded, p50 {pct(ok, 50) * 1000:.0f} ms, max {max(ok or [0]) * 1000:.0f} ms, "
          f"{sum(1 for st, _ in during if st == 503)} x 503; session rows left: {rows}")


def index(tmp):
    def run(rows):
        data = os.path.join(tmp, f"index-{rows}")
        demo = Demo(data)
        Browser(demo).sign_up("bulk-owner")
        demo.stop()
        t0 = time.perf_counter()
        with sqlite3.connect(os.path.join(data, "demo.db")) as db:
            owner = db.execute("SELECT id FROM users WHERE name = 'bulk-owner'").fetchone()[0]
            db.executemany("INSERT INTO files(id, owner_id, name, media_type, size, uploaded_at) VALUES (?,?,?,?,?,?)",
                           ((f"{i:032x}", owner, f"file-{i}.txt", "text/plain", 10, "2026-12-02T00:00:00Z")
                            for i in range(rows)))
        fill = time.perf_counter() - t0
        demo = Demo(data)
        b = Browser(demo)
        b.sign_up("uploader")
        times, statuses = [], []
        for i in range(UPLOADS):
            t0 = time.perf_counter()
            statuses.append(b.upload(f"small-{i}.txt", f"small upload {i}\n".encode() * 64))
            times.append(time.perf_counter() - t0)
        demo.stop()
        # the database's share alone: the demo's INSERT, one transaction each, as the demo commits it
        inserts = []
        with sqlite3.connect(os.path.join(data, "demo.db"), isolation_level=None) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            owner = db.execute("SELECT id FROM users WHERE name = 'uploader'").fetchone()[0]
            for i in range(100):
                t0 = time.perf_counter()
                db.execute("BEGIN")
                db.execute("INSERT INTO files(id, owner_id, name, media_type, size, uploaded_at) VALUES (?,?,?,?,?,?)",
                           (f"{rows + i:032x}", owner, f"direct-{i}.txt", "text/plain", 10, "2026-12-02T00:00:00Z"))
                db.execute("COMMIT")
                inserts.append(time.perf_counter() - t0)
        print(f"index: {rows} rows in the files table (filled in {fill:.1f} s); {UPLOADS} uploads of 1 KiB: "
              f"{sum(1 for s in statuses if s == 201)} x 201, p50 {pct(times, 50) * 1000:.0f} ms, "
              f"max {max(times) * 1000:.0f} ms; the row's INSERT + COMMIT alone (100, synchronous=FULL): "
              f"p50 {pct(inserts, 50) * 1000:.2f} ms, p99 {pct(inserts, 99) * 1000:.2f} ms")

    run(0)
    run(INDEX_ROWS)


SCENARIOS = {"flood": flood, "slow": slow, "crash": crash, "logins": logins, "index": index}


def main():
    if not os.path.exists(JAR):
        sys.exit(f"{JAR} is missing: mvn -B -o -pl demo-app -am package -DskipTests")
    chosen = sys.argv[1:] or list(SCENARIOS)
    unknown = [c for c in chosen if c not in SCENARIOS]
    if unknown:
        sys.exit(f"unknown scenario {unknown}; choose from {', '.join(SCENARIOS)}")
    tmp = tempfile.mkdtemp(prefix="portcullis-resilience-")
    try:
        for name in chosen:
            SCENARIOS[name](tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
