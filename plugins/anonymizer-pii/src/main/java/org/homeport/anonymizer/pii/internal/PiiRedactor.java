package org.homeport.anonymizer.pii.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Runs the enabled detectors over a text, settles overlapping findings and replaces each finding
 * according to its type's treatment. Immutable, so one instance serves all threads.
 */
final class PiiRedactor {
    /**
     * Every detector, most specific first: where findings overlap, the earlier detector wins
     * ({@code user:pw} of a URL over the {@code pw@host.example} e-mail look-alike, an IBAN over the
     * phone-like digit groups inside it, an IPv6 address over the IPv4 address it embeds, an e-mail
     * address used as a folder name over the user-path segment that holds it).
     */
    static final List<Detector> ALL = List.of(new UrlCredentialsDetector(), new JwtDetector(),
            new SecretDetector(), new EmailDetector(), new UserPathDetector(), new IbanDetector(), new CardDetector(),
            new MacDetector(), new Ipv6Detector(), new Ipv4Detector(), new CoordinatesDetector(), new PhoneDetector(),
            new PersonDetector());

    /** Types that are not detected in text but configured by field: the whole value is the finding. */
    static final String NAME = "name";
    static final String USER_ID = "user-id";
    static final Map<String, String> FIELD_TYPE_PLACEHOLDERS = Map.of(NAME, "[name]", USER_ID, "[user-id]");

    /** Strings are scanned up to this many characters; the rest is cut off and replaced by {@link #TRUNCATED}. */
    static final int MAX_SCAN_LENGTH = 64 * 1024;
    static final String TRUNCATED = "[truncated]";

    private final List<Detector> detectors;
    private final Map<String, String> placeholders;
    private final Map<String, Treatment> treatments;
    private final int maskKeep;
    private final BigDecimal grid;

    /** Redacts or masks only, with the default coordinates grid; what tests and benchmarks mostly need. */
    PiiRedactor(List<Detector> detectors, Map<String, Treatment> treatments, int maskKeep) {
        this(detectors, treatments, maskKeep, Generalization.DEFAULT_GRID);
    }

    /**
     * @param detectors  the detectors to run, in {@link #ALL}'s order
     * @param treatments the treatment per type (detector ids, {@code name}, {@code user-id}); types
     *                   missing here are redacted
     * @param maskKeep   how many trailing characters {@code mask} keeps
     * @param grid       the cell size in degrees that {@code generalize} snaps coordinates to
     */
    PiiRedactor(List<Detector> detectors, Map<String, Treatment> treatments, int maskKeep, BigDecimal grid) {
        this.detectors = List.copyOf(detectors);
        Map<String, String> all = new HashMap<>(FIELD_TYPE_PLACEHOLDERS);
        ALL.forEach(detector -> all.put(detector.id(), detector.placeholder()));
        this.placeholders = Map.copyOf(all);
        this.treatments = Map.copyOf(treatments);
        this.maskKeep = maskKeep;
        this.grid = grid;
    }

    /** {@link #redact(String, UnaryOperator)} for configurations without {@code hmac}. */
    String redact(String text) {
        return redact(text, null, PiiRedactor::noPseudonymizer);
    }

    /** {@link #redact(String, String, UnaryOperator)} of a text without a key of its own. */
    String redact(String text, UnaryOperator<String> pseudonym) {
        return redact(text, null, pseudonym);
    }

    /**
     * @param key       the key of the field that holds {@code text} (the nearest object key for an
     *                  array element), the detectors' context; {@code null} if none
     * @param pseudonym what {@code hmac} replaces a finding with
     * @return {@code text} itself if it holds nothing to replace and is not too long; {@code null} if
     *         it holds a finding whose treatment is {@code drop}; otherwise the changed copy
     */
    String redact(String text, String key, UnaryOperator<String> pseudonym) {
        boolean tooLong = text.length() > MAX_SCAN_LENGTH;
        int cut = MAX_SCAN_LENGTH;
        if (tooLong && Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;                                             // do not split a surrogate pair
        }
        String scanned = tooLong ? text.substring(0, cut) : text;
        List<Finding> findings = findings(scanned, key);
        if (findings.isEmpty() && !tooLong) {
            return text;
        }
        for (Finding finding : findings) {
            if (treatment(finding.type()) == Treatment.DROP) {
                return null;
            }
        }
        StringBuilder out = new StringBuilder(scanned.length() + TRUNCATED.length());
        int copied = 0;
        for (Finding finding : findings) {
            out.append(scanned, copied, finding.start());
            replace(out, scanned, finding, pseudonym);
            copied = finding.end();
        }
        out.append(scanned, copied, scanned.length());
        return tooLong ? out.append(TRUNCATED).toString() : out.toString();
    }

    /**
     * Treats all of {@code text} as one finding of {@code type} ({@code name} or {@code user-id}).
     *
     * @return the replacement, {@code null} for {@code drop}, or {@code text} itself if it is empty
     */
    String treatWhole(String text, String type, UnaryOperator<String> pseudonym) {
        if (text.isEmpty()) {
            return text;
        }
        if (treatment(type) == Treatment.DROP) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        replace(out, text, new Finding(type, 0, text.length()), pseudonym);
        return out.toString();
    }

    /** @return the findings that survive overlap resolution, ordered by start */
    List<Finding> findings(CharSequence text) {
        return findings(text, null);
    }

    /** @return the findings in the value of the field {@code key} that survive overlap resolution, ordered by start */
    List<Finding> findings(CharSequence text, String key) {
        TreeMap<Integer, Finding> accepted = new TreeMap<>();
        List<Finding> found = new ArrayList<>();
        for (Detector detector : detectors) {
            found.clear();
            if (key == null) {
                detector.find(text, found);
            } else {
                detector.find(text, key, found);
            }
            for (Finding finding : found) {
                Map.Entry<Integer, Finding> before = accepted.floorEntry(finding.start());
                Map.Entry<Integer, Finding> after = accepted.ceilingEntry(finding.start());
                boolean overlaps = (before != null && before.getValue().end() > finding.start())
                        || (after != null && after.getKey() < finding.end());
                if (!overlaps) {
                    accepted.put(finding.start(), finding);
                }
            }
        }
        return new ArrayList<>(accepted.values());
    }

    private Treatment treatment(String type) {
        return treatments.getOrDefault(type, Treatment.REDACT);
    }

    private void replace(StringBuilder out, String text, Finding finding, UnaryOperator<String> pseudonym) {
        switch (treatment(finding.type())) {
            case MASK -> {
                int length = finding.end() - finding.start();
                int keep = Math.min(maskKeep, length / 2);     // never reveal more than half of a finding
                out.append("*".repeat(length - keep)).append(text, finding.end() - keep, finding.end());
            }
            case HMAC -> out.append(pseudonym.apply(text.substring(finding.start(), finding.end())));
            case GENERALIZE -> {
                switch (finding.type()) {
                    case CoordinatesDetector.ID -> Generalization.coordinates(text, finding.start(), finding.end(), grid, out);
                    case Ipv4Detector.ID, Ipv6Detector.ID -> Generalization.ip(text, finding.start(), finding.end(),
                            placeholders.get(finding.type()), out);
                    default -> out.append(placeholders.get(finding.type()));   // refused at configure()
                }
            }
            default -> out.append(placeholders.get(finding.type()));
        }
    }

    private static String noPseudonymizer(String value) {
        throw new IllegalStateException("no Pseudonymizer: configure() refuses 'hmac' without one");
    }
}
