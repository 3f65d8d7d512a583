package org.homeport.core.internal.config;

import java.util.Map;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.util.PolicySettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One declared purpose and its policy, from {@code etc/org.homeport.purpose-<id>.cfg}, read by
 * {@link PolicySettings}, the one reading the consent bundle's policy history follows too.
 */
@Component(service = PurposeConfiguration.class, configurationPid = PurposeConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = PurposeConfiguration.Config.class, factory = true)
public class PurposeConfiguration {
    public static final String PID = "org.homeport.purpose";
    private static final Logger LOG = LoggerFactory.getLogger(PurposeConfiguration.class);

    @ObjectClassDefinition(name = "Homeport purpose",
            description = "A purpose telemetry is collected for, and its policy. The name after '~' in the PID is the purpose id.")
    public @interface Config {
        @AttributeDefinition(name = "Description", description = "What the purpose is, as shown to the people deciding about consent")
        String description() default "";

        @AttributeDefinition(name = "Legal basis", description = "Why this data may be processed (GDPR Art. 6)",
                options = {
                        @Option(value = "consent", label = "Consent"),
                        @Option(value = "contract", label = "Contract"),
                        @Option(value = "legal-obligation", label = "Legal obligation"),
                        @Option(value = "vital-interest", label = "Vital interest"),
                        @Option(value = "public-task", label = "Public task"),
                        @Option(value = "legitimate-interest", label = "Legitimate interest")})
        String legal_basis() default "consent";

        @AttributeDefinition(name = "Default without a consent record",
                description = "opt-in: dropped unless granted; opt-out: kept unless denied or withdrawn",
                options = {@Option(value = "opt-in", label = "Opt-in"), @Option(value = "opt-out", label = "Opt-out")})
        String consent_default() default "opt-in";

        @AttributeDefinition(name = "Anonymous only", description = "Always strip the subject and device id, whatever the consent")
        boolean anonymous() default false;

        @AttributeDefinition(name = "Retention", description = "How long stored events are kept: 30d, 12h, P395D; 0 keeps them")
        String retention() default "0";

        @AttributeDefinition(name = "Anonymizers",
                description = "Anonymizers every event of this purpose passes, in order; parameters as <anonymizer>.<parameter>")
        String[] anonymizers() default {};

        @AttributeDefinition(name = "Aggregate only",
                description = "Events reach only sinks that keep k-anonymous aggregates (homeport.sink.aggregating), never individual events")
        boolean aggregate_only() default false;

        @AttributeDefinition(name = "Allowed sinks",
                description = "The only sinks (homeport.sink.name) its events may reach; none: every sink its pipelines name")
        String[] sinks_allowed() default {};

        @AttributeDefinition(name = "Data categories",
                description = "The only top-level event attributes its events may carry; none: what its event types declare")
        String[] data_categories() default {};

        @AttributeDefinition(name = "Erase on withdrawal",
                description = "A denial or withdrawal also erases the subject's stored events of this purpose")
        boolean erase_on_withdrawal() default false;
    }

    private volatile Declared<Purpose> declared;
    private volatile String pid;

    @Activate
    @Modified
    public void configure(Map<String, Object> props) {
        pid = String.valueOf(props.get("service.pid"));
        declared = Declared.parse("purpose", props, id -> PolicySettings.purpose(id, props));
        if (!declared.isValid()) {
            LOG.error("Ignoring invalid {}", declared.error());
        }
    }

    /** The configuration's PID ({@code org.homeport.purpose~crash-reports}). */
    public String pid() {
        return pid;
    }

    public Declared<Purpose> declared() {
        return declared;
    }
}
