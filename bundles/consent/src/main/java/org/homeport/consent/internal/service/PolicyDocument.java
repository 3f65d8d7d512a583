package org.homeport.consent.internal.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.homeport.api.anonymize.AnonymizerRef;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.config.Durations;
import org.homeport.api.consent.ConsentDefault;
import org.homeport.api.consent.LegalBasis;
import org.homeport.api.util.PolicySettings;

/**
 * The stored form of a policy version: a {@link Purpose} as canonical JSON, written and read only
 * here. The purpose itself is read from its configuration in one place ({@link PolicySettings},
 * by the core); whether a change makes a new version is decided on the purposes
 * ({@link Purpose#samePolicyAs}), so a document recorded by an earlier release, written a little
 * differently, is not mistaken for a change.
 */
final class PolicyDocument {
    private PolicyDocument() {
    }

    /** The document of {@code purpose}; the same policy always gives the same bytes. */
    static String of(Purpose purpose) {
        JsonArray anonymizers = new JsonArray();
        for (AnonymizerRef anonymizer : purpose.anonymizers()) {
            JsonObject parameters = new JsonObject();
            new TreeMap<>(anonymizer.parameters()).forEach(parameters::put);
            anonymizers.add(new JsonObject().put("name", anonymizer.name()).put("parameters", parameters));
        }
        JsonObject document = new JsonObject()
                .put("purpose", purpose.id())
                .put("description", purpose.description())
                .put("legalBasis", purpose.legalBasis().id())
                .put("consentDefault", purpose.consentDefault().id())
                .put("anonymous", purpose.anonymous())
                .put("retention", retention(purpose.retention()))
                .put("anonymizers", anonymizers)
                .put("allowedSinks", new JsonArray(purpose.allowedSinks()))
                .put("dataCategories", new JsonArray(purpose.dataCategories()))
                .put("eraseOnWithdrawal", purpose.eraseOnWithdrawal());
        // Only when set, as before it existed, so a policy that does not use it reads as it always did.
        if (purpose.aggregateOnly()) {
            document.put("aggregateOnly", true);
        }
        return document.encode();
    }

    /** A retention as operators write it: {@code 30d}, {@code 12h}, or ISO-8601; {@code 0} for none. */
    static String retention(Duration retention) {
        if (retention.isZero()) {
            return "0";
        }
        if (retention.toSeconds() % 86_400 == 0 && retention.toNanosPart() == 0) {
            return retention.toDays() + "d";
        }
        if (retention.toSeconds() % 3_600 == 0 && retention.toNanosPart() == 0) {
            return retention.toHours() + "h";
        }
        return retention.toString();
    }

    /**
     * The purpose a recorded policy document declared, for what outlives its declaration
     * (retention and data-subject requests of a retired purpose, the anonymizers of an earlier
     * version, whether a change is material). A setting that no longer reads falls back to the
     * cautious default: opt-in, no retention limit.
     */
    static Purpose toPurpose(String purpose, String document, int version) {
        JsonObject json = new JsonObject(document);
        List<AnonymizerRef> anonymizers = new ArrayList<>();
        JsonArray refs = json.getJsonArray("anonymizers", new JsonArray());
        for (int i = 0; i < refs.size(); i++) {
            JsonObject ref = refs.getJsonObject(i);
            Map<String, String> parameters = new TreeMap<>();
            // as the core hands them to the anonymizer: a list joined without spaces
            ref.getJsonObject("parameters", new JsonObject()).forEach(entry -> parameters.put(entry.getKey(),
                    PolicySettings.parameter(entry.getValue())));
            anonymizers.add(new AnonymizerRef(ref.getString("name"), parameters));
        }
        LegalBasis basis;
        try {
            basis = LegalBasis.fromId(json.getString("legalBasis", "consent"));
        } catch (IllegalArgumentException e) {
            basis = LegalBasis.CONSENT;
        }
        ConsentDefault consentDefault;
        try {
            consentDefault = basis == LegalBasis.CONSENT ? ConsentDefault.OPT_IN
                    : ConsentDefault.fromId(json.getString("consentDefault", "opt-in"));
        } catch (IllegalArgumentException e) {
            consentDefault = ConsentDefault.OPT_IN;
        }
        Duration retention;
        try {
            retention = Durations.parse(json.getString("retention", "0"));
        } catch (IllegalArgumentException e) {
            retention = Duration.ZERO;
        }
        return new Purpose(purpose, json.getString("description", "").trim(), basis, consentDefault,
                json.getBoolean("anonymous", false), retention, anonymizers, version,
                json.getBoolean("aggregateOnly", false), strings(json.getJsonArray("allowedSinks")),
                strings(json.getJsonArray("dataCategories")), json.getBoolean("eraseOnWithdrawal", false));
    }

    private static List<String> strings(JsonArray array) {
        List<String> items = new ArrayList<>();
        if (array != null) {
            array.forEach(item -> {
                String text = String.valueOf(item).trim();
                if (!text.isEmpty() && !items.contains(text)) {
                    items.add(text);
                }
            });
        }
        return items;
    }
}
