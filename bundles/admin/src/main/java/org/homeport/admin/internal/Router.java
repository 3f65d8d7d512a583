package org.homeport.admin.internal;

import io.vertx.core.http.HttpMethod;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Finds the route for a method and path: literal segments match exactly, {@code {name}} any one segment. */
final class Router {
    private final List<Route> routes;

    Router(Collection<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /** What the path resolved to: a route with its parameters, or the methods the path allows (none: unknown). */
    record Resolution(Route route, Map<String, String> parameters, Set<String> allowed) {
    }

    Resolution resolve(HttpMethod method, String path) {
        String[] segments = path.substring(1).split("/", -1);
        Set<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Map<String, String> parameters = match(route.segments(), segments);
            if (parameters == null) {
                continue;
            }
            if (route.method().equals(method) || (method == HttpMethod.HEAD && route.method() == HttpMethod.GET)) {
                return new Resolution(route, parameters, Set.of());
            }
            allowed.add(route.method().name());
        }
        return new Resolution(null, Map.of(), allowed);
    }

    private static Map<String, String> match(List<String> template, String[] segments) {
        if (template.size() != segments.length) {
            return null;
        }
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < segments.length; i++) {
            String expected = template.get(i);
            if (expected.startsWith("{") && expected.endsWith("}")) {
                if (segments[i].isEmpty()) {
                    return null;
                }
                parameters.put(expected.substring(1, expected.length() - 1),
                        URLDecoder.decode(segments[i].replace("+", "%2B"), StandardCharsets.UTF_8));
            } else if (!expected.equals(segments[i])) {
                return null;
            }
        }
        return parameters;
    }
}
