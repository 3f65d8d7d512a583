package org.homeport.admin.internal;

import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Set;
import org.homeport.security.api.Role;

/**
 * One endpoint: method, path template with {@code {name}} parameters, who may call it and what it
 * does. Handlers run on a worker thread and may block.
 *
 * @param access    who authenticates how
 * @param roles     for {@link Access#PEOPLE}: the roles of which the caller needs one
 * @param largeBody whether the body may be as large as a bulk import ({@code max.body.bytes}); other
 *                  routes take at most {@code max.body.bytes.other}
 */
public record Route(HttpMethod method, String template, Access access, Set<Role> roles, Handler handler,
        boolean largeBody) {

    /** How callers of a route authenticate. */
    public enum Access {
        /** Anyone, without credentials. */
        PUBLIC,
        /** People (JAAS or OIDC) with one of the route's roles. */
        PEOPLE,
        /** Products and backends with device credentials (API key or telemetry-writer token); tenant from the credential. */
        DEVICES
    }

    public Route {
        roles = Set.copyOf(roles);
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("a route template starts with '/': " + template);
        }
        if ((access == Access.PEOPLE) == roles.isEmpty()) {
            throw new IllegalArgumentException("people's routes, and only they, name roles: " + template);
        }
    }

    public Route(HttpMethod method, String template, Access access, Set<Role> roles, Handler handler) {
        this(method, template, access, roles, handler, false);
    }

    /** This route with the large body limit of bulk imports. */
    Route withLargeBody() {
        return new Route(method, template, access, roles, handler, true);
    }

    static Route people(HttpMethod method, String template, Set<Role> roles, Handler handler) {
        return new Route(method, template, Access.PEOPLE, roles, handler);
    }

    static Route open(HttpMethod method, String template, Handler handler) {
        return new Route(method, template, Access.PUBLIC, Set.of(), handler);
    }

    static Route devices(HttpMethod method, String template, Handler handler) {
        return new Route(method, template, Access.DEVICES, Set.of(), handler);
    }

    /** The template's segments, e.g. {@code [admin, v1, api-keys, {name}]}. */
    List<String> segments() {
        return List.of(template.substring(1).split("/", -1));
    }

    /** What a route does; throws {@link Problem} to refuse. */
    @FunctionalInterface
    public interface Handler {
        Reply handle(AdminRequest request) throws Exception;
    }
}
