package dev.devagent.ingest.index;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The skip rules that need only a repository-relative path, so they also apply to files a diff says were deleted. */
final class PathRules {

    private static final Set<String> EXCLUDED_DIRECTORIES = Set.of(
            ".git", ".hg", ".svn",
            "node_modules", "bower_components", "jspm_packages", "vendor",
            "target", "build", "dist", "out", "bin", "obj",
            ".venv", "venv", "__pycache__", ".tox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".eggs",
            "site-packages",
            ".gradle", ".m2", ".idea", ".vs", ".next", ".nuxt", ".svelte-kit", ".angular", ".turbo", ".parcel-cache",
            ".cache", ".yarn", ".pnpm-store", ".terraform", ".serverless", ".aws-sam", ".dart_tool", "pods",
            "elm-stuff", ".stack-work", "coverage", ".nyc_output", "htmlcov");

    private static final Set<String> BINARY_EXTENSIONS = Set.of(
            // images
            "png", "jpg", "jpeg", "gif", "bmp", "ico", "icns", "webp", "tif", "tiff", "psd", "svg", "svgz", "heic",
            "avif", "xcf", "sketch", "fig",
            // archives and packages
            "zip", "gz", "tgz", "bz2", "xz", "7z", "rar", "tar", "zst", "lz4", "lzma", "jar", "war", "ear", "aar",
            "apk", "ipa", "nupkg", "snupkg", "whl", "egg", "gem", "deb", "rpm", "dmg", "iso", "msi", "cab", "crx",
            // compiled code and native libraries
            "class", "dll", "exe", "so", "dylib", "o", "a", "lib", "pdb", "pyc", "pyo", "pyd", "wasm", "node",
            "beam", "dex", "elc", "ilk", "exp", "bin",
            // fonts
            "ttf", "otf", "woff", "woff2", "eot",
            // documents
            "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf",
            // media
            "mp3", "mp4", "m4a", "wav", "ogg", "flac", "aac", "avi", "mov", "mkv", "webm", "wmv",
            // data and models
            "sqlite", "sqlite3", "db", "mdb", "parquet", "avro", "orc", "pkl", "npy", "npz", "h5", "onnx", "pt",
            "pth", "tflite", "pb", "lockb");

    private static final Set<String> KEY_EXTENSIONS = Set.of("pem", "key", "p12", "pfx", "jks", "keystore",
            "ppk", "kdbx", "gpg", "pgp");

    private static final Set<String> KEY_FILE_NAMES = Set.of("id_rsa", "id_dsa", "id_ecdsa", "id_ed25519");

    private static final Set<String> LOCK_FILE_NAMES = Set.of("package-lock.json", "npm-shrinkwrap.json",
            "pnpm-lock.yaml", "go.sum", "packages.lock.json", "gradle.lockfile");

    private PathRules() {
    }

    static Optional<SkipReason> skipReason(String repoRelativePath) {
        String[] segments = repoRelativePath.replace('\\', '/').split("/");
        for (int i = 0; i < segments.length - 1; i++) {
            if (isExcludedDirectory(segments[i])) {
                return Optional.of(SkipReason.EXCLUDED_DIRECTORY);
            }
        }
        String name = segments[segments.length - 1].toLowerCase(Locale.ROOT);
        String extension = extension(name);
        if (KEY_FILE_NAMES.contains(name) || KEY_EXTENSIONS.contains(extension)) {
            return Optional.of(SkipReason.KEY_MATERIAL);
        }
        if (LOCK_FILE_NAMES.contains(name) || extension.equals("lock")) {
            return Optional.of(SkipReason.GENERATED);
        }
        if (BINARY_EXTENSIONS.contains(extension)) {
            return Optional.of(SkipReason.BINARY_EXTENSION);
        }
        if (isMinifiedName(name)) {
            return Optional.of(SkipReason.MINIFIED);
        }
        return Optional.empty();
    }

    static boolean isExcludedDirectory(String directoryName) {
        String name = directoryName.toLowerCase(Locale.ROOT);
        return EXCLUDED_DIRECTORIES.contains(name) || name.endsWith(".egg-info");
    }

    private static boolean isMinifiedName(String name) {
        return name.endsWith(".map") || name.matches(".*[.-]min\\.(js|mjs|cjs|css)") || name.matches(".*\\.bundle\\.js");
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot + 1);
    }
}
