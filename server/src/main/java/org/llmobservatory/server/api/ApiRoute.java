package org.llmobservatory.server.api;

import java.util.List;

/**
 * One GET route of the API: its path template, the query parameters it accepts, whether it needs an
 * API key, and its handler.
 */
record ApiRoute(String path, List<String> parameters, boolean authenticated, RouteHandler handler) {

    ApiRoute {
        parameters = List.copyOf(parameters);
    }

    static ApiRoute authenticated(String path, List<String> parameters, RouteHandler handler) {
        return new ApiRoute(path, parameters, true, handler);
    }

    static ApiRoute open(String path, RouteHandler handler) {
        return new ApiRoute(path, List.of(), false, handler);
    }
}
