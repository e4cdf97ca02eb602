package dev.devagent.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

import dev.devagent.platform.AgentProperties;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.util.io.DisabledOutputStream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * Local mirrors of the fleet under DATA_DIR/repos: clone once, then fetch (force, so a force-pushed
 * branch is followed) and hard-reset the work tree to the branch head.
 */
@Component
public class GitMirror {

    private final Path root;
    private final String githubToken;

    GitMirror(AgentProperties properties, @Value("${agent.repositories.github-token:}") String githubToken) {
        this.root = properties.dataDir().resolve("repos").toAbsolutePath();
        this.githubToken = githubToken;
    }

    /** Brings the mirror to the remote branch head; returns the work tree and head (null for an empty repo). */
    public Checkout update(UUID repositoryId, String url, String branch, boolean github) throws IOException, GitAPIException {
        Path dir = root.resolve(repositoryId.toString());
        CredentialsProvider credentials = github && !githubToken.isBlank()
                ? new UsernamePasswordCredentialsProvider("x-access-token", githubToken) : null;
        if (!Files.isDirectory(dir.resolve(".git"))) {
            FileSystemUtils.deleteRecursively(dir);
            Files.createDirectories(dir);
            var clone = Git.cloneRepository().setURI(url).setDirectory(dir.toFile()).setCredentialsProvider(credentials)
                    .setCloneAllBranches(false);
            if (branch != null && !branch.isBlank()) {
                clone.setBranch(branch).setBranchesToClone(java.util.List.of("refs/heads/" + branch));
            }
            try (Git git = clone.call()) {
                return checkout(git, dir, branch);
            }
        }
        try (Git git = Git.open(dir.toFile())) {
            String target = branch == null || branch.isBlank() ? git.getRepository().getBranch() : branch;
            git.fetch().setCredentialsProvider(credentials).setRemoveDeletedRefs(true)
                    .setRefSpecs(new RefSpec("+refs/heads/" + target + ":refs/remotes/origin/" + target))
                    .call();
            Ref remote = git.getRepository().findRef("refs/remotes/origin/" + target);
            if (remote == null) {
                return new Checkout(dir, null, target);
            }
            git.reset().setMode(ResetCommand.ResetType.HARD).setRef(remote.getObjectId().name()).call();
            git.clean().setCleanDirectories(true).setForce(true).setIgnore(false).call();
            return new Checkout(dir, remote.getObjectId().name(), target);
        }
    }

    private static Checkout checkout(Git git, Path dir, String branch) throws IOException {
        Repository repository = git.getRepository();
        ObjectId head = repository.resolve("HEAD");
        String current = branch == null || branch.isBlank() ? repository.getBranch() : branch;
        return new Checkout(dir, head == null ? null : head.name(), current);
    }

    /** Paths changed between two commits, or null when everything must be redone (first sync, force push). */
    public Set<String> changedPaths(Path workTree, String fromCommit, String toCommit) throws IOException {
        if (fromCommit == null || toCommit == null) {
            return null;
        }
        try (Git git = Git.open(workTree.toFile()); RevWalk walk = new RevWalk(git.getRepository());
             DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
            Repository repository = git.getRepository();
            ObjectId from = repository.resolve(fromCommit);
            ObjectId to = repository.resolve(toCommit);
            if (from == null || to == null || !repository.getObjectDatabase().has(from)) {
                return null;
            }
            RevCommit old = walk.parseCommit(from);
            RevCommit now = walk.parseCommit(to);
            if (!walk.isMergedInto(old, now)) {
                // history was rewritten: re-chunk everything so no chunk cites a commit the branch lost
                return null;
            }
            walk.reset();
            diff.setRepository(repository);
            diff.setDetectRenames(false);
            Set<String> paths = new LinkedHashSet<>();
            for (DiffEntry entry : diff.scan(old.getTree(), now.getTree())) {
                if (!DiffEntry.DEV_NULL.equals(entry.getOldPath())) {
                    paths.add(entry.getOldPath());
                }
                if (!DiffEntry.DEV_NULL.equals(entry.getNewPath())) {
                    paths.add(entry.getNewPath());
                }
            }
            return paths;
        } catch (org.eclipse.jgit.errors.MissingObjectException e) {
            return null;
        }
    }

    public void delete(UUID repositoryId) {
        FileSystemUtils.deleteRecursively(root.resolve(repositoryId.toString()).toFile());
    }

    public record Checkout(Path workTree, String head, String branch) {
    }
}
