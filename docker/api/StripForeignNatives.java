import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the jars in a directory without the native libraries of other platforms (ONNX Runtime and the
 * DJL tokenizers ship Windows, macOS and both Linux builds plus debug symbols: ~90 MB the image never loads).
 * Usage: java StripForeignNatives.java DIR amd64|arm64
 */
public final class StripForeignNatives {

    private static final Pattern NATIVE_DIR = Pattern.compile("^(ai/onnxruntime/native|native/lib)/([^/]+)/.+");
    private static final Map<String, Set<String>> KEEP = Map.of(
            "amd64", Set.of("linux-x64", "linux-x86_64", "linux-amd64"),
            "arm64", Set.of("linux-aarch64", "linux-arm64"));

    private StripForeignNatives() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !KEEP.containsKey(args[1])) {
            System.err.println("usage: StripForeignNatives DIR amd64|arm64");
            System.exit(2);
        }
        Set<String> keep = KEEP.get(args[1]);
        long saved = 0;
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of(args[0]), "*.jar")) {
            for (Path jar : jars) {
                saved += strip(jar, keep);
            }
        }
        System.out.printf("StripForeignNatives: %.1f MB removed%n", saved / 1e6);
    }

    static boolean foreign(String name, Set<String> keep) {
        if (name.endsWith(".pdb") || name.contains(".dSYM/")) {
            return true;
        }
        Matcher m = NATIVE_DIR.matcher(name);
        return m.matches() && !keep.contains(m.group(2));
    }

    private static long strip(Path jar, Set<String> keep) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            if (zip.stream().noneMatch(e -> foreign(e.getName(), keep))) {
                return 0;
            }
            long before = Files.size(jar);
            Path tmp = Files.createTempFile(jar.getParent(), "strip", ".jar");
            try (OutputStream file = Files.newOutputStream(tmp); ZipOutputStream out = new ZipOutputStream(file)) {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    if (foreign(entry.getName(), keep)) {
                        continue;
                    }
                    ZipEntry copy = new ZipEntry(entry.getName());
                    copy.setTime(entry.getTime());
                    out.putNextEntry(copy);
                    try (InputStream in = zip.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
            Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
            long after = Files.size(jar);
            System.out.printf("  %s: %.1f MB -> %.1f MB%n", jar.getFileName(), before / 1e6, after / 1e6);
            return before - after;
        }
    }
}
