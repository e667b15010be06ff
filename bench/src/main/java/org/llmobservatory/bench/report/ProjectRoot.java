package org.llmobservatory.bench.report;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root directory, where bench/soak.sh, ./observatory and docs/ live. */
public final class ProjectRoot {

    private ProjectRoot() {
    }

    /** The nearest directory holding bench/soak.sh, looking up from the current one, then from this jar. */
    public static Path find() {
        Path found = above(Path.of("").toAbsolutePath());
        if (found == null) {
            try {
                found = above(Path.of(ProjectRoot.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
            } catch (URISyntaxException | SecurityException e) {
                found = null;
            }
        }
        if (found == null) {
            throw new IllegalStateException("no bench/soak.sh above " + Path.of("").toAbsolutePath()
                    + ": run the benchmarks from inside the repository");
        }
        return found;
    }

    private static Path above(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("bench/soak.sh"))) {
                return dir;
            }
        }
        return null;
    }
}
