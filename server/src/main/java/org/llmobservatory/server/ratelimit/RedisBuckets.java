package org.llmobservatory.server.ratelimit;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;

/**
 * Token buckets shared by every instance through Redis: one hash per principal, updated atomically by a
 * Lua script that reads the clock of Redis itself (so instances need not agree on time) and sets a TTL
 * after which an idle bucket, being full again, disappears.
 */
final class RedisBuckets {

    static final String KEY_PREFIX = "observatory:ratelimit:";

    static final String SCRIPT = """
            local rate = tonumber(ARGV[1])
            local burst = tonumber(ARGV[2])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(state[1])
            local at = tonumber(state[2])
            if tokens == nil or at == nil then
              tokens = burst
              at = now
            end
            tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
            local allowed = 0
            local wait = 0
            if tokens >= 1 then
              tokens = tokens - 1
              allowed = 1
            else
              wait = math.ceil((1 - tokens) * 1000 / rate)
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
            redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
            return {allowed, wait}
            """;

    private final RateLimit limit;
    private final String digest;

    RedisBuckets(RateLimit limit, String digest) {
        this.limit = limit;
        this.digest = digest;
    }

    /** Runs the script by its digest, loading it by EVAL the first time a server does not know it. */
    Admission acquire(StatefulRedisConnection<String, String> connection, String principal) {
        RedisCommands<String, String> redis = connection.sync();
        String[] keys = {KEY_PREFIX + principal};
        String rate = Double.toString(limit.perSecond());
        String burst = Integer.toString(limit.burst());
        List<Long> answer;
        try {
            answer = redis.evalsha(digest, ScriptOutputType.MULTI, keys, rate, burst);
        } catch (RedisNoScriptException e) {
            answer = redis.eval(SCRIPT, ScriptOutputType.MULTI, keys, rate, burst);
        }
        return answer.get(0) == 1L ? Admission.ALLOWED : Admission.refused(answer.get(1));
    }
}
