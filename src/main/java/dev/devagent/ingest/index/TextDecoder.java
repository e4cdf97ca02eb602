package dev.devagent.ingest.index;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns a file's bytes into text without ever failing: UTF-8 when the bytes are valid UTF-8,
 * UTF-16 when a byte order mark says so, otherwise windows-1252 (what older Windows tooling
 * writes), and ISO-8859-1 as the last resort because it maps every byte.
 */
public final class TextDecoder {

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private TextDecoder() {
    }

    public static String decode(byte[] bytes) {
        return withoutNulChars(stripBom(decodeBytes(bytes)));
    }

    /** Whether the bytes start with a UTF-16 byte order mark, so NUL bytes in them are text, not binary. */
    static boolean hasUtf16Bom(byte[] bytes) {
        return bytes.length >= 2 && ((bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)
                || (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF));
    }

    private static String decodeBytes(byte[] bytes) {
        if (bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF) {
            return new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        }
        if (hasUtf16Bom(bytes)) {
            return new String(bytes, bytes[0] == (byte) 0xFF ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE);
        }
        String text = strictly(bytes, StandardCharsets.UTF_8);
        if (text == null) {
            text = strictly(bytes, WINDOWS_1252);
        }
        return text != null ? text : new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String strictly(byte[] bytes, Charset charset) {
        try {
            CharBuffer chars = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException notThisCharset) {
            return null;
        }
    }

    private static String stripBom(String text) {
        return !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
    }

    // PostgreSQL text cannot hold U+0000, so a stray NUL would fail the whole file's insert
    private static String withoutNulChars(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    }
}
