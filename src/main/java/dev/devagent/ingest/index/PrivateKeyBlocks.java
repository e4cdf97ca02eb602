package dev.devagent.ingest.index;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM private keys, found by a scan rather than one regex so that a file full of headers without
 * footers still takes linear time. A block is redacted from header to footer however it is embedded
 * (YAML block, JSON string with {@code \n} escapes, string concatenation); a header with no footer
 * takes the key material that follows it.
 */
final class PrivateKeyBlocks {

    static final int MAX_BLOCK_CHARS = 20_000;

    private static final Pattern HEADER = Pattern.compile("-----BEGIN[A-Z0-9 ]* PRIVATE KEY(?: BLOCK)?-----");
    private static final Pattern FOOTER = Pattern.compile("-----END[A-Z0-9 ]* PRIVATE KEY(?: BLOCK)?-----");
    // base64, PEM headers (Proc-Type: 4,ENCRYPTED), quotes, escapes and concatenation around the lines
    private static final Pattern KEY_MATERIAL = Pattern.compile("[A-Za-z0-9+/=\\s\\\\\"',:-]*");

    private PrivateKeyBlocks() {
    }

    static String redact(String text, Map<SecretKind, Integer> counts) {
        if (!text.contains("PRIVATE KEY")) {
            return text;
        }
        Matcher header = HEADER.matcher(text);
        Matcher footer = FOOTER.matcher(text);
        Matcher material = KEY_MATERIAL.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        // where the next footer starts (-1: none left); searched again only once a header lies past it
        int footerStart = -2;
        int footerEnd = -1;
        while (header.find(copied)) {
            int start = header.start();
            if (footerStart != -1 && footerStart < header.end()) {
                boolean found = footer.find(header.end());
                footerStart = found ? footer.start() : -1;
                footerEnd = found ? footer.end() : -1;
            }
            int end;
            if (footerStart != -1 && footerStart - start <= MAX_BLOCK_CHARS) {
                end = footerEnd;
            } else {
                material.region(header.end(), text.length()).lookingAt();
                end = material.end();
            }
            out.append(text, copied, start)
                    .append(SecretRedactor.replacement(SecretKind.PRIVATE_KEY, text.substring(start, end)));
            counts.merge(SecretKind.PRIVATE_KEY, 1, Integer::sum);
            copied = end;
        }
        return copied == 0 ? text : out.append(text, copied, text.length()).toString();
    }
}
