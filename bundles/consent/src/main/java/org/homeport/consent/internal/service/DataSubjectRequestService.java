package org.homeport.consent.internal.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.homeport.api.catalog.Catalog;
import org.homeport.consent.api.AuditTrail;
import org.homeport.consent.api.ConsentException;
import org.homeport.consent.api.ConsentException.Reason;
import org.homeport.consent.api.ConsentRecord;
import org.homeport.consent.api.DataSubjectRequests;
import org.homeport.consent.api.DataSubjectRequests.Withheld;
import org.homeport.consent.api.SubjectDataAccess;
import org.homeport.consent.api.SubjectDataReport;
import org.homeport.consent.internal.store.ConsentStore;
import org.homeport.consent.internal.subject.StoredForms;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers data-subject requests from the consent store and the sinks, with receipts and audit entries. */
@Component(service = DataSubjectRequests.class)
public class DataSubjectRequestService implements DataSubjectRequests {
    private static final Logger LOG = LoggerFactory.getLogger(DataSubjectRequestService.class);
    private final ConsentStore store;
    private final SubjectDataAccess subjectData;
    private final AuditTrail audit;
    private final Catalog catalog;
    private final StoredForms storedForms;
    private final ConsentStoreService.Config config;
    private final KnownTenants tenants;
    private final Path workDirectory;
    private final Clock clock = Clock.systemUTC();

    @Activate
    public DataSubjectRequestService(@Reference StoreHolder holder, @Reference SubjectDataAccess subjectData,
            @Reference AuditTrail audit, @Reference Catalog catalog, @Reference StoredForms storedForms,
            @Reference KnownTenants tenants) {
        this(holder.store(), holder.config(), subjectData, audit, catalog, storedForms, tenants,
                Paths.get(System.getProperty("karaf.data", "data"), "homeport", "requests"));
    }

    DataSubjectRequestService(ConsentStore store, ConsentStoreService.Config config, SubjectDataAccess subjectData,
            AuditTrail audit, Catalog catalog, StoredForms storedForms, KnownTenants tenants, Path workDirectory) {
        this.store = store;
        this.config = config;
        this.tenants = tenants;
        this.subjectData = subjectData;
        this.audit = audit;
        this.catalog = catalog;
        this.storedForms = storedForms;
        this.workDirectory = workDirectory;
        removeLeftovers(workDirectory);
    }

    /**
     * Removes what requests that were cut short by a crash or a stop left behind: working
     * directories and assembled exports nobody fetched. Each holds personal data and no request
     * can still use it, because requests of this node are answered in the call that made them.
     */
    static void removeLeftovers(Path workDirectory) {
        if (!Files.isDirectory(workDirectory)) {
            return;
        }
        int removed = 0;
        try (Stream<Path> entries = Files.list(workDirectory)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (name.startsWith("export-") || name.startsWith("device-")) {
                    deleteTree(entry);
                    removed++;
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not look for the working files of earlier requests: {}", e.toString());
        }
        if (removed > 0) {
            LOG.info("Removed the working files of {} data-subject request(s) cut short before this start", removed);
        }
    }

    @Override
    public Export export(String tenant, String subject, String actor, List<Withheld> withheld) {
        requireRequest(tenant, subject);
        List<Withheld> hidden = distinct(withheld);
        Set<String> hiddenPurposes = new TreeSet<>();
        hidden.forEach(each -> hiddenPurposes.add(each.purpose()));
        String id = "export-" + UUID.randomUUID();
        Path directory = workDirectory.resolve(id);
        try {
            List<ConsentRecord> history = store.consentHistory(tenant, subject);
            // Every purpose that may hold data (retired ones too), but for those withheld.
            StoredForms.Search search = storedForms.subject(tenant, subject, Set.of(), hiddenPurposes);
            SubjectDataReport report = subjectData.export(search.queries(), directory.resolve("events"));
            List<String> notSearched = new ArrayList<>(search.notSearched());
            JsonArray withheldJson = new JsonArray();
            long withheldEvents = 0;
            for (Withheld each : hidden) {
                long held = countWithheld(tenant, subject, each, workDirectory.resolve(id + "-withheld"), notSearched);
                withheldEvents += held;
                withheldJson.add(ReceiptJson.withheld(each).put("events", held));
            }
            JsonObject receipt = receipt(id, "access", tenant, subject, actor, report, notSearched, withheldEvents == 0)
                    .put("consentRecords", history.size())
                    .put("withheld", withheldJson)
                    .put("withheldPurposes", new JsonArray(List.copyOf(hiddenPurposes)));
            ReceiptJson.describeAccess(receipt);
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("consent-history.json"), historyJson(history).encodePrettily());
            Files.writeString(directory.resolve("receipt.json"), receipt.encodePrettily());
            Path zip = workDirectory.resolve(id + ".zip");
            zip(directory, zip);
            deleteTree(directory);
            audit.append(actor, "dsr.export", tenant + "/" + subject, receipt.copy().put("file", zip.getFileName().toString())
                    .encode());
            return new Export(id, zip, receipt.encode());
        } catch (IOException e) {
            deleteTree(directory);
            throw new UncheckedIOException("could not assemble the export", e);
        }
    }

    /**
     * How many events of a withheld purpose the sinks hold on the subject: the caller learns that
     * they exist and why they are not shown, never what they say. They are exported into a working
     * directory beside the export's (removed with it after a crash) and deleted right away.
     */
    private long countWithheld(String tenant, String subject, Withheld withheld, Path directory, List<String> notSearched) {
        try {
            StoredForms.Search search = storedForms.subject(tenant, subject, Set.of(withheld.purpose()), Set.of());
            notSearched.addAll(search.notSearched());
            SubjectDataReport counted = subjectData.export(search.queries(), directory);
            for (SubjectDataReport.SinkResult sink : counted.sinks()) {
                if (sink.outcome() == SubjectDataReport.Outcome.FAILED || sink.outcome() == SubjectDataReport.Outcome.UNSUPPORTED) {
                    notSearched.add("purpose '" + withheld.purpose() + "' (withheld): sink '" + sink.sink()
                            + "' could not count its events");
                }
            }
            return counted.events();
        } finally {
            deleteTree(directory);
        }
    }

    /**
     * Erases the purposes withheld from the caller first, each on its own, so the receipt can say how
     * many of the erased events that caller's export did not show; then everything else.
     */
    @Override
    public String erase(String tenant, String subject, String actor, List<Withheld> notShownToCaller) {
        requireRequest(tenant, subject);
        String id = "erasure-" + UUID.randomUUID();
        List<SubjectDataReport> parts = new ArrayList<>();
        List<String> notSearched = new ArrayList<>();
        JsonArray notShown = new JsonArray();
        for (Withheld each : distinct(notShownToCaller)) {
            StoredForms.Search search = storedForms.subject(tenant, subject, Set.of(each.purpose()), Set.of());
            SubjectDataReport part = subjectData.erase(search.queries());
            parts.add(part);
            notSearched.addAll(search.notSearched());
            notShown.add(ReceiptJson.withheld(each).put("events", part.events()));
        }
        StoredForms.Search search = storedForms.subject(tenant, subject);
        parts.add(subjectData.erase(search.queries()));
        notSearched.addAll(search.notSearched());
        int consentRecords = store.consentHistory(tenant, subject).size();
        JsonObject receipt = receipt(id, "erasure", tenant, subject, actor, ReceiptJson.merge(parts),
                notSearched.stream().distinct().toList(), true)
                .put("consentRecords", consentRecords)
                .put("notShownToCaller", notShown)
                .put("kept", "consent records and audit entries: they prove what the subject chose and that this "
                        + "request was answered (GDPR Art. 17(3)(b), 7(1))");
        ReceiptJson.describeErasure(receipt);
        audit.append(actor, "dsr.erase", tenant + "/" + subject, receipt.encode());
        return receipt.encode();
    }

    /**
     * What every request checks before it looks: the tenant and the subject are ids exactly as
     * stored, and the tenant is one this node knows. A typo must not get a receipt that says
     * "nothing held".
     */
    private void requireRequest(String tenant, String subject) {
        ConsentServiceImpl.requireTenantAndSubject(tenant, subject);
        tenants.requireKnown(tenant);
    }

    private static List<Withheld> distinct(List<Withheld> withheld) {
        Map<String, Withheld> byPurpose = new TreeMap<>();
        withheld.forEach(each -> byPurpose.putIfAbsent(each.purpose(), each));
        return List.copyOf(byPurpose.values());
    }

    @Override
    public List<String> deviceEvents(String tenant, String device, Set<String> purposes, String actor, int limit) {
        tenants.requireKnown(tenant);
        if (purposes.isEmpty()) {
            return List.of();
        }
        Path directory = workDirectory.resolve("device-" + UUID.randomUUID());
        try {
            SubjectDataReport report = subjectData.export(storedForms.deviceQueries(tenant, device, purposes), directory);
            List<String> lines = new ArrayList<>();
            for (SubjectDataReport.SinkResult sink : report.sinks()) {
                if (sink.file() == null) {
                    continue;
                }
                try (BufferedReader reader = Files.newBufferedReader(sink.file(), StandardCharsets.UTF_8)) {
                    for (String line = reader.readLine(); line != null && lines.size() < limit; line = reader.readLine()) {
                        lines.add(line);
                    }
                }
            }
            audit.append(actor, "read.device-events", tenant + "/" + device, new JsonObject()
                    .put("purposes", new JsonArray(purposes.stream().sorted().toList())).put("events", lines.size())
                    .encode());
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the device's events", e);
        } finally {
            deleteTree(directory);
        }
    }

    private JsonObject receipt(String id, String kind, String tenant, String subject, String actor,
            SubjectDataReport report, List<String> notSearched, boolean nothingWithheld) {
        return new JsonObject()
                .put("request", id)
                .put("kind", kind)
                .put("answeredAt", clock.instant().toString())
                .put("controller", new JsonObject().put("name", config.controller_name())
                        .put("contact", config.controller_contact()))
                .put("tenant", tenant)
                .put("subject", subject)
                .put("answeredBy", actor)
                // set once the search is done (ReceiptJson.describeAccess / describeErasure); first, to be read first
                .putNull("finding")
                .putNull("summary")
                .mergeIn(ReceiptJson.report(report, notSearched, nothingWithheld));
    }

    private static JsonObject historyJson(List<ConsentRecord> history) {
        JsonArray records = new JsonArray();
        history.forEach(record -> records.add(new JsonObject()
                .put("purpose", record.purpose())
                .put("state", record.state().name())
                .put("policyVersion", record.policyVersion())
                .put("recordedAt", record.recordedAt().toString())
                .put("channel", record.channel())
                .put("requestId", record.requestId())));
        return new JsonObject().put("records", records);
    }

    private static void zip(Path directory, Path zip) throws IOException {
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file);
                Stream<Path> files = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new ZipEntry(directory.relativize(path).toString().replace('\\', '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
        }
    }

    /** Removes a request's working files; what cannot be removed is named in the log (ids only, no personal data). */
    private static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("Could not remove the working files of {}: {}", directory.getFileName(), e.toString());
        }
    }
}
