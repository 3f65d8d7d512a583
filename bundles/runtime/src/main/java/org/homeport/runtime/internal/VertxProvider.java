package org.homeport.runtime.internal;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the one Vert.x instance every Homeport bundle shares and offers it as an OSGi service,
 * so all receivers and servers share the same event loops.
 */
// Registered by hand, so it is declared here for resolvers that check service requirements.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.vertx.core.Vertx\"")
@Component(immediate = true, service = {}, configurationPid = VertxProvider.PID)
@Designate(ocd = VertxProvider.Config.class)
public class VertxProvider {
    public static final String PID = "org.homeport.vertx";
    private static final Logger LOG = LoggerFactory.getLogger(VertxProvider.class);

    @ObjectClassDefinition(name = "Homeport Vert.x", description = "The shared Vert.x instance")
    public @interface Config {
        @AttributeDefinition(name = "Event loop threads", description = "0 means two per core (the Vert.x default)")
        int event_loops() default 0;
    }

    private final Vertx vertx;
    private final ServiceRegistration<Vertx> registration;

    @Activate
    public VertxProvider(BundleContext context, Config config) {
        VertxOptions options = new VertxOptions()
                // No cache directory in the working directory and no class-path file lookups:
                // Homeport serves no files, and the distribution's cwd is not ours to write to.
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false));
        if (config.event_loops() > 0) {
            options.setEventLoopPoolSize(config.event_loops());
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Vert.x finds its service providers through the context class loader.
        thread.setContextClassLoader(Vertx.class.getClassLoader());
        try {
            this.vertx = Vertx.vertx(options);
        } finally {
            thread.setContextClassLoader(previous);
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("service.description", "Homeport shared Vert.x instance");
        this.registration = context.registerService(Vertx.class, vertx, props);
        LOG.info("Shared Vert.x instance started with {} event loops", options.getEventLoopPoolSize());
    }

    @Deactivate
    void deactivate() throws Exception {
        registration.unregister();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.info("Shared Vert.x instance closed");
    }
}
