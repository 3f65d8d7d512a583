package org.homeport.receiver.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicTemplateTest {
    private final TopicTemplate template = TopicTemplate.parse("homeport/{tenant}/{device}/{type}");

    @Test
    void placeholdersTakeTheirLevelsValues() {
        assertThat(template.match("homeport/acme/printer-7/usage.meter"))
                .isEqualTo(Map.of("tenant", "acme", "device", "printer-7", "type", "usage.meter"));
    }

    @Test
    void aTopicThatDoesNotFitIsNotMatched() {
        assertThat(template.match("homeport/acme/printer-7")).isNull();
        assertThat(template.match("homeport/acme/printer-7/usage.meter/extra")).isNull();
        assertThat(template.match("other/acme/printer-7/usage.meter")).isNull();
        assertThat(template.match("homeport/acme//usage.meter")).as("an empty placeholder level").isNull();
        assertThat(template.match("homeport/acme/printer-7/")).isNull();
        assertThat(template.match("")).isNull();
        assertThat(template.match(null)).isNull();
    }

    @Test
    void plusMatchesAnyOneLevelAndIsIgnored() {
        TopicTemplate withPlus = TopicTemplate.parse("+/devices/{device}/{type}/{purpose}");
        assertThat(withPlus.match("site-3/devices/d1/app.error/crash-reports"))
                .isEqualTo(Map.of("device", "d1", "type", "app.error", "purpose", "crash-reports"));
        assertThat(withPlus.match("site-3/devices/d1/app.error")).isNull();
    }

    @Test
    void aTemplateWithoutTypeOrWithUnknownOrRepeatedPlaceholdersIsRefused() {
        assertThatThrownBy(() -> TopicTemplate.parse("homeport/{device}")).hasMessageContaining("{type}");
        assertThatThrownBy(() -> TopicTemplate.parse("homeport/{user}/{type}")).hasMessageContaining("{user}");
        assertThatThrownBy(() -> TopicTemplate.parse("{type}/{type}")).hasMessageContaining("twice");
        assertThatThrownBy(() -> TopicTemplate.parse("homeport/#/{type}")).hasMessageContaining("#");
        assertThatThrownBy(() -> TopicTemplate.parse("a+b/{type}")).hasMessageContaining("a+b");
        assertThatThrownBy(() -> TopicTemplate.parse(" ")).hasMessageContaining("blank");
    }

    @Test
    void aTopicWithThousandsOfLevelsIsRefusedWithoutSplittingItAll() {
        assertThat(template.match("homeport/" + "x/".repeat(100_000) + "t")).isNull();
    }
}
