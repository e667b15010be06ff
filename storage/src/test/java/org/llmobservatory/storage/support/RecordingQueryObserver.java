package org.llmobservatory.storage.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.llmobservatory.storage.error.ErrorType;
import org.llmobservatory.storage.query.QueryObserver;
import org.llmobservatory.storage.query.RepositoryKind;

/** Remembers what repositories reported, for assertions. */
public final class RecordingQueryObserver implements QueryObserver {

    public record Completed(RepositoryKind repository, String method, long nanos, int resultCount) {
    }

    public record Failed(RepositoryKind repository, String method, ErrorType error, long nanos) {
    }

    public final List<Completed> completed = new CopyOnWriteArrayList<>();
    public final List<Failed> failed = new CopyOnWriteArrayList<>();

    @Override
    public void queryCompleted(RepositoryKind repository, String method, long nanos, int resultCount) {
        completed.add(new Completed(repository, method, nanos, resultCount));
    }

    @Override
    public void queryFailed(RepositoryKind repository, String method, ErrorType error, long nanos) {
        failed.add(new Failed(repository, method, error, nanos));
    }
}
