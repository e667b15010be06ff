package org.llmobservatory.bench.ingest;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.llmobservatory.bench.report.Figure;
import org.llmobservatory.bench.report.Samples;
import org.llmobservatory.server.mapping.SpanMapper;
import org.llmobservatory.server.otlp.OtlpProtobuf;

/**
 * What a refused OTLP request costs, in CPU time of the whole process (service and the client sending it), against
 * what decoding and mapping the same request costs: the work a refusal did before requests were refused ahead of
 * reading their body, when the writer refused them only after both. The trace buffer is filled to the last span
 * while a lock holds every write; then 512-span requests are sent one after another and each is answered 503, the
 * first half of them to warm up.
 */
public final class RefusalCost {

    public static final String REFUSED = "OTLP/HTTP protobuf, buffer full: CPU per refused 512-span request";
    public static final String DECODED = "decode and map of that request, no longer done for a refusal";
    public static final String RATIO = "CPU of a refusal, now / before (refused / (refused + decode and map))";
    /** Runs at least this many times whatever the scale: the first run warms the code up. */
    private static final int MIN_RUNS = 3;
    private static final int REQUESTS = 400;
    /** Spans in each request that fills the buffer. */
    private static final int FILL_REQUEST = 5_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private RefusalCost() {
    }

    static List<Figure> measure(String section, IngestTarget target, byte[] request, int runs)
            throws Exception {
        Samples refused = new Samples();
        Samples decoded = new Samples();
        for (int run = 0; run < Math.max(MIN_RUNS, runs); run++) {
            decoded.add(decodeAndMapMicros(request));
            refused.add(refusedMicros(target, request));
        }
        double ratio = refused.median() / (refused.median() + decoded.median());
        return List.of(
                Figure.info(section, REFUSED, refused.median(), "us CPU", refused.describe() + "; process CPU"
                        + " (service and client) over " + REQUESTS + " requests a run"),
                Figure.info(section, DECODED, decoded.median(), "us CPU", decoded.describe()
                        + "; one thread, " + REQUESTS + " requests a run"),
                Figure.info(section, RATIO, ratio, "x", "before, the writer refused a request only after both:"
                        + " medians of the same run"));
    }

    /** CPU time of one thread decoding and mapping {@code request}, per request, after a warm-up. */
    private static double decodeAndMapMicros(byte[] request) {
        SpanMapper mapper = new SpanMapper();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int spans = 0;
        for (int i = 0; i < REQUESTS / 4; i++) {
            spans += mapper.map("bench", OtlpProtobuf.parseTraces(request)).items().size();
        }
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < REQUESTS; i++) {
            spans += mapper.map("bench", OtlpProtobuf.parseTraces(request)).items().size();
        }
        long nanos = threads.getCurrentThreadCpuTime() - start;
        if (spans == 0) {
            throw new IllegalStateException("the request mapped to no span");
        }
        return nanos / 1_000.0 / REQUESTS;
    }

    /** Process CPU per request while the buffer is full and every request is refused. */
    private static double refusedMicros(IngestTarget target, byte[] request) throws Exception {
        URI endpoint = target.otlpHttp();
        List<CompletableFuture<HttpResponse<Void>>> filling = new ArrayList<>();
        double micros;
        try (Connection locker = target.pool().dataSource().getConnection(); Statement st = locker.createStatement()) {
            locker.setAutoCommit(false);
            st.execute("LOCK TABLE spans IN ACCESS EXCLUSIVE MODE");
            // Few large requests: the buffer must be full before the first blocked write passes the acknowledgement
            // deadline, after which the service refuses every request for that reason instead.
            int capacity = target.traceBufferCapacity();
            int whole = capacity / FILL_REQUEST;
            byte[] fill = OtlpBodies.protobuf(1, FILL_REQUEST, 98, FILL_REQUEST).perClient().get(0).get(0);
            for (int i = 0; i < whole; i++) {
                filling.add(HTTP.sendAsync(post(endpoint, fill), HttpResponse.BodyHandlers.discarding()));
            }
            await(() -> target.traceBuffered() == whole * FILL_REQUEST, "the buffer to take the filling requests");
            int rest = capacity - whole * FILL_REQUEST;
            if (rest > 0) {
                byte[] topUp = OtlpBodies.protobuf(1, rest, 99, rest).perClient().get(0).get(0);
                filling.add(HTTP.sendAsync(post(endpoint, topUp), HttpResponse.BodyHandlers.discarding()));
            }
            await(target::traceBufferFull, "the trace buffer to be full");
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            sendRefused(endpoint, request, REQUESTS / 2);   // warm-up
            long start = os.getProcessCpuTime();
            sendRefused(endpoint, request, REQUESTS);
            micros = (os.getProcessCpuTime() - start) / 1_000.0 / REQUESTS;
            locker.rollback();
        }
        CompletableFuture.allOf(filling.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        await(() -> target.traceBuffered() == 0, "the filling requests to be written");
        target.empty();
        return micros;
    }

    private static void sendRefused(URI endpoint, byte[] request, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            int status = HTTP.send(post(endpoint, request), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 503) {
                throw new IllegalStateException("a request to a full buffer was answered " + status);
            }
        }
    }

    private static HttpRequest post(URI endpoint, byte[] body) {
        return HttpRequest.newBuilder(endpoint).header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(String.format(Locale.ROOT, "timed out after 60 s waiting for %s",
                        what));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));   // between polls of a condition with a deadline
        }
    }
}
