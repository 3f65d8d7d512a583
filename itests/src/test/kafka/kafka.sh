#!/usr/bin/env bash
# A single-node Kafka broker (KRaft, broker and controller in one JVM) on 127.0.0.1 for the integration tests,
# started once per test module by the build (exec-maven-plugin, pre-/post-integration-test).
#
#   kafka.sh start  WORK PORT CONTROLLER_PORT JAVA CLASSPATH   fresh: formats WORK/data, waits until ready
#   kafka.sh stop   WORK [--keep]                              stops only its own pid; --keep leaves the data
#   kafka.sh resume WORK                                       starts again on the kept data (KafkaSinkIT's outage)
#
# Called through bash (exec bits get lost in the build). A failed start stops its broker itself: Maven skips
# post-integration-test when pre-integration-test fails.
set -euo pipefail
CMD="${1:?start, stop or resume}" WORK="${2:?work directory}"
say() { echo "[kafka] $*"; }

stop() {
    local pid
    pid=$(tr -dc '0-9' < "$WORK/kafka.pid" 2>/dev/null) || true
    if [ -n "${pid:-}" ] && grep -qs kafka.Kafka "/proc/$pid/cmdline"; then   # still our broker, not a recycled pid
        kill -TERM "$pid"
        for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        if kill -KILL "$pid" 2>/dev/null; then say "pid $pid ignored SIGTERM: killed"; else say "pid $pid stopped"; fi
    fi
    rm -f "$WORK/kafka.pid"
}

launch() {
    # shellcheck disable=SC1091
    . "$WORK/launch.env"   # JAVA, CP, PORT
    local opts=(-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile="$WORK/log4j2.properties"
        -Dkafka.logs.dir="$WORK/logs")
    nohup "$JAVA" "${opts[@]}" -cp "$CP" kafka.Kafka "$WORK/server.properties" >> "$WORK/logs/broker.out" 2>&1 < /dev/null &
    local pid=$! start=$SECONDS
    echo "$pid" > "$WORK/kafka.pid"
    # Ready = our own log line, our pid alive and the port open: a bare port check is fooled by another process.
    until grep -qs "Kafka Server started" "$WORK/logs/server.log" && (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$WORK/kafka.pid"
            say "died:"; grep -E "\] (ERROR|FATAL) " "$WORK/logs/server.log" | tail -n 20 || true; tail -n 20 "$WORK/logs/broker.out"
            exit 1
        fi
        if (( SECONDS - start > 120 )); then say "not ready in 120 s"; stop; exit 1; fi
        sleep 0.2
    done
    say "pid $pid ready on 127.0.0.1:$PORT after $((SECONDS - start)) s"
}

case "$CMD" in
    stop)
        stop
        if [ "${3:-}" != "--keep" ] && [ -d "$WORK/data" ]; then rm -rf "$WORK/data"; fi
        ;;
    resume)
        [ -f "$WORK/launch.env" ] || { say "nothing to resume in $WORK"; exit 1; }
        stop
        # The log is appended to: the ready check must see this start's line, not the last one's.
        [ -f "$WORK/logs/server.log" ] && mv "$WORK/logs/server.log" "$WORK/logs/server.$(date +%s%N).log"
        launch
        ;;
    start)
        PORT="${3:?port}" CPORT="${4:?controller port}" JAVA="${5:?java}" CP="${6:?classpath}"
        stop   # a leftover of an aborted build goes first
        rm -rf "$WORK"; mkdir -p "$WORK/logs"
        printf 'JAVA=%q\nCP=%q\nPORT=%q\n' "$JAVA" "$CP" "$PORT" > "$WORK/launch.env"
        cat > "$WORK/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CPORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CPORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
log.dirs=$WORK/data
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.cleaner.dedupe.buffer.size=8388608
PROPS
        cat > "$WORK/log4j2.properties" <<'PROPS'
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = ${sys:kafka.logs.dir}/server.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FILE
shutdownHook = disable
PROPS
        "$JAVA" -Xmx256m -Dlog4j2.configurationFile="$WORK/log4j2.properties" -Dkafka.logs.dir="$WORK/logs" -cp "$CP" \
            kafka.tools.StorageTool format -t 4L6g3nShT-eMCtK--X86sw -c "$WORK/server.properties" \
            > "$WORK/logs/format.out" 2>&1 || { cat "$WORK/logs/format.out"; exit 1; }
        launch
        ;;
    *) say "unknown command $CMD"; exit 2 ;;
esac
