package org.homeport.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import javax.inject.Inject;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.Repository;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;

/**
 * An air-gapped server: with Maven resolution limited to the distribution's own {@code system/}
 * repository (no local repository, no remote one), every feature Homeport ships installs and its
 * bundles start. Features added later are covered too: the list is read from the features repository.
 */
public class OfflineFeaturesIT extends HomeportTestSupport {
    @Inject
    private BundleContext bundleContext;
    /** What this test installed, to uninstall afterwards: the suite's other tests share the container. */
    private final List<String> installed = new ArrayList<>();

    @Test
    public void everyShippedFeatureInstallsFromTheDistributionAlone() throws Exception {
        awaitHealthy();
        Path noRepository = Files.createTempDirectory("no-maven-repository");
        Configuration mvn = configurationAdmin.getConfiguration("org.ops4j.pax.url.mvn", null);
        Dictionary<String, Object> settings = mvn.getProperties();
        Dictionary<String, Object> before = copy(settings);
        Path localRepository = Paths.get(String.valueOf(settings.get("org.ops4j.pax.url.mvn.localRepository")));
        try {
            installEveryFeatureWithResolutionLimitedTo(mvn, settings, noRepository, localRepository);
        } finally {
            mvn.update(before);
            for (int i = installed.size() - 1; i >= 0; i--) {
                featuresService.uninstallFeature(installed.get(i));
            }
        }
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> settings) {
        Dictionary<String, Object> copy = new java.util.Hashtable<>();
        for (String key : java.util.Collections.list(settings.keys())) {
            copy.put(key, settings.get(key));
        }
        return copy;
    }

    private void installEveryFeatureWithResolutionLimitedTo(Configuration mvn, Dictionary<String, Object> settings,
            Path noRepository, Path localRepository) throws Exception {
        settings.put("org.ops4j.pax.url.mvn.localRepository", noRepository.toString());
        settings.put("org.ops4j.pax.url.mvn.defaultRepositories",
                Paths.get(System.getProperty("karaf.home")).resolve("system").toUri() + "@id=system.repository@snapshots");
        settings.put("org.ops4j.pax.url.mvn.repositories", "");
        settings.put("org.ops4j.pax.url.mvn.offline", "true");
        mvn.update(settings);
        // The probe's own libraries come from the Maven repository the test started with: once they
        // cannot be found any more, resolution is limited to system/.
        await("Maven resolution is limited to system/").atMost(Duration.ofSeconds(30)).until(() -> {
            try {
                bundleContext.installBundle("mvn:org.hamcrest/hamcrest/2.1").uninstall();
                return false;
            } catch (Exception e) {
                return true;
            }
        });

        // Installing a feature re-resolves everything installed, the test's own bundles included (Pax
        // Exam's invoker and its libraries, and the Hamcrest and Awaitility the test options name,
        // whose installed copies may carry another location). The distribution's booted bundles are
        // all in system/, so what is installed now and missing there is that scaffolding: it is put
        // into system/ too, before any feature is installed.
        Path system = Paths.get(System.getProperty("karaf.home")).resolve("system");
        List<String> locations = new ArrayList<>(List.of("mvn:org.hamcrest/hamcrest/2.1", "mvn:org.awaitility/awaitility/4.3.0"));
        for (Bundle bundle : bundleContext.getBundles()) {
            locations.add(bundle.getLocation());
        }
        for (String location : locations) {
            String[] coordinates = location.startsWith("mvn:") ? location.substring(4).split("/") : new String[0];
            String artifact = coordinates.length == 3 ? coordinates[0].replace('.', '/') + "/" + coordinates[1] + "/"
                    + coordinates[2] + "/" + coordinates[1] + "-" + coordinates[2] + ".jar" : null;
            if (artifact != null && !Files.exists(system.resolve(artifact))) {
                Files.createDirectories(system.resolve(artifact).getParent());
                Files.copy(localRepository.resolve(artifact), system.resolve(artifact),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }

        Repository homeport = null;
        for (Repository repository : featuresService.listRepositories()) {
            if (repository.getName().startsWith("homeport-")) {
                homeport = repository;
            }
        }
        List<String> failed = new ArrayList<>();
        for (Feature feature : homeport.getFeatures()) {
            if (featuresService.isInstalled(feature)) {
                continue;
            }
            try {
                featuresService.installFeature(feature.getName(), feature.getVersion());
                installed.add(feature.getName());
            } catch (Exception e) {
                failed.add(feature.getName() + ": " + e.getMessage());
            }
        }

        assertEquals(List.of(), failed);
        assertTrue("the PostgreSQL driver is not booted, and installed from system/: " + installed,
                installed.contains("homeport-consent-postgresql"));
        for (Feature feature : homeport.getFeatures()) {
            assertTrue(feature.getName(), featuresService.isInstalled(feature));
        }
        List<String> notActive = new ArrayList<>();
        for (Bundle bundle : bundleContext.getBundles()) {
            boolean fragment = bundle.getHeaders().get("Fragment-Host") != null;
            if (!fragment && bundle.getState() != Bundle.ACTIVE) {
                notActive.add(bundle.getSymbolicName() + " " + bundle.getState());
            }
        }
        assertEquals(List.of(), notActive);
    }
}
