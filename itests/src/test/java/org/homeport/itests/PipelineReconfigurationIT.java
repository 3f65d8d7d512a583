package org.homeport.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import org.junit.Before;
import org.junit.Test;
import org.osgi.service.cm.Configuration;

/** Editing a pipeline's configuration on the running node changes what is stored, without a restart. */
public class PipelineReconfigurationIT extends HomeportTestSupport {

    @Before
    public void nodeIsUp() {
        awaitHealthy();
    }

    private String storePerformanceEvent() throws Exception {
        String id = uniqueId("perf");
        assertEquals(200, post(Batches.array(Batches.performance(id, "user-5", "Pixel 9"))).statusCode());
        List<String> lines = storedLinesContaining("performance-metrics", id);
        assertEquals(1, lines.size());
        return lines.get(0);
    }

    @Test
    public void addingAnAnonymizerToThePipelineTakesEffectWhileRunning() throws Exception {
        assertTrue(storePerformanceEvent().contains("\"deviceModel\":\"Pixel 9\""));

        Configuration pipeline = configurationAdmin.getFactoryConfiguration("org.homeport.pipeline", "default", "?");
        Dictionary<String, Object> original = copy(pipeline.getProperties());
        Dictionary<String, Object> changed = copy(original);
        changed.put("anonymizers", "drop-fields");
        changed.put("drop-fields.fields", "attributes.deviceModel");
        pipeline.update(changed);
        try {
            await("the changed pipeline drops deviceModel").atMost(Duration.ofSeconds(30))
                    .until(() -> !storePerformanceEvent().contains("deviceModel"));
        } finally {
            pipeline.update(original);
        }
        await("the restored pipeline keeps deviceModel").atMost(Duration.ofSeconds(30))
                .until(() -> storePerformanceEvent().contains("\"deviceModel\":\"Pixel 9\""));
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> props) {
        Dictionary<String, Object> copy = new Hashtable<>();
        for (Enumeration<String> keys = props.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            copy.put(key, props.get(key));
        }
        return copy;
    }
}
