package org.homeport.anonymizer.pii.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * IPv4 addresses in dotted-quad form, each octet 0–255 without leading zeros (which some software
 * reads as octal). A dotted run of more than four numbers ({@code 1.2.3.4.5}, version strings) is
 * not an address, nor is one glued to a letter or digit ({@code v1.2.3.4}). One trailing full stop
 * is allowed: {@code "from 10.0.0.1."}.
 *
 * <p>A four-part version number has the same shape, so context decides ({@link ContextWords}):
 * <ul>
 * <li>the field's key: a part such as {@code ip}, {@code addr}, {@code peer}, {@code client} makes the
 * value an address; {@code version}, {@code firmware}, {@code build} … a version, unless an address
 * word comes first in the text before the number;
 * <li>otherwise the nearest context word before the number in the text, over at most five words
 * within 48 characters on the same line: an address word ({@code ip}, {@code peer}, {@code client},
 * {@code host}, {@code gateway} …) makes it an address, a version word ({@code version},
 * {@code firmware}, {@code upgraded} …) a version, an SNMP word ({@code oid}, {@code snmp},
 * {@code mib}) an object identifier. "from", "to", "and", "or" are passed over, and the second
 * number of "from 7.1.0.3 to 7.1.1.0" is what the first one was;
 * <li>the well-known object-identifier arcs {@code 1.3.6.1} (internet, RFC 1155), {@code 2.5.4.x}
 * (X.520 attribute types) and {@code 2.5.29.x} (X.509 extensions) are never addresses;
 * <li>without any context word, the number is an address (fail closed).
 * </ul>
 *
 * <p>Linear: one pass over maximal runs of digits and dots; each run is checked once, with a
 * look-back of at most 48 characters.
 */
final class Ipv4Detector implements Detector {
    static final String ID = "ipv4";
    static final String VERSION = "version";
    static final String ADDRESS = "address";
    static final String OID = "oid";

    /** Context words, by what they make a dotted quad. */
    static final WordTable WORDS = new WordTable(words(), Map.of(
            // バージョン, 版本, 固件, ファームウェア (ja, zh: version, firmware)
            VERSION, new int[][] {{0x30d0, 0x30fc, 0x30b8, 0x30e7, 0x30f3}, {0x7248, 0x672c}, {0x56fa, 0x4ef6},
                {0x30d5, 0x30a1, 0x30fc, 0x30e0, 0x30a6, 0x30a7, 0x30a2}},
            // アドレス, 地址 (ja, zh: address)
            ADDRESS, new int[][] {{0x30a2, 0x30c9, 0x30ec, 0x30b9}, {0x5730, 0x5740}}));
    /** Passed over in the look-back; "to"/"and" link a number to the one before it. */
    static final WordTable CONJUNCTIONS = new WordTable(Map.of("from", "", "to", "", "and", "", "or", "", "vs", "",
            "than", "", "at", "", "is", "", "now", "", "was", ""));

    private static Map<String, String> words() {
        Map<String, String> words = new HashMap<>();
        for (String word : List.of("version", "versions", "ver", "vers", "release", "build", "firmware", "fw",
                "sw", "software", "bios", "uefi", "driver", "kernel", "patch", "hotfix", "update", "updated",
                "updating", "upgrade", "upgraded", "upgrading", "downgrade", "downgraded", "rollback", "revision",
                "rev", "edition", "package", "pkg", "installed", "install", "installer", "rom",
                "bootloader", "microcode", "sdk", "runtime", "product",
                // the same words in the languages of crash reports: de, fr, es, pt, it, nl, pl (ja, zh below)
                "versão", "versao", "versión", "versione", "versie", "wersja",
                "aktualisiert", "mise", "actualizado", "atualizado", "aggiornato")) {
            words.put(word, VERSION);
        }
        for (String word : List.of("ip", "ipv", "ipaddr", "ipaddress", "addr", "address", "addresses", "peer", "client",
                "clients", "remote", "host", "server", "src", "dst", "dest", "destination", "gateway", "gw", "dns",
                "nameserver", "resolver", "proxy", "nat", "via", "connect", "connected", "connecting", "connection",
                "listen", "listening", "bind", "bound", "socket", "tcp", "udp", "ping", "route", "subnet", "netmask",
                "lease", "dhcp", "forwarded", "xff", "endpoint", "router", "interface", "iface", "inet", "origin",
                "sender", "login", "logon", "visitor", "unreachable", "blocked", "banned", "allowed", "denied",
                "request", "requests", "adresse", "endereço", "endereco", "dirección", "direccion", "indirizzo", "adres")) {
            words.put(word, ADDRESS);
        }
        for (String word : List.of("oid", "oids", "snmp", "mib", "trap", "objectid", "enterprise", "asn")) {
            words.put(word, OID);
        }
        return Map.copyOf(words);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String placeholder() {
        return "[ip]";
    }

    @Override
    public void find(CharSequence text, List<Finding> out) {
        find(text, null, out);
    }

    @Override
    public void find(CharSequence text, String key, List<Finding> out) {
        String keyMeans = ContextWords.ofKey(key, WORDS);
        boolean previousWasAddress = true;
        int i = 0;
        while (i < text.length()) {
            if (!Chars.isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < text.length() && (Chars.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                i++;
            }
            int end = text.charAt(i - 1) == '.' ? i - 1 : i;
            char before = Chars.at(text, start - 1);
            boolean separate = !Chars.isWord(before) && before != '.' && !Chars.isWord(Chars.at(text, i));
            if (separate && isAddress(text, start, end)) {
                boolean address = isAddressInContext(text, start, end, keyMeans, previousWasAddress);
                previousWasAddress = address;
                if (address) {
                    out.add(new Finding(ID, start, end));
                }
            }
        }
    }

    private static boolean isAddressInContext(CharSequence text, int start, int end, String keyMeans,
            boolean previousWasAddress) {
        if (isWellKnownOid(text, start)) {
            return false;
        }
        if (ADDRESS.equals(keyMeans)) {
            return true;
        }
        String near = ContextWords.before(text, start, WORDS, CONJUNCTIONS);
        if (near == ContextWords.SAME_AS_PREVIOUS) {
            return previousWasAddress;
        }
        if (near != null) {
            return ADDRESS.equals(near);
        }
        return keyMeans == null;
    }

    /** {@code 1.3.6.1} (iso.org.dod.internet), {@code 2.5.4.x} and {@code 2.5.29.x} (X.500/X.509 arcs). */
    private static boolean isWellKnownOid(CharSequence text, int start) {
        return startsWith(text, start, "1.3.6.1") || startsWith(text, start, "2.5.4.") || startsWith(text, start, "2.5.29.");
    }

    private static boolean startsWith(CharSequence text, int start, String prefix) {
        for (int k = 0; k < prefix.length(); k++) {
            if (Chars.at(text, start + k) != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** @return whether {@code text[start, end)} is exactly a dotted-quad IPv4 address */
    static boolean isAddress(CharSequence text, int start, int end) {
        if (end - start > 15) {
            return false;
        }
        int octets = 0;
        int i = start;
        while (true) {
            int value = 0;
            int digitsStart = i;
            while (i < end && Chars.isDigit(text.charAt(i)) && i - digitsStart < 3) {
                value = value * 10 + (text.charAt(i) - '0');
                i++;
            }
            int digits = i - digitsStart;
            if (digits == 0 || value > 255 || (digits > 1 && text.charAt(digitsStart) == '0')) {
                return false;
            }
            octets++;
            if (i == end) {
                return octets == 4;
            }
            if (text.charAt(i) != '.' || octets == 4) {
                return false;
            }
            i++;
        }
    }
}
