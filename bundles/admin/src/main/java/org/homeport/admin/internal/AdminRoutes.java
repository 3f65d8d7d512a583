package org.homeport.admin.internal;

import java.util.List;

/**
 * A group of admin API routes, registered as a service inside this bundle; the server picks groups
 * up as they come and go, so a route whose backing service is missing is simply not offered (404).
 */
public interface AdminRoutes {
    List<Route> routes();
}
