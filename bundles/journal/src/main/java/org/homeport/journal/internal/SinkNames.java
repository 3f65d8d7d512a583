package org.homeport.journal.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Sink names as file names: letters, digits, '.', '_' and '-' stay, every other byte is {@code %XX}. */
final class SinkNames {
    private SinkNames() {
    }

    static String encode(String sink) {
        StringBuilder out = new StringBuilder(sink.length() + 8);
        for (byte b : sink.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-' || (c == '.' && out.length() > 0);
            if (plain) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
            }
        }
        return out.toString();
    }

    /** The sink name, or {@code null} if {@code encoded} is not something {@link #encode} wrote. */
    static String decode(String encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    return null;
                }
                int hi = Character.digit(encoded.charAt(i + 1), 16);
                int lo = Character.digit(encoded.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c < 128) {
                out.write(c);
            } else {
                return null;
            }
        }
        String sink = out.toString(StandardCharsets.UTF_8);
        return sink.isEmpty() || !encode(sink).equals(encoded) ? null : sink;
    }
}
