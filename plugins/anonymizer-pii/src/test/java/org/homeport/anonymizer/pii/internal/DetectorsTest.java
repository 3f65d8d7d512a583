package org.homeport.anonymizer.pii.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each detector alone: what it finds (exact text) and the look-alikes it leaves. */
class DetectorsTest {

    @ParameterizedTest(name = "{0} finds ''{2}'' in ''{1}''")
    @CsvSource(delimiter = '|', value = {
            "email|mail alice.smith+tag@mail.example.co.uk now|alice.smith+tag@mail.example.co.uk",
            "email|...dots@example.org.|dots@example.org",
            "email|jürgen@bücher.example|jürgen@bücher.example",
            "email|write to ivan@example.xn--p1ai today|ivan@example.xn--p1ai",
            "email|ivan@пример.рф|ivan@пример.рф",
            "phone|call +49 30 1234567 today|+49 30 1234567",
            "phone|+1 (555) 123-4567|+1 (555) 123-4567",
            "phone|Tel (030) 1234567|(030) 1234567",
            "phone|mobile 0170 1234567.|0170 1234567",
            "phone|fax 030/1234567|030/1234567",
            "phone|+49 (0)89 123456|+49 (0)89 123456",
            "ipv4|from 192.168.17.42:8080|192.168.17.42",
            "ipv4|client 10.0.0.1.|10.0.0.1",
            "ipv6|[2001:db8::1]:443|2001:db8::1",
            "ipv6|peer fe80::1ff:fe23:4567:890a%eth0|fe80::1ff:fe23:4567:890a",
            "ipv6|mapped ::ffff:192.0.2.128 ok|::ffff:192.0.2.128",
            "ipv6|full 2001:0db8:0000:0000:0000:0000:0000:0001|2001:0db8:0000:0000:0000:0000:0000:0001",
            "card|card 4111 1111 1111 1111 exp 12/27|4111 1111 1111 1111",
            "card|amex 3782-822463-10005|3782-822463-10005",
            "card|mc 2221000000000009|2221000000000009",
            "card|4111 1111 1111 1111 2024|4111 1111 1111 1111",
            "iban|pay to DE89 3704 0044 0532 0130 00 now|DE89 3704 0044 0532 0130 00",
            "iban|GB82WEST12345698765432|GB82WEST12345698765432",
            "mac|hw aa:bb:cc:dd:ee:ff up|aa:bb:cc:dd:ee:ff",
            "mac|hw 00-1A-2B-3C-4D-5E up|00-1A-2B-3C-4D-5E",
            "mac|cisco 0011.2233.4455|0011.2233.4455",
            "jwt|t=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl.|eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
            "secret|GET /x?api_key=abc123&y=1|abc123",
            "secret|DB_PASSWORD=\"two words\" next|\"two words\"",
            "secret|Authorization: bearer 0123456789abcdefXYZ|0123456789abcdefXYZ",
            "url-credentials|postgres://app:s3cret@db:5432/x|app:s3cret",
            "url-credentials|redis://:pw@cache|:pw",
            "url-credentials|https://bob:p@ss@host/|bob:p@ss",
            "coordinates|GPS fix 48.13712, 11.57541 ok|48.13712, 11.57541",
            "coordinates|at 48.13712,11.57541.|48.13712,11.57541",
            "coordinates|Sydney -33.8688 151.2093|-33.8688 151.2093",
            "coordinates|Sydney -33.8688  ,  151.2093|-33.8688  ,  151.2093",
            "coordinates|GET /w?lat=48.13712&lon=11.57541&z=3|lat=48.13712&lon=11.57541",
            "coordinates|{\"lat\": 48.137, \"lng\": 11.575}|\"lat\": 48.137, \"lng\": 11.575",
            "coordinates|LONGITUDE = 151.2093; Latitude = -33.8688|LONGITUDE = 151.2093; Latitude = -33.8688",
            "coordinates|lat: 48.13712 long: 11.57541|lat: 48.13712 long: 11.57541",
            "coordinates|GeoJSON [151.2093, -33.8688]|151.2093, -33.8688",
            "coordinates|at 48.13712°, 11.57541° N|48.13712°, 11.57541°",
            "coordinates|maps/@48.1371516,11.5753822,17z|48.1371516,11.5753822",
            "coordinates|poles 90.000, -180.000 too|90.000, -180.000",
            "coordinates|origin 0.000,0.000 set|0.000,0.000",
            "coordinates|fix 48.13712, 11.57541, 520.3 m|48.13712, 11.57541",
            "coordinates|floats 48.137154000000004,11.575490000000001|48.137154000000004,11.575490000000001",
            // user-path: only the user-name segment of a home-directory path
            "user-path|at com.x.Y.load(C:\\Users\\jdoe\\AppData\\Local\\x.dll)|jdoe",
            "user-path|d:\\users\\Alice\\x|Alice",
            "user-path|C:/Users/bob/AppData|bob",
            "user-path|C:\\USERS/bob2|bob2",
            "user-path|\\\\?\\C:\\Users\\carol\\x|carol",
            "user-path|C:\\Documents and Settings\\dave\\Local Settings|dave",
            "user-path|c:\\DOCUMENTS AND SETTINGS\\dave2|dave2",
            "user-path|C:\\Users\\John Smith\\AppData|John Smith",
            "user-path|C:\\Users\\John Smith.|John",
            "user-path|C:\\Users\\John Smith \\x|John",
            "user-path|C:\\Users\\John Smith: gone|John",
            "user-path|C:\\Users\\JOHNSM~1\\AppData\\Local\\Temp|JOHNSM~1",
            "user-path|C:\\\\Users\\\\erin\\\\x|erin",
            "user-path|file:///C:/Users/frank/x|frank",
            "user-path|jar:file:/C:/Users/frank2/lib.jar!/x|frank2",
            "user-path|/home/alice/.config/app/settings.json not found|alice",
            "user-path|/Users/bob/Library/Caches|bob",
            "user-path|/var/home/grace/.local|grace",
            "user-path|file:///home/heidi/x|heidi",
            "user-path|jar:file:/home/ivan/app.jar!/x|ivan",
            "user-path|cwd=/home/judy|judy",
            "user-path|missing in /home/oscar.|oscar",
            "user-path|(/home/peggy)|peggy",
            "user-path|[/home/walter]|walter",
            "user-path|PATH=/usr/bin:/home/trent/bin|trent",
            "user-path|/home/victor:1000|victor",
            "user-path|/home/alice.smith/x|alice.smith",
            "user-path|/home/zoë/x|zoë",
            "user-path|/home/kim lee/x|kim",
            "user-path|C:\\Users\\Public2\\x|Public2",
            "user-path|/Users/Sharedfolder/x|Sharedfolder",
            "user-path|/Users/Default.migrated/x|Default.migrated",
            // documented look-alikes: a route under /home/ at a path boundary, prose up to a later separator
            "user-path|GET /home/feed HTTP/1.1|feed",
            "user-path|C:\\Users\\alice copied to backup\\x|alice copied to backup",
    })
    void findsExactlyThePersonalData(String type, String text, String expected) {
        assertThat(find(type, text)).containsExactly(expected);
    }

    @ParameterizedTest(name = "{0} leaves ''{1}''")
    @CsvSource(delimiter = '|', value = {
            "email|root@localhost", "email|alice@example.c", "email|https://alice@example.com/", "email|@example.org",
            "email|alice@example.c0m", "email|job@worker.q2", "email|ftp://anonymous@ftp.example.org",
            "phone|01701234567", "phone|2026-11-23", "phone|01.02.2026", "phone|0123-4567-8901", "phone|10:00:00",
            "phone|+12345", "phone|DE12 3704 0044 0532 0130 01", "phone|+49 30 1234567890123456",
            "ipv4|10.0.19045.2965", "ipv4|1.2.3.4.5", "ipv4|256.1.1.1", "ipv4|010.1.2.3", "ipv4|v1.2.3.4",
            "ipv4|release 17.0.8.1",
            "ipv6|std::vector", "ipv6|10:00:00", "ipv6|aa:bb:cc:dd:ee:ff", "ipv6|1::2::3", "ipv6|12345::1",
            "card|4111 1111 1111 1112", "card|1234567812345670", "card|41111111111111111111",
            "card|4111 1111-1111 1111",
            "iban|DE89 3704 0044 0532 0130 01", "iban|DE8937040044053201300",
            "mac|aa:bb:cc:dd:ee:ff:00:11", "mac|aa:bb-cc:dd:ee:ff", "mac|123e4567-e89b-12d3-a456-426614174000",
            "jwt|eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxIn0.c2ln", "jwt|com.example.app", "jwt|eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0",
            "secret|max_tokens=1000", "secret|Bearer token missing", "secret|token expired",
            "url-credentials|https://alice@example.com/", "url-credentials|https://example.com/a:b@c",
            "coordinates|45.3.1, 10.1.2.3", "coordinates|1.2.3.4.5 6.7.8.9.10", "coordinates|10.1.2.3, 10.1.2.4",
            "coordinates|12:30:45.123, 12:30:46.456", "coordinates|EUR 12.99, 4.50", "coordinates|€1.799, €1.859",
            "coordinates|$1,299.000", "coordinates|48.13, 11.57", "coordinates|48.1 11.5",
            "coordinates|0.125, 0.250, 0.375", "coordinates|1.000,1.000,1.000,1.000",
            "coordinates|95.12345, 181.00001", "coordinates|100.123, 120.456", "coordinates|90.001, 91.57541",
            "coordinates|v48.13712, 11.57541", "coordinates|48.13712,11.57541x", "coordinates|1.234e5, 2.345",
            "coordinates|048.13712, 011.57541", "coordinates|lat=95.12345&lon=11.57541",
            "coordinates|lat=48.13712&lat=11.57541", "coordinates|took 1.250s, 2.750ms",
            "coordinates|48.13712,,11.57541", "coordinates|48.13712 - 11.57541", "coordinates|48.13712-11.57541",
            "coordinates|48.1371234567890123, 11.5754", "coordinates|1234.5678, 11.57541",
            "coordinates|2026-11-23T10:00:12.345Z, 1.500",
            "user-path|GET https://api.example.com/api/users/42", "user-path|GET /users/42 HTTP/1.1",
            "user-path|https://cdn.example.com/home/alice/avatar.png", "user-path|http://home/alice",
            "user-path|/home/", "user-path|/home/ is empty", "user-path|/home", "user-path|/homepage/alice",
            "user-path|/Home/alice", "user-path|/home//alice", "user-path|C:\\Users\\Public\\Documents",
            "user-path|c:\\users\\DEFAULT\\NTUSER.DAT", "user-path|C:\\Users\\Default User\\AppData",
            "user-path|C:\\Users\\Default User", "user-path|C:\\Documents and Settings\\All Users\\Application Data",
            "user-path|C:\\Documents and Settings\\All Users", "user-path|/Users/Shared/x", "user-path|/Users/shared",
            "user-path|/Users/Public.", "user-path|%USERPROFILE%\\AppData\\Roaming",
            "user-path|C:\\Users\\%USERNAME%\\AppData", "user-path|/home/$USER/.cache", "user-path|/home/${USER}/.cache",
            "user-path|${user.home}/.app", "user-path|/home/<user>/.ssh", "user-path|/home/{user}/x",
            "user-path|/home/~/x", "user-path|~/.config/app", "user-path|/usr/share/app/icons",
            "user-path|/mnt/data/home/alice", "user-path|\\\\server\\users\\alice", "user-path|XC:\\Users\\alice",
            "user-path|C:\\UsersX\\alice", "user-path|C:Users\\alice", "user-path|C:\\Users\\ alice\\x",
            "user-path|C:\\Users\\\\", "user-path|C:\\Users\\%20alice\\x", "user-path|1/home/alice", "user-path|a/Users/bob",
    })
    void leavesLookAlikes(String type, String text) {
        assertThat(find(type, text)).isEmpty();
    }

    @Test
    void userPathEndsAtQuotesAndFindsEveryPathInALine() {
        assertThat(find("user-path", "open 'C:\\Users\\kim' failed")).containsExactly("kim");
        assertThat(find("user-path", "HOME=\"/Users/lee\" SHELL=/bin/zsh")).containsExactly("lee");
        assertThat(find("user-path", "No such file: 'C:\\\\Users\\\\ana\\\\x.txt'")).containsExactly("ana");
        assertThat(find("user-path", "`/home/sam`")).containsExactly("sam");
        assertThat(find("user-path", "cp /home/a/x /Users/b/y C:\\Users\\c\\z; /var/home/d"))
                .containsExactly("a", "b", "c", "d");
    }

    @Test
    void userPathReportsTheFirst64CharactersOfALongerSegment() {
        String name = "a".repeat(100);

        assertThat(find("user-path", "/home/" + name + "/x")).containsExactly("a".repeat(UserPathDetector.MAX_SEGMENT));
        assertThat(find("user-path", "C:\\Users\\" + name)).containsExactly("a".repeat(64));
        assertThat(find("user-path", "/home/" + "b".repeat(64) + " ok")).containsExactly("b".repeat(64));
        // spaces in a Windows run that does not reach a separator within the limit: the name ends at the first
        assertThat(find("user-path", "C:\\Users\\ann " + "x y ".repeat(20) + "\\z")).containsExactly("ann");
    }

    private static List<String> find(String type, String text) {
        Detector detector = PiiRedactor.ALL.stream().filter(d -> d.id().equals(type)).findFirst().orElseThrow();
        List<Finding> findings = new ArrayList<>();
        detector.find(text, findings);
        return findings.stream().map(f -> text.substring(f.start(), f.end())).toList();
    }
}
