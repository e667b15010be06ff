package org.llmobservatory.server.mapping;

import java.util.List;
import org.llmobservatory.storage.model.LogRecord;

/** The log records of one export request that can be stored, and those that cannot. */
public record MappedLogs(List<LogRecord> logs, List<ItemRejection> rejected) implements MappedItems<LogRecord> {

    public MappedLogs {
        logs = List.copyOf(logs);
        rejected = List.copyOf(rejected);
    }

    @Override
    public List<LogRecord> items() {
        return logs;
    }

    @Override
    public String errorMessage() {
        return ItemRejection.summary(rejected, "log record");
    }
}
