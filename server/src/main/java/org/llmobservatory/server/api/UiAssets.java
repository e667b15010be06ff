package org.llmobservatory.server.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.util.Map;

/**
 * The web UI on the query API's port: its files from the classpath folder {@code /ui} at {@code /}, and uPlot from
 * its WebJar under {@code /webjars}. Everything outside {@code /api/} carries a Content-Security-Policy that allows
 * scripts, styles and requests to this origin only, and no inline script or style.
 */
final class UiAssets {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";

    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer");

    private UiAssets() {
    }

    static void register(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/ui";
            files.location = Location.CLASSPATH;
            // Revalidated on every load, so that a new version of the service is never shown with old scripts.
            files.headers = Map.of("Cache-Control", "no-cache");
        });
        config.staticFiles.enableWebjars();
        config.routes.before(UiAssets::secure);
    }

    /** The security headers, on every answer but the API's JSON (whose errors keep their documented headers). */
    private static void secure(Context ctx) {
        if (!ctx.path().startsWith(ApiRoutes.BASE + "/")) {
            SECURITY_HEADERS.forEach(ctx::header);
        }
    }
}
