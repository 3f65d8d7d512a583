package org.homeport.admin.internal;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * What a route answers.
 *
 * @param status      the HTTP status
 * @param contentType the media type of {@code body}
 * @param body        the bytes to send
 * @param headers     extra headers, e.g. {@code Content-Disposition}
 */
public record Reply(int status, String contentType, Buffer body, Map<String, String> headers) {

    public static Reply json(int status, JsonObject body) {
        return new Reply(status, "application/json", body.toBuffer(), Map.of());
    }

    public static Reply json(JsonObject body) {
        return json(200, body);
    }

    /** A list under {@code items}, so the answer can grow fields (paging) compatibly. */
    public static Reply items(JsonArray items) {
        return json(200, new JsonObject().put("items", items));
    }

    public static Reply text(String contentType, String body) {
        return new Reply(200, contentType, Buffer.buffer(body), Map.of());
    }

    public Reply withHeader(String name, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, contentType, body, Map.copyOf(more));
    }
}
