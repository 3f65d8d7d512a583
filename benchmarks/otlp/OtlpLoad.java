import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicLong;

/** N threads post protobuf ExportLogsServiceRequests of R records each for S seconds; prints records/s stored. */
public class OtlpLoad {
    static KeyValue kv(String k, String v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]), records = Integer.parseInt(args[1]), seconds = Integer.parseInt(args[2]);
        AtomicLong stored = new AtomicLong(), failed = new AtomicLong(), requests = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long warm = System.nanoTime() + 5_000_000_000L;
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers[t] = new Thread(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                long n = 0;
                while (System.nanoTime() < end) {
                    ScopeLogs.Builder scope = ScopeLogs.newBuilder().setScope(InstrumentationScope.newBuilder().setName("bench"));
                    for (int i = 0; i < records; i++) {
                        String body = "worker " + id + " record " + (n++) + (i % 10 == 0 ? " notify jane.doe@example.com" : "")
                                + " paper jam in tray 2 after 1200 pages; fuser temperature 182C; firmware 4.2.1 build 7781"
                                + " on printer-7 in building C, floor 3, near the kitchen; operator acknowledged";
                        scope.addLogRecords(LogRecord.newBuilder().setTimeUnixNano(System.currentTimeMillis() * 1_000_000L)
                                .setSeverityText("WARN").setSeverityNumberValue(13)
                                .setBody(AnyValue.newBuilder().setStringValue(body)).addAttributes(kv("tray", "2")));
                    }
                    byte[] bytes = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                            .setResource(Resource.newBuilder().addAttributes(kv("service.name", "printer-fw"))
                                    .addAttributes(kv("host.name", "printer-" + id))).addScopeLogs(scope)).build().toByteArray();
                    try {
                        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(args[3] + "/v1/logs"))
                                .header("Content-Type", "application/x-protobuf").header("X-Api-Key", args[4])
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofByteArray());
                        boolean counted = System.nanoTime() > warm;
                        if (r.statusCode() == 200 && !ExportLogsServiceResponse.parseFrom(r.body()).hasPartialSuccess()) {
                            if (counted) { stored.addAndGet(records); requests.incrementAndGet(); }
                        } else if (counted) {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            });
            workers[t].start();
        }
        for (Thread w : workers) w.join();
        double s = seconds - 5;
        System.out.printf("threads=%d records/request=%d measured=%.0fs requests=%d stored=%d failed=%d -> %.0f records/s%n",
                threads, records, s, requests.get(), stored.get(), failed.get(), stored.get() / s);
    }
}
