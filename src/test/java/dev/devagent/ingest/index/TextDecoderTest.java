package dev.devagent.ingest.index;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextDecoderTest {

    @Test
    void decodesUtf8() {
        String text = "h\u00e9llo w\u00f6rld \u2713 \uD83D\uDE00\nline two";
        assertThat(TextDecoder.decode(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
    }

    @Test
    void stripsTheUtf8ByteOrderMark() {
        byte[] withBom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'u', 's', 'i', 'n', 'g'};
        assertThat(TextDecoder.decode(withBom)).isEqualTo("using");
    }

    @Test
    void fallsBackToWindows1252ForBytesThatAreNotUtf8() {
        String expected = "caf\u00e9 \u2013 \u201cquoted\u201d \u20ac5 na\u00efve";
        byte[] cp1252 = expected.getBytes(Charset.forName("windows-1252"));
        // é is 0xE9 followed by a space: malformed UTF-8
        assertThat(cp1252[3]).isEqualTo((byte) 0xE9);

        assertThat(TextDecoder.decode(cp1252)).isEqualTo(expected);
    }

    @Test
    void bytesUndefinedInWindows1252StillDecodeAsLatin1() {
        byte[] bytes = {'A', (byte) 0x81, (byte) 0xE9, 'Z'};
        assertThat(TextDecoder.decode(bytes)).isEqualTo("A\u0081\u00e9Z");
    }

    @Test
    void decodesUtf16WithAByteOrderMark() {
        String text = "// \u00fcber\r\nclass A {}";
        byte[] le = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, text.getBytes(StandardCharsets.UTF_16LE));
        byte[] be = concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, text.getBytes(StandardCharsets.UTF_16BE));

        assertThat(TextDecoder.decode(le)).isEqualTo(text);
        assertThat(TextDecoder.decode(be)).isEqualTo(text);
        assertThat(TextDecoder.hasUtf16Bom(le)).isTrue();
        assertThat(TextDecoder.hasUtf16Bom("ab".getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void replacesNulCharactersThatTheDatabaseCannotStore() {
        assertThat(TextDecoder.decode(new byte[] {'a', 0, 'b'})).isEqualTo("a\uFFFDb");
    }

    @Test
    void emptyBytesAreEmptyText() {
        assertThat(TextDecoder.decode(new byte[0])).isEmpty();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
