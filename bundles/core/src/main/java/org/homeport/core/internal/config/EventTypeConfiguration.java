package org.homeport.core.internal.config;

import org.homeport.api.util.ConfigText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.homeport.api.catalog.EventType;
import org.homeport.api.catalog.FieldSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One declared event type, from {@code etc/org.homeport.eventtype-<type>.cfg}. */
@Component(service = EventTypeConfiguration.class, configurationPid = EventTypeConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = EventTypeConfiguration.Config.class, factory = true)
public class EventTypeConfiguration {
    public static final String PID = "org.homeport.eventtype";
    private static final Logger LOG = LoggerFactory.getLogger(EventTypeConfiguration.class);

    @ObjectClassDefinition(name = "Homeport event type",
            description = "A kind of event devices may send. The name after '~' in the PID is the type id.")
    public @interface Config {
        @AttributeDefinition(name = "Description", description = "What the event is, as shown in the public catalog")
        String description() default "";

        @AttributeDefinition(name = "Purposes", description = "Purposes events of this type may be sent for")
        String[] purposes();

        @AttributeDefinition(name = "Fields",
                description = "Declared attributes as name:kind, kind one of string, number, boolean, object, array, any; "
                        + "a trailing ! makes it required. Undeclared attributes are refused.")
        String[] fields() default {};
    }

    private volatile Declared<EventType> declared;

    @Activate
    @Modified
    void configure(Map<String, Object> props) {
        declared = Declared.parse("event type", props, id -> toEventType(id, props));
        if (!declared.isValid()) {
            LOG.error("Ignoring invalid {}", declared.error());
        }
    }

    static EventType toEventType(String id, Map<String, Object> props) {
        List<FieldSpec> fields = new ArrayList<>();
        for (String spec : ConfigText.list(props.get("fields"))) {
            fields.add(parseField(spec));
        }
        if (fields.stream().map(FieldSpec::name).distinct().count() != fields.size()) {
            throw new IllegalArgumentException("a field is declared twice");
        }
        return new EventType(id, ConfigText.string(props, "description", ""),
                new LinkedHashSet<>(ConfigText.list(props.get("purposes"))), fields);
    }

    static FieldSpec parseField(String spec) {
        boolean required = spec.endsWith("!");
        String body = required ? spec.substring(0, spec.length() - 1) : spec;
        int colon = body.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("field '" + spec + "' must be name:kind, e.g. message:string!");
        }
        String kind = body.substring(colon + 1).trim().toUpperCase(Locale.ROOT);
        try {
            return new FieldSpec(body.substring(0, colon).trim(), FieldSpec.Kind.valueOf(kind), required);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field '" + spec
                    + "' has an unknown kind; use string, number, boolean, object, array or any");
        }
    }

    public Declared<EventType> declared() {
        return declared;
    }
}
