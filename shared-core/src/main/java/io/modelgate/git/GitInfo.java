package io.modelgate.git;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** The branch and commit of the git work tree a project lives in, read with JGit. */
public record GitInfo(String branch, String commit) {

    /** Reads the repository that contains {@code dir}; empty when there is none. */
    public static Optional<GitInfo> read(Path dir) {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(dir.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) {
            return Optional.empty();
        }
        try (Repository repository = builder.build()) {
            ObjectId head = repository.resolve("HEAD");
            String branch = repository.getBranch();
            // A detached HEAD reports its commit id as the branch; that is no branch name.
            if (head != null && head.name().equals(branch)) {
                branch = null;
            }
            return Optional.of(new GitInfo(branch, head == null ? null : head.name()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
