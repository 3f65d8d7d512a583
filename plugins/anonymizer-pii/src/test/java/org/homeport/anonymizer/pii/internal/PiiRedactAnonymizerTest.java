package org.homeport.anonymizer.pii.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.homeport.api.anonymize.AnonymizerStep;
import org.homeport.api.anonymize.InvalidParametersException;
import org.homeport.api.event.Source;
import org.homeport.api.event.TelemetryEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PiiRedactAnonymizerTest {
    private final PiiRedactAnonymizer anonymizer = new PiiRedactAnonymizer();

    @Test
    void redactsEveryTypeInsideNestedObjectsAndArraysWithTypedPlaceholders() throws Exception {
        TelemetryEvent event = Events.event(Map.of(
                "message", "user alice@example.org paid with 4111 1111 1111 1111 from 10.0.0.1",
                "nested", Map.of("list", List.of("iban DE89370400440532013000", 42, "mac aa:bb:cc:dd:ee:ff")),
                "url", "GET https://bob:hunter2@api.example.com/x?token=abc from 2001:db8::1 call +49 30 1234567"));

        TelemetryEvent result = anonymizer.configure(Map.of()).apply(event);

        assertThat(result.attributes().get("message")).isEqualTo("user [email] paid with [card] from [ip]");
        assertThat(result.attributes().get("nested"))
                .isEqualTo(Map.of("list", List.of("iban [iban]", 42, "mac [mac]")));
        assertThat(result.attributes().get("url"))
                .isEqualTo("GET https://[credentials]@api.example.com/x?token=[secret] from [ip] call [phone]");
        assertThat(result.subject()).isEqualTo(event.subject());
    }

    @Test
    void returnsTheSameEventWhenNothingIsFound() throws Exception {
        TelemetryEvent event = Events.event(Map.of("message", "build 10.0.19045.2965 ok", "n", List.of(1, 2)));

        assertThat(anonymizer.configure(Map.of()).apply(event)).isSameAs(event);
    }

    @Test
    void masksKeepingTheLastCharactersButNeverMoreThanHalf() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("card.treatment", "mask", "secret.treatment", "MASK"));
        TelemetryEvent event = Events.event(Map.of("m", "4111111111111111 password=abc123 a@b.example"));

        assertThat(step.apply(event).attributes().get("m")).isEqualTo("************1111 password=***123 [email]");
    }

    @Test
    void masksWithTheConfiguredNumberOfKeptCharacters() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("card.treatment", "mask", "mask.keep", "2"));

        assertThat(step.apply(Events.event(Map.of("m", "4111111111111111"))).attributes().get("m"))
                .isEqualTo("**************11");
    }

    @Test
    void appliesOnlyTheListedTypes() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("types", "email, ipv4"));
        TelemetryEvent event = Events.event(Map.of("m", "a@b.example 10.0.0.1 4111111111111111"));

        assertThat(step.apply(event).attributes().get("m")).isEqualTo("[email] [ip] 4111111111111111");
    }

    @Test
    void scansOnlyTheListedFields() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("fields", "attributes.error, subject"));
        TelemetryEvent event = Events.event(Map.of("error", "for a@b.example", "other", "c@d.example"))
                .withSubject("x@y.example");

        TelemetryEvent result = step.apply(event);

        assertThat(result.attributes()).isEqualTo(Map.of("error", "for [email]", "other", "c@d.example"));
        assertThat(result.subject()).isEqualTo("[email]");
    }

    @Test
    void cutsStringsLongerThanTheScanLimitAndMarksTheCut() throws Exception {
        String text = "a@b.example " + "x".repeat(PiiRedactor.MAX_SCAN_LENGTH);

        Object result = anonymizer.configure(Map.of()).apply(Events.event(Map.of("m", text))).attributes().get("m");

        assertThat((String) result).startsWith("[email] xxx").endsWith("x" + PiiRedactor.TRUNCATED)
                .hasSize(PiiRedactor.MAX_SCAN_LENGTH - "a@b.example".length() + "[email]".length()
                        + PiiRedactor.TRUNCATED.length());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "type|email|unknown parameter(s) [type]",
            "types|email,,ipv4|empty entry",
            "types|email,name|unknown type 'name'",
            "types|email,user_path|known types are [url-credentials, jwt, secret, email, user-path, iban, card, mac, ipv6, ipv4, coordinates, phone, person]",
            "card.treatment|hash|must be one of redact, mask, drop, hmac",
            "mask.keep|4|no type has treatment 'mask'",
            "fields|attributes.a,|empty entry",
            "fields|bogus|parameter 'fields'",
    })
    void refusesWrongParametersNamingThem(String key, String value, String message) {
        assertThatThrownBy(() -> anonymizer.configure(Map.of(key, value)))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageStartingWith("pii-redact: ")
                .hasMessageContaining(message);
    }

    @Test
    void refusesATreatmentForATypeThatIsNotEnabledAndAnOutOfRangeKeep() {
        assertThatThrownBy(() -> anonymizer.configure(Map.of("types", "email", "card.treatment", "mask")))
                .isInstanceOf(InvalidParametersException.class).hasMessageContaining("'card.treatment'");
        assertThatThrownBy(() -> anonymizer.configure(Map.of("card.treatment", "mask", "mask.keep", "9")))
                .isInstanceOf(InvalidParametersException.class).hasMessageContaining("from 0 to 8");
    }

    // ---- coordinates ----------------------------------------------------------------------------

    @Test
    void redactsCoordinatesByDefault() throws Exception {
        TelemetryEvent event = Events.event(Map.of("m", "GPS fix 48.13712, 11.57541 rejected, app 45.3.1"));

        assertThat(anonymizer.configure(Map.of()).apply(event).attributes().get("m"))
                .isEqualTo("GPS fix [coordinates] rejected, app 45.3.1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "fix 48.13712, 11.57541 ok||fix 48.15, 11.55 ok",
            "fix -33.8688 151.2093||fix -33.85 151.25",
            "?lat=48.13712&lon=11.57541&z=3||?lat=48.15&lon=11.55&z=3",
            "at 48.13712°, 11.57541°||at 48.15°, 11.55°",
            "fix 48.13712, 11.57541|1|fix 48.5, 11.5",
            "fix 48.13712, 11.57541|0.001|fix 48.1375, 11.5755",
            "fix 48.13712, 11.57541|10|fix 45, 15",
            "pole 90.000, 180.000|10|pole 85, 175",
            "pole -90.000, -180.000|10|pole -85, -175",
            "fix +48.13712, -0.01|0.5|fix +48.13712, -0.01",
            "fix +48.13712, -0.012|0.5|fix +48.25, -0.25",
    })
    void generalizesCoordinatesToTheCentreOfTheirGridCell(String text, String grid, String expected) throws Exception {
        Map<String, String> parameters = new LinkedHashMap<>(Map.of("coordinates.treatment", "generalize"));
        if (grid != null) {
            parameters.put("coordinates.grid", grid);
        }

        Object result = anonymizer.configure(parameters).apply(Events.event(Map.of("m", text))).attributes().get("m");

        assertThat(result).isEqualTo(expected);
    }

    @Test
    void refusesAGridWithoutGeneralizedCoordinatesAndOutsideItsRange() {
        assertThatThrownBy(() -> anonymizer.configure(Map.of("coordinates.grid", "1")))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("'coordinates.grid' is set but coordinates.treatment is not 'generalize'");
        for (String grid : List.of("0.00001", "11", "zero", "")) {
            assertThatThrownBy(() -> anonymizer.configure(Map.of("coordinates.treatment", "generalize",
                    "coordinates.grid", grid)))
                    .isInstanceOf(InvalidParametersException.class)
                    .hasMessageContaining("'coordinates.grid' must be a number of degrees from 0.0001 to 10");
        }
    }

    // ---- generalize for addresses ---------------------------------------------------------------

    @Test
    void generalizesIpv4ToItsSlash24AndIpv6ToItsSlash48() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("ipv4.treatment", "generalize", "ipv6.treatment", "Generalize"));
        TelemetryEvent event = Events.event(Map.of("m", "from 203.0.113.77:443 and [2001:db8:85a3::8a2e:370:7334]:80, "
                + "fe80::1ff:fe23:4567:890a%eth0, 2001:0DB8:0001:0002:0003:0004:0005:0006, ::ffff:192.0.2.128, ::1"));

        assertThat(step.apply(event).attributes().get("m")).isEqualTo("from 203.0.113.0:443 and [2001:db8:85a3::]:80, "
                + "fe80::%eth0, 2001:db8:1::, ::ffff:192.0.2.0, ::");
    }

    @Test
    void refusesGeneralizeForOtherTypesAndUnknownTreatmentsListingTheAllowedOnes() {
        assertThatThrownBy(() -> anonymizer.configure(Map.of("card.treatment", "generalize")))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessage("pii-redact: parameter 'card.treatment': 'generalize' applies only to coordinates, ipv4 "
                        + "and ipv6; for card use one of redact, mask, drop, hmac");
        assertThatThrownBy(() -> anonymizer.configure(Map.of("ipv4.treatment", "truncate")))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessage("pii-redact: parameter 'ipv4.treatment' must be one of redact, mask, drop, hmac, generalize");
        assertThatThrownBy(() -> anonymizer.configure(Map.of("user-id.fields", "subject", "user-id.treatment", "generalize")))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("'user-id.treatment': 'generalize' applies only to");
    }

    // ---- user-path ------------------------------------------------------------------------------

    @Test
    void redactsOnlyTheUserNameOfAHomeDirectoryPathByDefault() throws Exception {
        TelemetryEvent event = Events.event(Map.of("stack",
                "at com.x.Y.load(C:\\Users\\jdoe\\AppData\\Local\\x.dll)\n/home/alice/.config/app.json not found; "
                        + "GET /api/users/42; C:\\Users\\Public\\x"));

        assertThat(anonymizer.configure(Map.of()).apply(event).attributes().get("stack"))
                .isEqualTo("at com.x.Y.load(C:\\Users\\[user]\\AppData\\Local\\x.dll)\n/home/[user]/.config/app.json "
                        + "not found; GET /api/users/42; C:\\Users\\Public\\x");
        assertThat(anonymizer.configure(Map.of("types", "email")).apply(event)).isSameAs(event);
    }

    @Test
    void userPathTakesMaskDropAndHmacLikeEveryTypeButNotGeneralize() throws Exception {
        TelemetryEvent event = Events.event(Map.of("path", "/Users/bobby/Library/x", "other", "ok"));

        assertThat(anonymizer.configure(Map.of("user-path.treatment", "mask", "mask.keep", "2")).apply(event)
                .attributes().get("path")).isEqualTo("/Users/***by/Library/x");
        assertThat(anonymizer.configure(Map.of("user-path.treatment", "drop")).apply(event).attributes())
                .isEqualTo(Map.of("other", "ok"));
        assertThat(new PiiRedactAnonymizer(new FakePseudonymizer("k1")).configure(Map.of("user-path.treatment", "hmac"))
                .apply(event).attributes().get("path"))
                .isEqualTo("/Users/ps_k1_" + Integer.toHexString("bobby".hashCode()) + "/Library/x");
        assertThatThrownBy(() -> anonymizer.configure(Map.of("user-path.treatment", "generalize")))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessage("pii-redact: parameter 'user-path.treatment': 'generalize' applies only to coordinates, "
                        + "ipv4 and ipv6; for user-path use one of redact, mask, drop, hmac");
        assertThatThrownBy(() -> anonymizer.configure(Map.of("types", "email", "user-path.treatment", "mask")))
                .isInstanceOf(InvalidParametersException.class).hasMessageContaining("'user-path.treatment'");
        assertThat(anonymizer.configure(Map.of("types", "user-path")).apply(Events.event(Map.of(
                "m", "a@b.example in /home/alice")))
                .attributes().get("m")).isEqualTo("a@b.example in /home/[user]");
        assertThat(anonymizer.configure(Map.of()).apply(Events.event(Map.of("m", "/home/alice@example.org/x")))
                .attributes().get("m")).as("the e-mail address wins over the folder holding it")
                .isEqualTo("/home/[email]/x");
    }

    // ---- name and user-id fields ----------------------------------------------------------------

    @Test
    void treatsTheWholeValueOfNameAndUserIdFieldsNumbersIncluded() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("name.fields", "attributes.author, attributes.team.lead",
                "user-id.fields", "subject, source.device, attributes.accountId, attributes.members"));
        TelemetryEvent event = Events.event(Map.of("author", "Alice Smith", "accountId", 4711,
                "team", Map.of("lead", "Bob", "size", 3), "members", List.of("u-1", 2, true),
                "message", "nothing personal"));

        TelemetryEvent result = step.apply(event);

        assertThat(result.subject()).isEqualTo("[user-id]");
        assertThat(result.source().device()).isEqualTo("[user-id]");
        assertThat(result.attributes()).isEqualTo(Map.of("author", "[name]", "accountId", "[user-id]",
                "team", Map.of("lead", "[name]", "size", 3), "members", List.of("[user-id]", "[user-id]", true),
                "message", "nothing personal"));
    }

    @Test
    void nameAndUserIdFieldsApplyAlsoWhereFieldsLimitsTheScanAndTakeTheirOwnTreatment() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("fields", "attributes.message", "name.fields",
                "attributes.author", "name.treatment", "mask", "mask.keep", "2"));
        TelemetryEvent event = Events.event(Map.of("author", "Alice", "message", "from a@b.example",
                "other", "c@d.example"));

        assertThat(step.apply(event).attributes())
                .isEqualTo(Map.of("author", "***ce", "message", "from [email]", "other", "c@d.example"));
    }

    @Test
    void doesNotScanAgainWhatWasTreatedAsAWhole() throws Exception {
        FakePseudonymizer keys = new FakePseudonymizer("k1");
        AnonymizerStep step = new PiiRedactAnonymizer(keys).configure(Map.of("fields", "attributes.user",
                "user-id.fields", "attributes.user.id", "user-id.treatment", "hmac"));
        TelemetryEvent event = Events.event(Map.of("user", Map.of("id", "alice@example.org", "note", "bob@example.org")));

        Object user = step.apply(event).attributes().get("user");

        assertThat(user).isEqualTo(Map.of("id", "ps_k1_" + Integer.toHexString("alice@example.org".hashCode()),
                "note", "[email]"));
    }

    @Test
    void refusesNameOrUserIdTreatmentsWithoutFieldsAndAFieldListedAsBoth() {
        assertThatThrownBy(() -> anonymizer.configure(Map.of("name.treatment", "mask")))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("'name.treatment' sets a treatment for 'name', but 'name.fields' lists no field");
        assertThatThrownBy(() -> anonymizer.configure(Map.of("name.fields", "subject", "user-id.fields", "subject")))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("field 'subject' is listed in both name.fields and user-id.fields");
        assertThatThrownBy(() -> anonymizer.configure(Map.of("user-id.fields", "subject,,x")))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("parameter 'user-id.fields' has an empty entry");
        assertThatThrownBy(() -> anonymizer.configure(Map.of("name.fields", "user.name")))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("parameter 'name.fields': unknown field path 'user.name'");
    }

    // ---- drop -----------------------------------------------------------------------------------

    @Test
    void dropRemovesTheAttributeOrArrayElementHoldingAFinding() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("email.treatment", "drop"));
        TelemetryEvent event = Events.event(Map.of("message", "for a@b.example", "ip", "10.0.0.1",
                "log", List.of("start", "mail c@d.example", "stop"), "nested", Map.of("note", "e@f.example", "n", 1)));

        TelemetryEvent result = step.apply(event);

        assertThat(result.attributes()).isEqualTo(Map.of("ip", "[ip]", "log", List.of("start", "stop"),
                "nested", Map.of("n", 1)));
    }

    @Test
    void dropMakesSubjectAndDeviceAbsent() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("fields", "subject, attributes.m", "email.treatment", "drop",
                "user-id.fields", "source.device", "user-id.treatment", "drop"));
        TelemetryEvent event = Events.event(Map.of("m", "fine")).withSubject("x@y.example");

        TelemetryEvent result = step.apply(event);

        assertThat(result.subject()).isNull();
        assertThat(result.source()).isEqualTo(new Source("meet", "45.3.1", null));
        assertThat(result.attributes()).isEqualTo(Map.of("m", "fine"));
    }

    @Test
    void dropAppliesToTheWholeStringEvenWhenItIsCutAtTheScanLimit() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("coordinates.treatment", "drop"));
        String text = "at 48.13712, 11.57541 " + "x".repeat(PiiRedactor.MAX_SCAN_LENGTH);

        assertThat(step.apply(Events.event(Map.of("m", text, "k", "v"))).attributes()).isEqualTo(Map.of("k", "v"));
    }

    // ---- hmac -----------------------------------------------------------------------------------

    @Test
    void hmacReplacesEachFindingWithItsPseudonymUnderTheCurrentKey() throws Exception {
        AnonymizerStep step = new PiiRedactAnonymizer(new FakePseudonymizer("k2", "k1"))
                .configure(Map.of("email.treatment", "hmac", "user-id.fields", "subject", "user-id.treatment", "hmac"));
        TelemetryEvent event = Events.event(Map.of("m", "mail a@b.example from 10.0.0.1"));

        TelemetryEvent result = step.apply(event);

        assertThat(result.attributes().get("m")).isEqualTo("mail ps_k2_" + Integer.toHexString("a@b.example".hashCode())
                + " from [ip]");
        assertThat(result.subject()).isEqualTo("ps_k2_" + Integer.toHexString("user-4711".hashCode()));
    }

    @Test
    void refusesHmacWithoutAPseudonymizerNamingTheFeatureThatProvidesIt() {
        assertThatThrownBy(() -> anonymizer.configure(Map.of("user-id.fields", "subject", "user-id.treatment", "hmac")))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("'user-id.treatment' asks for 'hmac'")
                .hasMessageContaining("homeport-anonymizers-basic");
    }

    @Test
    void storedFormsGivesOneFormPerLiveKeyCurrentFirstSkippingAKeyThatRetiredMeanwhile() throws Exception {
        FakePseudonymizer keys = new FakePseudonymizer(List.of("k3", "k2", "k1"), Set.of("k2"));
        AnonymizerStep step = new PiiRedactAnonymizer(keys)
                .configure(Map.of("user-id.fields", "subject", "user-id.treatment", "hmac"));
        TelemetryEvent probe = Events.event(Map.of());

        List<TelemetryEvent> forms = step.storedForms(probe);

        String hex = Integer.toHexString("user-4711".hashCode());
        assertThat(forms).extracting(TelemetryEvent::subject).containsExactly("ps_k3_" + hex, "ps_k1_" + hex);
        assertThat(forms.get(0)).isEqualTo(step.apply(probe));
    }

    @Test
    void storedFormsWithoutHmacIsTheOneOutputOfApply() throws Exception {
        AnonymizerStep step = new PiiRedactAnonymizer(new FakePseudonymizer("k1"))
                .configure(Map.of("user-id.fields", "subject"));
        TelemetryEvent probe = Events.event(Map.of());

        assertThat(step.storedForms(probe)).extracting(TelemetryEvent::subject).containsExactly("[user-id]");
    }

    /** The crash-reports example of docs/anonymizers/pii-redact.md, as written there. */
    @Test
    void theDocumentedCrashReportsConfigurationRedactsTruncatesAndPseudonymizes() throws Exception {
        AnonymizerStep step = new PiiRedactAnonymizer(new FakePseudonymizer("k2", "k1")).configure(Map.of(
                "ipv4.treatment", "generalize", "ipv6.treatment", "generalize",
                "user-id.fields", "subject", "user-id.treatment", "hmac"));
        TelemetryEvent event = Events.event(Map.of("message",
                "sync failed for jane@example.com from 203.0.113.77, card 4111111111111111"));

        TelemetryEvent result = step.apply(event);

        assertThat(result.attributes().get("message")).isEqualTo("sync failed for [email] from 203.0.113.0, card [card]");
        assertThat(result.subject()).isEqualTo("ps_k2_" + Integer.toHexString("user-4711".hashCode()));
        assertThat(step.storedForms(event)).extracting(TelemetryEvent::subject)
                .containsExactly("ps_k2_" + Integer.toHexString("user-4711".hashCode()),
                        "ps_k1_" + Integer.toHexString("user-4711".hashCode()));
    }
}
