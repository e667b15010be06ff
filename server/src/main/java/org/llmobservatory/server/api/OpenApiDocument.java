package org.llmobservatory.server.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.llmobservatory.storage.auth.Principal;

/** The hand-written OpenAPI 3.1 description of the API, served as it is from the classpath. */
final class OpenApiDocument {

    static final String RESOURCE = "openapi.json";

    private final String text;

    OpenApiDocument() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing next to " + getClass().getName());
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String text() {
        return text;
    }

    void serve(Context ctx, Params params, Principal principal) {
        ctx.status(200).contentType(Json.CONTENT_TYPE).result(text);
    }
}
