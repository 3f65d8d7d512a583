package org.homeport.anonymizer.pii.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Runs the enabled detectors over a text, settles overlapping findings and replaces each finding
 * according to its type's treatment. Immutable, so one instance serves all threads.
 */
final class PiiRedactor {
    /**
     * Every detector, most specific first: where findings overlap, the earlier detector wins
     * ({@code user:pw} of a URL over the {@code pw@host.example} e-mail look-alike, an IBAN over the
     * phone-like digit groups inside it, an IPv6 address over the IPv4 address it embeds).
     */
    static final List<Detector> ALL = List.of(new UrlCredentialsDetector(), new JwtDetector(),
            new SecretDetector(), new EmailDetector(), new IbanDetector(), new CardDetector(), new MacDetector(),
            new Ipv6Detector(), new Ipv4Detector(), new PhoneDetector());

    /** Strings are scanned up to this many characters; the rest is cut off and replaced by {@link #TRUNCATED}. */
    static final int MAX_SCAN_LENGTH = 64 * 1024;
    static final String TRUNCATED = "[truncated]";

    private final List<Detector> detectors;
    private final Map<String, String> placeholders;
    private final Map<String, Treatment> treatments;
    private final int maskKeep;

    /**
     * @param detectors  the detectors to run, in {@link #ALL}'s order
     * @param treatments the treatment per detector id; detectors missing here are redacted
     * @param maskKeep   how many trailing characters {@code mask} keeps
     */
    PiiRedactor(List<Detector> detectors, Map<String, Treatment> treatments, int maskKeep) {
        this.detectors = List.copyOf(detectors);
        this.placeholders = detectors.stream().collect(Collectors.toUnmodifiableMap(Detector::id, Detector::placeholder));
        this.treatments = Map.copyOf(treatments);
        this.maskKeep = maskKeep;
    }

    /** @return {@code text} itself if it holds nothing to replace and is not too long, otherwise the changed copy */
    String redact(String text) {
        boolean tooLong = text.length() > MAX_SCAN_LENGTH;
        int cut = MAX_SCAN_LENGTH;
        if (tooLong && Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;                                             // do not split a surrogate pair
        }
        String scanned = tooLong ? text.substring(0, cut) : text;
        List<Finding> findings = findings(scanned);
        if (findings.isEmpty() && !tooLong) {
            return text;
        }
        StringBuilder out = new StringBuilder(scanned.length() + TRUNCATED.length());
        int copied = 0;
        for (Finding finding : findings) {
            out.append(scanned, copied, finding.start());
            replace(out, scanned, finding);
            copied = finding.end();
        }
        out.append(scanned, copied, scanned.length());
        return tooLong ? out.append(TRUNCATED).toString() : out.toString();
    }

    /** @return the findings that survive overlap resolution, ordered by start */
    List<Finding> findings(CharSequence text) {
        TreeMap<Integer, Finding> accepted = new TreeMap<>();
        List<Finding> found = new ArrayList<>();
        for (Detector detector : detectors) {
            found.clear();
            detector.find(text, found);
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

    private void replace(StringBuilder out, String text, Finding finding) {
        if (treatments.getOrDefault(finding.type(), Treatment.REDACT) == Treatment.REDACT) {
            out.append(placeholders.get(finding.type()));
            return;
        }
        int length = finding.end() - finding.start();
        int keep = Math.min(maskKeep, length / 2);             // never reveal more than half of a finding
        out.append("*".repeat(length - keep)).append(text, finding.end() - keep, finding.end());
    }
}
