package io.modelgate.git;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Where a work tree's code comes from, read with JGit: the URL of its remote ({@code origin}, else
 * the first one), the repository's name and owner taken from it, and the default branch (what the
 * remote's HEAD points at, else a local main or master, else the current branch).
 *
 * @param url           the remote's URL; null when the repository has no remote
 * @param owner         the owner (user, organization or group) in the URL; null when none
 * @param name          the repository's name in the URL (without .git); null when no remote
 * @param defaultBranch the default branch; null when the repository has no commit and no remote HEAD
 */
public record Origin(String url, String owner, String name, String defaultBranch) {

    /** Whether the remote is on github.com. */
    public boolean onGitHub() {
        return url != null && url.matches("(?i)(https?://|ssh://)?([^@/]+@)?github\\.com[:/].*");
    }

    /** The repository that holds {@code dir}; empty when there is none. */
    public static Optional<Origin> read(Path dir) {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(dir.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) {
            return Optional.empty();
        }
        try (Repository repository = builder.build()) {
            Set<String> remotes = repository.getRemoteNames();
            String remote = remotes.contains(Constants.DEFAULT_REMOTE_NAME) ? Constants.DEFAULT_REMOTE_NAME
                    : remotes.stream().sorted().findFirst().orElse(null);
            String url = remote == null ? null : repository.getConfig().getString("remote", remote, "url");
            String[] path = url == null ? new String[0] : url.replaceAll("\\.git/?$", "").replaceAll("/+$", "").split("[/:]");
            String name = path.length > 0 ? path[path.length - 1] : null;
            String owner = path.length > 1 ? path[path.length - 2] : null;
            return Optional.of(new Origin(url, owner, name, defaultBranch(repository, remote)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String defaultBranch(Repository repository, String remote) throws IOException {
        if (remote != null) {
            Ref head = repository.exactRef(Constants.R_REMOTES + remote + "/" + Constants.HEAD);
            if (head != null && head.isSymbolic()) {
                return Repository.shortenRefName(head.getTarget().getName()).substring(remote.length() + 1);
            }
        }
        for (String usual : new String[] {"main", "master"}) {
            if (repository.exactRef(Constants.R_HEADS + usual) != null) return usual;
        }
        String current = repository.getBranch();
        Ref head = repository.exactRef(Constants.HEAD);
        // Without a commit HEAD still names its branch; a detached HEAD names a commit, no branch.
        return head != null && head.isSymbolic() ? current : null;
    }
}
