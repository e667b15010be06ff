package org.llmobservatory.server.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The web UI on the query API's port: its page at {@code /}, its files from the classpath folder {@code /ui} under
 * {@code /assets/<fingerprint>/}, and uPlot from its WebJar under {@code /webjars}. The fingerprint changes with any
 * file of the UI, so the files are cached for good and a page load fetches only the page (with modules revalidated
 * on every load, the 20 requests took most of the time to a painted page on a loaded machine). Everything outside
 * {@code /api/} carries a Content-Security-Policy that allows scripts, styles and requests to this origin only, and
 * no inline script or style.
 */
final class UiAssets {

    static final String FOLDER = "/ui";
    /** Stands for the assets' path in index.html. */
    static final String ASSETS_PLACEHOLDER = "%ASSETS%";

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
        String assets = assetsPath();
        String page = page(assets);
        config.staticFiles.add(files -> {
            files.hostedPath = assets;
            files.directory = FOLDER;
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Cache-Control", "public, max-age=31536000, immutable");
        });
        config.staticFiles.enableWebjars();
        config.routes.before(UiAssets::secure);
        // The page itself is revalidated on every load, so that a new version is never shown with old scripts.
        config.routes.get("/", ctx -> ctx.header("Cache-Control", "no-cache").html(page));
    }

    /** Where the UI's files are served: {@code /assets/} and the fingerprint of their contents. */
    static String assetsPath() {
        return "/assets/" + UiFingerprint.of(FOLDER);
    }

    private static String page(String assets) {
        try (InputStream in = UiAssets.class.getResourceAsStream(FOLDER + "/index.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(ASSETS_PLACEHOLDER, assets);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the web UI's page", e);
        }
    }

    /** The security headers, on every answer but the API's JSON (whose errors keep their documented headers). */
    private static void secure(Context ctx) {
        if (!ctx.path().startsWith(ApiRoutes.BASE + "/")) {
            SECURITY_HEADERS.forEach(ctx::header);
        }
    }
}
