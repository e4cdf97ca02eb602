package dev.devagent.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.devagent.ingest.index.IndexableFiles;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The regular files of one commit, read from the mirror's object database: the code index needs no work tree,
 * so it starts as soon as the fetch is done while the checkout (for the manifests) runs beside it. Symbolic
 * links and submodules are not regular files and are never read; the content rules are {@link IndexableFiles}'.
 */
final class CommitFiles implements AutoCloseable {

    private final Repository repository;
    private final ObjectReader reader;
    private final Map<String, ObjectId> files = new LinkedHashMap<>();

    private CommitFiles(Repository repository, String commit) throws IOException {
        this.repository = repository;
        this.reader = repository.newObjectReader();
        try (RevWalk commits = new RevWalk(reader); TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(commits.parseCommit(ObjectId.fromString(commit)).getTree());
            walk.setRecursive(true);
            while (walk.next()) {
                FileMode mode = walk.getFileMode(0);
                if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
                    files.put(walk.getPathString(), walk.getObjectId(0));
                }
            }
        }
    }

    static CommitFiles open(Path workTree, String commit) throws IOException {
        Repository repository = new FileRepositoryBuilder().setWorkTree(workTree.toFile()).setMustExist(true).build();
        try {
            return new CommitFiles(repository, commit);
        } catch (IOException | RuntimeException e) {
            repository.close();
            throw e;
        }
    }

    /** Every regular file of the commit, in the tree's order. */
    List<String> paths() {
        return List.copyOf(files.keySet());
    }

    /** The file's text if the commit has it and it is indexable; empty for a deleted or left-out file. */
    Optional<String> text(String path, IndexableFiles rules) throws IOException {
        ObjectId blob = files.get(path);
        if (blob == null) {
            return Optional.empty();
        }
        long size = reader.getObjectSize(blob, org.eclipse.jgit.lib.Constants.OBJ_BLOB);
        return rules.text(path, size, () -> reader.open(blob).getBytes());
    }

    @Override
    public void close() {
        reader.close();
        repository.close();
    }
}
