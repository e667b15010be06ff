package org.llmobservatory.storage.error;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Maps JDBC failures onto the bounded {@link ErrorType} set. */
public final class SqlErrors {

    /** SQLState of a row that fits no partition of a partitioned table. */
    public static final String NO_PARTITION = "23514";
    /** SQLState of a unique key violation. */
    public static final String UNIQUE_VIOLATION = "23505";

    private SqlErrors() {
    }

    public static ErrorType classify(Throwable error) {
        if (error instanceof SQLTransientConnectionException) {
            return ErrorType.POOL_TIMEOUT;
        }
        if (error instanceof SQLException sql) {
            String state = sql.getSQLState();
            if (state != null && state.length() >= 2) {
                return fromState(state);
            }
            if (hasCause(sql, IOException.class)) {
                return ErrorType.CONNECTION;
            }
            return ErrorType.OTHER;
        }
        if (error instanceof IOException) {
            return ErrorType.CONNECTION;
        }
        return ErrorType.OTHER;
    }

    static ErrorType fromState(String state) {
        if (state.startsWith("57P")) {
            return ErrorType.SHUTDOWN;
        }
        if (state.equals("57014")) {
            return ErrorType.TIMEOUT;
        }
        if (state.equals("53100")) {
            return ErrorType.DISK_FULL;
        }
        return switch (state.substring(0, 2)) {
            case "08" -> ErrorType.CONNECTION;
            case "40" -> ErrorType.SERIALIZATION;
            case "53" -> ErrorType.RESOURCES;
            case "55" -> ErrorType.LOCK;
            case "22" -> ErrorType.DATA;
            case "23" -> ErrorType.CONSTRAINT;
            case "42" -> ErrorType.SYNTAX;
            case "28" -> ErrorType.AUTHENTICATION;
            default -> ErrorType.OTHER;
        };
    }

    public static String sqlState(Throwable error) {
        return error instanceof SQLException sql ? sql.getSQLState() : null;
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
