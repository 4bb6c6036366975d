package io.modelgate.git;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

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

    /**
     * The names the author of a commit (HEAD when null) goes by: name, e-mail, and the login of a
     * GitHub no-reply address (12345+login@users.noreply.github.com); empty when there is no such commit.
     */
    public static Set<String> authorOf(Path dir, String commit) {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(dir.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) return Set.of();
        try (Repository repository = builder.build(); RevWalk walk = new RevWalk(repository)) {
            ObjectId id = repository.resolve(commit == null ? "HEAD" : commit);
            if (id == null) return Set.of();
            RevCommit found = walk.parseCommit(id);
            PersonIdent author = found.getAuthorIdent();
            Set<String> names = new LinkedHashSet<>();
            if (!author.getName().isBlank()) names.add(author.getName());
            String email = author.getEmailAddress();
            if (email != null && !email.isBlank()) {
                names.add(email);
                if (email.endsWith("@users.noreply.github.com")) {
                    String local = email.substring(0, email.indexOf('@'));
                    names.add(local.substring(local.indexOf('+') + 1));
                }
            }
            return names;
        } catch (IOException | RuntimeException e) {
            return Set.of(); // a commit not in the checkout: four eyes then relies on the actor and the model's author
        }
    }
}
