package org.homeport.consent.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.homeport.api.consent.ConsentState;
import org.homeport.consent.api.ImportFormat;
import org.homeport.consent.internal.service.ImportLines.Choice;
import org.homeport.consent.internal.service.ImportLines.Line;
import org.junit.jupiter.api.Test;

/** Reading import lines: what each format allows, and reasons that never quote a value. */
class ImportLinesTest {

    @Test
    void csvFieldsMayBeQuotedAndTheHeaderInAnyOrderAndCase() {
        List<Line> lines = csv("\uFEFFState, Subject ,PURPOSE,requestid,policyVersion\r\n"
                + "granted,\"Doe, Jane \"\"JD\"\"\",marketing,r-1,2\r\n"
                + " withdrawn , u2 ,marketing,,\r\n");

        assertThat(lines).extracting(Line::choice).containsExactly(
                new Choice("Doe, Jane \"JD\"", "marketing", ConsentState.GRANTED, null, "r-1", 2),
                new Choice("u2", "marketing", ConsentState.WITHDRAWN, null, lines.get(1).choice().requestId(), 0));
        assertThat(lines.get(1).choice().requestId()).startsWith("import:");
    }

    @Test
    void badCsvLinesAreNamedWithoutTheirContent() {
        List<Line> lines = csv("subject,purpose,state,recordedAt,policyVersion\n"
                + "secret-subject,marketing,granted\n"
                + "\"secret-subject,marketing,granted,,\n"
                + "secret-subject,marketing,granted,yesterday,\n"
                + "secret-subject,marketing,granted,,one\n");

        assertThat(lines).extracting(Line::number).containsExactly(2L, 3L, 4L, 5L);
        assertThat(lines).extracting(Line::error).containsExactly(
                "has 3 fields, the header row names 5",
                "has a quoted field that is not closed",
                "'recordedAt' must be an ISO-8601 time with an offset, e.g. 2025-05-01T10:00:00Z",
                "'policyVersion' must be an integer");
    }

    @Test
    void jsonFieldsMustHaveTheirTypes() {
        List<Line> lines = ImportLines.read(new StringReader("""
                {"subject":42,"purpose":"marketing","state":"granted"}
                {"subject":"u1","purpose":"marketing","state":"granted","policyVersion":"1"}
                ["u1","marketing","granted"]
                {"subject":"u1","purpose":"marketing","state":"granted","recordedAt":"2025-05-01T12:00:00+02:00","requestId":null}
                """), ImportFormat.JSON_LINES);

        assertThat(lines).extracting(Line::error).containsExactly("'subject' must be a string",
                "'policyVersion' must be an integer", "not a JSON object", null);
        assertThat(lines.get(3).choice().recordedAt()).isEqualTo(Instant.parse("2025-05-01T10:00:00Z"));
    }

    @Test
    void derivedRequestIdsDependOnTheChoiceAndItsOccurrenceOnly() {
        List<Line> first = csv("subject,purpose,state\nu1,marketing,granted\nu2,marketing,granted\nu1,marketing,granted\n");
        List<Line> second = csv("state,subject,purpose\ngranted,u0,marketing\ngranted,u1,marketing\n");

        assertThat(first.get(0).choice().requestId()).isEqualTo(second.get(1).choice().requestId())
                .isNotEqualTo(first.get(2).choice().requestId())
                .matches("import:[0-9a-f]{64}");
    }

    private static List<Line> csv(String text) {
        return ImportLines.read(new StringReader(text), ImportFormat.CSV);
    }
}
