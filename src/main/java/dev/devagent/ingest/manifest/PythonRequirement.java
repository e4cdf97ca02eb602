package dev.devagent.ingest.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A PEP 508 requirement ({@code name[extras] specifiers ; markers}) reduced to what we record: the PEP 503
 * normalised name and a version — the pinned one for {@code ==x}, else the specifier set, else null.
 * Extras and environment markers are read past, not evaluated.
 */
record PythonRequirement(String name, String version) {

    private static final Pattern SEPARATOR_RUNS = Pattern.compile("[-_.]+");
    // PEP 440: a version starts with a digit (an optional "v" aside); only "===" compares arbitrary strings
    private static final Pattern CLAUSE =
            Pattern.compile("(?<op>~=|==|!=|<=|>=|<|>)(?<version>[vV]?[0-9][A-Za-z0-9.*+!_-]*)|(?<arbitrary>===)(?<text>\\S+)");

    /** PEP 503: "Foo.Bar_baz" and "foo-bar-baz" are the same project. */
    static String normalise(String name) {
        return SEPARATOR_RUNS.matcher(name.strip()).replaceAll("-").toLowerCase(Locale.ROOT);
    }

    static PythonRequirement parse(String text) {
        String requirement = text.strip();
        int i = 0;
        while (i < requirement.length() && isNameChar(requirement.charAt(i))) {
            i++;
        }
        String name = requirement.substring(0, i);
        if (name.isEmpty() || !Character.isLetterOrDigit(name.charAt(0))
                || !Character.isLetterOrDigit(name.charAt(name.length() - 1))) {
            throw new ManifestFormatException("not a requirement: '" + requirement + "'");
        }
        i = skipSpaces(requirement, i);
        if (i < requirement.length() && requirement.charAt(i) == '[') {
            int close = requirement.indexOf(']', i);
            if (close < 0) {
                throw new ManifestFormatException("unclosed extras in '" + requirement + "'");
            }
            i = skipSpaces(requirement, close + 1);
        }
        if (i >= requirement.length() || requirement.charAt(i) == ';' || requirement.charAt(i) == '@') {
            return new PythonRequirement(normalise(name), null); // nothing, markers, or a direct URL reference
        }
        String specifiers;
        if (requirement.charAt(i) == '(') {
            int close = requirement.indexOf(')', i);
            if (close < 0) {
                throw new ManifestFormatException("unclosed version specifier in '" + requirement + "'");
            }
            specifiers = requirement.substring(i + 1, close);
            i = skipSpaces(requirement, close + 1);
        } else {
            int markers = requirement.indexOf(';', i);
            specifiers = requirement.substring(i, markers < 0 ? requirement.length() : markers);
            i = markers < 0 ? requirement.length() : markers;
        }
        if (i < requirement.length() && requirement.charAt(i) != ';') {
            throw new ManifestFormatException("unexpected '" + requirement.substring(i) + "' in '" + requirement + "'");
        }
        return new PythonRequirement(normalise(name), version(specifiers, requirement));
    }

    private static String version(String specifiers, String requirement) {
        List<String> clauses = new ArrayList<>();
        for (String clause : specifiers.replaceAll("\\s+", "").split(",")) {
            var matcher = CLAUSE.matcher(clause);
            if (!matcher.matches()) {
                throw new ManifestFormatException("bad version specifier '" + clause + "' in '" + requirement + "'");
            }
            clauses.add(clause);
        }
        if (clauses.size() == 1) {
            var pin = CLAUSE.matcher(clauses.get(0));
            if (pin.matches() && pin.group("arbitrary") != null) {
                return pin.group("text");
            }
            if (pin.matches() && pin.group("op").equals("==") && !pin.group("version").contains("*")) {
                return pin.group("version");
            }
        }
        return String.join(",", clauses);
    }

    private static boolean isNameChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-');
    }

    private static int skipSpaces(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
