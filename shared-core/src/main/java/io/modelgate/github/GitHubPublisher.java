package io.modelgate.github;

import io.modelgate.step.StepResult;
import io.modelgate.step.Verdict;
import org.kohsuke.github.GHCheckRun;
import org.kohsuke.github.GHCheckRunBuilder;
import org.kohsuke.github.GHCommitState;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHIssueComment;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.HttpException;

import java.io.IOException;
import java.time.Duration;
import java.util.Date;

/**
 * Publishes a step's result on GitHub: a check run per step (in progress, then completed with
 * the verdict's conclusion, the Markdown report and annotations in batches of 50), or a commit
 * status with the same context when the token may not write checks; and the sticky PR comment.
 * Writes are serialised (GitHub asks clients not to write concurrently). Used by the actions
 * runner and, with {@link GitHubTarget#fromJenkins}, by Jenkins.
 */
public final class GitHubPublisher {

    /** GitHub's limit for a check run's output.summary. */
    public static final int SUMMARY_LIMIT = 65_535;
    private static final int STATUS_DESCRIPTION_LIMIT = 140;
    private static final int MAX_RATE_LIMIT_WAITS = 3;
    private static final Duration MAX_RATE_LIMIT_WAIT = Duration.ofMinutes(2);

    /**
     * Time limits of publishing: to connect, for one call's whole answer, and for one phase
     * (starting the check; completing it with the comment) including rate-limit waits.
     */
    record Timeouts(Duration connect, Duration read, Duration budget) {
        static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(3));
    }

    private final GitHubTarget target;
    private final GitHub github;
    private final Timeouts timeouts;
    private final Object writes = new Object();
    private GHRepository repository;
    private volatile long budgetEnds;

    public GitHubPublisher(GitHubTarget target) throws IOException {
        this(target, duration -> Thread.sleep(duration.toMillis()), Timeouts.DEFAULT);
    }

    GitHubPublisher(GitHubTarget target, RateLimits.Sleeper sleeper, Timeouts timeouts) throws IOException {
        this.target = target;
        this.timeouts = timeouts;
        startBudget();
        RateLimits limits = new RateLimits(sleeper, MAX_RATE_LIMIT_WAITS, MAX_RATE_LIMIT_WAIT, this::budgetLeft);
        // A plain authorization (not withOAuthToken) so that github-api does not call GET /user,
        // which an Actions token may not read.
        String authorization = "Bearer " + target.token();
        this.github = new GitHubBuilder().withEndpoint(target.apiUrl()).withAuthorizationProvider(() -> authorization)
                .withConnector(new TimedConnector(timeouts.connect(), timeouts.read(), this::budgetLeft))
                .withAbuseLimitHandler(limits.secondaryLimit()).withRateLimitHandler(limits.primaryLimit()).build();
    }

    /** Gives the next phase of publishing (start, or complete and comment) its whole budget. */
    public void startBudget() {
        budgetEnds = System.nanoTime() + timeouts.budget().toNanos();
    }

    private Duration budgetLeft() {
        return Duration.ofNanos(Math.max(0, budgetEnds - System.nanoTime()));
    }

    /** The stable check name: {@code modelgate/<step>} or {@code modelgate/<step> (<model>)}. */
    public static String checkName(String step, String model) {
        return "modelgate/" + step + (model == null || model.isEmpty() ? "" : " (" + model + ")");
    }

    /** A started check: a check run, or a commit status when checks could not be written. */
    public record Check(String name, Long checkRunId) {
        public boolean isStatus() {
            return checkRunId == null;
        }
    }

    /** Marks the check in progress: a check run, or a pending status on 403/404 (no checks: write). */
    public Check start(String name, String detailsUrl) throws IOException {
        synchronized (writes) {
            try {
                GHCheckRunBuilder builder = repository().createCheckRun(name, target.sha())
                        .withStatus(GHCheckRun.Status.IN_PROGRESS).withStartedAt(new Date());
                if (detailsUrl != null) builder.withDetailsURL(detailsUrl);
                return new Check(name, builder.create().getId());
            } catch (GHFileNotFoundException | HttpException e) {
                if (!isPermissionRefusal(e)) throw e;
                repository().createCommitStatus(target.sha(), GHCommitState.PENDING, detailsUrl, "running", name);
                return new Check(name, null);
            }
        }
    }

    /** Completes the check with the verdict, the report as summary and the annotations that have a file. */
    public void complete(Check check, StepResult result, String markdown, String detailsUrl) throws IOException {
        synchronized (writes) {
            if (check.isStatus()) {
                String description = result.verdict().name().toLowerCase() + ": " + result.headline();
                repository().createCommitStatus(target.sha(), state(result.verdict()), detailsUrl,
                        description.length() > STATUS_DESCRIPTION_LIMIT ? description.substring(0, STATUS_DESCRIPTION_LIMIT - 1) + "…" : description,
                        check.name());
                return;
            }
            GHCheckRunBuilder.Output output = new GHCheckRunBuilder.Output(title(result), capSummary(markdown));
            for (StepResult.Annotation annotation : result.annotations()) {
                if (annotation.file() == null) continue; // GitHub requires a path; the summary lists the rest
                int line = annotation.line() == null ? 1 : annotation.line();
                GHCheckRunBuilder.Annotation a = new GHCheckRunBuilder.Annotation(annotation.file(), line, level(annotation.level()), annotation.message());
                if (annotation.title() != null) a.withTitle(annotation.title());
                output.add(a);
            }
            // github-api sends the first 50 annotations with the update and the rest in further updates of 50.
            repository().updateCheckRun(check.checkRunId()).withStatus(GHCheckRun.Status.COMPLETED)
                    .withConclusion(conclusion(result.verdict())).withCompletedAt(new Date()).add(output).create();
        }
    }

    /**
     * Sets {@code step}'s section of the sticky comment on the pull request: the comment carrying
     * {@code marker} is updated in place, or created when there is none. Returns its id.
     */
    public long upsertComment(String marker, String step, String section) throws IOException {
        if (target.pullRequest() == null) {
            throw new IllegalStateException("no pull request to comment on");
        }
        synchronized (writes) {
            GHIssue issue = repository().getIssue(target.pullRequest());
            for (GHIssueComment comment : issue.listComments()) {
                if (comment.getBody() != null && comment.getBody().contains(marker)) {
                    String body = StickyComment.merge(comment.getBody(), marker, step, section);
                    if (!body.equals(comment.getBody())) comment.update(body);
                    return comment.getId();
                }
            }
            return issue.comment(StickyComment.merge(null, marker, step, section)).getId();
        }
    }

    static String title(StepResult result) {
        String title = result.verdict().name().toLowerCase() + ": " + result.headline();
        return title.length() > 255 ? title.substring(0, 254) + "…" : title;
    }

    /** Cuts the report at a line end to fit GitHub's limit, saying so. */
    static String capSummary(String markdown) {
        if (markdown.length() <= SUMMARY_LIMIT) return markdown;
        String note = "\n\n_Report truncated to GitHub's 65,535-character limit; the full report is in the job summary._\n";
        String cut = markdown.substring(0, SUMMARY_LIMIT - note.length());
        int lineEnd = cut.lastIndexOf('\n');
        return (lineEnd > 0 ? cut.substring(0, lineEnd) : cut) + note;
    }

    static GHCheckRun.Conclusion conclusion(Verdict verdict) {
        return switch (verdict) {
            case PASSED -> GHCheckRun.Conclusion.SUCCESS;
            case FAILED, ERROR -> GHCheckRun.Conclusion.FAILURE;
            case SKIPPED -> GHCheckRun.Conclusion.SKIPPED;
        };
    }

    static GHCommitState state(Verdict verdict) {
        return switch (verdict) {
            case PASSED, SKIPPED -> GHCommitState.SUCCESS;
            case FAILED -> GHCommitState.FAILURE;
            case ERROR -> GHCommitState.ERROR;
        };
    }

    private static GHCheckRun.AnnotationLevel level(StepResult.Annotation.Level level) {
        return switch (level) {
            case ERROR -> GHCheckRun.AnnotationLevel.FAILURE;
            case WARNING -> GHCheckRun.AnnotationLevel.WARNING;
            case NOTICE -> GHCheckRun.AnnotationLevel.NOTICE;
        };
    }

    /** 403 "Resource not accessible by integration" or 404: the token lacks checks: write. */
    private static boolean isPermissionRefusal(IOException e) {
        return e instanceof GHFileNotFoundException
                || (e instanceof HttpException http && (http.getResponseCode() == 403 || http.getResponseCode() == 404));
    }

    private GHRepository repository() throws IOException {
        if (repository == null) {
            repository = github.getRepository(target.repository());
        }
        return repository;
    }
}
