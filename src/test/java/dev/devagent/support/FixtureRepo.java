package dev.devagent.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** A real Git repository made by a test: write files, commit, force-reset — what a remote would see. */
public final class FixtureRepo implements AutoCloseable {

    private static final PersonIdent AUTHOR = new PersonIdent("Fixture", "fixture@example.com");

    private final Path dir;
    private final Git git;

    private FixtureRepo(Path dir, Git git) {
        this.dir = dir;
        this.git = git;
    }

    public static FixtureRepo create(Path parent, String owner, String name) {
        try {
            Path dir = Files.createDirectories(parent.resolve(owner).resolve(name));
            return new FixtureRepo(dir, Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public String url() {
        return dir.toUri().toString();
    }

    public FixtureRepo write(String path, String content) {
        return write(path, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public FixtureRepo write(String path, byte[] content) {
        try {
            Path file = dir.resolve(path);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public FixtureRepo symlink(String path, Path target) {
        try {
            Path link = dir.resolve(path);
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, target);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public FixtureRepo delete(String path) {
        try {
            Files.delete(dir.resolve(path));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String commit(String message) {
        try {
            git.add().addFilepattern(".").call();
            git.add().addFilepattern(".").setUpdate(true).call();
            RevCommit commit = git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR)
                    .setSign(false).call();
            return commit.name();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rewrites history: the branch now points to a fresh root commit with the current files (a force push). */
    public String rewriteHistory(String message) {
        try {
            git.checkout().setOrphan(true).setName("rewritten").call();
            String head = commit(message);
            git.branchCreate().setName("main").setForce(true).call();
            git.checkout().setName("main").call();
            git.branchDelete().setBranchNames("rewritten").setForce(true).call();
            return head;
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Packs the objects with deltas, as a hosted remote stores them, so a clone is served from the pack. */
    public FixtureRepo pack() {
        try {
            git.gc().setAggressive(false).call();
            return this;
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        git.close();
    }
}
