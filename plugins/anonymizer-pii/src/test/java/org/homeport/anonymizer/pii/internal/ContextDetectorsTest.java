package org.homeport.anonymizer.pii.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The failure classes of the independent evaluation (issue 15), both ways, through the whole
 * redactor with every detector and the field's key as context: what is caught (type and exact text)
 * and the look-alikes that are left alone. A key of {@code -} means free text without a key.
 */
class ContextDetectorsTest {
    private final PiiRedactor redactor = new PiiRedactor(PiiRedactor.ALL, Map.of(), 4);

    @ParameterizedTest(name = "[{0}] ''{1}'' holds {2} ''{3}''")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // ipv4: addresses by key and by nearby words
            "client_ip|12.4.0.17|ipv4|12.4.0.17",
            "-|connection from 10.20.30.40 to 10.20.30.41 refused|ipv4|10.20.30.40",
            "-|connection from 10.20.30.40 to 10.20.30.41 refused|ipv4|10.20.30.41",
            "-|peer 192.0.2.17 reset the stream|ipv4|192.0.2.17",
            "version|upgrade pushed by client 198.51.100.7|ipv4|198.51.100.7",
            "message|GET /status 500 203.0.113.9|ipv4|203.0.113.9",
            "remoteAddr|198.51.100.23|ipv4|198.51.100.23",
            "-|firmware 12.4.0.17 downloaded from 198.51.100.4|ipv4|198.51.100.4",
            "-|接続元アドレス 192.0.2.44 拒否|ipv4|192.0.2.44",
            // ipv6 still found next to WWN look-alikes
            "-|port 21:00:00:24:ff:4c:1a:2b login from 2001:db8::7|ipv6|2001:db8::7",
            "-|peer 2001:db8:0:0:0:0:0:1 down|ipv6|2001:db8:0:0:0:0:0:1",
            // e-mail next to its look-alikes
            "-|built react@18.2.0 for anna.berg@example.org|email|anna.berg@example.org",
            "-|remote git@gitlab.example.com:team/app.git pushed by ops@example.com|email|ops@example.com",
            "-|contact alice@example.org: she owns it|email|alice@example.org",
            "-|mail 163 user wang@163.com|email|wang@163.com",
            "url|https://app.example.com/invite?to=john%40example.org&x=1|email|john%40example.org",
            "-|GET /u?email=mary.o%27neil%40mail.example.co.uk HTTP/1.1|email|mary.o%27neil%40mail.example.co.uk",
            "-|q=jo%2Bsmith%40example.org|email|jo%2Bsmith%40example.org",
            // secrets: documented prefixes (made-up values of the documented lengths)
            "-|push with ghp_Zt3kQ9mN2pL7xR4vB8cW1yH6jD5fG0aS2eU1 failed|secret|ghp_Zt3kQ9mN2pL7xR4vB8cW1yH6jD5fG0aS2eU1",
            "-|token github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVW12345|secret|github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVW12345",
            "-|slack xoxb-2837465019-9182736450123-Qw3rTy7uIo9pAs1dFg5hJk2l rejected|secret|xoxb-2837465019-9182736450123-Qw3rTy7uIo9pAs1dFg5hJk2l",
            "-|key id AKIAQ3EGRZ7XN4LMP2WD in use|secret|AKIAQ3EGRZ7XN4LMP2WD",
            "-|maps AIzaSyD3kR9mXq2LpW7vN4tB8cY1zH6jF5gA0eU quota|secret|AIzaSyD3kR9mXq2LpW7vN4tB8cY1zH6jF5gA0eU",
            "-|charge sk_live_4eC39HqLyjWDarjtT1zdp7dc failed|secret|sk_live_4eC39HqLyjWDarjtT1zdp7dc",
            "-|glpat-xY7zK2mQ9pL4wR8vN3tB rejected|secret|glpat-xY7zK2mQ9pL4wR8vN3tB",
            // secrets: credential positions
            "-|aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY|secret|wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "-|{\"SecretAccessKey\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"}|secret|wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "-|Authorization: Bearer 8f3a2b1c9d0e|secret|8f3a2b1c9d0e",
            "-|authorization=Token 9c8b7a6f5e4d3c2b|secret|9c8b7a6f5e4d3c2b",
            "-|Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l|secret|YWxhZGRpbjpvcGVuc2VzYW1l",
            "-|\"authorization\": \"Bearer mF_9.B5f-4.1JqM\"|secret|mF_9.B5f-4.1JqM",
            "Authorization|Bearer mF_9.B5f-4.1JqM|secret|mF_9.B5f-4.1JqM",
            "api_key|3f9a1c7e2b|secret|3f9a1c7e2b",
            "x-api-key|a1b2c3d4e5f6|secret|a1b2c3d4e5f6",
            "clientSecret|s3cr3t-Value|secret|s3cr3t-Value",
            "-|GET /v1/search?q=tv&api_key=k7Hq2Lm9Xp&page=2|secret|k7Hq2Lm9Xp",
            "-|callback?access_token=EAAGm0PX4ZCpsBA&expires=3600|secret|EAAGm0PX4ZCpsBA",
            "-|X-Api-Key: 7d2f8e4a9b1c6d3e|secret|7d2f8e4a9b1c6d3e",
            "-|password: Tr0ub4dor&3 rejected|secret|Tr0ub4dor&3",
            "-|sas ?sv=2022-11-02&sig=Zm9vYmFyYmF6cXV4%3D&se=2026|secret|Zm9vYmFyYmF6cXV4%3D",
            "-|key -----BEGIN RSA PRIVATE KEY----- MIIEow -----END RSA PRIVATE KEY----- loaded|secret|-----BEGIN RSA PRIVATE KEY----- MIIEow -----END RSA PRIVATE KEY-----",
            // phones: national formats (fictional ranges where the plans have them) and E.164
            "-|call 555-123-4567 now|phone|555-123-4567",
            "-|callback (212) 555-0187|phone|(212) 555-0187",
            "-|US 202.555.0143 office|phone|202.555.0143",
            "-|dial 1-800-555-0199 toll free|phone|1-800-555-0199",
            "-|UK 020 7946 0958 desk|phone|020 7946 0958",
            "-|mob 07700 900123|phone|07700 900123",
            "-|DE 030 12345678 Zentrale|phone|030 12345678",
            "-|FR 01 23 45 67 89 bureau|phone|01 23 45 67 89",
            "-|portable 06.12.34.56.78|phone|06.12.34.56.78",
            "-|IN 98765 43210 support|phone|98765 43210",
            "-|IN +91 98765 43210|phone|+91 98765 43210",
            "-|BR (11) 91234-5678 cel|phone|(11) 91234-5678",
            "-|JP 03-1234-5678 office|phone|03-1234-5678",
            "-|JP 090-1234-5678|phone|090-1234-5678",
            "-|E.164 form: +819012345678|phone|+819012345678",
            "msisdn|491701234567|phone|491701234567",
            "phone_number|5551234567|phone|5551234567",
            "mobile|11 91234-5678|phone|11 91234-5678",
            "-|msisdn=447700900123 rejected|phone|447700900123",
            "-|tel: 0612345678|phone|0612345678",
            // IBANs in lower case and grouped (the ISO 13616 examples)
            "-|pay to de89 3704 0044 0532 0130 00 now|iban|de89 3704 0044 0532 0130 00",
            "-|iban=gb82west12345698765432|iban|gb82west12345698765432",
            "-|FR14 2004 1010 0505 0001 3M02 606|iban|FR14 2004 1010 0505 0001 3M02 606",
            "-|ch93 0076 2011 6238 5295 7|iban|ch93 0076 2011 6238 5295 7",
            // person names after explicit keys, and in name-keyed fields
            "-|login failed user=\"Jane Doe\" ip=unknown|person|Jane Doe",
            "-|level=warn user=jdoe msg=locked|person|jdoe",
            "-|ERROR name: Jane Doe could not sync|person|Jane Doe",
            "-|{\"username\": \"m.mustermann\", \"ok\": false}|person|m.mustermann",
            "-|author=\"Zoë O'Brien-Smith\"|person|Zoë O'Brien-Smith",
            "-|userName: j.r.tolkien|person|j.r.tolkien",
            "-|assignee: José Álvarez, due soon|person|José Álvarez",
            "-|user: Anna|person|Anna",
            "display_name|Jane Doe|person|Jane Doe",
            "user|jdoe|person|jdoe",
            "name|Jean-Luc Picard|person|Jean-Luc Picard",
    })
    void catches(String key, String text, String type, String expected) {
        assertThat(found(key, text)).contains(type + ":" + expected);
    }

    @ParameterizedTest(name = "[{0}] ''{1}'' is left alone")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // four-part versions
            "version|12.4.0.17",
            "firmware_version|12.4.0.17",
            "firmwareVersion|7.1.1.0",
            "FW_VER|2.0.1.4",
            "message|upgraded from 7.1.0.3 to 7.1.1.0",
            "-|upgraded from 7.1.0.3 to 7.1.1.0 overnight",
            "-|Firmware version: 12.4.0.17",
            "-|{\"firmware_version\": \"12.4.0.17\", \"model\": \"X1\"}",
            "-|driver 31.0.15.36 installed",
            "-|rolled back: release 4.2.0.1 -> 4.1.9.8",
            "-|BIOS 1.20.0.1 (2024)",
            "-|ファームウェア 12.4.0.17 に更新しました",
            "-|versão 12.4.0.17 instalada",
            // Fibre Channel and EUI-64 World Wide Names
            "-|port 21:00:00:24:ff:4c:1a:2b offline",
            "wwpn|50:06:01:60:3b:a0:11:22",
            "-|WWN 10:00:00:00:c9:12:34:56, fabric A",
            // SNMP and X.500/X.509 object identifiers
            "-|trap 1.3.6.1.4.1.9.9.13 received",
            "-|OID 1.3.6.1 walk done",
            "oid|1.3.6.1",
            "-|extension 2.5.29.17 unsupported",
            "-|attribute 2.5.4.3 missing",
            "-|snmp get 1.3.6.1.2.1.1.3.0 timeout",
            // e-mail look-alikes
            "-|npm ERR! peer react@18.2.0 required",
            "-|installed lodash@4.17.21.tgz",
            "-|vue@3.4.21-beta.1",
            "-|missing avatar@2x.png and icon@3x.webp",
            "-|asset logo@1.5x.png",
            "-|git@gitlab.example.com:team/app.git",
            "remote|git@github.com:acme/widgets.git",
            "-|ssh deploy@build01.example.net:2222",
            // secret look-alikes
            "-|Bearer token missing",
            "-|token: expired",
            "-|token expired after 3600 s",
            "-|max_tokens=1000 tokens=5",
            "-|password: ********",
            "-|api_key=${API_KEY}",
            "-|Authorization: [secret]",
            "token_type|Bearer",
            "tokenCount|12",
            "-|keyboard layout de, key: F5",
            "-|ghp_short and AKIA1234 and sk_live_x",
            "-|class TokenRefresher: refresh() failed",
            "-|secret santa signup: open",
            // phone look-alikes
            "-|released 2026-11-23 and 01.02.2026 and 23/11/2026",
            "-|serial 0123-4567-8901",
            "-|order 1234567812345678 and 5551234567",
            "-|version 10.0.19045.2965 build 22631.2861",
            "-|ISBN 978-3-16-148410-0",
            "-|at 12:30:45.123 took 1234 ms",
            "-|ids 123-456-7890 and 100-200-3000",
            "phone_verified_at|2026-11-23",
            "phone|2026-11-23",
            "-|load 0.25 0.50 1.00",
            "-|uptime 12345 67890",
            // IBAN look-alikes: wrong check digits, unknown lower-case country
            "-|de89 3704 0044 0532 0130 01",
            "-|zz89370400440532013000",
            // person look-alikes
            "-|hostname=build01 filename=Report.pdf user_id=4711",
            "-|user=root user=anonymous user=${USER} user=[name]",
            "-|user: not found",
            "-|name=config name: printer queue",
            "-|{\"name\": \"CalendarSync\", \"owner_id\": 7}",
            "name|Printer-3F",
            "name|CalendarSync",
            "user|4711",
            "-|std::string user::name",
    })
    void leavesAlone(String key, String text) {
        assertThat(found(key, text)).isEmpty();
    }

    private List<String> found(String key, String text) {
        return redactor.findings(text, "-".equals(key) ? null : key).stream()
                .map(finding -> finding.type() + ":" + text.substring(finding.start(), finding.end())).toList();
    }
}
