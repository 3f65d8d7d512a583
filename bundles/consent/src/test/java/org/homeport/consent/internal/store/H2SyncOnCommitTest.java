package org.homeport.consent.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A durable H2 commit is forced to the device, not only handed to the OS (power loss, not just a crash). */
class H2SyncOnCommitTest {
    @TempDir
    Path directory;

    @Test
    void durableCommitsOnH2AreCheckpointedWithSync() throws Exception {
        List<String> executed = new ArrayList<>();
        try (Connection real = H2Connections.factory(directory.resolve("consent")).connect()) {
            Dialect.H2.persistCommits(recording(real, executed));
        }

        assertThat(executed).containsExactly("CHECKPOINT SYNC");
    }

    /** The connection, with every SQL text its statements execute added to {@code executed}. */
    private static Connection recording(Connection real, List<String> executed) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    if (result instanceof Statement statement && method.getName().equals("createStatement")) {
                        return Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {Statement.class},
                                (p, m, a) -> {
                                    if (m.getName().startsWith("execute") && a != null && a[0] instanceof String sql) {
                                        executed.add(sql);
                                    }
                                    return invoke(statement, m, a);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
