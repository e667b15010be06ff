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

/**
 * API keys: created bound to a project, stored hashed, revoked, and checked on each request. While no
 * active key exists the service is open and every request acts for the {@code default} project; once
 * one exists, every request needs a valid key and sees only its key's project.
 */
public final class ApiKeys {

    private static final Pattern TOKEN = Pattern.compile("obs_([0-9a-f]{12})_([0-9a-f]{48})");
    private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String COLUMNS = "key_id, project_id, name, created_at, revoked_at";

    private final DataSource dataSource;
    private final KeyCountCache activeKeys;

    public ApiKeys(DataSource dataSource) {
        this(dataSource, Duration.ofSeconds(5));
    }

    /** {@code recheck}: how long "are there any keys?" is remembered between database reads. */
    public ApiKeys(DataSource dataSource, Duration recheck) {
        this.dataSource = dataSource;
        this.activeKeys = new KeyCountCache(this::countActive, recheck);
    }

    /** Creates a key for {@code projectId}; the returned token is the only copy of its secret. */
    public IssuedKey create(String projectId, String name) throws SQLException {
        if (projectId == null || !PROJECT.matcher(projectId).matches()) {
            throw new IllegalArgumentException("project must be 1 to 64 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
        String keyId = hex(6);
        String secret = hex(24);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO api_keys (key_id, project_id, name, secret_hash) VALUES (?, ?, ?, ?) RETURNING "
                        + COLUMNS)) {
            ps.setString(1, keyId);
            ps.setString(2, projectId);
            ps.setString(3, name == null || name.isBlank() ? projectId : name.strip());
            ps.setBytes(4, sha256(secret));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                activeKeys.invalidate();
                return new IssuedKey(row(rs), "obs_" + keyId + "_" + secret);
            }
        }
    }

    /** Revokes a key by id; false when there is no such active key. */
    public boolean revoke(String keyId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE api_keys SET revoked_at = now() WHERE key_id = ? AND revoked_at IS NULL")) {
            ps.setString(1, keyId);
            boolean revoked = ps.executeUpdate() == 1;
            activeKeys.invalidate();
            return revoked;
        }
    }

    /** Every key, newest first, without secrets. */
    public List<ApiKey> list() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at DESC, key_id")) {
            try (ResultSet rs = ps.executeQuery()) {
                List<ApiKey> keys = new ArrayList<>();
                while (rs.next()) {
                    keys.add(row(rs));
                }
                return keys;
            }
        }
    }

    /** True when at least one active key exists, so requests must authenticate. */
    public boolean required() {
        return activeKeys.get() > 0;
    }

    /**
     * Who a request with this token (or none) acts for. Empty means refuse: keys exist and the token is
     * missing, malformed, unknown, revoked or wrong.
     */
    public Optional<Principal> authenticate(String token) throws SQLException {
        if (!required()) {
            return Optional.of(Principal.anonymous());
        }
        if (token == null) {
            return Optional.empty();
        }
        var m = TOKEN.matcher(token.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT project_id, secret_hash FROM api_keys WHERE key_id = ? AND revoked_at IS NULL")) {
            ps.setString(1, m.group(1));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !MessageDigest.isEqual(rs.getBytes(2), sha256(m.group(2)))) {
                    return Optional.empty();
                }
                return Optional.of(new Principal(rs.getString(1), m.group(1)));
            }
        }
    }

    private long countActive() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM api_keys WHERE revoked_at IS NULL")) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
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
