package org.llmobservatory.server.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A digest of every file of the web UI, read from the classpath (the jar, or target/classes in a build): the part of
 * the assets' URLs that changes when any of them does, so that browsers may keep them for good.
 */
final class UiFingerprint {

    private UiFingerprint() {
    }

    /** The first 12 hex digits of the SHA-256 over the UI folder's file names and contents, in name order. */
    static String of(String folder) {
        URI index = uri(folder + "/index.html");
        if ("jar".equals(index.getScheme())) {
            try (FileSystem jar = FileSystems.newFileSystem(index, Map.of())) {
                return digest(jar.getPath(folder));
            } catch (FileSystemAlreadyExistsException e) {
                return digest(FileSystems.getFileSystem(index).getPath(folder));
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the web UI's files in " + index, e);
            }
        }
        return digest(Path.of(index).getParent());
    }

    private static String digest(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                sha.update(folder.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Files.readAllBytes(file));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the web UI's files in " + folder, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static URI uri(String resource) {
        try {
            var url = UiFingerprint.class.getResource(resource);
            if (url == null) {
                throw new IllegalStateException("the web UI is missing from the classpath: no " + resource);
            }
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
