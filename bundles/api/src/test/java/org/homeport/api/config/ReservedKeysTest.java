package org.homeport.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReservedKeysTest {

    @ParameterizedTest
    @ValueSource(strings = {"felix.fileinstall.filename", "Felix.FileInstall.Filename", "service.pid", "service.factoryPid",
            "service.ranking", "component.name", "osgi.ds.satisfying.condition.target", "sink.target", "hmac.target",
            "objectClass", "org.apache.karaf.features.configKey", ":org.apache.felix.configadmin.revision:",
            "records.cardinality.minimum"})
    void frameworkKeysAreReserved(String key) {
        assertThat(ReservedKeys.isReserved(key)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"retention", "legal.basis", "hmac.fields", "pii-redact.email", "generalize.time.unit",
            "anonymizers", "sinks.allowed"})
    void homeportSettingsAreNot(String key) {
        assertThat(ReservedKeys.isReserved(key)).isFalse();
    }
}
