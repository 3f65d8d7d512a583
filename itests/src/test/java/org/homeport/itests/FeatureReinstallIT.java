package org.homeport.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.karaf.features.FeaturesService;
import org.junit.Before;
import org.junit.Test;

/**
 * Uninstalling and reinstalling the file sink's feature while devices keep sending: the node stays
 * up, senders are told to retry while the sink is gone (503), and every acknowledged event is stored.
 */
public class FeatureReinstallIT extends HomeportTestSupport {
    private static final String SINK_FEATURE = "homeport-sink-file";
    private static final int EVENTS_PER_REQUEST = 5;

    @Before
    public void nodeIsUp() {
        awaitHealthy();
    }

    @Test
    public void sinkFeatureCanBeReinstalledUnderTrafficWithoutLosingAcknowledgedEvents() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> unexpected = new CopyOnWriteArrayList<>();
        AtomicBoolean sending = new AtomicBoolean(true);
        ExecutorService senders = Executors.newFixedThreadPool(2);
        List<Future<?>> running = new ArrayList<>();
        for (int sender = 0; sender < 2; sender++) {
            running.add(senders.submit(() -> {
                // Bounded: at most 5,000 requests per sender, and it stops when told.
                for (int request = 0; request < 5_000 && sending.get(); request++) {
                    List<String> ids = new ArrayList<>();
                    String[] events = new String[EVENTS_PER_REQUEST];
                    for (int i = 0; i < EVENTS_PER_REQUEST; i++) {
                        ids.add(uniqueId("reinstall"));
                        events[i] = Batches.crashReport(ids.get(i), "user-7", "under traffic");
                    }
                    try {
                        HttpResponse<String> response = post(Batches.array(events));
                        statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                        if (response.statusCode() == 200) {
                            if (!response.body().contains("\"accepted\":" + EVENTS_PER_REQUEST)) {
                                unexpected.add(response.body());
                            }
                            acknowledged.addAll(ids);
                        } else if (response.statusCode() != 503) {
                            unexpected.add(response.statusCode() + " " + response.body());
                        }
                    } catch (Exception e) {
                        unexpected.add(e.toString());
                    }
                }
                return null;
            }));
        }
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 100);

            featuresService.uninstallFeature(SINK_FEATURE, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
            await("senders are told to retry while the sink is gone").atMost(Duration.ofSeconds(30))
                    .until(() -> statuses.containsKey(503));
            assertEquals(503, get(management("/health")).statusCode());

            featuresService.installFeature(SINK_FEATURE, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
            awaitHealthy();
            int before = acknowledged.size();
            await("events are stored again").atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= before + 100);
        } finally {
            sending.set(false);
            for (Future<?> sender : running) {
                sender.get(60, TimeUnit.SECONDS);
            }
            senders.shutdown();
        }

        assertTrue("unexpected answers: " + unexpected, unexpected.isEmpty());
        Set<String> stored = ConcurrentHashMap.newKeySet();
        for (String line : storedLines("crash-reports")) {
            int start = line.indexOf("\"id\":\"") + 6;
            stored.add(line.substring(start, line.indexOf('"', start)));
        }
        List<String> lost = new ArrayList<>();
        for (String id : acknowledged) {
            if (!stored.contains(id)) {
                lost.add(id);
            }
        }
        assertTrue(lost.size() + " acknowledged events are not stored, e.g. " + lost.stream().limit(3).toList(), lost.isEmpty());
    }
}
