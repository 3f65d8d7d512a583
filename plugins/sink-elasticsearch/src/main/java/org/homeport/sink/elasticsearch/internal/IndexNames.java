package org.homeport.sink.elasticsearch.internal;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the configured index name pattern into index names, and index names back into days.
 *
 * <p>The pattern holds literal text and three kinds of placeholder: {@code {tenant}}, {@code {purpose}}
 * and one date placeholder, any other {@code {...}} being a {@link DateTimeFormatter} pattern for the
 * event's {@code receivedAt} day in UTC (e.g. {@code {yyyy.MM.dd}}). Every placeholder is required: an
 * index then holds one tenant's events of one purpose and one day, so retention deletes whole indices
 * and a data-subject request looks only in its tenant's indices.
 *
 * <p>Tenant and purpose ids go into index names as they are, so only ids Elasticsearch accepts in a
 * name, and that cannot reach another pattern (no {@code *}, {@code ,}), are written:
 * {@code [a-z0-9][a-z0-9._-]*}, at most 64 characters.
 */
final class IndexNames {
    private static final Pattern SAFE_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]+)}");
    /** Elasticsearch's limit on an index name, in bytes. */
    private static final int MAX_NAME_BYTES = 255;

    private sealed interface Part permits Literal, Tenant, Purpose, Day {
    }

    private record Literal(String text) implements Part {
    }

    private record Tenant() implements Part {
    }

    private record Purpose() implements Part {
    }

    private record Day(DateTimeFormatter format, String pattern) implements Part {
    }

    private final String pattern;
    private final List<Part> parts;

    IndexNames(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("index.pattern must not be blank");
        }
        this.pattern = pattern.strip();
        this.parts = parse(this.pattern);
        long tenants = parts.stream().filter(Tenant.class::isInstance).count();
        long purposes = parts.stream().filter(Purpose.class::isInstance).count();
        long days = parts.stream().filter(Day.class::isInstance).count();
        if (tenants != 1 || purposes != 1 || days != 1) {
            throw new IllegalArgumentException("index.pattern must hold {tenant}, {purpose} and one date such as "
                    + "{yyyy.MM.dd}, each once, was '" + pattern + "'");
        }
        for (int i = 1; i < parts.size(); i++) {
            if (!(parts.get(i) instanceof Literal) && !(parts.get(i - 1) instanceof Literal)) {
                throw new IllegalArgumentException("index.pattern needs text between two placeholders, was '"
                        + pattern + "'");
            }
        }
        for (Part part : parts) {
            if (part instanceof Literal literal && !literal.text().matches("[a-z0-9._-]+")) {
                throw new IllegalArgumentException("index.pattern may hold only a-z, 0-9, '.', '_' and '-' "
                        + "outside placeholders, was '" + pattern + "'");
            }
        }
        if (!(parts.get(0) instanceof Literal first) || !Character.isLetterOrDigit(first.text().charAt(0))) {
            throw new IllegalArgumentException("index.pattern must start with a letter or digit, was '" + pattern + "'");
        }
    }

    private static List<Part> parse(String pattern) {
        List<Part> parts = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(pattern);
        int at = 0;
        while (matcher.find()) {
            if (matcher.start() > at) {
                parts.add(new Literal(pattern.substring(at, matcher.start())));
            }
            String name = matcher.group(1);
            switch (name) {
                case "tenant" -> parts.add(new Tenant());
                case "purpose" -> parts.add(new Purpose());
                default -> {
                    DateTimeFormatter format;
                    try {
                        format = DateTimeFormatter.ofPattern(name, Locale.ROOT);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("index.pattern: '{" + name + "}' is neither {tenant}, "
                                + "{purpose} nor a date format", e);
                    }
                    String sample = format.format(LocalDate.of(2026, 12, 31));
                    if (!sample.matches("[0-9._-]+") || !format.format(LocalDate.of(2026, 1, 2)).matches("[0-9._-]+")) {
                        throw new IllegalArgumentException("index.pattern: the date '{" + name + "}' must write only "
                                + "digits, '.', '_' and '-'");
                    }
                    try {
                        LocalDate.parse(sample, format);
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException("index.pattern: the date '{" + name + "}' must name the day "
                                + "(indices are daily), e.g. {yyyy.MM.dd}", e);
                    }
                    parts.add(new Day(format, name));
                }
            }
            at = matcher.end();
        }
        if (at < pattern.length()) {
            parts.add(new Literal(pattern.substring(at)));
        }
        if (pattern.indexOf('{') >= 0 && parts.stream().noneMatch(p -> !(p instanceof Literal))) {
            throw new IllegalArgumentException("index.pattern has an unclosed '{'");
        }
        for (Part part : parts) {
            if (part instanceof Literal literal && (literal.text().contains("{") || literal.text().contains("}"))) {
                throw new IllegalArgumentException("index.pattern has an unmatched brace, was '" + pattern + "'");
            }
        }
        return List.copyOf(parts);
    }

    /** Whether a tenant or purpose id can be part of an index name. */
    static boolean isSafeId(String id) {
        return id != null && SAFE_ID.matcher(id).matches() && !id.equals(".") && !id.equals("..");
    }

    String pattern() {
        return pattern;
    }

    /**
     * The index of a tenant's events of one purpose and day.
     *
     * @throws IllegalArgumentException when the tenant or purpose is not a {@linkplain #isSafeId safe id}
     */
    String index(String tenant, String purpose, LocalDate day) {
        if (!isSafeId(tenant) || !isSafeId(purpose)) {
            throw new IllegalArgumentException("tenant or purpose id cannot be part of an index name");
        }
        StringBuilder name = new StringBuilder(64);
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                name.append(literal.text());
            } else if (part instanceof Tenant) {
                name.append(tenant);
            } else if (part instanceof Purpose) {
                name.append(purpose);
            } else if (part instanceof Day d) {
                name.append(d.format().format(day));
            }
        }
        if (name.length() > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("index name longer than " + MAX_NAME_BYTES + " bytes");
        }
        return name.toString();
    }

    /**
     * A wildcard expression over indices: {@code null} for a tenant or purpose means any. Every index the
     * pattern makes for that tenant and purpose matches it; others may too (see {@link #day}).
     */
    String wildcard(String tenant, String purpose) {
        StringBuilder name = new StringBuilder(64);
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                name.append(literal.text());
            } else if (part instanceof Tenant) {
                name.append(tenant == null ? "*" : tenant);
            } else if (part instanceof Purpose) {
                name.append(purpose == null ? "*" : purpose);
            } else {
                name.append('*');
            }
        }
        return name.toString().replaceAll("\\*+", "*");
    }

    /** The index template's pattern: every index this pattern can make. */
    String templatePattern() {
        return wildcard(null, null);
    }

    /**
     * The day of an index of {@code purpose} (any tenant, if {@code tenant} is null), or empty when the
     * name is not one this pattern makes for it. A name may fit two ways when ids contain the pattern's
     * separators ({@code acme-crash} + {@code reports} and {@code acme} + {@code crash-reports}): the caller
     * checks what the index holds before deleting it.
     */
    Optional<LocalDate> day(String index, String tenant, String purpose) {
        StringBuilder regex = new StringBuilder();
        Day dayPart = null;
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                regex.append(Pattern.quote(literal.text()));
            } else if (part instanceof Tenant) {
                regex.append(tenant == null ? "[a-z0-9][a-z0-9._-]*" : Pattern.quote(tenant));
            } else if (part instanceof Purpose) {
                regex.append(Pattern.quote(purpose));
            } else if (part instanceof Day d) {
                dayPart = d;
                regex.append("(?<day>[0-9._-]+)");
            }
        }
        Matcher matcher = Pattern.compile(regex.toString()).matcher(index);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            LocalDate day = LocalDate.parse(matcher.group("day"), dayPart.format());
            // Only a name this pattern writes: 2026.1.2 is not 2026.01.02.
            return dayPart.format().format(day).equals(matcher.group("day")) ? Optional.of(day) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
