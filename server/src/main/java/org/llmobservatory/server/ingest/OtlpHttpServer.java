package org.llmobservatory.server.ingest;

import com.google.protobuf.Message;
import com.google.rpc.Code;
import com.google.rpc.Status;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.llmobservatory.server.otlp.OtlpJson;
import org.llmobservatory.server.otlp.TelemetrySignal;
import org.llmobservatory.storage.http.WebServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/HTTP on {@code /v1/traces}, {@code /v1/logs} and {@code /v1/metrics}: protobuf or JSON bodies,
 * gzip or not, answered in the encoding they came in, and only once their items are committed.
 * Invalid requests get a 4xx with a {@code google.rpc.Status} saying why; full buffers a 503 with
 * {@code Retry-After}, which OTLP clients retry.
 */
public final class OtlpHttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OtlpHttpServer.class);
    static final String PROTOBUF = "application/x-protobuf";
    static final String JSON = "application/json";
    /** How long {@link #close()} lets running requests finish, as the gRPC receiver does. */
    static final Duration GRACEFUL_STOP = Duration.ofSeconds(10);

    private final Ingest ingest;
    private final long maxBodyBytes;
    private WebServer server;

    private OtlpHttpServer(Ingest ingest, long maxBodyBytes) {
        this.ingest = ingest;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Starts listening on {@code bindAddress:port} (a free port when 0); bodies larger than
     * {@code maxBodyBytes} after decompression are refused with 413.
     */
    static OtlpHttpServer start(Ingest ingest, long maxBodyBytes, String bindAddress, int port) {
        OtlpHttpServer otlp = new OtlpHttpServer(ingest, maxBodyBytes);
        otlp.server = WebServer.start("the OTLP/HTTP server", bindAddress, port, config -> {
            // Stopping waits for running requests (their items are being committed) instead of cutting them
            // off: Jetty only shuts down gracefully with a GracefulHandler and a stop timeout.
            config.jetty.modifyServer(jetty -> {
                jetty.setHandler(new DrainingHandler());
                jetty.setStopTimeout(GRACEFUL_STOP.toMillis());
            });
            for (TelemetrySignal signal : TelemetrySignal.values()) {
                config.routes.post(signal.path(), ctx -> otlp.handle(signal, ctx));
            }
            config.routes.exception(Exception.class, OtlpHttpServer::internalError);
            config.router.javaLangErrorHandler(OtlpHttpServer::internalError);
        });
        return otlp;
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(TelemetrySignal signal, Context ctx) {
        Optional<Boolean> json = encoding(ctx.contentType());
        if (json.isEmpty()) {
            answer(ctx, false, ingest.unsupported(signal, Protocol.HTTP_PROTOBUF, "unsupported Content-Type '"
                    + ctx.contentType() + "': send " + PROTOBUF + " or " + JSON));
            return;
        }
        Protocol protocol = json.get() ? Protocol.HTTP_JSON : Protocol.HTTP_PROTOBUF;
        String token = Credentials.token(ctx.header("Authorization"), ctx.header("X-API-Key"));
        answer(ctx, json.get(), ingest.export(new ExportCall(signal, protocol, token, new HttpPayload(ctx), null)));
    }

    /** The result as OTLP/HTTP says: the status code, Retry-After where a retry helps, and the body. */
    private static void answer(Context ctx, boolean json, IngestResult result) {
        switch (result) {
            case IngestResult.Stored stored -> respond(ctx, json, 200, stored.response());
            case IngestResult.Unauthenticated ignored -> {
                ctx.header("WWW-Authenticate", "Bearer");
                fail(ctx, json, 401, Code.UNAUTHENTICATED, "a valid API key is required "
                        + "(Authorization: Bearer <key> or X-API-Key: <key>)");
            }
            case IngestResult.Throttled throttled -> {
                ctx.header("Retry-After", Integer.toString(throttled.retryAfterSeconds()));
                respond(ctx, json, 429, GrpcCalls.throttled(throttled));
            }
            case IngestResult.Invalid invalid -> {
                boolean tooLarge = invalid.problem() == IngestResult.Problem.TOO_LARGE;
                int status = switch (invalid.problem()) {
                    case MALFORMED -> 400;
                    case TOO_LARGE -> 413;
                    case UNSUPPORTED_MEDIA_TYPE -> 415;
                };
                fail(ctx, json, status, tooLarge ? Code.RESOURCE_EXHAUSTED : Code.INVALID_ARGUMENT, invalid.message());
            }
            case IngestResult.Unavailable unavailable -> {
                ctx.header("Retry-After", Integer.toString(unavailable.retryAfterSeconds()));
                fail(ctx, json, 503, Code.UNAVAILABLE, unavailable.message());
            }
        }
    }

    /** A request body on its way in: gunzipped and bounded when read, drained when refused. */
    private final class HttpPayload implements RequestPayload {
        private final Context ctx;

        HttpPayload(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public byte[] read() throws IOException {
            return RequestBody.read(ctx.req().getInputStream(), ctx.header("Content-Encoding"), maxBodyBytes);
        }

        /**
         * Reads and drops the body without decompressing or decoding it: a client still sending would otherwise
         * find the connection closed under it and see an I/O error instead of the answer. A body longer than the
         * limit is left unread (the connection is then closed).
         */
        @Override
        public void discard() throws IOException {
            try (InputStream in = ctx.req().getInputStream()) {
                byte[] chunk = new byte[16 * 1024];
                long left = maxBodyBytes;
                int n;
                while (left > 0 && (n = in.read(chunk, 0, (int) Math.min(chunk.length, left))) >= 0) {
                    left -= n;
                }
            }
        }
    }

    /**
     * Jetty's graceful stop: requests running finish, and one that arrives meanwhile on a connection still open is
     * refused with 503. Jetty's own refusal is an HTML page with no {@code Retry-After}; this one says when to send
     * again (to another replica, or to this one restarted), as every other 503 of the receiver does.
     */
    private static final class DrainingHandler extends GracefulHandler {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            if (!isShutdown()) {
                return super.handle(request, response, callback);
            }
            response.setStatus(503);
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.write(true, ByteBuffer.wrap("the service is shutting down; retry in 1 s"
                    .getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }
    }

    /** True for JSON, false for protobuf, empty for anything else. */
    static Optional<Boolean> encoding(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return switch (type) {
            case PROTOBUF -> Optional.of(false);
            case JSON -> Optional.of(true);
            default -> Optional.empty();
        };
    }

    /**
     * A failure no branch of {@link #handle} expected: logged with its stack trace, and answered with a
     * status that names it rather than an empty 500.
     */
    private static void internalError(Exception e, Context ctx) {
        log.error("{} {} failed inside the service", ctx.method(), ctx.path(), e);
        boolean json = encoding(ctx.contentType()).orElse(false);
        fail(ctx, json, 500, Code.INTERNAL, internalMessage(e));
    }

    /** The same for an {@link Error}, which Javalin hands over without the request. */
    private static void internalError(HttpServletResponse response, Error e) {
        log.error("an OTLP request failed inside the service", e);
        response.setStatus(500);
        response.setContentType("text/plain; charset=utf-8");
        try {
            response.getOutputStream().write(internalMessage(e).getBytes(StandardCharsets.UTF_8));
        } catch (IOException written) {
            log.debug("could not answer the failed OTLP request: {}", written.getMessage());
        }
    }

    private static String internalMessage(Throwable e) {
        return "the request failed inside the service (" + e.getClass().getName() + ": " + e.getMessage()
                + "); its log has the details";
    }

    private static void fail(Context ctx, boolean json, int status, Code code, String message) {
        respond(ctx, json, status, Status.newBuilder().setCode(code.getNumber()).setMessage(message).build());
    }

    private static void respond(Context ctx, boolean json, int status, Message message) {
        ctx.status(status);
        if (json) {
            ctx.contentType(JSON).result(OtlpJson.print(message).getBytes(StandardCharsets.UTF_8));
        } else {
            ctx.contentType(PROTOBUF).result(message.toByteArray());
        }
    }
}
