package org.homeport.admin.internal;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.MultiMap;
import java.util.Map;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.security.api.Caller;

/**
 * A request that passed its access check, as a route handler sees it: who calls, the path's
 * parameters, the query and the (size-limited, fully read) body.
 */
public final class AdminRequest {
    private final Caller caller;
    private final DevicePrincipal device;
    private final Map<String, String> pathParameters;
    private final MultiMap query;
    private final MultiMap headers;
    private final Buffer body;

    public AdminRequest(Caller caller, DevicePrincipal device, Map<String, String> pathParameters, MultiMap query,
            MultiMap headers, Buffer body) {
        this.caller = caller;
        this.device = device;
        this.pathParameters = Map.copyOf(pathParameters);
        this.query = query;
        this.headers = headers;
        this.body = body;
    }

    public Caller caller() {
        return caller;
    }

    /** The device credential's holder on {@code DEVICES} routes, else {@code null}. */
    public DevicePrincipal device() {
        return device;
    }

    /**
     * Who acts, for records and the audit trail, with the kind of principal first so a person and a
     * device key of the same name cannot be mistaken: {@code user:<name>} for a person (JAAS login or
     * a person's token), {@code token:<name>} for a service token bound to a tenant,
     * {@code key:<id>} for a device API key, {@code token:<client>} for a device's access token.
     */
    public String actor() {
        if (caller != null) {
            return actor(caller);
        }
        return device != null ? actor(device) : "anonymous";
    }

    static String actor(Caller caller) {
        boolean serviceToken = "oidc".equals(caller.method()) && caller.tenant() != null && !caller.tenant().isBlank();
        return (serviceToken ? "token:" : "user:") + caller.name();
    }

    static String actor(DevicePrincipal device) {
        String id = device.credentialId();
        return id.startsWith(TOKEN_CREDENTIAL) ? "token:" + id.substring(TOKEN_CREDENTIAL.length()) : "key:" + id;
    }

    /** How the core names a device that authenticated with an access token instead of an API key. */
    private static final String TOKEN_CREDENTIAL = "oidc:";

    public String path(String name) {
        return pathParameters.get(name);
    }

    /** @return the query parameter, or {@code fallback} when absent or empty */
    public String query(String name, String fallback) {
        String value = query.get(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    public String header(String name) {
        return headers.get(name);
    }

    public Buffer body() {
        return body;
    }

    /** The body as a JSON object; a 400 problem if it is not one. */
    public JsonObject json() {
        if (body.length() == 0) {
            throw Problem.badRequest("malformed-body", "the request needs a JSON object body");
        }
        try {
            return new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            throw Problem.badRequest("malformed-body", "the body is not a JSON object");
        }
    }
}
