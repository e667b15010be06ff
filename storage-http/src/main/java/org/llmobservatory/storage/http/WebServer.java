package org.llmobservatory.storage.http;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.util.function.Consumer;

/**
 * How every HTTP server of the project starts (the health server, the query API, OTLP/HTTP): Javalin on virtual
 * threads, no banner, bound to one address and port, with the routes the caller adds. A port that cannot be bound
 * fails the start with one line naming the server, the address and the cause.
 */
public final class WebServer implements AutoCloseable {

    private final Javalin app;
    private final String bindAddress;

    private WebServer(Javalin app, String bindAddress) {
        this.app = app;
        this.bindAddress = bindAddress;
    }

    /**
     * Starts {@code what} (such as "the query API") on {@code bindAddress:port}, 0 for a free port.
     *
     * @param routes adds the server's routes, handlers and plugins to the configuration
     * @throws IllegalStateException naming the server and the address when it cannot start
     */
    public static WebServer start(String what, String bindAddress, int port, Consumer<JavalinConfig> routes) {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.concurrency.useVirtualThreads = true;
            config.jetty.host = bindAddress;
            config.jetty.port = port;
            routes.accept(config);
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            app.stop();
            throw new IllegalStateException("could not start " + what + " on " + bindAddress + ":" + port + ": "
                    + rootMessage(e), e);
        }
        return new WebServer(app, bindAddress);
    }

    /** The port actually bound. */
    public int port() {
        return app.port();
    }

    /** Base URL of this server, such as {@code http://127.0.0.1:8080}; an IPv6 address in brackets. */
    public String url() {
        String host = bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
        return "http://" + host + ":" + port();
    }

    /** The running Javalin, for what only it can tell (the routes it registered). */
    public Javalin javalin() {
        return app;
    }

    @Override
    public void close() {
        app.stop();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
