package io.modelgate.github;

import io.modelgate.report.MarkdownReport;
import io.modelgate.secret.SecretMasker;
import io.modelgate.step.StepResult;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * One step's publication on GitHub, the same for every front end: the check is started (in
 * progress) before the step runs, then completed with the result, and on a pull request the
 * step's section of the sticky comment is set. A failure to publish is reported through
 * {@code warn} and never changes the step's verdict.
 */
public final class GitHubReport {

    private final GitHubPublisher publisher;
    private final GitHubTarget target;
    private final String checkName;
    private final String model;
    private final String detailsUrl;
    private final Consumer<String> warn;
    private final GitHubPublisher.Check check;

    private GitHubReport(GitHubPublisher publisher, GitHubTarget target, String checkName, String model, String detailsUrl,
                         Consumer<String> warn, GitHubPublisher.Check check) {
        this.publisher = publisher;
        this.target = target;
        this.checkName = checkName;
        this.model = model;
        this.detailsUrl = detailsUrl;
        this.warn = warn;
        this.check = check;
    }

    /** Starts the check {@code modelgate/<step>[ (<model>)]}; null when GitHub cannot be reached at all. */
    public static GitHubReport start(GitHubTarget target, String step, String model, String detailsUrl, SecretMasker masker, Consumer<String> warn) {
        return start(() -> new GitHubPublisher(target), target, step, masker.mask(model), masker.mask(detailsUrl), warn);
    }

    /** How the publisher is made: with the default time limits, or a test's. */
    interface PublisherFactory {
        GitHubPublisher create() throws IOException;
    }

    static GitHubReport start(PublisherFactory factory, GitHubTarget target, String step, String model, String detailsUrl, Consumer<String> warn) {
        String checkName = GitHubPublisher.checkName(step, model);
        GitHubPublisher publisher;
        try {
            publisher = factory.create();
        } catch (IOException | RuntimeException e) {
            warn.accept("cannot publish to GitHub: " + why(e));
            return null;
        }
        GitHubPublisher.Check check = null;
        try {
            check = publisher.start(checkName, detailsUrl);
        } catch (IOException | RuntimeException e) {
            // The PR comment may still work; the check is left out.
            warn.accept("could not start the check " + checkName + ": " + why(e));
        }
        return new GitHubReport(publisher, target, checkName, model, detailsUrl, warn, check);
    }

    /** What went wrong: a time limit's own words rather than github-api's wrapping ("response code: -1"). */
    static String why(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.http.HttpTimeoutException timeout) return timeout.getMessage();
        }
        return e.getMessage();
    }

    /**
     * Completes the check and, on a pull request, sets the step's section of the sticky comment.
     * The comment draws the charts as Mermaid, which GitHub renders in comments; the check run's
     * summary does not render it, so it gets the tables alone. This is the masking boundary of
     * everything sent to GitHub: the result is masked before it is rendered (title, summary,
     * annotations, status description, comment), and so are the warnings (an API error may quote
     * the request).
     */
    public void finish(StepResult result, SecretMasker masker) {
        StepResult masked = result.masked(masker);
        String markdown = masker.mask(MarkdownReport.render(masked));
        String comment = masker.mask(MarkdownReport.render(masked, true));
        publisher.startBudget();
        try {
            if (check != null) publisher.complete(check, masked, markdown, detailsUrl);
            if (target.pullRequest() != null) {
                publisher.upsertComment(StickyComment.marker(target.workflow(), model == null ? "all" : model), masked.step(), comment);
            }
        } catch (IOException | RuntimeException e) {
            warn.accept(masker.mask("could not publish " + checkName + " to GitHub: " + why(e)));
        }
    }
}
