package org.homeport.consent.internal.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * A node started while its shared PostgreSQL is down: the store is offered to the bundle (and the
 * gate stops holding events back) once the database answers, with no restart. A real PostgreSQL.
 */
class ConsentStoreServiceTest {
    private final List<Object> registered = new CopyOnWriteArrayList<>();
    private final List<Object> unregistered = new CopyOnWriteArrayList<>();

    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("registerService") || args[0] != StoreHolder.class) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    Object service = args[1];
                    registered.add(service);
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServiceRegistration.class},
                            (p, m, a) -> {
                                if (m.getName().equals("unregister")) {
                                    unregistered.add(service);
                                    return null;
                                }
                                throw new UnsupportedOperationException(m.getName());
                            });
                });
    }

    private static ConsentStoreService.Config postgresql(int port) {
        Map<String, Object> values = Map.of("store", "postgresql",
                "jdbc_url", "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "jdbc_user", "postgres",
                "jdbc_password", "", "reconnect_seconds", 1);
        return (ConsentStoreService.Config) Proxy.newProxyInstance(ConsentStoreServiceTest.class.getClassLoader(),
                new Class<?>[] {ConsentStoreService.Config.class}, (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    return method.getName().equals("annotationType") ? ConsentStoreService.Config.class
                            : method.getDefaultValue();
                });
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aPostgresqlThatIsDownAtStartIsOpenedOnceItAnswers() throws Exception {
        int port = freePort();
        ConsentStoreService service = new ConsentStoreService(context(), postgresql(port));
        try {
            await("nothing is offered while the database is down").during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(5)).until(registered::isEmpty);

            try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(port).start()) {
                await("the store is offered once the database answers").atMost(Duration.ofSeconds(30))
                        .until(() -> registered.size() == 1);
                assertThat(registered).containsExactly(service);
                service.store().ping();

                service.deactivate();
                assertThat(unregistered).containsExactly(service);
            }
        } finally {
            service.deactivate();
        }
    }
}
