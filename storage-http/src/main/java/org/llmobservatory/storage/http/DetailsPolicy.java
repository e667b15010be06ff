package org.llmobservatory.storage.http;

import io.javalin.http.Context;
import java.util.Locale;
import java.util.function.Predicate;
import org.llmobservatory.storage.health.DetailsVisibility;

/** Decides per request whether health answers carry their details, by {@link DetailsVisibility}. */
final class DetailsPolicy {

    private final DetailsVisibility visibility;
    private final Predicate<String> authorised;

    DetailsPolicy(DetailsVisibility visibility, Predicate<String> authorised) {
        this.visibility = visibility;
        this.authorised = authorised;
    }

    boolean shown(Context ctx) {
        return switch (visibility) {
            case ALWAYS -> true;
            case NEVER -> false;
            case WHEN_AUTHORISED -> authorised.test(token(ctx));
        };
    }

    /** The token of the Bearer scheme, else of the X-API-Key header, else null. */
    private static String token(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.strip().toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            return authorization.strip().substring("bearer ".length()).strip();
        }
        String key = ctx.header("X-API-Key");
        return key == null || key.isBlank() ? null : key.strip();
    }
}
