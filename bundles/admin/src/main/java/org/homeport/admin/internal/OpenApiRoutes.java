package org.homeport.admin.internal;

import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** Serves the OpenAPI 3 document describing this API, to anyone: it names endpoints, never data. */
@Component(service = AdminRoutes.class)
public class OpenApiRoutes implements AdminRoutes {
    static final String DOCUMENT = "openapi.yaml";

    @Override
    public List<Route> routes() {
        return List.of(Route.open(HttpMethod.GET, "/admin/v1/openapi.yaml",
                request -> Reply.text("application/yaml; charset=utf-8", document())));
    }

    static String document() throws IOException {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IOException(DOCUMENT + " is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
