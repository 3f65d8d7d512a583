#!/usr/bin/env python3
"""Writes src/test/resources/corpus/events.jsonl and src/test/resources/corpus/negatives.jsonl, the
labelled event corpus and the hard negatives that EventCorpusQualityTest measures.

events.jsonl: one telemetry event per line, drawn from realistic event templates (crash reports in
English, German, French, Japanese and Portuguese, HTTP error logs, log batches, device inventories,
storage fault alerts, copier meters, CI build reports, licence checks, location pings, payment
failures, authentication audits, support tickets). Each event is a list of fields
{"key", "text", "spans"}; a span is where this generator put a value of a type, so the labels come
from the generator alone and the detectors are never consulted. Values are built from their formats'
public specifications: RFC 5321 addresses (also percent-encoded, RFC 3986), the numbering plans of
the US (NANP, 555-01xx fictional range), UK (Ofcom drama ranges), DE, FR (ARCEP), JP, IN, BR and
E.164, RFC 791/5952 addresses from the documentation ranges and private ranges, ISO 13616 IBANs with
mod-97 check digits, Luhn card numbers, EUI-48 MACs, the documented token formats of GitHub, Slack,
AWS, Google, Stripe, GitLab, RFC 7519 JWTs, RFC 9110 Authorization headers, URL userinfo (RFC 3986),
decimal-degree coordinates, Windows/Linux/macOS profile paths, and person names.

negatives.jsonl: values that hold no personal data and must stay untouched: four-part product and
firmware versions (in version fields and in upgrade messages), SNMP and X.509 OIDs, Fibre Channel
WWNs (FC-FS NAA 1, 2 and 5), npm package specs, retina asset names, git remotes in scp-like syntax,
hashes, UUIDs, ids, dates, times, code symbols, durations, prices.

Run from the module directory:  python3 tools/generate-event-corpus.py
"""
import base64
import hashlib
import json
import random
import urllib.parse

rnd = random.Random(20261204)

FIRST = ["Jane", "John", "Anna", "Lukas", "Sophie", "Mohammed", "Priya", "Hiroshi", "Yuki", "Camille", "Lucas",
         "Mariana", "Zoë", "José", "Chen", "Olga", "Fatima", "Liam", "Emma", "Noah", "Aarav", "Ana", "Pierre", "Ingrid"]
LAST = ["Doe", "Smith", "Müller", "Schmidt", "Dubois", "Martin", "Tanaka", "Sato", "Silva", "Santos", "Patel",
        "Sharma", "O'Brien", "García", "Wang", "Ivanova", "Rossi", "Kowalski", "Nguyen", "Andersen", "Laurent",
        "Becker-Hahn", "Costa", "Khan"]
DOMAINS = ["example.com", "example.org", "example.net", "mail.example.co.uk", "corp.example.de", "example.fr",
           "example.jp", "example.com.br", "example.in"]


class Field:
    """Builds one field's text piece by piece, recording the spans of labelled values."""

    def __init__(self, key):
        self.key = key
        self.parts = []
        self.length = 0
        self.spans = []

    def text(self, s):
        self.parts.append(s)
        self.length += len(s)
        return self

    def pii(self, kind, s):
        self.spans.append({"type": kind, "start": self.length, "end": self.length + len(s)})
        return self.text(s)

    def done(self):
        return {"key": self.key, "text": "".join(self.parts), "spans": self.spans}


def whole(key, kind, value):
    return Field(key).pii(kind, value).done()


def plain(key, value):
    return Field(key).text(value).done()


# ---- values from their formats ----------------------------------------------------------------

def person():
    return rnd.choice(FIRST) + " " + rnd.choice(LAST)


def ascii_fold(s):
    table = str.maketrans({"ü": "u", "ö": "o", "ä": "a", "é": "e", "ë": "e", "í": "i", "ç": "c", "'": ""})
    return s.translate(table)


def login(name):
    first, last = name.split(" ", 1)
    last = ascii_fold(last).lower().replace("-", "")
    first = ascii_fold(first).lower()
    return rnd.choice([first[0] + last, first + "." + last, first + "_" + last, first + last[:3] + str(rnd.randint(1, 99))])


def email(name=None):
    name = name or person()
    return login(name) + "@" + rnd.choice(DOMAINS)


def ipv4_public():
    return rnd.choice(["192.0.2.", "198.51.100.", "203.0.113."]) + str(rnd.randint(1, 254))


def ipv4_private():
    return rnd.choice(["10.%d.%d.%d" % (rnd.randint(0, 255), rnd.randint(0, 255), rnd.randint(1, 254)),
                       "172.%d.%d.%d" % (rnd.randint(16, 31), rnd.randint(0, 255), rnd.randint(1, 254)),
                       "192.168.%d.%d" % (rnd.randint(0, 255), rnd.randint(1, 254))])


def ipv4():
    return ipv4_public() if rnd.random() < 0.5 else ipv4_private()


def ipv6():
    groups = ["2001", "db8"] + ["%x" % rnd.randint(0, 0xffff) for _ in range(6)]
    style = rnd.choice(["full", "compressed", "link"])
    if style == "full":
        return ":".join(groups)
    if style == "compressed":
        return ":".join(groups[:3]) + "::" + groups[7]
    return "fe80::" + ":".join("%x" % rnd.randint(1, 0xffff) for _ in range(4))


def mac():
    octets = ["%02x" % rnd.randint(0, 255) for _ in range(6)]
    style = rnd.choice([":", "-", "cisco"])
    if style == "cisco":
        h = "".join(octets)
        return h[0:4] + "." + h[4:8] + "." + h[8:12]
    s = style.join(octets)
    return s.upper() if rnd.random() < 0.3 else s


def luhn(body):
    total = 0
    for k, ch in enumerate(reversed(body)):
        d = int(ch)
        if k % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def card():
    prefix = rnd.choice(["4", "51", "52", "55", "2221", "6011"])
    body = prefix + "".join(rnd.choice("0123456789") for _ in range(15 - len(prefix)))
    digits = body + luhn(body)
    return rnd.choice([digits, " ".join(digits[i:i + 4] for i in range(0, 16, 4)),
                       "-".join(digits[i:i + 4] for i in range(0, 16, 4))])


IBAN_BBAN = {"DE": 18, "GB": 18, "FR": 23, "NL": 14, "ES": 20, "IT": 23, "AT": 16, "BE": 12, "CH": 17, "PL": 24}


def iban():
    country = rnd.choice(sorted(IBAN_BBAN))
    n = IBAN_BBAN[country]
    if country in ("GB", "NL"):
        bban = "".join(rnd.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4)) + \
               "".join(rnd.choice("0123456789") for _ in range(n - 4))
    else:
        bban = "".join(rnd.choice("0123456789") for _ in range(n))
    rearranged = bban + country + "00"
    number = int("".join(str(int(c, 36)) for c in rearranged))
    check = 98 - number % 97
    value = country + "%02d" % check + bban
    if rnd.random() < 0.5:
        value = " ".join(value[i:i + 4] for i in range(0, len(value), 4))
    if rnd.random() < 0.4:
        value = value.lower()
    return value


def phone():
    """(written form, country) from each plan's documented layout; fictional ranges where there are any."""
    kind = rnd.choice(["us", "us", "uk", "de", "fr", "jp", "in", "br", "e164"])
    if kind == "us":
        a, x = rnd.randint(201, 989), "555"
        line = "01%02d" % rnd.randint(0, 99)
        return rnd.choice(["%d-%s-%s" % (a, x, line), "(%d) %s-%s" % (a, x, line), "%d.%s.%s" % (a, x, line),
                           "+1 %d %s %s" % (a, x, line), "1-%d-%s-%s" % (a, x, line)])
    if kind == "uk":
        return rnd.choice(["020 7946 0%03d" % rnd.randint(0, 999), "07700 900%03d" % rnd.randint(0, 999),
                           "+44 20 7946 0%03d" % rnd.randint(0, 999), "0161 496 0%03d" % rnd.randint(0, 999)])
    if kind == "de":
        return rnd.choice(["030 %d" % rnd.randint(1000000, 99999999), "0170 %d" % rnd.randint(1000000, 9999999),
                           "+49 30 %d" % rnd.randint(1000000, 9999999), "(089) %d" % rnd.randint(100000, 9999999),
                           "0171 %03d %02d %02d" % (rnd.randint(0, 999), rnd.randint(0, 99), rnd.randint(0, 99))])
    if kind == "fr":
        pairs = ["%02d" % rnd.randint(0, 99) for _ in range(4)]
        first = "0" + str(rnd.choice([1, 2, 3, 4, 5, 6, 7, 9]))
        return rnd.choice([" ".join([first] + pairs), ".".join([first] + pairs),
                           "+33 " + first[1] + " " + " ".join(pairs)])
    if kind == "jp":
        return rnd.choice(["03-%04d-%04d" % (rnd.randint(1000, 9999), rnd.randint(0, 9999)),
                           "090-%04d-%04d" % (rnd.randint(1000, 9999), rnd.randint(0, 9999)),
                           "06-%04d-%04d" % (rnd.randint(1000, 9999), rnd.randint(0, 9999)),
                           "+81 90 %04d %04d" % (rnd.randint(1000, 9999), rnd.randint(0, 9999))])
    if kind == "in":
        m = "%d%04d" % (rnd.randint(6, 9), rnd.randint(0, 9999))
        rest = "%05d" % rnd.randint(0, 99999)
        return rnd.choice([m + " " + rest, "+91 " + m + " " + rest, "+91-" + m + rest])
    if kind == "br":
        return rnd.choice(["(11) 9%04d-%04d" % (rnd.randint(1000, 9999), rnd.randint(0, 9999)),
                           "(21) %04d-%04d" % (rnd.randint(2000, 5999), rnd.randint(0, 9999)),
                           "+55 11 9%04d %04d" % (rnd.randint(1000, 9999), rnd.randint(0, 9999))])
    return "+" + rnd.choice(["49", "44", "33", "81", "91", "55", "1"]) + "".join(rnd.choice("0123456789") for _ in range(10))


def msisdn():
    return rnd.choice(["49", "44", "33", "81", "91", "55"]) + "".join(rnd.choice("0123456789") for _ in range(10))


B62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def b62(n):
    return "".join(rnd.choice(B62) for _ in range(n))


def known_token():
    kind = rnd.choice(["ghp", "gho", "ghs", "pat", "slack", "aws", "google", "stripe", "gitlab"])
    if kind in ("ghp", "gho", "ghs"):
        return kind + "_" + b62(36)
    if kind == "pat":
        return "github_pat_" + b62(22) + "_" + b62(59)
    if kind == "slack":
        return rnd.choice(["xoxb-", "xoxp-"]) + str(rnd.randint(10 ** 9, 10 ** 10)) + "-" + \
            str(rnd.randint(10 ** 12, 10 ** 13)) + "-" + b62(24)
    if kind == "aws":
        return "AKIA" + "".join(rnd.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))
    if kind == "google":
        return "AIza" + "".join(rnd.choice(B62 + "-_") for _ in range(35))
    if kind == "stripe":
        return "sk_live_" + b62(24)
    return "glpat-" + b62(20)


def aws_secret():
    return "".join(rnd.choice(B62 + "/+") for _ in range(40))


def opaque():
    return "".join(rnd.choice(B62 + "-._~") for _ in range(rnd.randint(20, 48))).strip(".")


def jwt():
    def enc(obj):
        return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")
    header = enc({"alg": rnd.choice(["HS256", "RS256", "ES256"]), "typ": "JWT"})
    payload = enc({"sub": "u-%d" % rnd.randint(1, 99999), "iat": rnd.randint(1700000000, 1800000000)})
    sig = base64.urlsafe_b64encode(bytes(rnd.randint(0, 255) for _ in range(32))).decode().rstrip("=")
    return header + "." + payload + "." + sig


def coordinates():
    lat = round(rnd.uniform(-60, 70), rnd.randint(4, 6))
    lon = round(rnd.uniform(-170, 170), rnd.randint(4, 6))
    lat_s = "%.*f" % (rnd.randint(4, 6), lat)
    lon_s = "%.*f" % (rnd.randint(4, 6), lon)
    return rnd.choice([lat_s + ", " + lon_s, lat_s + "," + lon_s])


def version4():
    return "%d.%d.%d.%d" % (rnd.randint(1, 30), rnd.randint(0, 12), rnd.randint(0, 9), rnd.randint(0, 250))


def sha(n=40):
    return hashlib.sha256(str(rnd.random()).encode()).hexdigest()[:n]


def uuid():
    h = sha(32)
    return h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:32]


def wwn():
    naa = rnd.choice(["10:00", "20:00", "21:00", "50:06"])
    return naa + ":" + ":".join("%02x" % rnd.randint(0, 255) for _ in range(6))


# ---- event templates ----------------------------------------------------------------------------

def crash_en():
    name, ip = person(), ipv4()
    mail = email(name)
    msg = Field("message").text("NullPointerException in SyncService.run for ").pii("email", mail) \
        .text(" (session from ").pii("ipv4", ip).text(")")
    user = login(name)
    stack = Field("stack").text("at com.acme.sync.Loader.load(C:\\Users\\").pii("user-path", user) \
        .text("\\AppData\\Local\\Acme\\core.dll)\nat com.acme.sync.SyncService.run(SyncService.java:212)")
    return [msg.done(), stack.done(), plain("app_version", version4()), plain("os", "Windows 10.0.19045.%d" % rnd.randint(1000, 4000))]


def crash_de():
    name = person()
    msg = Field("meldung").text("Absturz beim Synchronisieren: Benutzer ").pii("email", email(name)) \
        .text(", Rückruf unter ").pii("phone", rnd.choice(["030 %d" % rnd.randint(1000000, 9999999),
                                                             "+49 170 %d" % rnd.randint(1000000, 9999999)]))
    return [msg.done(), plain("firmware_version", version4()),
            Field("log").text("Pfad /home/").pii("user-path", login(name)).text("/.config/acme/settings.json fehlt").done()]


def crash_fr():
    name = person()
    ph = "0" + str(rnd.choice([1, 6, 7])) + " " + " ".join("%02d" % rnd.randint(0, 99) for _ in range(4))
    msg = Field("message").text("Échec de la connexion depuis ").pii("ipv4", ipv4()).text(" pour ") \
        .pii("email", email(name)).text(" ; rappeler le ").pii("phone", ph)
    return [msg.done(), plain("version", version4()),
            Field("log").text("name: ").pii("person", name).text(" a signalé le problème").done()]


def crash_ja():
    name = person()
    ph = "0%d-%04d-%04d" % (rnd.choice([3, 6]), rnd.randint(1000, 9999), rnd.randint(0, 9999))
    msg = Field("message").text("同期に失敗しました。ユーザー ").pii("email", email(name)).text(" 電話 ").pii("phone", ph) \
        .text(" 端末 ").pii("mac", mac())
    return [msg.done(), plain("build", version4())]


def crash_pt():
    name = person()
    msg = Field("mensagem").text("Falha ao sincronizar: usuário user=\"").pii("person", name).text("\" telefone ") \
        .pii("phone", "(11) 9%04d-%04d" % (rnd.randint(1000, 9999), rnd.randint(0, 9999)))
    return [msg.done(), plain("versao", version4())]


def http_error():
    name = person()
    mail = email(name)
    key = b62(rnd.randint(16, 32))
    url = Field("url").text("https://api.example.com/v2/invite?to=") \
        .pii("email", urllib.parse.quote(mail, safe="")).text("&api_key=").pii("secret", key).text("&lang=en")
    auth_value = opaque()
    headers = Field("authorization").text("Bearer ").pii("secret", auth_value)
    line = Field("log").text("GET /v2/invite 500 client=").pii("ipv4", ipv4()) \
        .text(" ua=\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0.6099.%d\"" % rnd.randint(10, 250))
    return [url.done(), headers.done(), line.done(), plain("status", "500")]


def log_batch():
    lines = []
    name = person()
    user = login(name)
    f = Field("line").text("level=info ts=2026-11-23T10:00:%02dZ user=" % rnd.randint(0, 59)).pii("person", user) \
        .text(" ip=").pii("ipv4", ipv4()).text(" msg=\"login ok\"")
    lines.append(f.done())
    a, b = version4(), version4()
    lines.append(plain("line", "level=info msg=\"agent upgraded from %s to %s\"" % (a, b)))
    token = known_token()
    lines.append(Field("line").text("level=error msg=\"webhook rejected\" credential ").pii("secret", token).done()
                 if rnd.random() < 0.5 else
                 Field("line").text("level=error msg=\"notify failed\" token=").pii("secret", token).done())
    lines.append(Field("line").text("aws_secret_access_key = ").pii("secret", aws_secret()).done())
    lines.append(Field("line").text("connect to ").text("postgres://").pii("url-credentials", "app:" + b62(12))
                 .text("@db.internal:5432/main").done())
    return lines


def device_inventory():
    name = person()
    return [whole("mac", "mac", mac()), plain("firmware_version", version4()), plain("model", "X%d-%s" % (rnd.randint(100, 999), sha(4).upper())),
            whole("mgmt_ip", "ipv4", ipv4_private()), whole("ipv6", "ipv6", ipv6()),
            whole("owner", "person", name), plain("serial", "SN" + str(rnd.randint(10 ** 9, 10 ** 10))),
            plain("bios", "BIOS %s" % version4())]


def storage_fault():
    name = person()
    port = wwn()
    msg = Field("message").text("FC port %s link down on fabric %s; array " % (port, rnd.choice("AB"))) \
        .pii("ipv4", ipv4_private()).text(" paged ").pii("email", email(name)).text(" / ") \
        .pii("phone", rnd.choice(["020 7946 0%03d" % rnd.randint(0, 999), "+44 20 7946 0%03d" % rnd.randint(0, 999)]))
    return [msg.done(), plain("wwpn", port), plain("wwnn", wwn()), plain("firmware", version4()),
            plain("controller", "ctrl-%s" % rnd.choice("ab"))]


def copier_meter():
    return [plain("sysObjectID", "1.3.6.1.4.1.%d.1.%d" % (rnd.choice([367, 1602, 2435, 11]), rnd.randint(1, 9))),
            plain("counter_oid", "1.3.6.1.2.1.43.10.2.1.4.1.1"), plain("total_pages", str(rnd.randint(1000, 999999))),
            whole("ip", "ipv4", ipv4_private()), whole("mac", "mac", mac()),
            Field("location").text("floor %d, contact: " % rnd.randint(1, 9)).pii("person", person()).done(),
            plain("firmware", version4()), plain("trap", "snmp trap 1.3.6.1.6.3.1.1.5.%d received" % rnd.randint(1, 6))]


def ci_build():
    name = person()
    mail = email(name)
    deps = "installed react@18.%d.%d lodash@4.17.21 @babel/core@7.%d.%d" % (rnd.randint(0, 3), rnd.randint(0, 9), rnd.randint(0, 24), rnd.randint(0, 9))
    author = Field("author").pii("person", name).text(" <").pii("email", mail).text(">")
    token = "ghp_" + b62(36)
    log = Field("log").text("git push git@gitlab.example.com:team/app.git failed: token ").pii("secret", token) \
        .text(" rejected; assets avatar@2x.png icon@3x.png copied")
    return [plain("deps", deps), plain("remote", "git@github.com:acme/%s.git" % rnd.choice(["web", "api", "app"])),
            plain("commit", sha()), author.done(), log.done()]


def licence_check():
    name = person()
    return [whole("customer_name", "person", name), whole("contact_email", "email", email(name)),
            whole("host_id", "mac", mac()), plain("product_version", version4()),
            Field("billing").text("IBAN ").pii("iban", iban()).done(), plain("licence", "LIC-%d" % rnd.randint(10000, 99999))]


def location_ping():
    fix = Field("fix").pii("coordinates", coordinates()).done()
    return [fix, whole("msisdn", "phone", msisdn()), plain("cell_id", str(rnd.randint(10 ** 6, 10 ** 8))),
            Field("note").text("ping via ").pii("ipv6", ipv6()).text(" ok").done(), plain("accuracy_m", str(rnd.randint(3, 90)))]


def payment_failure():
    name = person()
    msg = Field("message").text("charge declined for card ").pii("card", card()).text(", refund to ").pii("iban", iban())
    return [msg.done(), whole("cardholder", "person", name), whole("phone", "phone", phone())]


def auth_audit():
    name = person()
    line = Field("event").text("token issued ").pii("jwt", jwt()).text(" to ").pii("email", email(name))
    header = Field("header").text("Authorization: Basic ").pii("secret", base64.b64encode(
        (login(name) + ":" + b62(10)).encode()).decode())
    return [line.done(), header.done(), whole("client_secret", "secret", b62(32)),
            Field("log").text("login failed user=\"").pii("person", name).text("\" from ").pii("ipv4", ipv4()).done()]


def support_ticket():
    name = person()
    ph = phone()
    body = Field("body").text("Customer called from ").pii("phone", ph).text(", mail ").pii("email", email(name)) \
        .text(", device ").pii("mac", mac())
    return [body.done(), Field("meta").text("{\"username\": \"").pii("person", login(name)).text("\", \"tier\": 2}").done()]


TEMPLATES = [crash_en, crash_de, crash_fr, crash_ja, crash_pt, http_error, log_batch, device_inventory,
             storage_fault, copier_meter, ci_build, licence_check, location_ping, payment_failure, auth_audit,
             support_ticket]


# ---- hard negatives ------------------------------------------------------------------------------

def negatives():
    out = []

    def add(cls, key, text):
        out.append({"class": cls, "key": key, "text": text} if key else {"class": cls, "text": text})

    for _ in range(60):
        v = version4()
        add("version", rnd.choice(["version", "firmware_version", "fw", "app_version", "build", "driver_version"]), v)
        add("version", None, rnd.choice(["upgraded from %s to %s" % (v, version4()), "firmware %s installed" % v,
                                         "Version: %s" % v, "build %s (release)" % v, "rolled back to release %s" % v,
                                         "BIOS %s" % v, "driver %s loaded" % v]))
    for _ in range(30):
        add("wwn", rnd.choice(["wwpn", "wwnn", "port_wwn", None]), wwn())
        add("wwn", None, "FC port %s logged in to fabric" % wwn())
        add("oid", rnd.choice(["oid", "sysObjectID", None]), "1.3.6.1.%s" % ".".join(str(rnd.randint(1, 40)) for _ in range(rnd.randint(3, 9))))
        add("oid", None, rnd.choice(["snmp get 1.3.6.1.2.1.1.%d.0 timeout" % rnd.randint(1, 9),
                                     "extension 2.5.29.%d unsupported" % rnd.randint(14, 37),
                                     "attribute 2.5.4.%d missing" % rnd.randint(3, 12), "OID 1.3.6.1 walk done"]))
        add("npm", None, "npm ERR! peer %s@%d.%d.%d required" % (rnd.choice(["react", "vue", "lodash", "typescript"]),
                                                               rnd.randint(1, 20), rnd.randint(0, 20), rnd.randint(0, 30)))
        add("npm", "deps", "%s@%d.%d.%d" % (rnd.choice(["react-dom", "express", "@angular/core"]), rnd.randint(1, 20),
                                            rnd.randint(0, 20), rnd.randint(0, 30)))
        add("asset", None, "missing %s@%dx.%s" % (rnd.choice(["avatar", "logo", "icon", "hero"]), rnd.randint(2, 3),
                                                 rnd.choice(["png", "webp", "jpg"])))
        add("git-remote", rnd.choice(["remote", None]), "git@%s:%s/%s.git" % (rnd.choice(["github.com", "gitlab.example.com", "bitbucket.org"]),
                                                                      rnd.choice(["acme", "team", "ops"]), rnd.choice(["app", "web", "infra"])))
        add("hash", rnd.choice(["commit", "sha256", None]), sha(rnd.choice([40, 64])))
        add("uuid", rnd.choice(["request_id", "trace", None]), uuid())
        add("id", None, rnd.choice(["order %d shipped" % rnd.randint(10 ** 7, 10 ** 9), "ticket JIRA-%d" % rnd.randint(100, 9999),
                                    "build #%d" % rnd.randint(100, 99999), "serial 0123-4567-89%02d" % rnd.randint(0, 99)]))
        add("date", None, rnd.choice(["released 2026-%02d-%02d" % (rnd.randint(1, 12), rnd.randint(1, 28)),
                                      "am %02d.%02d.2026 um 10:%02d" % (rnd.randint(1, 28), rnd.randint(1, 12), rnd.randint(0, 59)),
                                      "due %02d/%02d/2026" % (rnd.randint(1, 12), rnd.randint(1, 28))]))
        add("symbol", None, rnd.choice(["std::vector<int>::push_back", "at Foo::bar(int)", "java.util.HashMap.get(HashMap.java:%d)" % rnd.randint(1, 900),
                                        "panic at Vec::new: index out of bounds", "TokenRefresher.refresh failed"]))
        add("measure", None, rnd.choice(["took %d ms" % rnd.randint(1, 9999), "price EUR %d.%02d" % (rnd.randint(1, 99), rnd.randint(0, 99)),
                                         "load 0.%02d 0.%02d 0.%02d" % (rnd.randint(0, 99), rnd.randint(0, 99), rnd.randint(0, 99)),
                                         "uptime %d s" % rnd.randint(10, 10 ** 7)]))
        add("secret-word", None, rnd.choice(["Bearer token missing", "token expired", "max_tokens=%d" % rnd.randint(10, 4000),
                                             "password: ********", "api_key=${API_KEY}"]))
        add("name-word", None, rnd.choice(["hostname=build%02d" % rnd.randint(1, 99), "user=root", "name=config",
                                           "{\"name\": \"CalendarSync\"}", "user: not found"]))
    return out


def main():
    events = []
    for n in range(2400):
        template = TEMPLATES[n % len(TEMPLATES)]
        events.append({"template": template.__name__, "fields": template()})
    rnd.shuffle(events)
    with open("src/test/resources/corpus/events.jsonl", "w", encoding="utf-8") as f:
        for e in events:
            f.write(json.dumps(e, ensure_ascii=False) + "\n")
    with open("src/test/resources/corpus/negatives.jsonl", "w", encoding="utf-8") as f:
        for e in negatives():
            f.write(json.dumps(e, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
