package org.homeport.receiver.otlp.internal;

import java.util.Locale;

/** The two OTLP/HTTP body encodings; every answer is written in the request's. */
enum Encoding {
    PROTOBUF("application/x-protobuf"), JSON("application/json");

    private final String mediaType;

    Encoding(String mediaType) {
        this.mediaType = mediaType;
    }

    String mediaType() {
        return mediaType;
    }

    /** The encoding a Content-Type names, or {@code null}: other types, and JSON in a charset other than UTF-8. */
    static Encoding of(String contentType) {
        if (contentType == null) {
            return null;
        }
        String[] parts = contentType.split(";");
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        Encoding encoding = switch (type) {
            case "application/x-protobuf", "application/protobuf" -> PROTOBUF;
            case "application/json" -> JSON;
            default -> null;
        };
        for (int i = 1; i < parts.length && encoding == JSON; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].trim().equalsIgnoreCase("charset")) {
                String charset = parameter.length < 2 ? "" : parameter[1].trim().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8")) {
                    return null;
                }
            }
        }
        return encoding;
    }
}
