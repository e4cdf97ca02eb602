package dev.devagent.ingest.manifest;

/**
 * A dependency as package.json writes it: key plus spec. An alias ({@code "foo": "npm:bar@^1"}) depends on
 * {@code bar}, so that is the name we record.
 */
record NpmSpec(String name, String range) {

    private static final String ALIAS = "npm:";

    static NpmSpec parse(String key, String spec) {
        if (spec == null || !spec.startsWith(ALIAS)) {
            return new NpmSpec(key, spec);
        }
        String target = spec.substring(ALIAS.length());
        // skip index 0 so the '@' of a scope ("@types/node@^20") is not taken for the version separator
        int at = target.indexOf('@', 1);
        return at < 0 ? new NpmSpec(target, null) : new NpmSpec(target.substring(0, at), target.substring(at + 1));
    }
}
