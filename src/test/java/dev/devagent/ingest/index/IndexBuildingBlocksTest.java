package dev.devagent.ingest.index;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The blocks in the order ingestion uses them: list, read, redact, chunk. */
class IndexBuildingBlocksTest {

    @TempDir
    Path repo;

    private final IndexableFiles files = new IndexableFiles();
    private final SecretRedactor redactor = new SecretRedactor();
    private final CodeChunker chunker = new CodeChunker();

    @Test
    void noSecretReachesAChunkAndEveryChunkCitesItsOriginalLines() throws IOException {
        String token = FakeSecrets.github("ghp");
        String password = "pw-" + FakeSecrets.alnum(14);
        String key = FakeSecrets.pemPrivateKey("RSA", 20, "\n");
        List<String> source = new ArrayList<>();
        source.add("package acme;");
        source.add("class Client {");
        source.add("    static final String TOKEN = \"" + token + "\";");
        source.add("    static final String KEY = \"\"\"");
        source.addAll(key.lines().toList());
        source.add("    \"\"\";");
        for (int i = 1; i <= 30; i++) {
            source.add("    void step" + i + "() { log(\"step " + i + "\"); }");
        }
        source.add("}");
        Files.createDirectories(repo.resolve("src"));
        Files.writeString(repo.resolve("src/Client.java"), String.join("\n", source) + "\n");
        Files.writeString(repo.resolve(".env"), "DB_PASSWORD=" + password + "\n");
        Files.write(repo.resolve("src/Legacy.txt"), "Stra\u00dfe;M\u00fcller\n".getBytes(Charset.forName("windows-1252")));

        List<CodeChunk> all = new ArrayList<>();
        for (Path file : files.list(repo)) {
            String text = files.readText(repo, file).orElseThrow();
            String path = IndexableFiles.slashed(file);
            List<CodeChunk> chunks = chunker.chunk(path, redactor.redact(path, text).text());
            all.addAll(chunks);
            if (path.equals("src/Client.java")) {
                for (CodeChunk chunk : chunks) {
                    List<String> lines = chunk.content().lines().toList();
                    for (int i = 0; i < lines.size(); i++) {
                        String original = source.get(chunk.startLine() - 1 + i);
                        // every line is either untouched or had a secret replaced, at the same number
                        assertThat(lines.get(i).equals(original) || lines.get(i).contains("[REDACTED:")
                                || lines.get(i).isEmpty()).as("line %d", chunk.startLine() + i).isTrue();
                    }
                }
                CodeChunk last = chunks.get(chunks.size() - 1);
                assertThat(last.endLine()).isEqualTo(source.size());
                assertThat(last.content()).endsWith("}");
            }
        }

        assertThat(all).isNotEmpty().allSatisfy(chunk -> assertThat(chunk.content())
                .doesNotContain(token).doesNotContain(password).doesNotContain("PRIVATE KEY")
                .doesNotContain(key.lines().skip(5).findFirst().orElseThrow()));
        assertThat(all).anySatisfy(chunk -> assertThat(chunk.content()).isEqualTo("Stra\u00dfe;M\u00fcller"));
        assertThat(all).anySatisfy(chunk -> assertThat(chunk.content()).contains("void step30()"));
    }
}
