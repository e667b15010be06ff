package org.llmobservatory.server.service;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import org.llmobservatory.server.config.SecurityConfig;
import org.llmobservatory.server.config.Settings;
import org.llmobservatory.server.ratelimit.RateLimit;
import org.llmobservatory.storage.auth.AccessPolicy;
import org.llmobservatory.storage.auth.ApiKeys;
import org.llmobservatory.storage.auth.Principal;
import org.slf4j.Logger;

/**
 * The start-up lines that say who may use the service: open or keyed, and how it is limited. Later changes of the
 * access mode are logged by {@link ApiKeys} when it sees them.
 */
public final class AccessNotice {

    private AccessNotice() {
    }

    static void log(Logger log, ApiKeys keys, String bindAddress, SecurityConfig security) {
        if (!keys.required()) {
            if (loopback(bindAddress)) {
                log.info("access: OPEN, no API keys; every request is accepted and filed under project '{}';"
                        + " listening on {} only (create a key with ./observatory keys create)",
                        Principal.DEFAULT_PROJECT, bindAddress);
            } else {
                log.warn("access: OPEN TO THE NETWORK, no API keys, listening on {}: anyone who can reach it can"
                        + " write and read all data (filed under project '{}'); create a key with"
                        + " ./observatory keys create, bind to 127.0.0.1, or set {}=keys", bindAddress,
                        Principal.DEFAULT_PROJECT, Settings.AUTH);
            }
        } else {
            long active = activeKeys(keys);
            String why = keys.policy() == AccessPolicy.KEYS ? " (" + Settings.AUTH + "=keys)" : "";
            if (active == 0) {
                log.warn("access: API keys required{} on {}, and no active key exists: every request is refused"
                        + " until one is created with ./observatory keys create", why, bindAddress);
            } else {
                log.info("access: API keys required{} on {} (Authorization: Bearer <key> or X-API-Key); {} active",
                        why, bindAddress, active < 0 ? "unknown number" : Long.toString(active));
            }
        }
        RateLimit limit = security.rateLimit();
        if (limit.enabled()) {
            log.info("rate limit: {} requests/s per key, bursts of {}", limit.perSecond(), limit.burst());
        }
        if (security.redaction().enabled()) {
            log.info("redaction: on; content is redacted before it is stored");
        }
    }

    private static long activeKeys(ApiKeys keys) {
        try {
            return keys.activeKeys();
        } catch (SQLException e) {
            return -1;
        }
    }

    static boolean loopback(String bindAddress) {
        try {
            return InetAddress.getByName(bindAddress).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
