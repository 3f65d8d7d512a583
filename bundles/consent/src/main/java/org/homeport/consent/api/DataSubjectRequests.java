package org.homeport.consent.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Access and erasure requests (GDPR Art. 15 and 17) and device-recovery reads, each audited and
 * answered with a receipt of what was found and done. Blocking; call off event loops.
 *
 * <p>Every request names a tenant and a subject exactly as stored. A tenant this node does not know
 * is refused ({@link ConsentException.Reason#UNKNOWN_TENANT}), and so is a subject that cannot be
 * an id as given ({@link ConsentException.Reason#INVALID}: empty, too long, control characters, or
 * whitespace at either end), so that a typo never gets an official "nothing held" receipt. Each
 * receipt has a {@code finding}: {@code data-held}, {@code no-data-held} (everything was searched and
 * nothing was found) or {@code undetermined} (nothing found, but not everything could be searched),
 * and a {@code summary} that says the same in words.
 */
@ProviderType
public interface DataSubjectRequests {

    /**
     * Gathers the subject's consent history and the events of every sink that can export into one
     * zip file: {@code receipt.json}, {@code consent-history.json}, {@code events/<sink>.jsonl}.
     * The receipt is {@code complete} only when nothing was withheld and everything was searched.
     *
     * @param withheld purposes whose events the caller may not see (device location for anyone but
     *                 a device-recovery officer), each with the reason; they are not searched and the
     *                 receipt names each with its reason
     * @throws ConsentException {@code INVALID} or {@code UNKNOWN_TENANT}
     * @since 1.5
     */
    Export export(String tenant, String subject, String actor, List<Withheld> withheld);

    /**
     * {@link #export(String, String, String, List)} with purposes withheld for a reason the receipt
     * does not spell out.
     *
     * @param withheldPurposes purposes whose events the caller may not see
     */
    default Export export(String tenant, String subject, String actor, Set<String> withheldPurposes) {
        return export(tenant, subject, actor, withheldPurposes.stream().sorted()
                .map(purpose -> new Withheld(purpose, "withheld from this caller", null)).toList());
    }

    /**
     * Deletes the subject's events from every sink that can erase, of every purpose, withheld or not.
     * Consent records and the audit trail stay: they prove what the subject chose and that the
     * request was answered.
     *
     * @param notShownToCaller what an access request by the same caller withholds; the receipt says
     *                         how many of the erased events were of those purposes, which that
     *                         caller's export did not show
     * @return the receipt as JSON
     * @throws ConsentException {@code INVALID} or {@code UNKNOWN_TENANT}
     * @since 1.5
     */
    String erase(String tenant, String subject, String actor, List<Withheld> notShownToCaller);

    /**
     * {@link #erase(String, String, String, List)} for a caller from whom an access request withholds
     * nothing.
     *
     * @return the receipt as JSON
     */
    default String erase(String tenant, String subject, String actor) {
        return erase(tenant, subject, actor, List.of());
    }

    /** The stored events a device sent for the given purposes, as JSON lines; audited as a privileged read. */
    List<String> deviceEvents(String tenant, String device, Set<String> purposes, String actor, int limit);

    /**
     * @param id      the request's id, also the zip file's name
     * @param zip     the bundle to hand over; the caller deletes it when done
     * @param receipt the receipt as JSON
     */
    record Export(String id, Path zip, String receipt) {
    }

    /**
     * A purpose whose events a request does not show its caller, and why.
     *
     * @param purpose      the purpose
     * @param reason       why, in words, e.g. {@code device-location data}; never personal data
     * @param requiredRole the role that would show them, or {@code null}
     * @since 1.5
     */
    record Withheld(String purpose, String reason, String requiredRole) {
        public Withheld {
            if (purpose == null || purpose.isBlank()) {
                throw new IllegalArgumentException("a withheld purpose needs its id");
            }
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a withheld purpose needs a reason");
            }
        }
    }
}
