package org.llmobservatory.storage.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.llmobservatory.storage.config.WriteMethod;
import org.llmobservatory.storage.error.ErrorType;
import org.llmobservatory.storage.writer.FlushTrigger;
import org.llmobservatory.storage.writer.WriteObserver;
import org.llmobservatory.storage.writer.WriterType;

/** Remembers what a writer reported, for assertions. */
public final class RecordingWriteObserver implements WriteObserver {

    public record Commit(WriteMethod method, int items, int inserted) {
    }

    public record Failure(WriteMethod method, int items, ErrorType error) {
    }

    public final List<Commit> commits = new CopyOnWriteArrayList<>();
    public final List<Failure> failures = new CopyOnWriteArrayList<>();
    public final List<FlushTrigger> flushes = new CopyOnWriteArrayList<>();
    public final List<ErrorType> rejections = new CopyOnWriteArrayList<>();
    public final AtomicInteger retries = new AtomicInteger();
    public final AtomicInteger refused = new AtomicInteger();

    @Override
    public void refused(WriterType writer, int count) {
        refused.addAndGet(count);
    }

    @Override
    public void committed(WriterType writer, WriteMethod method, int items, int inserted, int events, long nanos) {
        commits.add(new Commit(method, items, inserted));
    }

    @Override
    public void failed(WriterType writer, WriteMethod method, int items, ErrorType error, long nanos) {
        failures.add(new Failure(method, items, error));
    }

    @Override
    public void retrying(WriterType writer, WriteMethod method, ErrorType error, int attempt, long backoffNanos) {
        retries.incrementAndGet();
    }

    @Override
    public void rejected(WriterType writer, ErrorType error) {
        rejections.add(error);
    }

    @Override
    public void flushed(WriterType writer, FlushTrigger trigger, boolean success, int items) {
        flushes.add(trigger);
    }
}
