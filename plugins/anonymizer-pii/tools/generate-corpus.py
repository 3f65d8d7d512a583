#!/usr/bin/env python3
"""Writes src/test/resources/corpus/telemetry.jsonl, the labelled corpus CorpusQualityTest measures.

Labels come from this generator alone: every value is built from its format's specification
(Luhn check digits, ISO 7064 mod-97 IBAN check digits, RFC 5321 addresses, RFC 5952 IPv6 forms,
RFC 7519 JWTs, decimal-degree coordinates with the documented shapes and ranges, home-directory paths
built from the Windows, macOS and Linux profile layouts) and its span is where the generator put it. The
detectors are never consulted. Hard negatives (look-alikes that must not be found) are placed the same way,
without a label.

The user-path lines are drawn from their own random generator and merged into the shuffled list at
the end, so the lines of the other types are the same as before user-path was added.

Run from the module directory:  python3 tools/generate-corpus.py
"""
import base64
import json
import random

rnd = random.Random(20261123)


# ---- positives -------------------------------------------------------------------------------

def luhn_check_digit(body):
    total = 0
    for k, ch in enumerate(reversed(body)):
        d = int(ch)
        if k % 2 == 0:          # these get doubled once the check digit is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def card_digits(valid=True):
    prefix, length = rnd.choice([
        ("4", 16), ("4", 16), ("4", 13), ("4", 19), (str(rnd.randint(51, 55)), 16),
        (str(rnd.randint(2221, 2720)), 16), ("34", 15), ("37", 15), ("6011", 16), ("65", 16), ("65", 19)])
    body = prefix + "".join(rnd.choice("0123456789") for _ in range(length - len(prefix) - 1))
    check = luhn_check_digit(body)
    if not valid:
        check = str((int(check) + rnd.randint(1, 9)) % 10)
    return body + check


def group(digits, sizes, sep):
    out, i = [], 0
    for s in sizes:
        out.append(digits[i:i + s])
        i += s
    if i < len(digits):
        out.append(digits[i:])
    return sep.join(out)


def card(valid=True):
    d = card_digits(valid)
    style = rnd.choice(["plain", "space", "dash"])
    if style == "plain":
        return d
    sep = " " if style == "space" else "-"
    sizes = {15: [4, 6, 5], 13: [4, 3, 3, 3]}.get(len(d), [4, 4, 4, 4])   # as issuers print them
    return group(d, sizes, sep)


IBAN_LENGTHS = {"DE": 22, "GB": 22, "FR": 27, "NL": 18, "CH": 21, "AT": 20, "ES": 24, "IT": 27, "BE": 16,
                "PL": 28, "LU": 20, "IE": 22}


def iban_mod97(text):
    value = "".join(str(int(c, 36)) for c in text)
    return int(value) % 97


def bban(country, length):
    n = length - 4
    if country in ("GB", "NL", "IE"):
        bank = "".join(rnd.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4))
        return bank + "".join(rnd.choice("0123456789") for _ in range(n - 4))
    if country == "IT":
        return rnd.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") + "".join(rnd.choice("0123456789") for _ in range(n - 1))
    return "".join(rnd.choice("0123456789") for _ in range(n))


def iban(valid=True):
    country = rnd.choice(list(IBAN_LENGTHS))
    b = bban(country, IBAN_LENGTHS[country])
    check = 98 - iban_mod97(b + country + "00")
    if not valid:
        check = (check + rnd.randint(1, 40)) % 97 + 2
        if iban_mod97(b + country + "%02d" % check) == 1:
            check = check % 97 + 2
    compact = country + "%02d" % check + b
    if rnd.random() < 0.5:
        return compact
    return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))


FIRST = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "oscar",
         "peggy", "trent", "victor", "walter", "jürgen", "zoë"]
LAST = ["smith", "jones", "miller", "schmidt", "meyer", "dupont", "rossi", "novak", "o'neil", "lee"]
DOMAINS = ["example.com", "example.org", "example.net", "mail.example.co.uk", "corp.example.de",
           "sub-domain.example.io", "bücher.example", "students.example.edu"]


def email():
    first, last = rnd.choice(FIRST), rnd.choice(LAST)
    local = rnd.choice([first, first + "." + last, first + "_" + last, first + "+alerts", first[0] + last,
                        first + str(rnd.randint(1, 99)), first + "-" + last, last + "%ops"])
    return local + "@" + rnd.choice(DOMAINS)


def ipv4():
    return ".".join(str(rnd.choice([rnd.randint(1, 255), rnd.randint(0, 9), rnd.randint(10, 99)])) for _ in range(4))


def ipv6():
    fixed = ["2001:db8::1", "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1", "2001:db8:0:1:1:1:1:1",
             "2001:db8::aaaa:0:0:1", "2001:0db8:0000:0000:0000:0000:0000:0001", "fe80::1ff:fe23:4567:890a",
             "::ffff:192.0.2.128", "2001:db8:85a3::8a2e:370:7334", "2001:DB8::8:800:200C:417A", "::1",
             "2001:db8::", "64:ff9b::192.0.2.33", "fd12:3456:789a:1::1"]
    if rnd.random() < 0.5:
        return rnd.choice(fixed)
    groups = ["%x" % rnd.randint(0, 0xffff) for _ in range(8)]
    groups[0] = "2001"
    groups[1] = "db8"
    zero_from = rnd.randint(2, 6)
    zero_len = rnd.randint(0, 8 - zero_from)
    for k in range(zero_from, zero_from + zero_len):
        groups[k] = "0"
    if zero_len >= 2:     # RFC 5952: compress the run of zero groups
        return ":".join(groups[:zero_from]) + "::" + ":".join(groups[zero_from + zero_len:])
    return ":".join(groups)


def mac():
    octets = ["%02x" % rnd.randint(0, 255) for _ in range(6)]
    if rnd.random() < 0.3:
        octets = [o.upper() for o in octets]
    style = rnd.choice([":", "-", "."])
    if style == ".":
        j = "".join(octets)
        return j[0:4] + "." + j[4:8] + "." + j[8:12]
    return style.join(octets)


def b64url(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def jwt(with_alg=True):
    header = {"alg": rnd.choice(["HS256", "RS256", "ES256"]), "typ": "JWT"} if with_alg else {"typ": "JWT"}
    if with_alg and rnd.random() < 0.3:
        header["kid"] = "k%d" % rnd.randint(1, 9)
    payload = {"sub": "user-%d" % rnd.randint(1000, 9999), "iat": 1763900000 + rnd.randint(0, 10 ** 6)}
    signature = bytes(rnd.randint(0, 255) for _ in range(32))
    return ".".join([b64url(json.dumps(header, separators=(",", ":")).encode()),
                     b64url(json.dumps(payload, separators=(",", ":")).encode()), b64url(signature)])


def secret_value():
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return rnd.choice(["sk_live_", "hp_", "", "ghp_"]) + "".join(rnd.choice(alphabet) for _ in range(rnd.randint(16, 40)))


def password_value():
    return rnd.choice(["hunter2", "Winter2026!", "s3cr3t", "correct-horse-battery", "P@ssw0rd", "letmein42"])


def phone():
    return rnd.choice([
        lambda: "+49 30 %07d" % rnd.randint(0, 9999999),
        lambda: "+49 170 %07d" % rnd.randint(0, 9999999),
        lambda: "+49-30-%07d" % rnd.randint(0, 9999999),
        lambda: "+4917%09d" % rnd.randint(0, 999999999),
        lambda: "+1 (%03d) %03d-%04d" % (rnd.randint(200, 999), rnd.randint(200, 999), rnd.randint(0, 9999)),
        lambda: "+44 20 %04d %04d" % (rnd.randint(0, 9999), rnd.randint(0, 9999)),
        lambda: "+44.20.%04d.%04d" % (rnd.randint(0, 9999), rnd.randint(0, 9999)),
        lambda: "+33 1 %02d %02d %02d %02d" % tuple(rnd.randint(0, 99) for _ in range(4)),
        lambda: "+49 (0)89 %06d" % rnd.randint(0, 999999),
        lambda: "(030) %07d" % rnd.randint(0, 9999999),
        lambda: "(0221) %06d" % rnd.randint(0, 999999),
        lambda: "0170 %07d" % rnd.randint(0, 9999999),
        lambda: "0151 %08d" % rnd.randint(0, 99999999),
        lambda: "030/%07d" % rnd.randint(0, 9999999),
        lambda: "0171 %03d %02d %02d" % (rnd.randint(100, 999), rnd.randint(0, 99), rnd.randint(0, 99)),
        lambda: "089-%06d" % rnd.randint(0, 999999),
        lambda: "0049 30 %07d" % rnd.randint(0, 9999999),
    ])()


# Coordinates, as docs/anonymizers/pii-redact.md defines them: decimal degrees, latitude within
# +-90 and longitude within +-180, 3 to 15 fractional digits, no leading zeros; a pair joined by a comma
# and/or spaces (either order), or labelled (lat/latitude, lon/lng/long/longitude, then = or :), the
# finding starting at the first label (or its opening quote).

def degrees(bound):
    return "%.*f" % (rnd.randint(3, 7), rnd.uniform(-bound, bound))


def coordinates():
    lat, lon = degrees(90), degrees(180)
    return rnd.choice([lat + ", " + lon, lat + "," + lon, lat + " " + lon, lat + "°, " + lon + "°"])


def coordinates_query():
    return "lat=%s&%s=%s" % (degrees(90), rnd.choice(["lon", "lng"]), degrees(180))


def coordinates_json():
    return '"lat": %s, "%s": %s' % (degrees(90), rnd.choice(["lon", "lng"]), degrees(180))


def coordinates_geojson():      # GeoJSON positions are [longitude, latitude]
    return "%s, %s" % (degrees(180), degrees(90))


def coordinates_label():
    first, second = rnd.choice([("latitude: ", ", longitude: "), ("Lat=", " Lon="), ("lat: ", "; long: ")])
    return first + degrees(90) + second + degrees(180)


POSITIVE = {
    "email": email, "card": card, "iban": iban, "ipv4": ipv4, "ipv6": ipv6, "mac": mac, "jwt": jwt,
    "phone": phone, "coordinates": coordinates, "coordinates/query": coordinates_query,
    "coordinates/json": coordinates_json, "coordinates/geojson": coordinates_geojson,
    "coordinates/label": coordinates_label,
}


# ---- hard negatives --------------------------------------------------------------------------

def hex_string(n):
    return "".join(rnd.choice("0123456789abcdef") for _ in range(n))


def uuid():
    h = hex_string(32)
    return "-".join([h[:8], h[8:12], h[12:16], h[16:20], h[20:]])


NEGATIVE = {
    "order": lambda: card_digits(valid=False),                            # right prefix and length, wrong Luhn
    "badcard": lambda: card(valid=False),
    "order16": lambda: str(rnd.randint(1, 3)) + "".join(rnd.choice("0123456789") for _ in range(15)),
    "badiban": lambda: iban(valid=False),
    "version": lambda: rnd.choice(["10.0.19045.2965", "1.2.3.4.5", "6.1.7601.24544", "3.10.12", "45.3.1",
                                   "2.0.0.0.1", "17.0.8.1", "121.0.6167.160"]),
    "badip": lambda: rnd.choice(["256.1.1.1", "999.10.10.10", "1.2.3", "192.168.1.300", "010.1.2.3"]),
    "date": lambda: rnd.choice(["2026-11-23", "23.11.2026", "11/23/2026", "2026.11.23", "01.02.2026",
                                "2026-01-05T10:00:00Z"]),
    "time": lambda: rnd.choice(["10:00:00", "23:59:59.999", "12:30", "00:00:01"]),
    "uuid": uuid,
    "sha": lambda: hex_string(40),
    "shortsha": lambda: hex_string(7),
    "md5": lambda: hex_string(32),
    "timestamp": lambda: str(1763900000000 + rnd.randint(0, 10 ** 9)),
    "serial": lambda: rnd.choice(["0123-4567-8901", "0815-4711-0815", "0000 1111 2222", "01701234567",
                                  "0301234567"]),
    "cpp": lambda: rnd.choice(["std::vector", "Foo::bar", "crate::config::load", "Vec::new", "Error::Io"]),
    "localuser": lambda: rnd.choice(["root@localhost", "admin@server01", "build@ci", "@alice", "user@host.local1"]),
    "noalg": lambda: jwt(with_alg=False),
    "dotted": lambda: rnd.choice(["com.example.app.Main", "org.homeport.core.internal", "a.b.c",
                                  "eyJhbGciOiJIUzI1NiJ9.payload"]),
    "prose": lambda: rnd.choice(["token expired", "password reset requested", "Bearer token missing",
                                 "max_tokens=1000", "tokens=5", "secret santa"]),
    "bareuser": lambda: "https://%s@example.com/login" % rnd.choice(FIRST[:10]),
    # coordinates look-alikes, each breaking one documented rule
    "fewdecimals": lambda: "%.*f, %.*f" % (rnd.randint(0, 2), rnd.uniform(-90, 90), rnd.randint(1, 2),
                                           rnd.uniform(-180, 180)),
    "price": lambda: rnd.choice(["EUR 12.99, 4.50", "$1,299.00", "€1.799, €1.859", "12,99 €",
                                 "£1.250,00", "1.000,00 EUR"]),
    "triple": lambda: ", ".join("%.3f" % rnd.uniform(0, 10) for _ in range(3)),
    "timepair": lambda: "%02d:%02d:%02d.%03d, %02d:%02d:%02d.%03d" % tuple(
        rnd.randint(0, 59) for _ in range(8)),
    "outofrange": lambda: "%.4f, %.4f" % (rnd.uniform(91, 179), rnd.uniform(91, 179)),
    "versionpair": lambda: rnd.choice(["1.2.3, 4.5.6", "10.0.19045.2965, 10.0.19045.3000", "45.3.1 45.3.2",
                                       "121.0.6167.160,121.0.6167.184"]),
    "scientific": lambda: "%.3e, %.3e" % (rnd.uniform(1, 9), rnd.uniform(1, 9)),
    "units": lambda: "%.3fs, %.3fms" % (rnd.uniform(0, 9), rnd.uniform(0, 99)),
}


# ---- templates -------------------------------------------------------------------------------
# {type} is a labelled finding, {!name} a hard negative, {~name} a plain filler.

TEMPLATES = [
    "SMTP delivery to <{email}> failed: 550 mailbox unavailable",
    "user {email} could not log in from {ipv4}",
    "java.lang.IllegalStateException: duplicate account {email}\n\tat org.example.Accounts.add(Accounts.java:88)",
    "Payment declined for card {card} (order {!order})",
    "checkout error: card={card} amount=12.50 EUR",
    "refund requested, card number {card}, ref {!order16}",
    "SEPA mandate created for {iban}",
    "transfer to IBAN {iban} rejected: insufficient funds",
    "beneficiary account: {iban}; reference: {!order16}",
    "connection from {ipv4}:{~port} closed after 30s",
    "GET /api/v1/items?id=42 from {ipv4} took 35 ms",
    "X-Forwarded-For: {ipv4}, {ipv4}",
    "listening on [{ipv6}]:8443",
    "peer {ipv6} unreachable",
    "resolved host to {ipv6} and {ipv4}",
    "wlan0 hwaddr {mac} associated",
    "device MAC={mac} firmware {!version}",
    "DHCP lease for {mac} -> {ipv4}",
    "Authorization: Bearer {jwt}",
    "session token {jwt} rejected: signature mismatch",
    "jwt={jwt}",
    "call me at {phone} about ticket 4711",
    "support hotline {phone}, Mon-Fri",
    "contact: {email}, phone {phone}",
    "callback number {phone} saved",
    "Tel.: {phone}",
    "crash in build {!version} on {!date} {!time}",
    "Windows {!version} (build {!date})",
    "request {!uuid} failed after 3 retries",
    "commit {!sha} broke the build",
    "fixed in {!shortsha}, see release {!version}",
    "cache key {!md5} evicted",
    "event at {!timestamp} dropped",
    "serial number {!serial}, lot 7",
    "order {!order16} shipped",
    "invoice {!order} paid",
    "IBAN check failed for {!badiban}",
    "card {!badcard} is not valid",
    "unparseable address {!badip}",
    "panic at {!cpp}: index out of bounds",
    "mail for {!localuser} queued",
    "header {!noalg} ignored",
    "loading {!dotted}",
    "{!prose} for user-4711",
    "redirect to {!bareuser}",
    "timeout at {!time} while syncing {!uuid}",
    "GPS fix {coordinates} (accuracy 12 m) rejected by geofence",
    "reverse geocoding failed for {coordinates}: quota exceeded",
    "GET /v1/weather?{coordinates/query}&units=metric returned 503",
    "location payload: \"device\": \"d-8842\", {coordinates/json}, \"speed\": 3.5",
    "tile request for [{coordinates/geojson}] timed out",
    "{coordinates/label} reported by tracker",
    "sensor readings {!fewdecimals} out of range",
    "price changed to {!price} after sync",
    "load average: {!triple}",
    "frames at {!timepair} skipped",
    "bounds check failed: {!outofrange}",
    "upgraded from {!versionpair}",
    "fit parameters {!scientific} diverged",
    "render took {!units}",
]

SECRET_TEMPLATES = [
    ("GET /v1/report?api_key=", "&format=json 401", secret_value),
    ("config loaded: apikey=", " region=eu-west-1", secret_value),
    ("oauth callback ?code=xyz&access_token=", "&state=abc", secret_value),
    ("login failed for user bob password=", " (attempt 3)", password_value),
    ("DB_PASSWORD=", "\nDB_HOST=db", password_value),
    ("client_secret=", "; grant_type=client_credentials", secret_value),
    ("Authorization: Bearer ", "", secret_value),
    ("retrying with TOKEN=", " after 401", secret_value),
]

URL_TEMPLATES = [
    ("connecting to postgres://", "@db.internal:5432/homeport failed", "app", "password_value"),
    ("fetch https://", "@api.example.com/v2/export?x=1 timed out", "svc-export", "secret_value"),
    ("redis://", "@cache.example.net:6379/0 refused connection", "", "password_value"),
    ("proxy http://", "@proxy.corp.example:3128 returned 407", "jdoe", "password_value"),
    ("git clone https://", "@git.example.org/team/repo.git", "deploy", "secret_value"),
]


# ---- user-path -------------------------------------------------------------------------------
# The user name is the folder right under a home-directory root: C:\Users\<name> (also with '/'
# and with doubled '\\' as escaped strings print it, under \\?\, file:/// and any drive letter),
# C:\Documents and Settings\<name>, /home/<name>, /Users/<name> (macOS), /var/home/<name>; the root
# starts the path, and the path starts after a space, quote, '(', '=', ':' or at the start of the text.
# Windows profile folders may hold spaces (local accounts named "John Smith") and 8.3 short forms
# (JOHNSM~1); Unix user names hold neither. Not personal: Public, Default, Default User, All Users,
# Shared, and placeholders ($USER, %USERNAME%, ${user.home}, <user>).

prnd = random.Random(20261130)

UNIX_USERS = ["alice", "bob", "jdoe", "maria.garcia", "dev_ops", "kim-lee", "jürgen", "zoë", "tom42", "a.smith",
              "heidi", "oscar", "mallory", "ubuntu", "pi"]
WINDOWS_USERS = UNIX_USERS + ["John Smith", "JOHNSM~1", "Anna-Lena", "m.mueller", "Maria Garcia", "ALICE",
                              "jdoe.CORP", "Bob"]
WIN_TAIL = ["AppData\\Local\\Temp\\setup.log", "AppData\\Roaming\\Acme\\settings.json",
            "AppData\\Local\\Acme\\app-45.dll", "Documents\\report.xlsx", "Desktop\\notes.txt",
            ".m2\\repository\\org\\acme\\core.jar", "source\\repos\\acme\\Program.cs"]
MAC_TAIL = ["Library/Application Support/Acme/cache.db", "Library/Caches/com.acme.app/fs",
            "Library/Logs/DiagnosticReports/Acme.crash", "Applications/Acme.app/Contents/MacOS/Acme",
            "Library/Developer/Xcode/DerivedData/Acme/Build/Products/Debug/Acme.app"]
LINUX_TAIL = [".config/acme/settings.json", ".local/share/acme/db.sqlite", ".cache/acme/thumbnails",
              "projects/acme/build/libacme.so", "venv/lib/python3.11/site-packages/acme/core.py", ".ssh/known_hosts"]


SPACED_OR_SHORT = ["John Smith", "Maria Garcia", "Anna Lena Berg", "JOHNSM~1", "ANNALE~1", "MARIAG~2"]


def up_user(windows):
    return prnd.choice(WINDOWS_USERS if windows else UNIX_USERS)


def win_path(prefix="C:\\Users\\", sep="\\"):
    """(text, start, end) of a Windows profile path; the name's span is start..end."""
    name = up_user(True)
    tail = prnd.choice(WIN_TAIL).replace("\\", sep)
    return prefix + name + sep + tail, len(prefix), len(prefix) + len(name)


def up_line(parts):
    """parts: plain strings and (text, start, end) tuples for labelled paths."""
    text, spans = "", []
    for part in parts:
        if isinstance(part, tuple):
            path, start, end = part
            spans.append({"type": "user-path", "start": len(text) + start, "end": len(text) + end})
            text += path
        else:
            text += part
    return {"text": text, "spans": spans}


def unix_path(root, tails):
    name = up_user(False)
    return root + name + "/" + prnd.choice(tails), len(root), len(root) + len(name)


def drive():
    return prnd.choice("CCCCDEcd")


USER_PATH_POSITIVE = [
    lambda: up_line(["\tat com.acme.app.Loader.load (", win_path(drive() + ":\\Users\\"), ")"]),
    lambda: up_line(["java.io.FileNotFoundException: ", win_path(),
                     " (The system cannot find the file specified)"]),
    lambda: up_line(["FileNotFoundError: [Errno 2] No such file or directory: '",
                     win_path("C:\\\\Users\\\\", "\\\\"), "'"]),
    lambda: up_line(["loading ", win_path("file:///C:/Users/", "/"), " failed"]),
    lambda: up_line(["log file ", win_path("c:/users/", "/"), " rotated"]),
    lambda: up_line(["CreateFile(", win_path("\\\\?\\C:\\Users\\"), ") returned ERROR_SHARING_VIOLATION"]),
    lambda: up_line(["profile=", win_path("C:\\Documents and Settings\\"), " is read-only"]),
    lambda: up_line(["", unix_path("/home/", LINUX_TAIL), " not found"]),
    lambda: up_line(["  File \"", unix_path("/home/", LINUX_TAIL), "\", line 42, in run"]),
    lambda: up_line(["opening file://", unix_path("/home/", LINUX_TAIL), " for reading"]),
    lambda: up_line(["Path:               ", unix_path("/Users/", MAC_TAIL)]),
    lambda: up_line(["dyld: Library not loaded (", unix_path("/Users/", MAC_TAIL), ")"]),
    lambda: up_line(["open(", unix_path("/var/home/", LINUX_TAIL), ") failed: EACCES"]),
    lambda: (lambda name: up_line(["cwd=", ("/home/" + name, 6, 6 + len(name))]))(up_user(False)),
    lambda: (lambda name: up_line(["HOME=\"", ("/Users/" + name, 7, 7 + len(name)), "\" SHELL=/bin/zsh"]))(
        up_user(False)),
    lambda: (lambda name: up_line(["   at Acme.Sync.Run() in ", ("C:\\Users\\" + name + "\\source\\repos\\acme\\Sync.cs",
                                                                 9, 9 + len(name)), ":line 42"]))(
        prnd.choice(SPACED_OR_SHORT)),
    lambda: (lambda name: up_line(["temp dir ", ("C:\\Users\\" + name + "\\AppData\\Local\\Temp\\acme-setup",
                                                 9, 9 + len(name)), " is full"]))(prnd.choice(SPACED_OR_SHORT)),
    lambda: up_line(["copy ", unix_path("/home/", LINUX_TAIL), " -> ", win_path("D:\\Users\\"), " failed"]),
]

USER_PATH_NEGATIVE = [
    lambda: "GET https://api.example.com/api/users/%d returned 404" % prnd.randint(1, 99999),
    lambda: "GET /users/%d/settings 200 in 35 ms" % prnd.randint(1, 99999),
    lambda: "avatar https://cdn.example.com/home/%s/avatar.png not cached" % prnd.choice(["feed", "banner", "hero"]),
    lambda: "directory /home/ is empty",
    lambda: "copied to C:\\Users\\Public\\Documents\\shared.txt",
    lambda: "registry hive C:\\Users\\Default\\NTUSER.DAT loaded",
    lambda: "C:\\Documents and Settings\\All Users\\Application Data\\Acme\\license.dat missing",
    lambda: "C:\\Documents and Settings\\Default User\\Start Menu",
    lambda: "cache in /Users/Shared/Acme/cache.db",
    lambda: "could not expand %USERPROFILE%\\AppData\\Roaming\\Acme",
    lambda: "template C:\\Users\\%USERNAME%\\AppData\\Local\\Acme",
    lambda: "default path /home/$USER/.cache/acme",
    lambda: "config at ${user.home}/.acme/config.yml and /home/${USER}/.acme",
    lambda: "usage: acme --data /home/<user>/.acme",
    lambda: "~/.config/acme/settings.json is not writable",
    lambda: "icon /usr/share/acme/icons/acme.png missing",
    lambda: "redirect to https://www.example.com/homepage/index.html and /homepage/about",
    lambda: "install prefix /opt/acme, data /var/lib/acme, root home /root/.acme",
]


def user_path_lines():
    lines = []
    for make in USER_PATH_POSITIVE:
        for _ in range(3):
            lines.append(make())
    for make in USER_PATH_NEGATIVE:
        lines.append({"text": make(), "spans": []})
    return lines


def render(template):
    text, spans, i = "", [], 0
    while i < len(template):
        if template[i] == "{":
            j = template.index("}", i)
            slot = template[i + 1:j]
            if slot.startswith("!"):
                text += NEGATIVE[slot[1:]]()
            elif slot.startswith("~"):
                text += str(rnd.randint(1024, 65535))
            else:
                value = POSITIVE[slot]()
                spans.append({"type": slot.split("/")[0], "start": len(text), "end": len(text) + len(value)})
                text += value
            i = j + 1
        else:
            text += template[i]
            i += 1
    return {"text": text, "spans": spans}


def secret_line():
    before, after, make = rnd.choice(SECRET_TEMPLATES)
    value = make()
    if before.endswith("Bearer ") and len(value) < 16:
        value += "x" * 16
    return {"text": before + value + after,
            "spans": [{"type": "secret", "start": len(before), "end": len(before) + len(value)}]}


def url_line():
    before, after, user, kind = rnd.choice(URL_TEMPLATES)
    password = password_value() if kind == "password_value" else secret_value()
    password = password.replace("@", "%40")            # RFC 3986: '@' in userinfo is percent-encoded
    userinfo = user + ":" + password
    return {"text": before + userinfo + after,
            "spans": [{"type": "url-credentials", "start": len(before), "end": len(before) + len(userinfo)}]}


def main():
    lines = []
    for _ in range(10):
        for template in TEMPLATES:
            lines.append(render(template))
    for _ in range(40):
        lines.append(secret_line())
    for _ in range(35):
        lines.append(url_line())
    rnd.shuffle(lines)
    for line in user_path_lines():
        lines.insert(prnd.randint(0, len(lines)), line)
    with open("src/test/resources/corpus/telemetry.jsonl", "w", encoding="utf-8") as out:
        for line in lines:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(len(lines), "lines")


if __name__ == "__main__":
    main()
