package org.homeport.core.internal.config;

import org.homeport.api.util.PolicySettings;
import org.homeport.api.util.ConfigText;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pipeline, from {@code etc/org.homeport.pipeline-<name>.cfg}. Editing the file (or
 * {@code config:edit}) takes effect at once: the component is modified in place, never torn
 * down, so no event falls between an old and a new pipeline.
 */
@Component(service = PipelineConfiguration.class, configurationPid = PipelineConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = PipelineConfiguration.Config.class, factory = true)
public class PipelineConfiguration {
    public static final String PID = "org.homeport.pipeline";
    private static final Logger LOG = LoggerFactory.getLogger(PipelineConfiguration.class);

    @ObjectClassDefinition(name = "Homeport pipeline",
            description = "Selects events and delivers them, anonymized, to sinks. The name after '~' in the PID is the pipeline name.")
    public @interface Config {
        @AttributeDefinition(name = "Purposes", description = "Purposes it takes; empty or * for all")
        String[] purposes() default {};

        @AttributeDefinition(name = "Event types", description = "Event types it takes; empty or * for all")
        String[] types() default {};

        @AttributeDefinition(name = "Tenants", description = "Tenants it takes; empty or * for all")
        String[] tenants() default {};

        @AttributeDefinition(name = "Anonymizers",
                description = "Anonymizers applied after the purpose's own, in order; parameters as <anonymizer>.<parameter>")
        String[] anonymizers() default {};

        @AttributeDefinition(name = "Sinks", description = "Names (homeport.sink.name) of the sinks to deliver to")
        String[] sinks();
    }

    private volatile Declared<PipelineDefinition> declared;

    @Activate
    @Modified
    void configure(Map<String, Object> props) {
        declared = Declared.parse("pipeline", props, name -> toDefinition(name, props));
        if (declared.isValid()) {
            LOG.info("Pipeline '{}' configured: sinks {}", declared.name(), declared.value().sinks());
        } else {
            LOG.error("Ignoring invalid {}", declared.error());
        }
    }

    static PipelineDefinition toDefinition(String name, Map<String, Object> props) {
        return new PipelineDefinition(name,
                selector(props.get("purposes")),
                selector(props.get("types")),
                selector(props.get("tenants")),
                PolicySettings.anonymizerChain(props),
                ConfigText.list(props.get("sinks")));
    }

    private static Set<String> selector(Object value) {
        Set<String> items = new LinkedHashSet<>(ConfigText.list(value));
        return items.contains("*") ? Set.of() : items;
    }

    public Declared<PipelineDefinition> declared() {
        return declared;
    }
}
