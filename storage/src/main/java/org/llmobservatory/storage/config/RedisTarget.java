package org.llmobservatory.storage.config;

/** Where the query cache lives: an embedded redis-server, an external one, or nowhere. */
public sealed interface RedisTarget {

    /** Start a private redis-server next to the service (the default). */
    record Embedded() implements RedisTarget {
    }

    /** Run without a cache; every query goes to PostgreSQL. */
    record Disabled() implements RedisTarget {
    }

    /** A Redis reached by URL, {@code redis://host:port} or {@code rediss://} for TLS. */
    record External(String url) implements RedisTarget {
        public External {
            if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
                throw new IllegalArgumentException("Redis URL must start with redis:// or rediss://, got: "
                        + DatabaseUrl.redact(url));
            }
        }

        /** The URL with any password masked: safe to log. */
        @Override
        public String toString() {
            return "External[" + DatabaseUrl.redact(url) + "]";
        }
    }

    /** Reads the {@code OBSERVATORY_REDIS_URL} convention: empty means embedded, {@code none} disables. */
    public static RedisTarget parse(String value) {
        if (value == null || value.isBlank()) {
            return new Embedded();
        }
        if (value.strip().equalsIgnoreCase("none")) {
            return new Disabled();
        }
        return new External(value.strip());
    }
}
