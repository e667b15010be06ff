package org.llmobservatory.storage.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.llmobservatory.storage.model.ProjectId;
import org.llmobservatory.storage.query.QueryObserver;
import org.llmobservatory.storage.query.QueryRunner;
import org.llmobservatory.storage.query.RepositoryKind;
import org.llmobservatory.storage.query.SqlStatement;

/**
 * API keys: created bound to a project, stored hashed, revoked, and checked on each request; and the access mode
 * they decide. The service is open (every request acts for the {@code default} project) until the first key is
 * created; from then on every request needs an active key and sees only its key's project. Revoking the last key
 * does not reopen it: that takes an operator ({@link #reopen}). With {@link AccessPolicy#KEYS} a key is required
 * whatever the stored mode.
 */
public final class ApiKeys {

    private static final Pattern TOKEN = Pattern.compile("obs_([0-9a-f]{12})_([0-9a-f]{48})");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String COLUMNS = "key_id, project_id, name, created_at, revoked_at";

    private final QueryRunner runner;
    private final AccessPolicy policy;
    private final AccessModeCache mode;

    /** How long the service remembers the access mode: a change takes effect within this time. */
    public static final Duration RECHECK = Duration.ofSeconds(5);

    public ApiKeys(DataSource dataSource) {
        this(dataSource, RECHECK, AccessPolicy.AUTO);
    }

    /** {@code recheck}: how long the access mode is remembered between database reads. */
    public ApiKeys(DataSource dataSource, Duration recheck) {
        this(dataSource, recheck, AccessPolicy.AUTO);
    }

    public ApiKeys(DataSource dataSource, Duration recheck, AccessPolicy policy) {
        this(dataSource, recheck, policy, QueryObserver.NONE);
    }

    /** Keys whose statements {@code observer} hears, as repository {@code auth}. */
    public ApiKeys(DataSource dataSource, Duration recheck, AccessPolicy policy, QueryObserver observer) {
        this.runner = new QueryRunner(dataSource, observer, RepositoryKind.AUTH);
        this.policy = policy;
        this.mode = new AccessModeCache(() -> StoredMode.read(runner), recheck);
    }

    /** Creates a key for {@code projectId}; the returned token is the only copy of its secret. */
    public IssuedKey create(String projectId, String name) throws SQLException {
        ProjectId.require(projectId);
        String keyId = hex(6);
        String secret = hex(24);
        IssuedKey issued = runner.inTransaction("create_key", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO api_keys (key_id, project_id, name, secret_hash) VALUES (?, ?, ?, ?) RETURNING "
                            + COLUMNS)) {
                ps.setString(1, keyId);
                ps.setString(2, projectId);
                ps.setString(3, name == null || name.isBlank() ? projectId : name.strip());
                ps.setBytes(4, sha256(secret));
                IssuedKey key;
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    key = new IssuedKey(row(rs), "obs_" + keyId + "_" + secret);
                }
                StoredMode.set(c, AccessMode.KEYS, "key " + keyId + " created for project " + projectId);
                return key;
            }
        }, key -> 1);
        mode.invalidate();
        return issued;
    }

    /** Revokes a key by id; false when there is no such active key. */
    public boolean revoke(String keyId) throws SQLException {
        return runner.update("revoke_key", new SqlStatement().append(
                "UPDATE api_keys SET revoked_at = now() WHERE key_id = ? AND revoked_at IS NULL", keyId)) == 1;
    }

    /** How many keys are active (not revoked). */
    public long activeKeys() throws SQLException {
        return runner.call("count_active_keys", ApiKeys::countActive, n -> (int) Math.min(n, Integer.MAX_VALUE));
    }

    private static long countActive(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM api_keys WHERE revoked_at IS NULL");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Opens the service again: every request is accepted without a key and acts for {@code default}.
     *
     * @throws IllegalStateException while active keys exist (revoke them first: an open service would ignore them)
     */
    public void reopen(String reason) throws SQLException {
        long active = runner.inTransaction("reopen", c -> {
            try (PreparedStatement lock = c.prepareStatement("LOCK TABLE api_keys IN SHARE MODE")) {
                lock.execute();
            }
            long keys = countActive(c);
            if (keys == 0) {
                StoredMode.set(c, AccessMode.OPEN, reason);
            }
            return keys;
        }, keys -> 1);
        if (active > 0) {
            throw new IllegalStateException(active + " active API key" + (active == 1 ? "" : "s")
                    + " exist; an open service would ignore them: revoke them first");
        }
        mode.invalidate();
    }

    /** Requires a key for every request from now on, even while no key exists. */
    public void requireKeys(String reason) throws SQLException {
        runner.call("require_keys", c -> {
            StoredMode.set(c, AccessMode.KEYS, reason);
            return 1;
        }, one -> one);
        mode.invalidate();
    }

    /** The access mode in force: {@link AccessMode#KEYS} under {@link AccessPolicy#KEYS}, else the stored one. */
    public AccessMode mode() {
        return policy == AccessPolicy.KEYS ? AccessMode.KEYS : mode.get();
    }

    /** The stored access mode, with when and why it was set (what {@code observatory access} shows). */
    public String storedMode() throws SQLException {
        return StoredMode.read(runner).toString();
    }

    public AccessPolicy policy() {
        return policy;
    }

    /** Every key, newest first, without secrets. */
    public List<ApiKey> list() throws SQLException {
        return runner.call("list_keys", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at DESC, key_id");
                    ResultSet rs = ps.executeQuery()) {
                List<ApiKey> keys = new ArrayList<>();
                while (rs.next()) {
                    keys.add(row(rs));
                }
                return keys;
            }
        }, List::size);
    }

    /** True when requests must authenticate. */
    public boolean required() {
        return mode() == AccessMode.KEYS;
    }

    /**
     * Who a request with this token (or none) acts for. While keys are required, empty means refuse: the token is
     * missing, malformed, unknown, revoked or wrong. While the service is open, a valid key still acts for its own
     * project, and anything else for {@code default}.
     */
    public Optional<Principal> authenticate(String token) throws SQLException {
        if (!required()) {
            return Optional.of(token == null ? Principal.anonymous() : keyHolder(token).orElse(Principal.anonymous()));
        }
        return token == null ? Optional.empty() : keyHolder(token);
    }

    /** The holder of an active key whose secret matches {@code token}. */
    private Optional<Principal> keyHolder(String token) throws SQLException {
        var m = TOKEN.matcher(token.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        String keyId = m.group(1);
        byte[] hash = sha256(m.group(2));
        return runner.call("authenticate", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT project_id, secret_hash FROM api_keys WHERE key_id = ? AND revoked_at IS NULL")) {
                ps.setString(1, keyId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || !MessageDigest.isEqual(rs.getBytes(2), hash)) {
                        return Optional.<Principal>empty();
                    }
                    return Optional.of(new Principal(rs.getString(1), keyId));
                }
            }
        }, holder -> holder.isPresent() ? 1 : 0);
    }

    private static ApiKey row(ResultSet rs) throws SQLException {
        Timestamp revoked = rs.getTimestamp(5);
        return new ApiKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                Optional.ofNullable(revoked).map(Timestamp::toInstant));
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
