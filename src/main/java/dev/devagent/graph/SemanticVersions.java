package dev.devagent.graph;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough version sense for impact answers: does moving to a target cross a major version? */
final class SemanticVersions {

    private static final Pattern FIRST_NUMBER = Pattern.compile("(\\d+)(?:\\.(\\d+))?");

    private SemanticVersions() {
    }

    /** True when the declared version's major differs from the target's; null when either is unreadable. */
    static Boolean isMajorChange(String declared, String target) {
        Integer from = major(declared);
        Integer to = major(target);
        return from == null || to == null ? null : !from.equals(to);
    }

    static Integer major(String version) {
        if (version == null) {
            return null;
        }
        Matcher m = FIRST_NUMBER.matcher(version);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }
}
