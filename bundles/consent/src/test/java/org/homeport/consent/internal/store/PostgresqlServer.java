package org.homeport.consent.internal.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real PostgreSQL server (binaries from Maven Central) for every store contract test of the
 * module: started when the first test class asks for it, kept in the root store of the test run
 * and stopped when the run ends (JUnit closes an {@link AutoCloseable} it holds there). A test
 * class declares an {@link EmbeddedPostgres} constructor parameter and gets it; each test makes
 * its own database on it ({@link PostgresqlStoreDatabase#create}).
 */
final class PostgresqlServer implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedPostgres.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(PostgresqlServer.class))
                .getOrComputeIfAbsent(EmbeddedPostgres.class, type -> start(), EmbeddedPostgres.class);
    }

    private static EmbeddedPostgres start() {
        try {
            return EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
