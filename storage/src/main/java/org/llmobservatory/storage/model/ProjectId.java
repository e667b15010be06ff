package org.llmobservatory.storage.model;

import java.util.regex.Pattern;

/** The names projects may have: what every key is bound to and every row is filed under. */
public final class ProjectId {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private ProjectId() {
    }

    /**
     * Returns {@code project} when it is a valid project name.
     *
     * @throws IllegalArgumentException saying what a name may hold
     */
    public static String require(String project) {
        if (project == null || !VALID.matcher(project).matches()) {
            throw new IllegalArgumentException("project must be 1 to 64 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
        return project;
    }
}
