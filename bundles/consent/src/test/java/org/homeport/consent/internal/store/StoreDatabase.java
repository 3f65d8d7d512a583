package org.homeport.consent.internal.store;

import java.sql.Connection;
import java.sql.SQLException;

/** One empty database for one contract test, on H2 or PostgreSQL. */
interface StoreDatabase {
    /** The store on this database, as production opens it; called again to reopen it. */
    JdbcConsentStore open();

    /** A plain JDBC connection to the same database, beside the store's own: to look at or tamper with rows. */
    Connection rawConnection() throws SQLException;

    Dialect dialect();
}
