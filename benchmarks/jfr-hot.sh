#!/usr/bin/env bash
# Hot spots of a JFR recording with the JDK 17 `jfr` tool (17 has no `jfr view hot-methods`):
# CPU samples by top frame (self), by Homeport method anywhere on the stack (inclusive), by thread,
# the allocation samples by class and by allocating Homeport method, the GC pauses, the threads
# sampled in native code (fsync, epoll) and the fsyncs (jdk.FileForce, >= 10 ms with settings=profile).
#   benchmarks/jfr-hot.sh recording.jfr [TOP=25]
# Record one with: jcmd <pid> JFR.start settings=profile duration=30s filename=recording.jfr
# (benchmarks/nginx-ratio.sh does it with PROFILE=1).
set -euo pipefail
[[ $# -ge 1 && -s "$1" ]] || { echo "usage: $0 recording.jfr [TOP]" >&2; exit 2; }
JFR_FILE="$1"; TOP="${2:-25}"
TMP="$(mktemp -d /tmp/jfr-hot.XXXXXX)"
trap 'rm -rf "$TMP"' EXIT
jfr print --json --stack-depth 64 --events jdk.ExecutionSample "$JFR_FILE" >"$TMP/cpu.json"
jfr print --json --stack-depth 64 --events jdk.ObjectAllocationSample "$JFR_FILE" >"$TMP/alloc.json"
jfr print --json --events jdk.GarbageCollection "$JFR_FILE" >"$TMP/gc.json"
jfr print --json --stack-depth 64 --events jdk.NativeMethodSample "$JFR_FILE" >"$TMP/native.json"
jfr print --json --stack-depth 64 --events jdk.FileForce "$JFR_FILE" >"$TMP/force.json"
python3 - "$TMP" "$TOP" <<'PY'
import collections, json, re, sys
tmp, top = sys.argv[1], int(sys.argv[2])

def events(name):
    return json.load(open(f"{tmp}/{name}.json"))["recording"]["events"]

def frames(e):
    st = e["values"].get("stackTrace") or {}
    out = []
    for f in st.get("frames", []):
        m = f["method"]
        out.append(m["type"]["name"].replace("/", ".") + "." + m["name"])
    return out

def thread(e):
    t = e["values"].get("sampledThread") or e["values"].get("eventThread") or {}
    name = t.get("javaName") or t.get("osName") or "?"
    return re.sub(r"\d+", "N", name)

def homeport(fs):
    # named Homeport methods only: lambda frames say nothing the next frame down does not
    return [f for f in fs if f.startswith("org.homeport.") and "$$Lambda" not in f]

def table(title, counter, total, n=top):
    print(f"\n{title} ({total} samples)")
    for key, c in counter.most_common(n):
        print(f"  {100.0 * c / total:5.1f}%  {c:6d}  {key}")

cpu = events("cpu")
total = len(cpu)
selfc, incl, threads, firsthp = collections.Counter(), collections.Counter(), collections.Counter(), collections.Counter()
for e in cpu:
    fs = frames(e)
    if fs:
        selfc[fs[0]] += 1
    for f in set(homeport(fs)):
        incl[f] += 1
    hp = homeport(fs)
    firsthp[hp[0] if hp else "(no Homeport frame)"] += 1
    threads[thread(e)] += 1
if total:
    table("CPU, top frame (self)", selfc, total)
    table("CPU, Homeport methods anywhere on the stack (inclusive)", incl, total)
    table("CPU, by innermost Homeport frame (what Homeport code the time is spent under)", firsthp, total)
    table("CPU, by thread", threads, total, 12)

alloc = events("alloc")
if alloc:
    byclass, bysite = collections.Counter(), collections.Counter()
    weight = 0
    for e in alloc:
        w = int(e["values"].get("weight") or 0)
        weight += w
        byclass[e["values"]["objectClass"]["name"]] += w
        hp = homeport(frames(e))
        bysite[hp[0] if hp else "(no Homeport frame)"] += w
    print(f"\nAllocation (sampled weight {weight / 2**20:.0f} MiB)")
    for key, w in byclass.most_common(12):
        print(f"  {100.0 * w / weight:5.1f}%  {key}")
    print("\nAllocation by innermost Homeport frame")
    for key, w in bysite.most_common(15):
        print(f"  {100.0 * w / weight:5.1f}%  {key}")

native = events("native")
if native:
    nself, nhp = collections.Counter(), collections.Counter()
    for e in native:
        fs = frames(e)
        hp = homeport(fs)
        key = (fs[0] if fs else "?") + "  <-  " + (hp[0] if hp else "(no Homeport frame)")
        nself[key] += 1
        nhp[thread(e)] += 1
    table("Native (threads in native code), top frame <- innermost Homeport frame", nself, len(native), 10)
    table("Native, by thread", nhp, len(native), 8)

force = events("force")
if force:
    def ms(v):
        m = re.match(r"PT(?:(\d+)M)?([\d.]+)S", v or "")
        return (int(m.group(1) or 0) * 60 + float(m.group(2))) * 1000 if m else 0.0
    durations = sorted(ms(e["values"].get("duration")) for e in force)
    callers = collections.Counter((homeport(frames(e)) or ["?"])[0] for e in force)
    print(f"\nfsync (jdk.FileForce over the threshold): {len(durations)}, {sum(durations):.0f} ms in total, "
          f"median {durations[len(durations) // 2]:.1f} ms, max {durations[-1]:.1f} ms; called from {dict(callers)}")

gc = events("gc")
if gc:
    def secs(v):
        # JFR JSON durations look like "PT0.001234S"
        m = re.match(r"PT(?:(\d+)M)?([\d.]+)S", v or "")
        return (int(m.group(1) or 0) * 60 + float(m.group(2))) if m else 0.0
    pause = sum(secs(e["values"].get("sumOfPauses")) for e in gc)
    names = collections.Counter(e["values"].get("name") for e in gc)
    print(f"\nGC: {len(gc)} collections {dict(names)}, pauses {pause * 1000:.0f} ms in total")
PY
