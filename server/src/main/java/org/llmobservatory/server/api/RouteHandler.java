package org.llmobservatory.server.api;

import io.javalin.http.Context;
import org.llmobservatory.storage.auth.Principal;

/** Answers one route, given the request's checked parameters and who it acts for (null on open routes). */
@FunctionalInterface
interface RouteHandler {

    void handle(Context ctx, Params params, Principal principal) throws Exception;
}
