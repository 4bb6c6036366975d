package io.modelgate.registry;

import io.modelgate.ci.CiContext;
import io.modelgate.fault.Fault;
import io.modelgate.git.GitInfo;
import io.modelgate.github.DeploymentReviews;
import io.modelgate.github.GitHubTarget;
import io.modelgate.mlflow.ModelRegistry;
import io.modelgate.mlflow.ModelVersion;
import io.modelgate.step.CommonOption;
import io.modelgate.step.StepContext;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The approvals of the run a step is part of. On GitHub: the approved reviews of the run's
 * deployment environment, read from its review log with {@code GITHUB_TOKEN}. On Jenkins: the
 * submitter of the pipeline's {@code input} step, which the library passes as {@code approvedBy};
 * only an {@code input} restricted with {@code submitter:} makes that a decision of the right people.
 * Elsewhere there are none: a promotion that needs approval runs in CI.
 */
public final class RunApprovals implements Approvals {

    public static final String APPROVED_BY = "approved-by";

    private final StepContext context;
    private final ModelRegistry registry;
    private DeploymentReviews github;

    public RunApprovals(StepContext context, ModelRegistry registry) {
        this.context = context;
        this.registry = registry;
    }

    @Override
    public List<Approval> given(String environment) {
        CiContext ci = context.ci();
        String approvedBy = context.params().definition().params().stream().anyMatch(p -> p.name().equals(APPROVED_BY))
                ? context.params().string(APPROVED_BY) : null;
        String now = context.clock().instant().toString();
        if ("github".equals(ci.platform())) {
            if (approvedBy != null) {
                throw Fault.usage(context.spell(APPROVED_BY) + " names a Jenkins input's submitter; on GitHub the approvals are read from"
                        + " the run's review log (required reviewers of environment " + environment + ")");
            }
            String runId = require("GITHUB_RUN_ID");
            String repository = require("GITHUB_REPOSITORY");
            // Another run's reviews approved another change: only the run in progress, at the commit promoted, counts.
            DeploymentReviews.Run run = reviews().run(repository, runId);
            if (run.status().equals("completed") || !run.headSha().equalsIgnoreCase(String.valueOf(ci.commit()))) {
                throw Fault.usage("require_approval: GITHUB_RUN_ID " + runId + " is not this run (GitHub says it is " + run.status()
                        + " at commit " + run.headSha() + ", this run is at " + ci.commit() + ")");
            }
            return reviews().reviews(repository, runId).stream().filter(r -> r.approves(environment))
                    .map(r -> new Approval(r.user(), now, "github review of run " + runId + " (environment " + environment + ")", r.comment()))
                    .toList();
        }
        if (approvedBy == null || approvedBy.isBlank()) return List.of();
        if (!"jenkins".equals(ci.platform())) {
            throw Fault.usage(context.spell(APPROVED_BY) + " is the submitter of a Jenkins input step: it is taken only in a Jenkins build");
        }
        return List.of(new Approval(approvedBy.strip(), now, "jenkins input of " + (ci.runUrl() == null ? "the build" : ci.runUrl()), ""));
    }

    @Override
    public boolean inTeam(String user, String team) {
        return "github".equals(context.ci().platform()) && reviews().isTeamMember(team, user);
    }

    /** The checkout's view of the author (name, e-mail), and on GitHub the login GitHub links the commit to, which approvers are named by. */
    @Override
    public Set<String> commitAuthor() {
        Set<String> names = new java.util.LinkedHashSet<>(GitInfo.authorOf(context.projectDir(), context.ci().commit()));
        if ("github".equals(context.ci().platform()) && context.ci().commit() != null) {
            reviews().commitAuthorLogin(require("GITHUB_REPOSITORY"), context.ci().commit()).ifPresent(names::add);
        }
        return names;
    }

    @Override
    public Optional<String> modelAuthor(ModelVersion version) {
        if (version.userId() != null) return Optional.of(version.userId());
        if (version.runId() == null || version.runId().isEmpty()) return Optional.empty();
        return Optional.ofNullable(registry.run(version.runId()).tags().get("mlflow.user")).filter(user -> !user.isBlank());
    }

    /** One client for the run's GitHub reads (the run, its reviews, the commit, teams), made on first use. */
    private DeploymentReviews reviews() {
        if (github == null) github = connect();
        return github;
    }

    private DeploymentReviews connect() {
        // The action's github-token input (default: the job's token) first, as its publishing does; else GITHUB_TOKEN.
        String token = context.env().get("INPUT_" + CommonOption.GITHUB_TOKEN.action().toUpperCase(java.util.Locale.ROOT));
        if (token == null || token.isEmpty()) token = context.env().get("GITHUB_TOKEN");
        if (token == null || token.isEmpty()) {
            throw Fault.usage("require_approval reads the run's approvals from GitHub: GITHUB_TOKEN is not set (pass it to the step,"
                    + " with permissions actions: read)");
        }
        return new DeploymentReviews(context.env().getOrDefault("GITHUB_API_URL", GitHubTarget.DEFAULT_API_URL), token);
    }

    private String require(String variable) {
        String value = context.env().get(variable);
        if (value == null || value.isEmpty()) throw Fault.usage("require_approval on GitHub: " + variable + " is not set");
        return value;
    }
}
