package org.llmobservatory.storage.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.error.ErrorType;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.query.RepositoryKind;
import org.llmobservatory.storage.query.StorageQueryException;
import org.llmobservatory.storage.support.RecordingQueryObserver;
import org.llmobservatory.storage.support.TestServers;

/** Database failures surface as StorageQueryException and reach the observer, classified. */
class QueryFailureTest {

    private static final Instant T = Instant.parse("2031-04-07T10:00:00Z");
    private static final TimeRange WINDOW = TimeRange.of(T, T.plusSeconds(60));

    private static StoragePool unmigrated;
    private static final RecordingQueryObserver observer = new RecordingQueryObserver();

    @BeforeAll
    static void start() {
        // A database without the schema: every query fails with "relation does not exist".
        unmigrated = TestServers.freshDatabase().pool(2);
    }

    @AfterAll
    static void stop() {
        unmigrated.close();
    }

    @Test
    void a_failing_query_throws_storage_query_exception_and_the_observer_hears_why() {
        TraceRepository traces = new TraceRepository(unmigrated, observer);
        LogRepository logs = new LogRepository(unmigrated, observer);
        MetricRepository metrics = new MetricRepository(unmigrated, observer);

        assertThatThrownBy(() -> traces.listTraces(TraceQuery.builder("p", WINDOW).build()))
                .isInstanceOf(StorageQueryException.class)
                .hasMessageContaining("list_traces")
                .hasMessageContaining("spans")
                .satisfies(e -> assertThat(((StorageQueryException) e).errorType()).isEqualTo(ErrorType.SYNTAX));
        assertThatThrownBy(() -> traces.trace("p", "0af7651916cd43dd8448eb211c80319c")).isInstanceOf(StorageQueryException.class);
        assertThatThrownBy(() -> traces.searchSpans(SpanQuery.builder("p", WINDOW).build()))
                .isInstanceOf(StorageQueryException.class);
        assertThatThrownBy(() -> traces.usage(UsageQuery.of("p", WINDOW, UsageDimension.MODEL)))
                .isInstanceOf(StorageQueryException.class);
        assertThatThrownBy(() -> logs.search(LogQuery.of("p", WINDOW))).isInstanceOf(StorageQueryException.class);
        assertThatThrownBy(() -> metrics.series(SeriesQuery.of("p", "m", WINDOW, Duration.ofSeconds(10),
                Aggregation.AVG))).isInstanceOf(StorageQueryException.class);

        assertThat(observer.completed).isEmpty();
        assertThat(observer.failed).extracting(RecordingQueryObserver.Failed::repository,
                RecordingQueryObserver.Failed::method, RecordingQueryObserver.Failed::error)
                .containsExactly(
                        tuple(RepositoryKind.TRACE, "list_traces", ErrorType.SYNTAX),
                        tuple(RepositoryKind.TRACE, "get_trace", ErrorType.SYNTAX),
                        tuple(RepositoryKind.TRACE, "search_spans", ErrorType.SYNTAX),
                        tuple(RepositoryKind.TRACE, "usage", ErrorType.SYNTAX),
                        tuple(RepositoryKind.LOG, "search_logs", ErrorType.SYNTAX),
                        tuple(RepositoryKind.METRIC, "series", ErrorType.SYNTAX));
        assertThat(observer.failed).allSatisfy(f -> assertThat(f.nanos()).isPositive());
    }

    @Test
    void a_closed_pool_is_reported_as_a_failure_too() {
        StoragePool closed = TestServers.freshDatabase().pool(1);
        closed.close();
        RecordingQueryObserver heard = new RecordingQueryObserver();

        assertThatThrownBy(() -> new LogRepository(closed, heard).search(LogQuery.of("p", WINDOW)))
                .isInstanceOf(StorageQueryException.class);
        assertThat(heard.failed).singleElement().extracting(RecordingQueryObserver.Failed::method)
                .isEqualTo("search_logs");
    }
}
