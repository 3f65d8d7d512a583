package org.homeport.consent.internal.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Objects;
import org.homeport.api.config.Durations;

/**
 * Which policy changes are material by default, that is, change what a subject agreed to so
 * that grants given under earlier versions no longer count: another legal basis or consent
 * default; a data category or allowed sink added; other anonymizers or anonymizer parameters;
 * a longer retention (no limit being the longest); and a protection given up ({@code anonymous},
 * {@code aggregateOnly} or {@code eraseOnWithdrawal} no longer true). A new description, a shorter
 * retention, or a category or sink removed is not. Whoever records a change may say otherwise.
 */
final class Materiality {
    private Materiality() {
    }

    /** Whether going from policy document {@code before} to {@code after} is a material change. */
    static boolean isMaterial(String before, String after) {
        JsonObject old = new JsonObject(before);
        JsonObject now = new JsonObject(after);
        return !Objects.equals(old.getString("legalBasis"), now.getString("legalBasis"))
                || !Objects.equals(old.getString("consentDefault"), now.getString("consentDefault"))
                || added(old.getJsonArray("dataCategories"), now.getJsonArray("dataCategories"))
                || added(old.getJsonArray("allowedSinks"), now.getJsonArray("allowedSinks"))
                || !Objects.equals(old.getJsonArray("anonymizers", new JsonArray()), now.getJsonArray("anonymizers", new JsonArray()))
                || longer(old.getString("retention", "0"), now.getString("retention", "0"))
                || givenUp(old, now, "anonymous") || givenUp(old, now, "aggregateOnly")
                || givenUp(old, now, "eraseOnWithdrawal");
    }

    private static boolean added(JsonArray before, JsonArray after) {
        JsonArray old = before == null ? new JsonArray() : before;
        return after != null && after.stream().anyMatch(item -> !old.contains(item));
    }

    private static boolean longer(String before, String after) {
        Duration old = retention(before);
        Duration now = retention(after);
        if (now.isZero()) {
            return !old.isZero();
        }
        return !old.isZero() && now.compareTo(old) > 0;
    }

    private static Duration retention(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            return Duration.ZERO;
        }
    }

    private static boolean givenUp(JsonObject before, JsonObject after, String protection) {
        return before.getBoolean(protection, false) && !after.getBoolean(protection, false);
    }
}
