package org.homeport.consent.internal.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.homeport.api.anonymize.AnonymizerRef;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.config.Durations;
import org.homeport.api.consent.ConsentDefault;
import org.homeport.api.consent.LegalBasis;
import org.homeport.api.config.ReservedKeys;

/**
 * A purpose's policy as canonical JSON, made from its configuration ({@code etc/org.homeport.purpose-<id>.cfg}):
 * the same settings always give the same bytes, so an unchanged policy never makes a new version.
 * Bookkeeping properties (file name, PIDs, the informational {@code version}) are not part of it.
 */
final class PolicyDocument {
    static final String FACTORY_PID = "org.homeport.purpose";

    private PolicyDocument() {
    }

    /** The purpose id: the 'id' property, or the name after '~' in the PID. */
    static String purposeId(Dictionary<String, Object> props) {
        Object id = props.get("id");
        if (id != null && !String.valueOf(id).isBlank()) {
            return String.valueOf(id).trim();
        }
        String pid = String.valueOf(props.get("service.pid"));
        int separator = pid.indexOf('~');
        return separator >= 0 ? pid.substring(separator + 1) : null;
    }

    static JsonObject of(String purpose, Dictionary<String, Object> props) {
        Map<String, Object> values = new TreeMap<>();
        for (Enumeration<String> keys = props.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            values.put(key, props.get(key));
        }
        List<String> anonymizerNames = list(values.get("anonymizers"));
        JsonArray anonymizers = new JsonArray();
        for (String name : anonymizerNames) {
            JsonObject parameters = new JsonObject();
            values.forEach((key, value) -> {
                // the framework's keys are never an anonymizer's parameters (an anonymizer named 'felix')
                if (key.startsWith(name + ".") && !ReservedKeys.isReserved(key)) {
                    parameters.put(key.substring(name.length() + 1), String.valueOf(value));
                }
            });
            anonymizers.add(new JsonObject().put("name", name).put("parameters", parameters));
        }
        JsonObject document = new JsonObject()
                .put("purpose", purpose)
                .put("description", string(values, "description", ""))
                .put("legalBasis", string(values, "legal.basis", "consent"))
                .put("consentDefault", string(values, "consent.default", "opt-in"))
                .put("anonymous", Boolean.parseBoolean(string(values, "anonymous", "false")))
                .put("retention", string(values, "retention", "0"))
                .put("anonymizers", anonymizers)
                .put("allowedSinks", new JsonArray(list(values.get("sinks.allowed"))))
                .put("dataCategories", new JsonArray(list(values.get("data.categories"))))
                .put("eraseOnWithdrawal", Boolean.parseBoolean(string(values, "erase.on.withdrawal", "false")));
        // Only when set, so the documents (and hashes) of policies recorded before it existed stay the same.
        if (Boolean.parseBoolean(string(values, "aggregate.only", "false"))) {
            document.put("aggregateOnly", true);
        }
        return document;
    }

    /**
     * The purpose a recorded policy document declared, for what outlives its declaration
     * (retention and data-subject requests of a retired purpose, the anonymizers of an earlier
     * version). A setting that no longer reads falls back to the cautious default: opt-in, no
     * retention limit.
     */
    static Purpose toPurpose(String purpose, String document, int version) {
        JsonObject json = new JsonObject(document);
        List<AnonymizerRef> anonymizers = new ArrayList<>();
        JsonArray refs = json.getJsonArray("anonymizers", new JsonArray());
        for (int i = 0; i < refs.size(); i++) {
            JsonObject ref = refs.getJsonObject(i);
            Map<String, String> parameters = new TreeMap<>();
            ref.getJsonObject("parameters", new JsonObject()).forEach(entry -> parameters.put(entry.getKey(),
                    String.valueOf(entry.getValue())));
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
        java.time.Duration retention;
        try {
            retention = Durations.parse(json.getString("retention", "0"));
        } catch (IllegalArgumentException e) {
            retention = java.time.Duration.ZERO;
        }
        return new Purpose(purpose, json.getString("description", ""), basis, consentDefault,
                json.getBoolean("anonymous", false), retention, anonymizers, version,
                json.getBoolean("aggregateOnly", false));
    }

    private static String string(Map<String, Object> values, String key, String fallback) {
        Object value = values.get(key);
        return value == null ? fallback : String.valueOf(value).trim();
    }

    /** A list setting's entries: comma-separated or an array, blank entries skipped. */
    static List<String> list(Object value) {
        List<String> items = new ArrayList<>();
        if (value == null) {
            return items;
        }
        Collection<?> raw = value instanceof String[] array ? List.of(array)
                : value instanceof Collection<?> collection ? collection : List.of(String.valueOf(value).split(","));
        for (Object item : raw) {
            for (String part : String.valueOf(item).split(",")) {
                if (!part.isBlank()) {
                    items.add(part.trim());
                }
            }
        }
        return items;
    }
}
