package org.homeport.receiver.syslog.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.homeport.api.event.Identifiers;
import org.homeport.api.event.Source;
import org.homeport.api.event.TelemetryEvent;

/**
 * Turns a {@link SyslogMessage} into a {@link TelemetryEvent}, as configured:
 * <ul>
 * <li>{@code rules}: {@code selector -> type/purpose}, first match wins. Selectors:
 * {@code app-name:NAME}, {@code facility:NAME-OR-NUMBER}, {@code severity:NAME-OR-NUMBER},
 * {@code sd:SD-ID} (the element is present), {@code sd:SD-ID#PARAM=VALUE}, and {@code *};</li>
 * <li>{@code attributes}: {@code name=field}; fields are {@code msg}, {@code severity}, {@code facility},
 * {@code app-name}, {@code proc-id}, {@code msg-id}, {@code hostname} and {@code sd:SD-ID#PARAM};</li>
 * <li>{@code subject}: a field, or empty for none; the hostname becomes {@code source.device}, the
 * app-name (or {@code product}) {@code source.product}.</li>
 * </ul>
 * A message no rule matches is refused as {@code unmapped}.
 */
final class SyslogMapping {
    private record Rule(String kind, String key, String param, String value, String type, String purpose) {
    }

    private final List<Rule> rules;
    private final Map<String, String> attributes;
    private final String subject;
    private final String product;
    private final Supplier<String> ids;

    private SyslogMapping(List<Rule> rules, Map<String, String> attributes, String subject, String product,
            Supplier<String> ids) {
        this.rules = List.copyOf(rules);
        this.attributes = attributes;
        this.subject = subject;
        this.product = product;
        this.ids = ids;
    }

    /**
     * @throws IllegalArgumentException naming the first wrong entry
     */
    static SyslogMapping parse(List<String> ruleEntries, List<String> attributeEntries, String subjectField,
            String defaultProduct, Supplier<String> ids) {
        List<Rule> rules = new ArrayList<>();
        for (String entry : ruleEntries) {
            rules.add(rule(entry));
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String entry : attributeEntries) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("attribute '" + entry + "' is not name=field");
            }
            String field = entry.substring(eq + 1).trim();
            checkField(field);
            attributes.put(entry.substring(0, eq).trim(), field);
        }
        String subject = subjectField == null ? "" : subjectField.trim();
        if (!subject.isEmpty()) {
            checkField(subject);
        }
        if (defaultProduct == null || defaultProduct.isBlank()) {
            throw new IllegalArgumentException("product must not be blank");
        }
        return new SyslogMapping(rules, Map.copyOf(attributes), subject, defaultProduct.trim(), ids);
    }

    private static Rule rule(String entry) {
        int arrow = entry.indexOf("->");
        if (arrow < 0) {
            throw new IllegalArgumentException("mapping '" + entry + "' is not selector -> type/purpose");
        }
        String selector = entry.substring(0, arrow).trim();
        String target = entry.substring(arrow + 2).trim();
        int slash = target.lastIndexOf('/');
        if (slash <= 0 || slash == target.length() - 1) {
            throw new IllegalArgumentException("mapping '" + entry + "' does not end in type/purpose");
        }
        String type = target.substring(0, slash).trim();
        String purpose = target.substring(slash + 1).trim();
        if (selector.equals("*")) {
            return new Rule("*", null, null, null, type, purpose);
        }
        int colon = selector.indexOf(':');
        if (colon <= 0 || colon == selector.length() - 1) {
            throw new IllegalArgumentException("mapping '" + entry + "': the selector is not kind:value or *");
        }
        String kind = selector.substring(0, colon);
        String value = selector.substring(colon + 1);
        switch (kind) {
            case "app-name" -> {
                return new Rule(kind, value, null, null, type, purpose);
            }
            case "facility" -> {
                return new Rule(kind, Integer.toString(code(value, SyslogMessage.FACILITIES, entry)), null, null, type,
                        purpose);
            }
            case "severity" -> {
                return new Rule(kind, Integer.toString(code(value, SyslogMessage.SEVERITIES, entry)), null, null, type,
                        purpose);
            }
            case "sd" -> {
                int hash = value.indexOf('#');
                if (hash < 0) {
                    return new Rule(kind, value, null, null, type, purpose);
                }
                int eq = value.indexOf('=', hash);
                if (hash == 0 || eq < 0 || eq == hash + 1) {
                    throw new IllegalArgumentException("mapping '" + entry + "': sd: takes SD-ID or SD-ID#PARAM=VALUE");
                }
                return new Rule(kind, value.substring(0, hash), value.substring(hash + 1, eq), value.substring(eq + 1),
                        type, purpose);
            }
            default -> throw new IllegalArgumentException("mapping '" + entry
                    + "': the selector is one of app-name:, facility:, severity:, sd: or *");
        }
    }

    private static int code(String value, String[] names, String entry) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(value.toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        try {
            int code = Integer.parseInt(value);
            if (code >= 0 && code < names.length) {
                return code;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException("mapping '" + entry + "': '" + value + "' is not one of " + String.join(" ", names));
    }

    private static void checkField(String field) {
        switch (field) {
            case "msg", "severity", "facility", "app-name", "proc-id", "msg-id", "hostname" -> {
                return;
            }
            default -> {
                if (field.startsWith("sd:") && field.indexOf('#') > 3 && !field.endsWith("#")) {
                    return;
                }
                throw new IllegalArgumentException("'" + field + "' is not a syslog field (msg, severity, facility, "
                        + "app-name, proc-id, msg-id, hostname, sd:SD-ID#PARAM)");
            }
        }
    }

    static String field(SyslogMessage m, String field) {
        return switch (field) {
            case "msg" -> m.msg();
            case "severity" -> m.severityName();
            case "facility" -> m.facilityName();
            case "app-name" -> m.appName();
            case "proc-id" -> m.procId();
            case "msg-id" -> m.msgId();
            case "hostname" -> m.hostname();
            default -> {
                int hash = field.indexOf('#');
                SyslogMessage.SdElement element = m.element(field.substring(3, hash));
                yield element == null ? null : element.params().get(field.substring(hash + 1));
            }
        };
    }

    /**
     * @param tenant the sender's tenant, from its source address
     * @throws MalformedMessageException {@code unmapped} if no rule matches, {@code bad-identifier} if
     *         the subject or hostname cannot be an identifier
     */
    TelemetryEvent map(SyslogMessage m, String tenant, Instant receivedAt) throws MalformedMessageException {
        Rule rule = match(m);
        if (rule == null) {
            throw new MalformedMessageException("unmapped", "no mapping rule matches the message");
        }
        String subjectValue = subject.isEmpty() ? null : field(m, subject);
        String device = m.hostname();
        if (Identifiers.problem(subjectValue) != null || Identifiers.problem(device) != null) {
            throw new MalformedMessageException("bad-identifier", "the subject or hostname cannot be an identifier");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            String value = field(m, attribute.getValue());
            if (value != null) {
                values.put(attribute.getKey(), value);
            }
        }
        String productName = m.appName() != null ? m.appName() : product;
        Instant occurredAt = m.timestamp() != null ? m.timestamp() : receivedAt;
        return new TelemetryEvent(ids.get(), tenant, new Source(productName, null, device), subjectValue, rule.purpose(),
                rule.type(), occurredAt, receivedAt, values);
    }

    private Rule match(SyslogMessage m) {
        for (Rule rule : rules) {
            boolean matches = switch (rule.kind()) {
                case "*" -> true;
                case "app-name" -> rule.key().equals(m.appName());
                case "facility" -> rule.key().equals(Integer.toString(m.facility()));
                case "severity" -> rule.key().equals(Integer.toString(m.severity()));
                default -> {
                    SyslogMessage.SdElement element = m.element(rule.key());
                    yield element != null && (rule.param() == null || rule.value().equals(element.params().get(rule.param())));
                }
            };
            if (matches) {
                return rule;
            }
        }
        return null;
    }
}
