package org.homeport.consent.internal.store;

/**
 * The whole consent store as the rest of the bundle sees it: policy versions, consent records and
 * the audit trail in one database, which {@link JdbcConsentStore} opens (embedded H2 in a file, the
 * default, or PostgreSQL shared by several nodes) and migrates. Each part is its own store
 * ({@link PolicyVersionStore}, {@link ConsentRecordStore}, {@link AuditStore}); this interface adds
 * what belongs to the database as a whole. Every method may block; callers keep it off event loops.
 */
public interface ConsentStore extends PolicyVersionStore, ConsentRecordStore, AuditStore, AutoCloseable {

    /** {@code h2} or {@code postgresql}. */
    String dialect();

    /** One round trip to the database, for the health check; a {@link StoreException} if it does not answer. */
    void ping();

    @Override
    void close();
}
