package dev.devagent.chat;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Query ids as the original made them: {@code query-<epochMillis>-<9 base36 chars>}. */
final class QueryIds {

    static final Pattern FORMAT = Pattern.compile("query-\\d{1,15}-[0-9a-z]{9}");
    private static final char[] BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private QueryIds() {
    }

    static String next() {
        char[] suffix = new char[9];
        for (int i = 0; i < suffix.length; i++) {
            suffix[i] = BASE36[RANDOM.nextInt(BASE36.length)];
        }
        return "query-" + System.currentTimeMillis() + "-" + new String(suffix);
    }

    static boolean isValid(String id) {
        return id != null && FORMAT.matcher(id).matches();
    }
}
