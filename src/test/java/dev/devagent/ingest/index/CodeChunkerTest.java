package dev.devagent.ingest.index;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class CodeChunkerTest {

    private final CodeChunker chunker = new CodeChunker();

    @Test
    void emptyOrBlankFileHasNoChunks() {
        assertThat(chunker.chunk("src/Empty.java", "")).isEmpty();
        assertThat(chunker.chunk("src/Blank.java", "\n\n   \n\t\r\n")).isEmpty();
    }

    @Test
    void defaultWindowsAreTwelveLinesOverlappingByTwo() {
        List<CodeChunk> chunks = chunker.chunk("src/Lines.java", numberedLines(25));

        assertThat(chunks).extracting(CodeChunk::startLine, CodeChunk::endLine)
                .containsExactly(tuple(1, 12), tuple(11, 22), tuple(21, 25));
        assertThat(chunks.get(0).content()).isEqualTo(numberedLinesJoined(1, 12));
        assertThat(chunks.get(1).content()).startsWith("line 11\nline 12\nline 13").endsWith("line 22");
        assertThat(chunks.get(2).content()).isEqualTo(numberedLinesJoined(21, 25));
    }

    @Test
    void aFileThatFitsOneWindowIsOneChunk() {
        assertThat(chunker.chunk("a.py", numberedLines(12))).extracting(CodeChunk::startLine, CodeChunk::endLine)
                .containsExactly(tuple(1, 12));
        assertThat(chunker.chunk("a.py", numberedLines(13))).extracting(CodeChunk::startLine, CodeChunk::endLine)
                .containsExactly(tuple(1, 12), tuple(11, 13));
        assertThat(chunker.chunk("a.py", "only line")).extracting(CodeChunk::startLine, CodeChunk::endLine,
                CodeChunk::content).containsExactly(tuple(1, 1, "only line"));
    }

    @Test
    void consecutiveChunksShareExactlyTheOverlapLines() {
        CodeChunker fourLines = new CodeChunker(4, 1000, 1);
        List<CodeChunk> chunks = fourLines.chunk("x.go", numberedLines(10));

        assertThat(chunks).extracting(CodeChunk::startLine, CodeChunk::endLine)
                .containsExactly(tuple(1, 4), tuple(4, 7), tuple(7, 10));
        assertThat(chunks.get(0).content()).endsWith("line 4");
        assertThat(chunks.get(1).content()).startsWith("line 4\n");
    }

    @Test
    void characterBudgetShortensWindowsAndEveryChunkFitsIt() {
        String hundredChars = "x".repeat(96);
        String text = IntStream.rangeClosed(1, 10).mapToObj(i -> String.format("%03d ", i) + hundredChars)
                .collect(Collectors.joining("\n"));

        List<CodeChunk> chunks = chunker.chunk("Wide.java", text);

        // three 100-char lines plus two newlines are 302 chars; a fourth would make 403 > 400
        assertThat(chunks).extracting(CodeChunk::startLine, CodeChunk::endLine)
                .containsExactly(tuple(1, 3), tuple(3, 5), tuple(5, 7), tuple(7, 9), tuple(9, 10));
        assertThat(chunks).allSatisfy(c -> assertThat(c.content().length()).isLessThanOrEqualTo(400));
        assertThat(chunks.get(1).content()).startsWith("003 ").contains("\n004 ").contains("\n005 ");
    }

    @Test
    void windowsThatHoldOneLineDoNotOverlapOrRepeat() {
        String text = "a".repeat(300) + "\n" + "b".repeat(300) + "\n" + "c".repeat(300);

        assertThat(chunker.chunk("t.txt", text)).extracting(CodeChunk::startLine, CodeChunk::endLine)
                .containsExactly(tuple(1, 1), tuple(2, 2), tuple(3, 3));
    }

    @Test
    void aLineLongerThanTheBudgetIsSplitIntoChunksCitingThatLine() {
        String longLine = IntStream.range(0, 100).mapToObj(i -> String.format("v%08d,", i)).collect(Collectors.joining());
        assertThat(longLine).hasSize(1000);
        String text = "first\nsecond\n" + longLine + "\nfourth\nfifth\n";

        List<CodeChunk> chunks = chunker.chunk("data.js", text);

        assertThat(chunks).extracting(CodeChunk::startLine, CodeChunk::endLine)
                .containsExactly(tuple(1, 2), tuple(3, 3), tuple(3, 3), tuple(3, 3), tuple(4, 5));
        assertThat(chunks.subList(1, 4)).extracting(c -> c.content().length()).containsExactly(400, 400, 200);
        assertThat(chunks.subList(1, 4).stream().map(CodeChunk::content).collect(Collectors.joining()))
                .isEqualTo(longLine);
        assertThat(chunks.get(0).content()).isEqualTo("first\nsecond");
        assertThat(chunks.get(4).content()).isEqualTo("fourth\nfifth");
    }

    @Test
    void splittingALongLineNeverCutsASurrogatePair() {
        String line = "ab" + "\uD83D\uDE00".repeat(3);
        List<CodeChunk> chunks = new CodeChunker(12, 5, 2).chunk("emoji.md", line);

        assertThat(chunks).extracting(CodeChunk::content).containsExactly("ab\uD83D\uDE00", "\uD83D\uDE00\uD83D\uDE00");
        assertThat(chunks).extracting(CodeChunk::startLine).containsOnly(1);
    }

    @Test
    void blankStretchesProduceNoChunksAndLineNumbersStayExact() {
        String text = "class A {\n" + "\n".repeat(30) + "}\n";

        List<CodeChunk> chunks = chunker.chunk("A.java", text);

        assertThat(chunks).allSatisfy(c -> assertThat(c.content()).isNotBlank());
        assertThat(chunks).extracting(CodeChunk::startLine, CodeChunk::endLine)
                .containsExactly(tuple(1, 12), tuple(21, 32));
        assertThat(chunks.get(1).content()).endsWith("}");
    }

    @Test
    void windowsCrAndLoneCrLineEndingsCountAsEditorsCountThem() {
        List<CodeChunk> crlf = chunker.chunk("w.cs", "one\r\ntwo\rthree\nfour\r\n");

        assertThat(crlf).extracting(CodeChunk::startLine, CodeChunk::endLine, CodeChunk::content)
                .containsExactly(tuple(1, 4, "one\ntwo\nthree\nfour"));
        assertThat(crlf.get(0).contentHash()).isEqualTo(chunker.chunk("w.cs", "one\ntwo\nthree\nfour").get(0).contentHash());
        assertThat(CodeChunker.lines("a\n\nb\n")).containsExactly("a", "", "b");
        assertThat(CodeChunker.lines("a\r\n\r\n")).containsExactly("a", "");
    }

    @Test
    void contentHashIsTheSha256OfTheContentAlone() {
        CodeChunk chunk = chunker.chunk("src/hello.txt", "hello").get(0);

        // fixed vector: the same content hashes the same in every run and on every machine
        assertThat(chunk.contentHash()).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertThat(chunker.chunk("elsewhere/Renamed.java", "hello").get(0).contentHash()).isEqualTo(chunk.contentHash());
    }

    @Test
    void editingALineChangesOnlyTheHashesOfChunksContainingIt() {
        String original = numberedLines(30);
        String edited = original.replace("line 25\n", "line 25 changed\n");

        List<String> before = chunker.chunk("f.ts", original).stream().map(CodeChunk::contentHash).toList();
        List<CodeChunk> after = chunker.chunk("f.ts", edited);

        assertThat(after).extracting(CodeChunk::startLine, CodeChunk::endLine)
                .containsExactly(tuple(1, 12), tuple(11, 22), tuple(21, 30));
        assertThat(after.get(0).contentHash()).isEqualTo(before.get(0));
        assertThat(after.get(1).contentHash()).isEqualTo(before.get(1));
        assertThat(after.get(2).contentHash()).isNotEqualTo(before.get(2)).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(chunker.chunk("f.ts", original).stream().map(CodeChunk::contentHash).toList()).isEqualTo(before);
    }

    @Test
    void chunksCarryTheLanguageOfTheFile() {
        assertThat(chunker.chunk("web/src/App.tsx", "export {}").get(0).language()).isEqualTo("tsx");
        assertThat(chunker.chunk("notes", "plain").get(0).language()).isEqualTo("text");
    }

    @ParameterizedTest
    @CsvSource({
            "0, 400, 0", "12, 400, 12", "12, 400, -1", "12, 1, 2"})
    void rejectsSizesThatCannotChunk(int maxLines, int maxChars, int overlap) {
        assertThatThrownBy(() -> new CodeChunker(maxLines, maxChars, overlap)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String numberedLines(int count) {
        return numberedLinesJoined(1, count) + "\n";
    }

    private static String numberedLinesJoined(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
    }
}
