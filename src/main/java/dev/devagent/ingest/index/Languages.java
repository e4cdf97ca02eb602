package dev.devagent.ingest.index;

import java.util.Locale;
import java.util.Map;

/** The language of a file, from its name: what search filters on and what the model is told it is reading. */
final class Languages {

    static final String TEXT = "text";

    private static final Map<String, String> BY_FILE_NAME = Map.ofEntries(
            Map.entry("dockerfile", "dockerfile"),
            Map.entry("containerfile", "dockerfile"),
            Map.entry("makefile", "makefile"),
            Map.entry("gnumakefile", "makefile"),
            Map.entry("cmakelists.txt", "cmake"),
            Map.entry("jenkinsfile", "groovy"),
            Map.entry("gemfile", "ruby"),
            Map.entry("rakefile", "ruby"),
            Map.entry("podfile", "ruby"),
            Map.entry("vagrantfile", "ruby"),
            Map.entry("procfile", "yaml"),
            Map.entry(".bashrc", "shell"),
            Map.entry(".zshrc", "shell"),
            Map.entry(".profile", "shell"),
            Map.entry(".envrc", "shell"),
            Map.entry(".npmrc", "ini"),
            Map.entry(".yarnrc", "ini"),
            Map.entry(".pypirc", "ini"),
            Map.entry(".gitconfig", "ini"),
            Map.entry(".editorconfig", "ini"),
            Map.entry(".s3cfg", "ini"),
            Map.entry("credentials", "ini"),
            Map.entry("go.mod", "gomod"));

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("java", "java"),
            Map.entry("kt", "kotlin"), Map.entry("kts", "kotlin"),
            Map.entry("ts", "ts"), Map.entry("mts", "ts"), Map.entry("cts", "ts"),
            Map.entry("tsx", "tsx"),
            Map.entry("js", "js"), Map.entry("mjs", "js"), Map.entry("cjs", "js"),
            Map.entry("jsx", "jsx"),
            Map.entry("py", "python"), Map.entry("pyi", "python"), Map.entry("pyw", "python"),
            Map.entry("go", "go"),
            Map.entry("cs", "csharp"), Map.entry("csx", "csharp"),
            Map.entry("fs", "fsharp"), Map.entry("fsi", "fsharp"), Map.entry("fsx", "fsharp"),
            Map.entry("vb", "vbnet"),
            Map.entry("rb", "ruby"), Map.entry("rake", "ruby"), Map.entry("gemspec", "ruby"),
            Map.entry("rs", "rust"),
            Map.entry("php", "php"),
            Map.entry("scala", "scala"), Map.entry("sc", "scala"),
            Map.entry("c", "c"), Map.entry("h", "c"),
            Map.entry("cc", "cpp"), Map.entry("cpp", "cpp"), Map.entry("cxx", "cpp"),
            Map.entry("hpp", "cpp"), Map.entry("hh", "cpp"), Map.entry("hxx", "cpp"),
            Map.entry("m", "objectivec"), Map.entry("mm", "objectivec"),
            Map.entry("swift", "swift"),
            Map.entry("dart", "dart"),
            Map.entry("lua", "lua"),
            Map.entry("pl", "perl"), Map.entry("pm", "perl"),
            Map.entry("r", "r"),
            Map.entry("ex", "elixir"), Map.entry("exs", "elixir"),
            Map.entry("erl", "erlang"), Map.entry("hrl", "erlang"),
            Map.entry("clj", "clojure"), Map.entry("cljs", "clojure"), Map.entry("cljc", "clojure"),
            Map.entry("edn", "clojure"),
            Map.entry("hs", "haskell"),
            Map.entry("ml", "ocaml"), Map.entry("mli", "ocaml"),
            Map.entry("groovy", "groovy"), Map.entry("gradle", "groovy"),
            Map.entry("sh", "shell"), Map.entry("bash", "shell"), Map.entry("zsh", "shell"),
            Map.entry("ksh", "shell"),
            Map.entry("ps1", "powershell"), Map.entry("psm1", "powershell"), Map.entry("psd1", "powershell"),
            Map.entry("bat", "batch"), Map.entry("cmd", "batch"),
            Map.entry("yaml", "yaml"), Map.entry("yml", "yaml"),
            Map.entry("json", "json"), Map.entry("jsonc", "json"), Map.entry("json5", "json"),
            Map.entry("xml", "xml"), Map.entry("xsd", "xml"), Map.entry("xsl", "xml"), Map.entry("xslt", "xml"),
            Map.entry("wsdl", "xml"), Map.entry("plist", "xml"), Map.entry("resx", "xml"),
            Map.entry("csproj", "xml"), Map.entry("fsproj", "xml"), Map.entry("vbproj", "xml"),
            Map.entry("props", "xml"), Map.entry("targets", "xml"), Map.entry("nuspec", "xml"),
            Map.entry("config", "xml"),
            Map.entry("md", "markdown"), Map.entry("markdown", "markdown"), Map.entry("mdx", "markdown"),
            Map.entry("rst", "rst"), Map.entry("adoc", "asciidoc"),
            Map.entry("sql", "sql"),
            Map.entry("toml", "toml"),
            Map.entry("ini", "ini"), Map.entry("cfg", "ini"),
            Map.entry("conf", "conf"), Map.entry("cnf", "conf"),
            Map.entry("properties", "properties"),
            Map.entry("dockerfile", "dockerfile"),
            Map.entry("mk", "makefile"),
            Map.entry("cmake", "cmake"),
            Map.entry("html", "html"), Map.entry("htm", "html"),
            Map.entry("cshtml", "razor"), Map.entry("razor", "razor"),
            Map.entry("erb", "erb"), Map.entry("jsp", "jsp"),
            Map.entry("css", "css"), Map.entry("scss", "scss"), Map.entry("sass", "scss"), Map.entry("less", "less"),
            Map.entry("vue", "vue"), Map.entry("svelte", "svelte"),
            Map.entry("tf", "hcl"), Map.entry("tfvars", "hcl"), Map.entry("hcl", "hcl"),
            Map.entry("proto", "protobuf"),
            Map.entry("graphql", "graphql"), Map.entry("gql", "graphql"),
            Map.entry("nix", "nix"), Map.entry("zig", "zig"), Map.entry("jl", "julia"), Map.entry("elm", "elm"),
            Map.entry("csv", "csv"),
            Map.entry("env", "dotenv"));

    private Languages() {
    }

    static String of(String repoRelativePath) {
        String name = fileName(repoRelativePath).toLowerCase(Locale.ROOT);
        String byName = BY_FILE_NAME.get(name);
        if (byName != null) {
            return byName;
        }
        if (isDotEnv(name)) {
            return "dotenv";
        }
        // Dockerfile.prod, Dockerfile.dev: the suffix names a variant, not a language
        if (name.startsWith("dockerfile.") || name.startsWith("containerfile.")) {
            return "dockerfile";
        }
        if (name.endsWith(".gradle.kts")) {
            return "kotlin";
        }
        int dot = name.lastIndexOf('.');
        return dot < 0 ? TEXT : BY_EXTENSION.getOrDefault(name.substring(dot + 1), TEXT);
    }

    /** {@code .env}, {@code .env.production}, {@code docker.env}: files whose every value may be a secret. */
    static boolean isDotEnv(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        return name.equals(".env") || name.startsWith(".env.") || name.endsWith(".env");
    }

    static String fileName(String repoRelativePath) {
        String path = repoRelativePath.replace('\\', '/');
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
